package mcpserver_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// A request that gets no answer within the HTTP client's own wait (its response-header
// timeout) is not the tool call's time limit running out: net/http's timeout counts as
// context.DeadlineExceeded, but the result keeps what the request error knows — a write may
// have been applied, a read changed nothing — and names no time limit that did not run out.
func TestRequestTimeoutIsNotTheTimeLimit(t *testing.T) {
	t.Parallel() // waits on real time; runs beside the other waiting tests
	shortWait := func() *http.Client {
		return &http.Client{Transport: &http.Transport{ResponseHeaderTimeout: 300 * time.Millisecond}}
	}
	for _, tc := range []struct {
		name    string
		op      *api.Operation
		tool    string
		args    map[string]any
		confirm tools.ConfirmMode
		want    []string
		reason  string
	}{
		{name: "deploy", op: api.CreateProjectDeployment, tool: "create_deployment", args: map[string]any{"app": "analytics-app"},
			want: []string{"Outcome unknown", "List the app's deployments"}},
		{name: "regenerate key", op: api.RegenerateProjectAPIKey, tool: "regenerate_api_key", confirm: tools.ConfirmAgent,
			args: map[string]any{"app": "analytics-app", "key_number": 2, "confirm": "analytics-app"},
			want: []string{"regenerateProjectApiKey: POST", "Outcome unknown", "Get the app's API keys"}},
		{name: "add member", op: api.AddMember, tool: "add_member", args: map[string]any{"username": "jdoe"},
			want: []string{"Outcome unknown", "List members"}},
		{name: "delete", op: api.DeleteProjectSecret, tool: "delete_secret", confirm: tools.ConfirmAgent,
			args: map[string]any{"app": "analytics-app", "name": "PG_PASS", "confirm": "PG_PASS"},
			want: []string{"DELETE", "Outcome unknown", "List the app's secrets: if the name is no longer listed, it was deleted"}},
		{name: "read", op: api.GetProject, tool: "get_app", args: map[string]any{"app": "analytics-app"},
			want: []string{"Nothing was changed", "did not answer"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, realClock: true, httpClient: shortWait(),
				safety: tools.Safety{Confirm: tc.confirm}})
			h.emu.InjectFault(sandbox.Fault{Operation: tc.op.ID, Latency: 3 * time.Second, AfterApply: true, Times: -1})
			got := h.fail(t, tc.tool, tc.args)
			mustContain(t, tc.name, got, tc.want...)
			for _, wrong := range []string{"time limit", "ran out", "60 s"} {
				if strings.Contains(got, wrong) {
					t.Errorf("says %q though the call's time limit did not run out:\n%s", wrong, got)
				}
			}
			if lines := logLines(t, h.logs.String(), "tool call"); len(lines) != 1 || lines[0]["reason"] != "api_unreachable" {
				t.Errorf("log lines %v, want one with reason api_unreachable", lines)
			}
		})
	}
}

// The call's own limit still reads as such when it is what ran out.
func TestTimeLimitStillNamed(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, realClock: true, callTimeout: 300 * time.Millisecond})
	h.emu.InjectFault(sandbox.Fault{Operation: api.CreateProjectDeployment.ID, Latency: 3 * time.Second, AfterApply: true})
	got := h.fail(t, "create_deployment", map[string]any{"app": "analytics-app"})
	mustContain(t, "time limit", got, "time limit", "Outcome unknown")
}

