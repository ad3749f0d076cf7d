package mcpserver_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r74Hostile19Value is a secret's value set earlier in the session (set_secret): only the
// server's memory of it knows it is one.
const r74Hostile19Value = "hunter2-correct-horse-r74h19"

// r74Hostile19Reversed is r74Hostile19Value's characters in reverse order.
func r74Hostile19Reversed(v string) string {
	r := []rune(v)
	slices.Reverse(r)
	return string(r)
}

// r74Hostile19Interleaved is v with sep between each of its characters.
func r74Hostile19Interleaved(v, sep string) string {
	return strings.Join(strings.Split(v, ""), sep)
}

// r74Hostile19Cuts are the cut spellings of the value an adversarial upstream echoes: a beginning
// of it (17 bytes) before an ellipsis, written with \u escapes (once, or escaped again), with an
// invisible character between its characters (as the character, or as its escape), reversed; and
// a middle cut whose beginning is short and whose end is long.
func r74Hostile19Cuts() map[string]string {
	v := r74Hostile19Value
	begin := v[:17]
	return map[string]string{
		"first character escaped":  `\u0068` + begin[1:] + "…",
		"all escaped":              r74Hostile19Escaped(begin) + "...",
		"escaped twice":            strings.ReplaceAll(r74Hostile19Escaped(begin), `\`, `\\`) + "…",
		"zero-width spaces":        r74Hostile19Interleaved(begin, "\u200b") + "…",
		"soft hyphens":             r74Hostile19Interleaved(begin, "\u00ad") + "…",
		"escaped zero-width space": r74Hostile19Interleaved(begin, `\u200b`) + "…",
		"reversed":                 r74Hostile19Reversed(v)[:17] + "…",
		"middle cut":               v[:8] + "…" + v[11:],
		"middle cut, escaped":      v[:8] + "…" + r74Hostile19Escaped(v[11:]),
		"end after a mark":         "… " + v[10:],
	}
}

// r74Hostile19Escaped is s with every character as a \u escape.
func r74Hostile19Escaped(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteString(`\u` + strconv.FormatInt(int64(0x10000+r), 16)[1:])
	}
	return b.String()
}

var r74Hostile19Escape = regexp.MustCompile(`\\+u([0-9a-fA-F]{4})`)

// r74Hostile19Shows reports whether s shows 12 bytes of the value in a row (or of it reversed),
// read as a reader would: \u escapes (escaped once or more) read, invisible characters left out,
// in any case.
func r74Hostile19Shows(s string) bool {
	s = r74Hostile19Escape.ReplaceAllStringFunc(s, func(e string) string {
		n, _ := strconv.ParseUint(e[len(e)-4:], 16, 32)
		return string(rune(n))
	})
	s = strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s))
	for _, v := range []string{r74Hostile19Value, r74Hostile19Reversed(r74Hostile19Value)} {
		for i := 0; i+12 <= len(v); i++ {
			if strings.Contains(s, v[i:i+12]) {
				return true
			}
		}
	}
	return false
}

// r74Hostile19Upstream answers, in front of the emulator, with *echo (each read under mu) as a
// deployment's error_message (an answer field), the body of a 400 to list_secrets' request
// (an error message, text/plain: no JSON), and an instance's log line.
func r74Hostile19Upstream(mu *sync.Mutex, echo *string) func(t *testing.T, emulatorURL string) string {
	deployment := regexp.MustCompile(`/deployments/1002$`)
	logs := regexp.MustCompile(`/instances/r74-node/logs$`)
	secrets := regexp.MustCompile(`/secrets$`)
	return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, emulator http.Handler) {
		mu.Lock()
		e := *echo
		mu.Unlock()
		q, _ := json.Marshal(e)
		switch {
		case e == "" || r.Method != http.MethodGet:
			emulator.ServeHTTP(w, r)
		case deployment.MatchString(r.URL.Path):
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"id":1002,"status":"failed","created_at":"2026-11-22T12:00:00Z","replicas":1,` +
				`"error_code":"dataset_connection_failed","error_message":"connect failed: ` + string(q[1:len(q)-1]) + `"}`))
		case logs.MatchString(r.URL.Path):
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"lines":["ERROR auth rejected ` + string(q[1:len(q)-1]) + `"]}`))
		case secrets.MatchString(r.URL.Path):
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte("bad request: " + e))
		default:
			emulator.ServeHTTP(w, r)
		}
	})
}

// TestR74Hostile19CutSpellingsOfAKnownValue: an upstream that echoes a value set earlier cut
// (README, Secret hygiene: the cut rule), in a deployment's error_message, a 400's plain-text
// body and an instance's log line, shows no 12 bytes of it in a row — its beginning written
// with \u escapes or with invisible characters between its characters, reversed, or its end
// after a middle cut's ellipsis — in the tool's text or structured content.
func TestR74Hostile19CutSpellingsOfAKnownValue(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	echo := ""
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent},
		upstream: r74Hostile19Upstream(&mu, &echo)})
	h.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "DB_PASSWORD", "value": r74Hostile19Value})
	calls := []struct {
		tool string
		args map[string]any
	}{
		{"get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1002}},
		{"get_instance_logs", map[string]any{"app": "analytics-app", "instance": "r74-node"}},
		{"list_secrets", map[string]any{"app": "analytics-app"}},
	}
	for form, sent := range r74Hostile19Cuts() {
		mu.Lock()
		echo = sent
		mu.Unlock()
		for _, c := range calls {
			got := r71Hostile15Everything(h.call(t, c.tool, c.args))
			if !strings.Contains(got, "connect failed") && !strings.Contains(got, "auth rejected") && !strings.Contains(got, "bad request") {
				t.Fatalf("%s, %s: the echo is not shown: %.600s", form, c.tool, got)
			}
			if r74Hostile19Shows(got) {
				t.Errorf("%s, %s: shows 12 bytes of the value: %.900s", form, c.tool, got)
			}
		}
	}
}
