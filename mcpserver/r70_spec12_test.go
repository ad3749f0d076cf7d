package mcpserver_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r70Spec12Wait is one wait_for_deployment call against the emulator, over one transport.
type r70Spec12Wait struct {
	text     string
	isError  bool
	progress []string // the messages of the call's progress notifications
}

// r70Spec12Sleeper is a polling wait on h's clock that runs during (when not nil) inside the
// wait's second sleep, before the clock moves on: something that happens while the call waits.
func r70Spec12Sleeper(h **harness, during func(h *harness)) func(ctx context.Context, d time.Duration) error {
	var mu sync.Mutex
	n := 0
	return func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		n++
		act := n == 2 && during != nil
		mu.Unlock()
		if act {
			during(*h)
		}
		(*h).clock.Advance(d)
		return ctx.Err()
	}
}

// r70Spec12Stdio serves h's emulator over stdio (r41cStdio), polling with sleep.
func r70Spec12Stdio(t *testing.T, h *harness, sleep func(ctx context.Context, d time.Duration) error) *r41cWire {
	t.Helper()
	c, err := client.New(client.Config{BaseURL: h.api.URL, Tokens: client.StaticToken("sandbox"),
		Retry: client.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	poll := tools.RealAPIPolling
	poll.Now, poll.Sleep = h.clock.Now, sleep
	return r41cStdioInit(t, mcpserver.Options{Client: func(context.Context) (*client.Client, error) { return c, nil }, Poll: poll,
		Safety: tools.Safety{NoConfirm: true}}, initializeJSON)
}

// r70Spec12CallStdio calls tool over w as request id (progressToken "p<id>" when progress) and
// returns its result and progress messages.
func r70Spec12CallStdio(t *testing.T, w *r41cWire, id int, tool string, args map[string]any, progress bool) r70Spec12Wait {
	t.Helper()
	params := map[string]any{"name": tool, "arguments": args}
	if progress {
		params["_meta"] = map[string]any{"progressToken": fmt.Sprintf("p%d", id)}
	}
	raw, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": params})
	w.send(string(raw))
	var answer struct {
		Result struct {
			IsError bool `json:"isError"`
			Content []struct {
				Text string `json:"text"`
			} `json:"content"`
		} `json:"result"`
	}
	if err := json.Unmarshal([]byte(w.await(fmt.Sprint(id), 2*time.Minute)), &answer); err != nil {
		t.Fatal(err)
	}
	out := r70Spec12Wait{isError: answer.Result.IsError}
	for _, c := range answer.Result.Content {
		out.text += c.Text
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, l := range w.lines {
		var n struct {
			Method string `json:"method"`
			Params struct {
				ProgressToken any    `json:"progressToken"`
				Message       string `json:"message"`
			} `json:"params"`
		}
		if json.Unmarshal([]byte(l), &n) == nil && n.Method == "notifications/progress" && n.Params.ProgressToken == fmt.Sprintf("p%d", id) {
			out.progress = append(out.progress, n.Params.Message)
		}
	}
	return out
}

// r70Spec12CallInProcess calls wait_for_deployment on h, with a progressToken when progress,
// and returns its result and progress messages (in process they arrive after the result: those
// until one names last, when it is not "").
func r70Spec12CallInProcess(t *testing.T, h *harness, args map[string]any, progress bool, last string) r70Spec12Wait {
	t.Helper()
	var res *mcp.CallToolResult
	if !progress {
		res = h.call(t, "wait_for_deployment", args)
	} else {
		var err error
		if res, err = h.callWithProgress(t, context.Background(), "wait_for_deployment", args); err != nil {
			t.Fatal(err)
		}
	}
	out := r70Spec12Wait{text: text(res), isError: res.IsError}
	_, events := h.recorded()
	if progress && last != "" {
		events = h.progressUntil(t, ": "+last+" after")
	}
	for _, e := range events {
		var n struct {
			Message string `json:"message"`
		}
		if err := json.Unmarshal([]byte(e), &n); err != nil {
			t.Fatal(err)
		}
		out.progress = append(out.progress, n.Message)
	}
	return out
}

// TestR70Spec12WaitAgainstAnAdversary: wait_for_deployment over mcp-go's client in process and
// over stdio, with and without a progressToken, against a deployment that never leaves queued or
// in_progress (the timeout), one that fails, one whose project is deleted or paused while it
// is waited on, and a deployment ID of another project. Each answer names the state the
// deployment was last read in and the next step; a call with a progressToken gets a progress
// notification per status read, the last naming that state, and one without gets none.
func TestR70Spec12WaitAgainstAnAdversary(t *testing.T) {
	deploy := func(h *harness) {
		r67Spec9Do(t, h, "POST", "/v1/projects/101/deployments", nil, http.StatusAccepted)
	}
	for _, c := range []struct {
		name   string
		cfg    sandbox.Config
		before func(h *harness)
		during func(h *harness)
		args   map[string]any
		// isError: the call's result is an error; last: the state the progress names last
		// ("" none: no status was read).
		isError bool
		last    string
		want    []string
	}{
		{name: "never leaves queued", cfg: sandbox.Config{Demo: true, QueuedFor: time.Hour}, before: deploy,
			args: map[string]any{"app": "analytics-app", "timeout_seconds": 60}, last: "queued",
			want: []string{"Deployment 1008 of analytics-app (101) is still **⏳ queued** after 1 min.", `resume with ` + "`" + `wait_for_deployment {"app":"analytics-app","deployment_id":1008}` + "`"}},
		{name: "never leaves in_progress", cfg: sandbox.Config{Demo: true, RunsFor: time.Hour}, before: deploy,
			args: map[string]any{"app": "analytics-app", "timeout_seconds": 60}, last: "in_progress",
			want: []string{"Deployment 1008 of analytics-app (101) is still **🔄 in_progress** after 1 min.", `wait_for_deployment {"app":"analytics-app","deployment_id":1008}`}},
		{name: "fails", cfg: sandbox.Config{Demo: true}, before: func(h *harness) {
			if err := h.emu.FailNextDeployment("insufficient_cpu"); err != nil {
				t.Fatal(err)
			}
			deploy(h)
		}, args: map[string]any{"app": "analytics-app"}, last: "failed",
			want: []string{"Deployment 1008 of analytics-app (101): **❌ failed**", "`insufficient_cpu` — retriable", "What to do:", "create_deployment"}},
		{name: "project deleted while waited on", cfg: sandbox.Config{Demo: true, QueuedFor: time.Hour}, before: deploy,
			during: func(h *harness) { r67Spec9Do(t, h, "DELETE", "/v1/projects/101", nil, http.StatusNoContent) },
			args:   map[string]any{"app": "analytics-app", "deployment_id": 1008}, isError: true, last: "queued",
			want: []string{"analytics-app (101) was deleted (or is no longer visible to this token) while it waited", "It was **⏳ queued** when last read.",
				"deployment 1008 ended with it", "nothing left to wait for"}},
		{name: "project paused while waited on", cfg: sandbox.Config{Demo: true, RunsFor: time.Hour}, before: deploy,
			during: func(h *harness) { r67Spec9Do(t, h, "POST", "/v1/projects/101/pause", nil, http.StatusNoContent) },
			args:   map[string]any{"app": "analytics-app"}, last: "failed",
			want: []string{"**❌ failed** — Stopped: the project was paused", "`stopped` — not a failure", "resume_app"}},
		{name: "another project's deployment", cfg: sandbox.Config{Demo: true},
			before: func(h *harness) {
				r67Spec9Do(t, h, "POST", "/v1/projects", map[string]any{"name": "new-app"}, http.StatusCreated)
			},
			args: map[string]any{"app": "new-app", "deployment_id": 1003}, isError: true,
			want: []string{"Deployment not found", "it has no deployment 1003", `list_deployments {"app":"new-app"}`, `wait_for_deployment {"app":"new-app"}`}},
	} {
		for _, stdio := range []bool{false, true} {
			for _, progress := range []bool{false, true} {
				name := fmt.Sprintf("%s (stdio %v, progressToken %v)", c.name, stdio, progress)
				// A subtest each: its stdio server ends with it, as mcp-go's stdio servers share
				// one session (and its notifications) in a process.
				t.Run(name, func(t *testing.T) {
					var h *harness
					sleep := r70Spec12Sleeper(&h, c.during)
					h = newHarness(t, harnessOptions{cfg: c.cfg, safety: tools.Safety{NoConfirm: true}, pollSleep: sleep})
					if c.before != nil {
						c.before(h)
					}
					var got r70Spec12Wait
					if stdio {
						got = r70Spec12CallStdio(t, r70Spec12Stdio(t, h, sleep), 2, "wait_for_deployment", c.args, progress)
					} else {
						got = r70Spec12CallInProcess(t, h, c.args, progress, c.last)
					}
					if got.isError != c.isError {
						t.Errorf("%s: error %v, want %v:\n%s", name, got.isError, c.isError, got.text)
					}
					mustContain(t, name, got.text, c.want...)
					switch {
					case !progress && len(got.progress) > 0:
						t.Errorf("%s: no progressToken, yet %d progress notifications: %v", name, len(got.progress), got.progress)
					case progress && c.last == "" && len(got.progress) > 0:
						t.Errorf("%s: nothing was read, yet progress said %v", name, got.progress)
					case progress && c.last != "" && (len(got.progress) == 0 || !strings.Contains(got.progress[len(got.progress)-1], ": "+c.last+" after")):
						t.Errorf("%s: progress %v, want the last to name %s", name, got.progress, c.last)
					}
				})
			}
		}
	}
}

// TestR70Spec12WaitCancelledMidWait: a client that cancels wait_for_deployment while it waits
// (notifications/cancelled over stdio, its context in process) stops the wait at once: the
// wait's sleep ends by the cancellation, no status is read after it, and over stdio, where a
// cancelled call is answered (README), the answer says the wait was cancelled, the state last
// read and the call that picks the wait up.
func TestR70Spec12WaitCancelledMidWait(t *testing.T) {
	for _, stdio := range []bool{false, true} {
		t.Run(fmt.Sprintf("stdio %v", stdio), func(t *testing.T) {
			var (
				h       *harness
				w       *r41cWire
				cancel  context.CancelFunc
				mu      sync.Mutex
				n       int
				reads   int
				stopped = make(chan error, 1)
			)
			sleep := func(ctx context.Context, d time.Duration) error {
				mu.Lock()
				n++
				second := n == 2
				mu.Unlock()
				if !second {
					h.clock.Advance(d)
					return ctx.Err()
				}
				reads = h.emu.Calls("getProjectDeployment")
				if stdio {
					w.send(`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":2,"reason":"the user moved on"}}`)
				} else {
					cancel()
				}
				select {
				case <-ctx.Done():
				case <-time.After(30 * time.Second):
				}
				stopped <- ctx.Err()
				return ctx.Err()
			}
			h = newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: time.Hour}, safety: tools.Safety{NoConfirm: true}, pollSleep: sleep})
			r67Spec9Do(t, h, "POST", "/v1/projects/101/deployments", nil, http.StatusAccepted)
			args := map[string]any{"app": "analytics-app", "deployment_id": 1008}
			var got string
			if stdio {
				w = r70Spec12Stdio(t, h, sleep)
				got = r70Spec12CallStdio(t, w, 2, "wait_for_deployment", args, false).text
			} else {
				// In process the call's context is the client's: cancelled, the call ends with
				// the same result, which mcp-go's in-process client hands back.
				var ctx context.Context
				ctx, cancel = context.WithCancel(context.Background())
				defer cancel()
				var req mcp.CallToolRequest
				req.Params.Name, req.Params.Arguments = "wait_for_deployment", args
				if res, err := h.mcp.CallTool(ctx, req); err == nil {
					got = text(res)
				} else if !errors.Is(err, context.Canceled) {
					t.Fatal(err)
				}
			}
			if got != "" || stdio {
				mustContain(t, "cancelled", got, "The wait for deployment 1008 was cancelled.",
					"Deployment 1008 of analytics-app (101) was **⏳ queued** when last read", `Pick the wait up with `+"`"+`wait_for_deployment {"app":"analytics-app","deployment_id":1008}`+"`")
			}
			select {
			case err := <-stopped:
				if !errors.Is(err, context.Canceled) {
					t.Errorf("the wait's sleep ended with %v, want context.Canceled: it was waited out, not stopped", err)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("the wait never slept a second time")
			}
			if after := h.emu.Calls("getProjectDeployment"); after != reads {
				t.Errorf("%d status reads after the cancellation, want none", after-reads)
			}
		})
	}
}

// TestR70Spec12CallsExactOnEveryPath: the conditions README's table of operations gives hold
// exactly, on the paths round 69 left unrecorded. get_deployment reads newer deployments and the
// instances (its standing) only once the deployment has ended: never for one queued or in
// progress, always for one succeeded or failed. resume_app, create_and_deploy_app and
// rollback_deployment read the caller's role from listOrgs exactly when the token does not show
// it, on every path (paused or not; waiting or not; a rollback to the newest succeeded
// deployment or to one replaced since), and never when it does.
func TestR70Spec12CallsExactOnEveryPath(t *testing.T) {
	pod := "version: v1\nkind: Spicepod\nname: fresh-app\n"
	type row struct {
		name    string
		before  func(h *harness) // the state the call meets
		tool    string
		args    map[string]any
		op      string // the conditional operation
		called  bool   // whether the call must send it (with the demo's opaque token)
		roleToo bool   // run again with a token that shows the role: op never sent
	}
	deploy := func(after time.Duration) func(h *harness) {
		return func(h *harness) {
			r67Spec9Do(t, h, "POST", "/v1/projects/101/deployments", nil, http.StatusAccepted)
			h.clock.Advance(after)
		}
	}
	var rows []row
	for _, c := range []struct {
		state string
		after time.Duration
		ended bool
	}{{"queued", 0, false}, {"in_progress", time.Second, false}, {"succeeded", 5 * time.Second, true}} {
		for _, op := range []string{"listProjectDeployments", "listProjectInstances"} {
			rows = append(rows, row{name: "get_deployment of one " + c.state, before: deploy(c.after), tool: "get_deployment",
				args: map[string]any{"app": "analytics-app", "deployment_id": 1008}, op: op, called: c.ended})
		}
	}
	rows = append(rows, row{name: "get_deployment of one failed", tool: "get_deployment", op: "listProjectInstances", called: true,
		args: map[string]any{"app": "fraud-scoring", "org": "acme-labs", "deployment_id": 1007}})
	for _, r := range []row{
		{name: "resume_app of an app not paused", tool: "resume_app", args: map[string]any{"app": "analytics-app"}},
		{name: "resume_app of a paused app", tool: "resume_app", args: map[string]any{"app": "nightly-etl", "org": "acme-labs"}},
		{name: "resume_app of a paused app, waiting", tool: "resume_app", args: map[string]any{"app": "nightly-etl", "org": "acme-labs", "wait": true}},
		{name: "create_and_deploy_app, waiting", tool: "create_and_deploy_app", args: map[string]any{"name": "fresh-app", "spicepod": pod}},
		{name: "create_and_deploy_app, not waiting", tool: "create_and_deploy_app", args: map[string]any{"name": "fresh-app", "spicepod": pod, "wait": false}},
		{name: "rollback_deployment to the newest succeeded", tool: "rollback_deployment", args: map[string]any{"app": "analytics-app", "deployment_id": 1003}},
		{name: "rollback_deployment to one replaced since", tool: "rollback_deployment", args: map[string]any{"app": "analytics-app", "deployment_id": 1001}},
	} {
		r.op, r.called, r.roleToo = "listOrgs", true, true
		rows = append(rows, r)
	}
	for _, r := range rows {
		for _, roleShown := range []bool{false, true} {
			if roleShown && !r.roleToo {
				continue
			}
			opts := harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}}
			if roleShown {
				// alice, admin in acme-labs and owner of sandbox: the organization acted in says which.
				org, role := "sandbox", "owner"
				if r.args["org"] == "acme-labs" {
					org, role = "acme-labs", "admin"
				}
				opts.token = r40JWT(map[string]any{"sub": "1", "username": "alice", "org": org, "role": role, "scopes": []string{"*"}})
				opts.cfg.Tokens = []sandbox.Token{{Value: opts.token, Org: org, User: "alice", Scopes: []string{"*"}}}
			}
			h := newHarness(t, opts)
			if r.before != nil {
				r.before(h)
			}
			tool, _ := tools.ByName(r.tool)
			path := fmt.Sprintf("%s (role shown %v)", r.name, roleShown)
			res, called := r68CallsAsDeclared(t, h, tool, r.args, path, nil)
			if res.IsError {
				t.Errorf("%s: failed: %.300s", path, text(res))
				continue
			}
			sent := false
			for op := range called {
				sent = sent || op.ID == r.op
			}
			if want := r.called && !roleShown; sent != want {
				t.Errorf("%s: sent %s: %v, want %v (README: %q)", path, r.op, sent, want, r70Spec12When(tool, r.op))
			}
		}
	}
}

