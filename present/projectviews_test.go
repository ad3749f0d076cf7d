package present

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestMaskLogLinesHidesCredentials: values of credential-looking keys, bearer tokens and URL
// passwords are masked; the rest of the line, and lines without credentials, stay as they are;
// control characters cannot split a line.
func TestMaskLogLinesHidesCredentials(t *testing.T) {
	in := []string{
		`ERROR dataset orders: connect failed: pg_password=hunter2 host=db.internal`,
		`INFO header Authorization: Bearer eyJhbGciOi.abc.def`,
		`WARN fetching https://reports:s3cret@files.example.com/docs.csv`,
		`DEBUG api_key: "sk-live-123", secret_token='t0k'`,
		"INFO runtime ready\r\n# injected heading",
		`INFO Dataset taxi_trips registered (s3://spiceai-demo-datasets/taxi_trips/2024/)`,
	}
	out := MaskLogLines(in)
	for _, leaked := range []string{"hunter2", "eyJhbGciOi", "s3cret", "sk-live-123", "t0k"} {
		if strings.Contains(strings.Join(out, "\n"), leaked) {
			t.Errorf("%q leaked: %q", leaked, out)
		}
	}
	for i, want := range []string{"host=db.internal", "Authorization: Bearer " + Masked, "https://" + Masked + "@files.example.com", `api_key: "` + Masked + `"`} {
		if !strings.Contains(out[i], want) {
			t.Errorf("line %d = %q, want it to contain %q", i, out[i], want)
		}
	}
	if strings.Contains(out[4], "\n") || out[5] != in[5] {
		t.Errorf("inert lines: %q", out[4:])
	}
}

// corpusLogLines are the log lines a runtime could print about a corpus spicepod: the line
// Spice logs for each dataset (naming its from, as the emulator does), and every value of the
// spicepod written after its key as key=value, key: value and JSON ("key":"value").
func corpusLogLines(t *testing.T, pod map[string]any) []string {
	t.Helper()
	var lines []string
	if datasets, ok := pod["datasets"].([]any); ok {
		for _, d := range datasets {
			m, _ := d.(map[string]any)
			from, _ := m["from"].(string)
			name, _ := m["name"].(string)
			lines = append(lines, fmt.Sprintf("2026-11-22T12:00:00.050000Z  INFO runtime::init::dataset: Dataset %s registered (%s), acceleration (arrow), results cache enabled.", name, from))
		}
	}
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, item := range x {
				walk(k, item)
			}
		case []any:
			for _, item := range x {
				walk(key, item)
			}
		case string:
			quoted, _ := json.Marshal(map[string]string{key: x})
			lines = append(lines, "ERROR connecting with "+key+"="+x+" failed", "DEBUG "+key+": "+x, "WARN "+string(quoted))
		}
	}
	walk("", pod)
	return lines
}

// TestMaskLogLinesCorpus: the planted credentials of the spicepod masking corpus, written
// into log lines the way a runtime prints them, are never visible after MaskLogLines — the
// same rule masks them in logs as in spicepods.
func TestMaskLogLinesCorpus(t *testing.T) {
	planted, checks := 0, 0
	for _, c := range loadCorpus(t) {
		lines := corpusLogLines(t, parsePod(t, c.YAML))
		raw, out := strings.Join(lines, "\n"), strings.Join(MaskLogLines(lines), "\n")
		for _, p := range c.Planted {
			if !strings.Contains(raw, p) {
				continue // e.g. inside a YAML block the log lines split differently
			}
			planted++
			for _, part := range fragments(c.YAML, p) {
				checks++
				if strings.Contains(out, part) {
					t.Errorf("%s: planted %q visible (%q) in the masked log lines", c.Name, p, part)
				}
			}
		}
	}
	t.Logf("%d planted credentials in log lines, %d checks, 0 visible allowed", planted, checks)
}
