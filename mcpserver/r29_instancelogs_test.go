package mcpserver_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// logsResult is the structured content of a get_instance_logs result.
type logsResult struct {
	Instance   string   `json:"instance"`
	Status     string   `json:"status"`
	Lines      []string `json:"lines"`
	Older      int      `json:"older_left_out"`
	PassedOver *struct {
		Instance string `json:"instance"`
		Reason   string `json:"reason"`
	} `json:"passed_over"`
	Cut string `json:"cut"`
}

// instancesAnswer lists instances (name and status each) as the API would.
func instancesAnswer(pairs ...string) canned {
	items := make([]string, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		items = append(items, `{"name":"`+pairs[i]+`","status":"`+pairs[i+1]+`","started_at":null}`)
	}
	return canned{method: "GET", path: regexp.MustCompile(`/instances$`), status: http.StatusOK,
		body: `{"instances":[` + strings.Join(items, ",") + `]}`}
}

// TestR29PassedOverInstanceIsStructuredToo: get_instance_logs without an instance, when the
// newest instance listed has a name that cannot be sent, said it passed that one over in the
// text only; a client showing structured content never saw it. Both forms say it now, a long
// name quoted as its start and end in both, and neither says it when nothing was passed over.
func TestR29PassedOverInstanceIsStructuredToo(t *testing.T) {
	logs := canned{method: "GET", path: regexp.MustCompile(`/instances/Edge_Node-01/logs$`), status: http.StatusOK,
		body: `{"lines":["All components are loaded. Spice runtime is ready!"]}`}
	answers := []canned{instancesAnswer("edge/1", "ready", "Edge_Node-01", "ready"), logs}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})

	res := h.call(t, "get_instance_logs", map[string]any{"app": "analytics-app"})
	mustContain(t, "text", text(res), "The newest instance listed, `edge/1`, has a name that cannot be put in a logs request", "Spice runtime is ready!")
	var got logsResult
	structured(t, res, &got)
	if got.PassedOver == nil || got.PassedOver.Instance != "edge/1" || !strings.Contains(got.PassedOver.Reason, "cannot be put in a logs request") ||
		!strings.Contains(got.PassedOver.Reason, "no '/'") || got.Instance != "Edge_Node-01" || len(got.Lines) != 1 {
		t.Errorf("structured content does not name the instance passed over: %+v", got)
	}

	long := "a/" + strings.Repeat("b", 40_000)
	answers[0] = instancesAnswer(long, "ready", "Edge_Node-01", "ready")
	res = h.call(t, "get_instance_logs", map[string]any{"app": "analytics-app"})
	got = logsResult{}
	structured(t, res, &got)
	if got.PassedOver == nil || !strings.HasPrefix(got.PassedOver.Instance, "a/bbb") || !strings.HasSuffix(got.PassedOver.Instance, "bbb (40,002 characters)") ||
		len(got.PassedOver.Instance) > 300 || got.Cut != "" {
		t.Errorf("a long name passed over is not quoted as its start and end: %+v", got.PassedOver)
	} else {
		mustContain(t, "long text", text(res), "`"+got.PassedOver.Instance+"`")
	}

	answers[0] = instancesAnswer("Edge_Node-01", "ready")
	res = h.call(t, "get_instance_logs", map[string]any{"app": "analytics-app"})
	got = logsResult{}
	structured(t, res, &got)
	if got.PassedOver != nil || strings.Contains(text(res), "newest instance listed") {
		t.Errorf("nothing was passed over, yet a result says so: %+v\n%s", got.PassedOver, text(res))
	}
}

