package mcpserver_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// logsUpstream answers instance-log requests itself, as the spec allows an API to, and passes
// everything else to the emulator: a tail above maxTail (the API's default 100 when none is
// sent) is 403 plan_limit with max_tail, any other returns the last lines of a log of total
// lines. It records the tail of each log request ("" when none was sent).
type logsUpstream struct {
	maxTail, total int
	line           func(i int) string
	mu             sync.Mutex
	tails          []string
}

func (u *logsUpstream) sent() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]string(nil), u.tails...)
}

func (u *logsUpstream) proxy(t *testing.T, emulatorURL string) string {
	t.Helper()
	return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, rp http.Handler) {
		if !strings.HasSuffix(r.URL.Path, "/logs") || !strings.Contains(r.URL.Path, "/instances/") {
			rp.ServeHTTP(w, r)
			return
		}
		raw, given := r.URL.Query()["tail"]
		u.mu.Lock()
		if given {
			u.tails = append(u.tails, raw[0])
		} else {
			u.tails = append(u.tails, "")
		}
		u.mu.Unlock()
		tail := 100
		if given {
			tail, _ = strconv.Atoi(raw[0])
		}
		var body any
		status := http.StatusOK
		if tail > u.maxTail {
			status, body = http.StatusForbidden, map[string]any{"error": "tail exceeds plan", "code": "plan_limit", "max_tail": u.maxTail}
		} else {
			lines := []string{}
			for i := max(0, u.total-tail); i < u.total; i++ {
				lines = append(lines, u.line(i))
			}
			body = map[string]any{"lines": lines}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(body)
	})(t, emulatorURL)
}

func numberedLine(i int) string { return fmt.Sprintf("line %d", i) }

// TestLogsDefaultTailIsCappedByThePlan: with tail omitted (the API's default, 100) on a plan
// whose limit is lower, the API's 403 plan_limit with max_tail made the call fail, while a
// tail the caller gave was lowered to the limit. The default is lowered the same way.
func TestLogsDefaultTailIsCappedByThePlan(t *testing.T) {
	up := &logsUpstream{maxTail: 50, total: 500, line: numberedLine}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: up.proxy})
	out := h.ok(t, "get_instance_logs", map[string]any{"app": "analytics-app"})
	mustContain(t, "default tail", out, "at most 50 log lines", "Last 50 log lines", "line 499", "line 450")
	if got := up.sent(); strings.Join(got, ",") != ",50" {
		t.Errorf("tails sent: %q, want none then 50", got)
	}
	out = h.ok(t, "get_instance_logs", map[string]any{"app": "analytics-app", "tail": 80})
	mustContain(t, "tail 80", out, "at most 50 log lines", "Last 50 log lines")
	// Within the limit: one request, nothing said of a cap.
	if out = h.ok(t, "get_instance_logs", map[string]any{"app": "analytics-app", "tail": 30}); strings.Contains(out, "at most") {
		t.Errorf("tail within the plan's limit said to be capped:\n%s", out)
	}
}

// TestLogsTailHasNoCeilingOfOurOwn: the spec's tail has a minimum (1) and no maximum, and plan
// limits are not published: a tail above the emulator's largest plan (5000) was refused before
// sending. It is the API's to limit (403 plan_limit, then the tool asks for max_tail).
func TestLogsTailHasNoCeilingOfOurOwn(t *testing.T) {
	up := &logsUpstream{maxTail: 20000, total: 30, line: numberedLine}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: up.proxy})
	out := h.ok(t, "get_instance_logs", map[string]any{"app": "analytics-app", "tail": 20000})
	mustContain(t, "large tail", out, "Last 30 log lines", "line 29")
	if got := up.sent(); len(got) != 1 || got[0] != "20000" {
		t.Errorf("tails sent: %q, want 20000", got)
	}
	// The emulator's standard plan answers plan_limit (1000): the tool asks for that.
	plain := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	mustContain(t, "emulator", plain.ok(t, "get_instance_logs", map[string]any{"app": "analytics-app", "tail": 1000000}),
		"at most 1,000 log lines")
	mustContain(t, "tail 0", plain.fail(t, "get_instance_logs", map[string]any{"app": "analytics-app", "tail": 0}),
		"tail: must be 1 or more", "What to do: Leave tail out for the last 100, then call get_instance_logs again.")
}

