package mcpserver_test

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// aliceHarness acts as alice, an admin of acme-labs, whose nightly-etl is paused.
func aliceHarness(t *testing.T, opts harnessOptions) *harness {
	t.Helper()
	opts.cfg.Demo = true
	withUserTokens(&opts.cfg)
	opts.token = tokenAliceAcme
	return newHarness(t, opts)
}

// untilCalled waits until the emulator has answered (or is answering) op.
func untilCalled(t *testing.T, h *harness, op *api.Operation) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for h.emu.Calls(op.ID) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%s was never called", op.ID)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestResumeSaysItResumedWhenTheWaitStops: once resume_app's resume went through, a wait that
// stops early (a status read that fails, one that hangs past the call's time limit, a
// cancellation) still says the app was resumed, which deployment started, what is known of
// it and the wait_for_deployment call that follows it — in text and structure. It used to
// return only the read's error ("Nothing was changed. … try again shortly"), and the retry it
// suggested then found the app no longer paused.
func TestResumeSaysItResumedWhenTheWaitStops(t *testing.T) {
	t.Parallel() // waits on real time; runs beside the other waiting tests
	args := map[string]any{"app": "nightly-etl", "org": "acme-labs", "wait": true, "timeout_seconds": 1}
	for _, tc := range []struct {
		name string
		opts harnessOptions
		// run calls resume_app with the status reads failing.
		run  func(t *testing.T, h *harness) *mcp.CallToolResult
		want []string
		// fix: the error's own remedy stays, and the call follows it.
		fix bool
	}{
		{name: "status read answers 503",
			run: func(t *testing.T, h *harness) *mcp.CallToolResult {
				h.emu.InjectFault(sandbox.Fault{Operation: api.GetProjectDeployment.ID, Status: http.StatusServiceUnavailable, Times: -1})
				return h.call(t, "resume_app", args)
			},
			want: []string{"reading its status failed", "503", "Its status was not read"}},
		{name: "status read hangs past the time limit", opts: harnessOptions{realClock: true, callTimeout: time.Second},
			run: func(t *testing.T, h *harness) *mcp.CallToolResult {
				h.emu.InjectFault(sandbox.Fault{Operation: api.GetProjectDeployment.ID, Latency: 30 * time.Second, Times: -1})
				return h.call(t, "resume_app", args)
			},
			want: []string{"No answer from the Spice.ai API (GET ", "time limit (3 s) ran out", "Its status was not read"}},
		{name: "cancelled during the wait", opts: harnessOptions{realClock: true},
			run: func(t *testing.T, h *harness) *mcp.CallToolResult {
				h.emu.InjectFault(sandbox.Fault{Operation: api.GetProjectDeployment.ID, Latency: 30 * time.Second, Times: -1})
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				go func() { untilCalled(t, h, api.GetProjectDeployment); cancel() }()
				var req mcp.CallToolRequest
				req.Params.Name, req.Params.Arguments = "resume_app", args
				res, err := h.mcp.CallTool(ctx, req)
				if err != nil {
					t.Fatalf("no result: %v", err)
				}
				return res
			},
			want: []string{"The wait for deployment ", " was cancelled", "nothing more was sent"}},
		// A read that fails until the credentials are fixed keeps that fix, then the call.
		{name: "status read refused for the token", fix: true,
			run: func(t *testing.T, h *harness) *mcp.CallToolResult {
				h.emu.InjectFault(sandbox.Fault{Operation: api.GetProjectDeployment.ID, Status: http.StatusUnauthorized, Times: -1})
				return h.call(t, "resume_app", args)
			},
			want: []string{"401", "What to do: The token is missing, malformed, revoked or expired: ask the user to check SPICE_API_TOKEN", "Once that is fixed, pick the wait up: `wait_for_deployment"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := aliceHarness(t, tc.opts)
			res := tc.run(t, h)
			got := text(res)
			if !res.IsError {
				t.Errorf("a stopped wait reads as a success:\n%s", got)
			}
			var out struct {
				Resumed      bool  `json:"resumed"`
				DeploymentID int64 `json:"deployment_id"`
			}
			structured(t, res, &out)
			if !out.Resumed || out.DeploymentID == 0 {
				t.Fatalf("structured content does not say the app was resumed: %+v\n%s", res.StructuredContent, got)
			}
			id := strconv.FormatInt(out.DeploymentID, 10)
			mustContain(t, tc.name, got, append(tc.want, "Resumed nightly-etl", "deployment "+id+" started",
				"do not call resume_app again",
				`wait_for_deployment {"app":"nightly-etl","org":"acme-labs","deployment_id":`+id+`}`)...)
			if strings.Contains(got, "Nothing was changed") {
				t.Errorf("says nothing was changed after the resume:\n%s", got)
			}
			// The only thing to do is the wait_for_deployment call: the error's own "try again"
			// would read as resuming again.
			whatToDo := strings.Count(got, "What to do:")
			if tc.fix {
				if whatToDo != 1 || strings.Contains(got, "try again") {
					t.Errorf("want the fix as the one what-to-do, then the call (%d found):\n%s", whatToDo, got)
				}
			} else if whatToDo != 1 || strings.Contains(got, "try again") ||
				!strings.Contains(got, "What to do: `wait_for_deployment {\"app\":\"nightly-etl\",\"org\":\"acme-labs\",\"deployment_id\":"+id+"}`.") {
				t.Errorf("want the wait_for_deployment call as the only what-to-do (%d found):\n%s", whatToDo, got)
			}
			if n := h.emu.Calls(api.ResumeProject.ID); n != 1 {
				t.Errorf("resumeProject called %d times", n)
			}
		})
	}
}