// TestR29LongInstanceStatusLeavesTheLinesShown: an instance status of 20,000 characters (the
// API's, unchecked) filled the result: it was cut after the status with "This tool cannot show
// the rest in parts", no log line shown, and no argument could show them. The status is quoted
// as its start and end with its length in both forms, and the lines are shown whole.
func TestR29LongInstanceStatusLeavesTheLinesShown(t *testing.T) {
	answers := []canned{instancesAnswer("Edge_Node-01", strings.Repeat("s", 20_000)),
		{method: "GET", path: regexp.MustCompile(`/instances/Edge_Node-01/logs$`), status: http.StatusOK,
			body: `{"lines":["first line","second line","third line"]}`}}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
	res := h.call(t, "get_instance_logs", map[string]any{"app": "analytics-app"})
	out := text(res)
	if strings.Contains(out, "Cut:") || len(out) > 2000 {
		t.Errorf("the long status fills the result (%d bytes): %s", len(out), out[:min(len(out), 2000)])
	}
	mustContain(t, "text", out, "Last 3 log lines", "sss (20,000 characters))", "first line\nsecond line\nthird line")
	var got logsResult
	structured(t, res, &got)
	if len(got.Lines) != 3 || !strings.HasSuffix(got.Status, "sss (20,000 characters)") || len(got.Status) > 300 || got.Cut != "" {
		t.Errorf("structured content: %d lines, status %d bytes, cut %q", len(got.Lines), len(got.Status), got.Cut)
	}
}

// TestR29LogsCutNoticeNamesTailAndSkipNewest: a get_instance_logs result cut to the budget said
// "This tool cannot show the rest in parts", as its cut notice knew only offset, limit and
// spicepod_offset. A cut keeps a log's start: it loses the newest lines shown and the note
// naming the older ones left out. The notice names tail for the newest and skip_newest for the
// older, and following it shows exactly the lines the cut took.
func TestR29LogsCutNoticeNamesTailAndSkipNewest(t *testing.T) {
	t.Parallel() // CPU only, on harnesses of its own; bounds no time
	const total = 3000
	line := func(i int) string {
		return fmt.Sprintf("2026-11-22T12:00:00Z INFO runtime: request %05d served in 3ms", i)
	}
	up := &logsUpstream{maxTail: 5000, total: total, line: line}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: up.proxy})
	shownIn := func(out string) []int {
		var ns []int
		for _, m := range regexp.MustCompile(`request (\d{5}) served`).FindAllStringSubmatch(out, -1) {
			var n int
			fmt.Sscanf(m[1], "%d", &n)
			ns = append(ns, n)
		}
		return ns
	}
	res := h.call(t, "get_instance_logs", map[string]any{"app": "analytics-app", "tail": total})
	whole := text(res)
	var full logsResult
	structured(t, res, &full)
	if full.Older == 0 || !strings.Contains(whole, "Left out:") {
		t.Fatalf("the log fits one result; the test needs a longer one:\n%s", whole)
	}

	// The result as the final guard cuts it when it is over the budget: half of it is kept.
	const tool = "get_instance_logs"
	cut := tools.BoundView(whole, present.ResultBytes-len(whole)/2, func(shown, all int) string {
		return present.CutNotice(tool, shown, all, tools.ViewCutArgs(tool)...)
	})
	_, notice, ok := strings.Cut(cut, "⚠️ Cut:")
	if !ok {
		t.Fatalf("not cut:\n%s", cut)
	}
	mustContain(t, "notice", notice, "fewer log lines (the newest) with `tail`", "older log lines with `skip_newest`")
	if strings.Contains(notice, "cannot show the rest") {
		t.Errorf("the notice says the rest cannot be shown: %s", notice)
	}
	kept, before := shownIn(cut), shownIn(whole)
	lost := before[len(kept):]
	if len(kept) == 0 || len(lost) == 0 || strings.Contains(cut, "Left out:") {
		t.Fatalf("the cut kept %d and lost %d lines", len(kept), len(lost))
	}

	// Fewer lines with tail: the newest, which the cut took.
	out := h.ok(t, tool, map[string]any{"app": "analytics-app", "tail": len(lost)})
	if got := shownIn(out); fmt.Sprint(got) != fmt.Sprint(lost) {
		t.Errorf("tail %d shows %v, want the lines cut %v", len(lost), got, lost)
	}
	// Older lines with skip_newest: past every line the result held, the older ones whose
	// note the cut took (older_left_out in the structured content, which the cut leaves).
	out = h.ok(t, tool, map[string]any{"app": "analytics-app", "tail": total, "skip_newest": len(before)})
	got := shownIn(out)
	if len(got) == 0 || got[len(got)-1] != full.Older-1 {
		t.Errorf("skip_newest %d shows %d lines ending at %v, want the newest of the %d left out", len(before), len(got), got[max(0, len(got)-1):], full.Older)
	}
}