var nextLogsCall = regexp.MustCompile("`get_instance_logs (\\{[^`]*\\})` (?:shows|reaches) them")

// TestLogsShowTheNewestThatFit: thousands of lines (a large plan's tail) are more than one
// result holds; the bound used to cut the text after its first bytes, showing the oldest lines
// and losing the newest. The result shows the newest lines that fit, says how many older ones
// are left out, and names the call that shows them: following those calls shows every line,
// each result within the budget.
//
// Each call reads and masks every line older than the last one shown, so the walk costs the
// square of the lines: under the race detector (85 s of the package, loaded) 1,200 lines, still
// several results.
func TestLogsShowTheNewestThatFit(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	total := 3000
	if raceDetector {
		total = 1200
	}
	line := func(i int) string {
		return fmt.Sprintf("2026-11-22T12:00:00Z INFO runtime: request %05d served in 3ms", i)
	}
	up := &logsUpstream{maxTail: 5000, total: total, line: line}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: up.proxy})
	args := map[string]any{"app": "analytics-app", "tail": total}
	seen := map[int]bool{}
	newest := -1
	for calls := 0; ; calls++ {
		if calls > 50 {
			t.Fatal("no end of the left-out calls")
		}
		res := h.call(t, "get_instance_logs", args)
		out := text(res)
		if res.IsError || strings.Contains(out, "Cut:") || len(out) > present.ResultBytes {
			t.Fatalf("result %d (%d bytes):\n%s", calls, len(out), out)
		}
		var got struct {
			Lines []string `json:"lines"`
			Older int      `json:"older_left_out"`
		}
		structured(t, res, &got)
		if len(got.Lines) == 0 {
			t.Fatalf("no lines:\n%s", out)
		}
		first, last := -1, -1
		for _, l := range got.Lines {
			var n int
			if _, err := fmt.Sscanf(l[strings.Index(l, "request ")+len("request "):], "%d", &n); err != nil {
				t.Fatalf("line %q", l)
			}
			if first < 0 {
				first = n
			}
			last, seen[n] = n, true
		}
		if calls == 0 {
			newest = last
		}
		if got.Older != first {
			t.Errorf("older_left_out %d, the first line shown is %d", got.Older, first)
		}
		m := nextLogsCall.FindStringSubmatch(out)
		if first == 0 {
			if m != nil || strings.Contains(out, "Left out") {
				t.Errorf("the oldest line is shown, yet more is said to be left out:\n%s", out)
			}
			if calls < 2 {
				t.Errorf("%d lines in %d results: the walk needs more lines to mean anything", total, calls+1)
			}
			break
		}
		mustContain(t, "left out", out, "Left out: the "+plain.Number(first)+" older lines", "of "+plain.Number(total)+" returned")
		if m == nil {
			t.Fatalf("no call for the older lines:\n%s", out)
		}
		args = map[string]any{}
		if err := json.Unmarshal([]byte(m[1]), &args); err != nil {
			t.Fatal(err)
		}
	}
	if newest != total-1 || len(seen) != total {
		t.Errorf("first result's newest line %d (want %d); %d of %d lines seen", newest, total-1, len(seen), total)
	}
}

