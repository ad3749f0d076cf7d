package present

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPageNote(t *testing.T) {
	for _, tc := range []struct {
		p    Page
		want string
	}{
		{Page{Offset: 0, Shown: 2, Total: 2}, ""},
		{Page{Offset: 0, Shown: 50, Total: 1000, Next: 50}, "Showing apps 1–50 of 1,000. Next page: `list_apps {\"org\":\"acme-labs\",\"offset\":50}`."},
		{Page{Offset: 0, Shown: 50, Total: 1000, Next: 50, Deletable: true}, "Showing apps 1–50 of 1,000. Next page: `list_apps {\"org\":\"acme-labs\",\"offset\":50}`. If k of the apps shown are deleted first, use offset 50−k (offsets count the list as it stands)."},
		{Page{Offset: 950, Shown: 50, Total: 1000}, "Showing apps 951–1,000 of 1,000 (the last page)."},
		{Page{Offset: 20, Shown: 20, Total: -1, Next: 40}, "Showing apps 21–40. More may follow: `list_apps {\"org\":\"acme-labs\",\"offset\":40}`."},
		{Page{Offset: 40, Shown: 3, Total: -1}, "Showing apps 41–43."},
		{Page{Offset: 1200, Total: 1000}, "No apps at offset 1200."},
	} {
		if got := PageNote("list_apps", "apps", tc.p, Arg{"org", "acme-labs"}); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestSpicepodPagesCoverEveryLine(t *testing.T) {
	var datasets []any
	for i := range 300 {
		datasets = append(datasets, map[string]any{"from": "postgres:t", "name": strings.Repeat("d", i%40+1)})
	}
	pod := map[string]any{"version": "v1", "kind": "Spicepod", "name": "big", "datasets": datasets}
	whole := spicepodYAML(pod)
	var joined strings.Builder
	parts := 0
	for offset := 0; ; parts++ {
		w := SpicepodPage(pod, offset, 2000)
		if w.FromLine != offset+1 || len(w.YAML) > 2000 {
			t.Fatalf("offset %d: lines %d–%d, %d bytes", offset, w.FromLine, w.ToLine, len(w.YAML))
		}
		joined.WriteString(w.YAML)
		if w.NextOffset == 0 {
			break
		}
		offset = w.NextOffset
	}
	if strings.TrimRight(joined.String(), "\n") != strings.TrimRight(whole, "\n") || parts < 3 {
		t.Errorf("%d parts do not add up to the spicepod", parts+1)
	}
	if w := SpicepodPage(pod, 100000, 2000); w.YAML != "" || !strings.Contains(spicepodWindowText(w, "big"), "none at offset 100000") {
		t.Errorf("past the end: %+v", w)
	}
}

// TestCallIsExactAndSafe: a call a note names decodes to exactly the arguments given, in order,
// leaving out those not given, whatever a value holds, and stays one code span on one line.
func TestCallIsExactAndSafe(t *testing.T) {
	if got, want := Call("list_deployments", Arg{"app", "analytics-app"}, Arg{"org", ""}, Arg{"status", "succeeded"},
		Arg{"limit", 1}, Arg{"deployment_id", int64(0)}, Arg{"offset", 1}), "`list_deployments {\"app\":\"analytics-app\",\"status\":\"succeeded\",\"limit\":1,\"offset\":1}`"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if got := Call("list_apps"); got != "`list_apps {}`" {
		t.Errorf("no arguments: %s", got)
	}
	for _, value := range []string{"a`b``c", "`start", "line\nbreak\r\u2028x", "<b>&amp;</b> [x](y) *z*", "rtl\u202eoverride\u2066", "quote\" back\\slash", "del\u007f c1\u0085 tab\t", "数据"} {
		got := Call("get_app", Arg{"app", value}, Arg{"spicepod_offset", 7})
		if strings.ContainsFunc(got, breaking) {
			t.Errorf("%q: a breaking character is left in %q", value, got)
		}
		ticks := strings.Repeat("`", longestRun(got, '`'))
		// The code span is the whole: it opens and closes with the same, longest, run.
		inner, ok := strings.CutPrefix(got, ticks)
		if inner, ok = strings.CutSuffix(inner, ticks); !ok || strings.Contains(inner, ticks) {
			t.Errorf("%q: not one code span: %s", value, got)
		}
		inner = strings.TrimSpace(inner)
		object, ok := strings.CutPrefix(inner, "get_app ")
		var args map[string]any
		if !ok || json.Unmarshal([]byte(object), &args) != nil || args["app"] != value || args["spicepod_offset"] != float64(7) || len(args) != 2 {
			t.Errorf("%q: %s does not decode to the arguments: %v", value, got, args)
		}
	}
}