// TestWaitKeepsTheDeploymentWhenAReadFails: wait_for_deployment found the deployment it waits
// for in the app's list; when reading its status then fails (an error answer, or no answer
// before the call's time limit), the result still names it with its status as last read and
// the call that picks the wait up (it used to give the read's error alone).
func TestWaitKeepsTheDeploymentWhenAReadFails(t *testing.T) {
	t.Parallel() // waits on real time; runs beside the other waiting tests
	for _, tc := range []struct {
		name  string
		opts  harnessOptions
		fault sandbox.Fault
		args  map[string]any
		want  []string
		// cancel cancels the call once the status read has started.
		cancel bool
	}{
		{name: "503", fault: sandbox.Fault{Operation: api.GetProjectDeployment.ID, Status: http.StatusServiceUnavailable, Times: -1},
			args: map[string]any{"app": "analytics-app"}, want: []string{"503", "reading its status failed"}},
		{name: "no answer before the time limit", opts: harnessOptions{realClock: true},
			fault: sandbox.Fault{Operation: api.GetProjectDeployment.ID, Latency: 30 * time.Second, Times: -1},
			args:  map[string]any{"app": "analytics-app", "timeout_seconds": 2}, want: []string{"No answer from the Spice.ai API (GET ", "time limit (3 s) ran out"}},
		{name: "cancelled", opts: harnessOptions{realClock: true}, cancel: true,
			fault: sandbox.Fault{Operation: api.GetProjectDeployment.ID, Latency: 30 * time.Second, Times: -1},
			args:  map[string]any{"app": "analytics-app"}, want: []string{"was cancelled", "nothing more was sent"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.cfg.Demo = true
			h := newHarness(t, tc.opts)
			var started struct {
				ID     int64  `json:"id"`
				Status string `json:"status"`
			}
			structured(t, h.call(t, "create_deployment", map[string]any{"app": "analytics-app"}), &started)
			h.emu.InjectFault(tc.fault)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.cancel {
				go func() { untilCalled(t, h, api.GetProjectDeployment); cancel() }()
			}
			var req mcp.CallToolRequest
			req.Params.Name, req.Params.Arguments = "wait_for_deployment", tc.args
			res, err := h.mcp.CallTool(ctx, req)
			if err != nil {
				t.Fatalf("no result: %v", err)
			}
			got := text(res)
			if !res.IsError {
				t.Errorf("want a failed result:\n%s", got)
			}
			id := strconv.FormatInt(started.ID, 10)
			mustContain(t, tc.name, got, append(tc.want, "Deployment "+id+" of analytics-app", started.Status+"** when last read",
				`wait_for_deployment {"app":"analytics-app","deployment_id":`+id+`}`)...)
			var out struct {
				ID     int64  `json:"id"`
				Status string `json:"status"`
			}
			structured(t, res, &out)
			if out.ID != started.ID || out.Status != started.Status {
				t.Errorf("structured %+v, want the deployment found (%+v)", out, started)
			}
		})
	}
}