// TestPauseSaysWhatTheAPISaysOfTheDeploymentItEnded: pause_app stated as fact that the
// deployment it ended "is failed now with error_code stopped" without reading it again (an
// assumption: api/README §7.6, §11). It reads it once after the pause and says what the API
// answers; when that read fails, it says what the API is assumed to do, as an assumption.
func TestPauseSaysWhatTheAPISaysOfTheDeploymentItEnded(t *testing.T) {
	answers := &[]canned{}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: time.Second, RunsFor: 4 * time.Second},
		upstream: cannedProxy(answers, nil), safety: tools.Safety{Confirm: tools.ConfirmOff}})
	deploy := func(app string) int64 { return deployNewApp(t, h, app) }

	id := deploy("reread1")
	before := h.emu.Calls(api.GetProjectDeployment.ID)
	out := h.ok(t, "pause_app", map[string]any{"app": "reread1"})
	mustContain(t, "read again", out, fmt.Sprintf("ended deployment %d (it was queued): it is failed now with error_code stopped", id))
	if n := h.emu.Calls(api.GetProjectDeployment.ID) - before; n != 1 {
		t.Errorf("%d reads of the deployment after the pause, want 1", n)
	}

	// The API says otherwise: that is what is said.
	id = deploy("reread2")
	*answers = []canned{{method: http.MethodGet, path: regexp.MustCompile(fmt.Sprintf(`/deployments/%d$`, id)), status: http.StatusOK,
		body: fmt.Sprintf(`{"id":%d,"status":"succeeded","created_at":"2026-11-22T12:00:00Z","replicas":1,"creation_source":"api"}`, id)}}
	out = h.ok(t, "pause_app", map[string]any{"app": "reread2"})
	mustContain(t, "API says succeeded", out, fmt.Sprintf("Deployment %d was queued when the app was paused; it is ✅ succeeded now.", id))
	if strings.Contains(out, "error_code stopped") {
		t.Errorf("pause_app claims error_code stopped though the API says otherwise:\n%s", out)
	}

	// The read fails: the assumption is labelled as one.
	id = deploy("reread3")
	*answers = []canned{{method: http.MethodGet, path: regexp.MustCompile(fmt.Sprintf(`/deployments/%d$`, id)), status: http.StatusForbidden,
		body: `{"error":"Insufficient scope. Required: deployments:read","code":"insufficient_scope"}`}}
	out = h.ok(t, "pause_app", map[string]any{"app": "reread3"})
	mustContain(t, "read failed", out, fmt.Sprintf("Deployment %d was queued when the app was paused; the API marks such a deployment failed with error_code stopped (it could not be read again to confirm).", id))
	if strings.Contains(out, "is failed now") {
		t.Errorf("pause_app states the deployment's state without reading it:\n%s", out)
	}
}

// TestLogsLineLongerThanAResult: a line over about 11 KB could not fit even alone, and fitLogs
// goes no lower than one line, so the bound cut the text: the note on the older lines and the
// call that shows them were lost, the cut notice named paging that does not apply, and the
// structured content was replaced. Such a line is shown shortened — masked first, its start and
// end, saying how much of it is not shown — so the window, the note, the next call and the
// structured content all survive, and following the calls reaches the oldest line.
//
// Each call reads and masks every line returned (about 30 KB each), one call per line: 40 calls
// of 40 lines were about a minute of CPU under the race detector (the package's slowest test), so
// under it 10 calls of 10 lines walk the same three kinds of line to the oldest returned.
func TestLogsLineLongerThanAResult(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	total, tail := 50, 40
	if raceDetector {
		total, tail = 14, 10
	}
	line := func(i int) string {
		switch i % 3 {
		case 0: // a credential where a cut could fall: masked whole first, so no part of it shows
			return fmt.Sprintf("start %d %sapi_key=%s %send %d", i, strings.Repeat("word ", 990), strings.Repeat("s3cr", 3000),
				strings.Repeat("word ", 3000), i)
		case 1: // JSON escapes each '<' in six bytes
			return fmt.Sprintf("start %d %s end %d", i, strings.Repeat("<", 30000), i)
		}
		return fmt.Sprintf("start %d %s end %d", i, strings.Repeat("word ", 6000), i)
	}
	up := &logsUpstream{maxTail: tail, total: total, line: line}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: up.proxy})
	args := map[string]any{"app": "analytics-app"}
	for want := total - 1; ; want-- {
		res := h.call(t, "get_instance_logs", args)
		out := text(res)
		raw, err := json.Marshal(res.StructuredContent)
		if err != nil {
			t.Fatal(err)
		}
		if res.IsError || strings.Contains(out, "Cut:") || len(out) > present.ResultBytes || len(raw) > present.ResultBytes {
			t.Fatalf("line %d: result of %d bytes, structured %d:\n%.3000s", want, len(out), len(raw), out)
		}
		var got struct {
			Lines []string `json:"lines"`
			Older int      `json:"older_left_out"`
		}
		structured(t, res, &got)
		older := want - (total - tail)
		if len(got.Lines) != 1 || got.Older != older {
			t.Fatalf("line %d: %d lines, older_left_out %d (want 1, %d)", want, len(got.Lines), got.Older, older)
		}
		mustContain(t, "shortened line", out, fmt.Sprintf("start %d ", want), fmt.Sprintf(" end %d", want), "characters not shown", got.Lines[0])
		if strings.Contains(out, "s3cr") || strings.Contains(string(raw), "s3cr") {
			t.Fatalf("line %d: part of a credential shown:\n%.3000s", want, out)
		}
		if older == 0 {
			if strings.Contains(out, "Left out") {
				t.Errorf("the oldest line is shown, yet more is said to be left out:\n%.3000s", out)
			}
			break
		}
		mustContain(t, "left out", out, fmt.Sprintf("Left out: the %d older line", older), fmt.Sprintf("of %d returned", tail))
		m := nextLogsCall.FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("no call for the older lines:\n%.3000s", out)
		}
		args = map[string]any{}
		if err := json.Unmarshal([]byte(m[1]), &args); err != nil {
			t.Fatal(err)
		}
	}
}