// create_and_deploy_app's report does not call a step "failed" when it did not fail: a deploy
// whose answer was lost may have started a deployment (step, progress, structured steps and
// "This run changed" say so), and a wait that stopped early says the deployment goes on.
func TestCreateAndDeployStepsSayWhatIsKnown(t *testing.T) {
	t.Run("deploy outcome unknown", func(t *testing.T) {
		// The deploy's answer never comes (the API holds it past any limit here), so the call's
		// time limit ends the call while the deploy is in flight. A loaded machine may spend a
		// short limit on the steps before it (seen at load 20: "check inputs" failed, nothing
		// deployed): that try proves nothing, and the next gets twice the limit.
		var h *harness
		var res *mcp.CallToolResult
		for limit := 500 * time.Millisecond; ; limit *= 2 {
			h = newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, realClock: true, callTimeout: limit})
			h.emu.InjectFault(sandbox.Fault{Operation: api.CreateProjectDeployment.ID, Latency: time.Minute, AfterApply: true})
			args := map[string]any{"name": "lost-deploy", "spicepod": "version: v1\nkind: Spicepod\nname: lost-deploy\n", "wait": false}
			var err error
			if res, err = h.callWithProgress(t, context.Background(), "create_and_deploy_app", args); err != nil || !res.IsError {
				t.Fatalf("want a failed result: %v %+v", err, res)
			}
			if h.emu.Calls(api.CreateProjectDeployment.ID) > 0 {
				break
			}
			if limit >= 8*time.Second {
				t.Fatalf("the time limit of %v ran out before the deploy was sent:\n%s", limit, text(res))
			}
		}
		got := text(res)
		mustContain(t, "text", got, "| deploy | outcome unknown: a deployment may have started |",
			"This run changed: created lost-deploy", "may have started a deployment (list_deployments shows it)", "Outcome unknown")
		if strings.Contains(got, "| deploy | failed |") {
			t.Errorf("deploy step called failed:\n%s", got)
		}
		mustContain(t, "progress", strings.Join(h.progressUntil(t, "deploy: "), "\n"), "deploy: outcome unknown")
		var rep struct {
			Steps []struct{ Step, Result string } `json:"steps"`
		}
		structured(t, res, &rep)
		if n := len(rep.Steps); n == 0 || rep.Steps[n-1].Step != "deploy" || !strings.HasPrefix(rep.Steps[n-1].Result, "outcome unknown") {
			t.Errorf("structured steps %+v", rep.Steps)
		}
	})
	t.Run("wait stopped", func(t *testing.T) {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
		h.emu.InjectFault(sandbox.Fault{Operation: api.GetProjectDeployment.ID, Status: http.StatusBadRequest, Times: -1})
		args := map[string]any{"name": "stop-wait", "spicepod": "version: v1\nkind: Spicepod\nname: stop-wait\n"}
		got := h.fail(t, "create_and_deploy_app", args)
		mustContain(t, "text", got, "| wait | stopped waiting; deployment ", " was last queued, not failed (wait_for_deployment follows it) |",
			"This run changed: created stop-wait", "started deployment")
		if strings.Contains(got, "| wait | failed |") {
			t.Errorf("wait step called failed:\n%s", got)
		}
	})
}

// TestWaitSaysWhenChecksGoUnanswered: when the API stops answering a wait's checks, the call's
// time limit ends the wait, and the result gives the status as of the last answer and says the
// checks after it got none (it used to read "still queued after 0s", as if the deployment had
// just been looked at).
func TestWaitSaysWhenChecksGoUnanswered(t *testing.T) {
	t.Parallel() // waits on real time; runs beside the other waiting tests
	for _, tc := range []struct {
		tool string
		args map[string]any
		want []string
	}{
		{"wait_for_deployment", map[string]any{"app": "analytics-app"}, nil},
		{"create_and_deploy_app", map[string]any{"name": "stalled", "spicepod": podA}, []string{"when last answered, after ", " ms; no answer since"}},
	} {
		t.Run(tc.tool, func(t *testing.T) {
			t.Parallel()
			// The first check answers and the rest stall, queued before the call; the waits between
			// checks take no time, so a check is in flight when the time limit ends however loaded
			// the machine. (A real wait could be what the limit ended, when the steps before the
			// wait took a loaded second: then no check went unanswered; seen at load 40.) A limit
			// spent before the first check answered proves nothing: the next try waits twice as long.
			for timeout := 1; ; timeout *= 2 {
				h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, realClock: true, callTimeout: time.Second,
					pollSleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
				if tc.tool == "wait_for_deployment" {
					h.ok(t, "create_deployment", map[string]any{"app": "analytics-app"})
				}
				h.emu.InjectFault(sandbox.Fault{Operation: api.GetProjectDeployment.ID, Times: 1})
				h.emu.InjectFault(sandbox.Fault{Operation: api.GetProjectDeployment.ID, Latency: time.Minute, Times: -1})
				tc.args["timeout_seconds"] = timeout
				got := text(h.call(t, tc.tool, tc.args))
				if h.emu.Calls(api.GetProjectDeployment.ID) < 2 {
					if timeout >= 8 {
						t.Fatalf("with timeout_seconds %d the call's time limit ran out before the first check answered:\n%s", timeout, got)
					}
					continue
				}
				mustContain(t, "unanswered wait", got, append(tc.want, "at the last answer, after ",
					"the checks after that got no answer before this call's time limit ended", "Resume with `wait_for_deployment")...)
				if strings.Contains(got, "still **") {
					t.Errorf("the status as of the last answer reads as current:\n%s", got)
				}
				return
			}
		})
	}
}