// A deployment_id that names no deployment is refused as before: nothing was read to keep, and
// no call to pick up is suggested.
func TestWaitForAnUnknownDeploymentIsNotFound(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	got := h.fail(t, "wait_for_deployment", map[string]any{"app": "analytics-app", "deployment_id": 987654})
	if strings.Contains(got, "Pick the wait up") || strings.Contains(got, "when last read") {
		t.Errorf("an unknown deployment reads as one whose wait stopped:\n%s", got)
	}
}

// TestWaitSaysItsOwnLength: a wait's figure is how long it waited, never how long the
// deployment took; one that had ended before the wait says so ("Finished after 0s" above
// Created/Updated times read as the deployment's length).
func TestWaitSaysItsOwnLength(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	got := h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app"})
	mustContain(t, "ended long ago", got, "Already finished when this wait began; nothing was waited for.")
	if strings.Contains(got, "Finished after") {
		t.Errorf("a wait that waited for nothing gives a length:\n%s", got)
	}
	h.ok(t, "create_deployment", map[string]any{"app": "analytics-app"})
	mustContain(t, "in flight", h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app"}), "Finished after waiting ")
	got = h.ok(t, "create_and_deploy_app", map[string]any{"name": "timed", "spicepod": "version: v1\nkind: Spicepod\nname: timed\n"})
	// Its step table says how long the wait took; the text does not say it again.
	mustContain(t, "create_and_deploy_app", got, "| wait | succeeded after waiting ")
	if n := strings.Count(got, "after waiting"); n != 1 {
		t.Errorf("create_and_deploy_app gives the wait's length %d times:\n%s", n, got)
	}

	a := aliceHarness(t, harnessOptions{})
	mustContain(t, "resume_app", a.ok(t, "resume_app", map[string]any{"app": "nightly-etl", "wait": true}), "Finished after waiting ")
}

// TestPauseSaysWhenAlreadyPaused: pause_app on a paused app says so and changes nothing,
// asking nobody (it used to say "its runtime stopped" though nothing ran).
func TestPauseSaysWhenAlreadyPaused(t *testing.T) {
	h := aliceHarness(t, harnessOptions{})
	res := h.call(t, "pause_app", map[string]any{"app": "nightly-etl"})
	got := text(res)
	if res.IsError {
		t.Errorf("want a plain answer:\n%s", got)
	}
	mustContain(t, "already paused", got, "nightly-etl", "is already paused", "nothing was changed", "resume_app")
	for _, wrong := range []string{"its runtime stopped", "Confirmation required"} {
		if strings.Contains(got, wrong) {
			t.Errorf("says %q:\n%s", wrong, got)
		}
	}
	if n := h.emu.Calls(api.PauseProject.ID); n != 0 {
		t.Errorf("pauseProject called %d times", n)
	}
}

// TestPauseGoesOnWhenTheCheckFails: the "already paused" check (the instance list) is optional:
// when it fails other than with project_paused, the pause is asked for and sent as before (it
// used to refuse the pause with the check's 500).
func TestPauseGoesOnWhenTheCheckFails(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.ListProjectInstances.ID, Status: http.StatusInternalServerError, Times: -1})
	mustContain(t, "pause", h.ok(t, "pause_app", map[string]any{"app": "analytics-app"}), "analytics-app")
	if n := h.emu.Calls(api.PauseProject.ID); n != 1 {
		t.Errorf("pauseProject called %d times, want 1", n)
	}
	tool, _ := tools.ByName("pause_app")
	if slices.Contains(tool.Operations, api.ListProjectInstances) || !slices.Contains(tool.MayCall, api.ListProjectInstances) {
		t.Errorf("the optional check's operation is not in MayCall: %v / %v", tool.Operations, tool.MayCall)
	}
}