// TestLogsSkipNewestCountsWithinTail: a skip_newest of tail or more showed "0 log lines (of 3
// returned, the newest 3 skipped)" with no word that skip_newest counts within tail; the result
// says so and names the larger tail that shows the older lines, when there can be any. A
// negative skip_newest was refused as an "Offset".
func TestLogsSkipNewestCountsWithinTail(t *testing.T) {
	up := &logsUpstream{maxTail: 1000, total: 10, line: numberedLine}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: up.proxy})
	out := h.ok(t, "get_instance_logs", map[string]any{"app": "analytics-app", "tail": 3, "skip_newest": 3})
	mustContain(t, "all skipped", out, "0 log lines (of 3 returned, the newest 3 skipped)", "skip_newest counts within the 3 lines returned (tail)")
	m := nextLogsCall.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no call with a larger tail:\n%s", out)
	}
	var args map[string]any
	if err := json.Unmarshal([]byte(m[1]), &args); err != nil {
		t.Fatal(err)
	}
	out = h.ok(t, "get_instance_logs", args)
	mustContain(t, "larger tail", out, "line 4\nline 5\nline 6")
	if strings.Contains(out, "line 7") || strings.Contains(out, "line 3") {
		t.Errorf("the larger tail shows other lines than the three before those skipped:\n%s", out)
	}

	// Fewer lines than asked for: the log has no older ones.
	out = h.ok(t, "get_instance_logs", map[string]any{"app": "analytics-app", "tail": 20, "skip_newest": 15})
	mustContain(t, "no older lines", out, "skip_newest counts within the 10 lines returned", "the instance has no older lines (20 were asked for)")
	if nextLogsCall.MatchString(out) {
		t.Errorf("a larger tail offered for a log that has no more lines:\n%s", out)
	}

	// The plan's limit lowered the tail: no larger one can be asked for.
	capped := &logsUpstream{maxTail: 3, total: 10, line: numberedLine}
	hc := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: capped.proxy})
	out = hc.ok(t, "get_instance_logs", map[string]any{"app": "analytics-app", "tail": 10, "skip_newest": 5})
	mustContain(t, "capped", out, "at most 3 log lines", "the plan allows no larger tail")

	mustContain(t, "negative", h.fail(t, "get_instance_logs", map[string]any{"app": "analytics-app", "skip_newest": -1}),
		"skip_newest: must be 0 or more: the newest lines returned to leave out")
}