// r70Spec12When is the condition tool's When gives the operation named id.
func r70Spec12When(tool tools.Tool, id string) string {
	for op, when := range tool.When {
		if op.ID == id {
			return when
		}
	}
	return ""
}

// TestR70Spec12StoppedIsNotCalledAFailure: a deployment that a pause or delete ended in flight
// is `failed` with error_code `stopped`, not a failure of its own (api/README §7.6), and
// get_deployment says so; list_deployments and describe_app, whose tables show it failed, point
// to get_deployment for what starts the app again, not for "why it failed" with a failing
// instance's log lines it does not have.
func TestR70Spec12StoppedIsNotCalledAFailure(t *testing.T) {
	for _, end := range []string{"pause", "delete"} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
		r67Spec9Do(t, h, "POST", "/v1/projects/101/deployments", nil, http.StatusAccepted)
		h.clock.Advance(time.Second) // in progress
		if end == "pause" {
			r67Spec9Do(t, h, "POST", "/v1/projects/101/pause", nil, http.StatusNoContent)
		} else { // deleted, then brought back by name with its history (api/README §10)
			r67Spec9Do(t, h, "DELETE", "/v1/projects/101", nil, http.StatusNoContent)
			r67Spec9Do(t, h, "POST", "/v1/projects", map[string]any{"name": "analytics-app", "region": "us-west-2"}, http.StatusCreated)
		}
		mustContain(t, end+": get_deployment", h.ok(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1008}),
			"`stopped` — not a failure", "What to do: Nothing failed")
		for _, tool := range []string{"list_deployments", "describe_app"} {
			got := h.ok(t, tool, map[string]any{"app": "analytics-app"})
			by := map[string]string{"pause": "a pause", "delete": "the app's deletion"}[end] // round 71 (spec13): the cause is named
			mustContain(t, end+": "+tool, got, "was stopped before it finished (error code `stopped`: "+by+" ended it, not a failure of its own): "+
				"`get_deployment {\"app\":\"analytics-app\",\"deployment_id\":1008}` says what starts the app again")
			if strings.Contains(got, "failing instance's log lines") {
				t.Errorf("%s: %s points to a failing instance's log lines for a stopped deployment:\n%s", end, tool, got)
			}
		}
	}
}
