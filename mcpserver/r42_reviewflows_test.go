package mcpserver_test

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r42ReviewflowsLateStart is a gateway that answers the first key regeneration 504 Gateway
// Timeout at once while its upstream keeps working on it: the held write reaches the API only
// after the next regeneration has been answered (a slow backend finishing after the gateway
// gave up, the case MayStillApply is about).
func r42ReviewflowsLateStart(t *testing.T, emu string) string {
	var mu sync.Mutex
	posts := 0
	var heldPath string
	var heldHeader http.Header
	var heldBody []byte
	return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, rp http.Handler) {
		keys := strings.HasSuffix(r.URL.Path, "/api-keys") && r.Method == http.MethodPost
		mu.Lock()
		n := 0
		if keys {
			posts++
			n = posts
		}
		if n == 1 {
			heldBody, _ = io.ReadAll(r.Body)
			heldPath, heldHeader = r.URL.Path, r.Header.Clone()
			mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusGatewayTimeout)
			_, _ = w.Write([]byte(`{"error":"Gateway timeout"}`))
			return
		}
		mu.Unlock()
		rp.ServeHTTP(w, r)
		if n == 2 { // the upstream finishes the first write now
			r42PostToEmulator(emu+heldPath, heldHeader, heldBody)
		}
	})(t, emu)
}

// A start step answered 504 (the result: "does not settle it … Do not start again blindly"),
// the keys still unchanged when the agent next calls start: the server treats the unchanged
// secondary as proof the unsure start "did not take effect" (rotate.go seen.unchanged ->
// noEffect -> forget) and runs a second start without the unsure refusal. The first start then
// lands late: the secondary the second start handed out is replaced, and clients moved to it are
// cut off -- a double rotation after "outcome unknown".
func TestR42ReviewflowsStartAfterUnsureGatewayTimeoutStart(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: r42ReviewflowsLateStart})
	first := h.fail(t, "rotate_api_keys", rotateStart)
	t.Logf("first start (504):\n%s", first)
	res := h.call(t, "rotate_api_keys", rotateStart)
	second := text(res)
	t.Logf("second start:\n%s", second)
	if strings.HasPrefix(second, "Refused") {
		return // held: the unsure start was not taken as settled
	}
	var got struct {
		Secondary string `json:"api_key_2"`
	}
	structured(t, res, &got)
	if _, s2 := emulatorKeys(t, h); s2 == got.Secondary || got.Secondary == "" {
		t.Fatalf("the late first start was to replace the secondary the second start made")
	}
	t.Errorf("a start right after a start answered 504 (\"does not settle it\", \"Do not start again blindly\") is not refused "+
		"as unsure: the unchanged secondary is taken as proof the first did not take effect; the late first start then "+
		"replaces the secondary this one handed out:\n%s", second)
}

// A start step answered 504 whose read after shows the keys unchanged: its own result says that
// "does not settle it" and the API may apply it a moment later; a finish called right after
// (the keys still unchanged) is refused saying, as a fact, "that step did not take effect" and
// to call start again (RotationStartHadNoEffect) -- the claim the 504 result just withheld,
// and the blind re-start it forbade.
func TestR42ReviewflowsFinishAfterGatewayTimeoutStartClaimsNoEffect(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
	start := h.fail(t, "rotate_api_keys", rotateStart)
	t.Logf("start (504):\n%s", start)
	out := text(h.call(t, "rotate_api_keys", rotateFinish))
	t.Logf("finish:\n%s", out)
	if strings.Contains(out, "did not take effect") {
		t.Errorf("a finish right after a start answered 504 says the start did not take effect, though the start's own "+
			"result said the unchanged keys do not settle it:\n%s", out)
	}
}

// A pause whose answer is lost, with a deployment in flight, on a server whose tools are only
// the apps toolset (--toolsets apps: pause_app is there, get_deployment is not): the new text
// sends the agent to "get_deployment of it", a tool this server does not offer, where every
// other follow-up text names an unavailable tool only as not available, with why
// (unusableTools). README (Tool availability): a result never names a tool the caller cannot use
// as the next step.
func TestR42ReviewflowsPauseLostNamesHiddenGetDeployment(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		policy: tools.Policy{Toolsets: []string{"apps"}}})
	for _, tl := range h.listTools(t) {
		if tl.Name == "get_deployment" {
			t.Fatal("get_deployment was to be hidden by --toolsets apps")
		}
	}
	// A deployment in flight, started straight at the emulator (create_deployment is hidden too).
	id := h.appID(t, "analytics-app")
	req, _ := http.NewRequest(http.MethodPost, h.api.URL+"/v1/projects/"+itoa(id)+"/deployments", strings.NewReader(`{}`))
	req.Header.Set("Authorization", "Bearer sandbox")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 202 {
		t.Fatalf("deployment: %d", resp.StatusCode)
	}
	h.emu.InjectFault(sandbox.Fault{Operation: api.PauseProject.ID, Status: 502, AfterApply: true})
	out := h.fail(t, "pause_app", map[string]any{"app": "analytics-app"})
	t.Logf("pause:\n%s", out)
	if strings.Contains(out, "get_deployment of it shows which") {
		t.Errorf("a lost pause names get_deployment as the check, a tool this server does not offer (--toolsets apps):\n%s", out)
	}
}

// r42ReviewflowsLateFinish is a gateway in front of the API that answers the second key
// regeneration (the rotation's finish) with status at once while its upstream is still working
// on it: the write reaches the API only after the next read of the keys has been answered. A
// Google Cloud load balancer answers 502 (statusDetails backend_timeout) and Heroku's router 503
// (H12) when the backend is slow, and the backend keeps running the request.
func r42ReviewflowsLateFinish(status int) func(t *testing.T, emu string) string {
	return func(t *testing.T, emu string) string {
		var mu sync.Mutex
		posts := 0
		var heldPath string
		var heldHeader http.Header
		var heldBody []byte
		held := false
		return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, rp http.Handler) {
			keys := strings.HasSuffix(r.URL.Path, "/api-keys")
			mu.Lock()
			if keys && r.Method == http.MethodPost {
				posts++
				if posts == 2 {
					heldBody, _ = io.ReadAll(r.Body)
					heldPath, heldHeader, held = r.URL.Path, r.Header.Clone(), true
					mu.Unlock()
					// The gateway's own page, not the API's error envelope ({"error": …}, which is
					// the API's answer once it stopped handling the request).
					w.Header().Set("Content-Type", "text/html; charset=UTF-8")
					w.WriteHeader(status)
					page := "<!DOCTYPE html><html lang=en><title>Error 502 (Server Error)!!1</title><p><b>502.</b> That's an error."
					if status == http.StatusServiceUnavailable {
						page = "<!DOCTYPE html><html><head><title>Application Error</title></head><body></body></html>"
					}
					_, _ = w.Write([]byte(page))
					return
				}
			}
			late := keys && r.Method == http.MethodGet && held
			if late {
				held = false
			}
			mu.Unlock()
			rp.ServeHTTP(w, r)
			if late {
				r42PostToEmulator(emu+heldPath, heldHeader, heldBody)
			}
		})(t, emu)
	}
}

// A finish answered 502/503 by a gateway whose backend keeps running the request (GCP's load
// balancer on backend_timeout, Heroku's router on H12): one read of the keys just after, still
// unchanged, is taken as proof: "the step did not take effect: the primary and the secondary keys
// keep working. Call rotate_api_keys with step "finish" again" -- the primary is replaced a
// moment later, and a second finish replaces it again. client/errors.go MayStillApply and
// README (rotate_api_keys) assert that any 500/502/503 "came after the request stopped being
// handled"; that holds only for an API server's own answers, not for gateways'.
func TestR42ReviewflowsRotationGateway502CalledNotApplied(t *testing.T) {
	for _, status := range []int{502, 503} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
				upstream: r42ReviewflowsLateFinish(status)})
			h.ok(t, "rotate_api_keys", rotateStart)
			p0, _ := emulatorKeys(t, h)
			out := h.fail(t, "rotate_api_keys", rotateFinish)
			t.Logf("finish:\n%s", out)
			if p1, _ := emulatorKeys(t, h); p1 == p0 {
				t.Fatal("the held finish was to reach the API after the read")
			}
			if strings.Contains(out, "did not take effect") {
				t.Errorf("a finish answered %d by a gateway is said not to have taken effect (primary keeps working); the "+
					"API replaced the primary a moment later:\n%s", status, out)
			}
		})
	}
}

// A rollback answered 504 Gateway Timeout whose read after shows nothing deployed since: the server
// itself keeps it unsettled (late: the write may still land, README "unless the answer may still be
// followed by the write ... 504, when it stays unsettled"), yet the result tells the agent exactly
// what it tells after a 502: "List the app's deployments (newest first) to see whether the rollback
// was queued before rolling back again" -- a list showing nothing, as the server's own read just did,
// then reads as "not queued, roll back again", the blind re-run rotate_api_keys' 504 text forbids.
// Should the late rollback land after the agent's next deployment has ended, it reverts it.
func TestR42ReviewflowsRollback504TextSaysListThenRetry(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	good := r42FlowsGoodBad(t, h)
	args := map[string]any{"app": "docs-search", "deployment_id": good}
	h.emu.InjectFault(sandbox.Fault{Operation: api.RollbackProject.ID, Status: 504})
	out504 := h.fail(t, "rollback_deployment", args)
	t.Logf("504:\n%s", out504)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RollbackProject.ID, Status: 502})
	out502 := h.fail(t, "rollback_deployment", args)
	t.Logf("502:\n%s", out502)
	if !strings.Contains(out504, "later") && !strings.Contains(out504, "still") {
		t.Errorf("a rollback answered 504, which this server keeps unsettled because it may still land, tells the agent "+
			"to list deployments and roll back again, as after a 502, without saying a list showing nothing does not settle it:\n%s", out504)
	}
}

// A rollback whose answer was lost and whose read after took deployment 1008 for it ("is taken for
// that rollback: no second one is needed"; its commit message even reads "Rollback to deployment
// 1001"): create_deployment while it is in flight gets 409 and is told to wait and "deploy again",
// without a word that deploying after it undoes the rollback. Before this round the same
// create_deployment said so (rollbackOf); the round now suppresses it for any deployment only
// taken for a rollback (tools/deployments.go:671-674) instead of hedging it, so the likeliest case
// -- it is the rollback -- is silently undone.
func TestR42ReviewflowsCreateAfterByShapeRollbackSilent(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RollbackProject.ID, Status: 502, AfterApply: true})
	mustContain(t, "lost", h.ok(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1001}),
		"is taken for that rollback")
	out := h.fail(t, "create_deployment", map[string]any{"app": "analytics-app"})
	t.Logf("create:\n%s", out)
	if !strings.Contains(strings.ToLower(out), "rollback") {
		t.Errorf("create_deployment refused by the deployment this server took for the rollback says nothing of "+
			"undoing it:\n%s", out)
	}
}

// The by-shape hedge sends the agent to created_by ("its created_by tells"), but the deployment the
// rollback made has none (null: "Created via: api" is its creation_source), as a deployment any API
// token makes: the field named as the tie-breaker does not tell.
func TestR42ReviewflowsByShapeCreatedByDoesNotTell(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RollbackProject.ID, Status: 502, AfterApply: true})
	res := h.call(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1001})
	out := text(res)
	var d struct {
		CreatedBy any `json:"created_by"`
	}
	structured(t, res, &d)
	t.Logf("%s\ncreated_by: %v", out, d.CreatedBy)
	if strings.Contains(out, "created_by tells") && (d.CreatedBy == nil || d.CreatedBy == "") {
		t.Errorf("the hedge names created_by as what tells the rollback from another caller's deployment, but the "+
			"rollback's deployment has no created_by:\n%s", out)
	}
}

// README (rollback_deployment, line 680) says nothing the API returns tells a rollback from
// another caller's deployment of the same image, commit and replicas, and the new hedge rests on
// that; the emulator's rollback deployment carries commit_message "Rollback to deployment N"
// (sandbox/runtime.go:621), an Assumed fact api/README does not record, which tells them apart
// at a glance (get_deployment shows it as "Message"). Client, emulator and README disagree.
func TestR42ReviewflowsEmulatorMarksRollbacks(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	out := h.ok(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1001})
	t.Logf("%s", out)
	if strings.Contains(out, "Rollback to deployment 1001") {
		t.Errorf("the emulator marks a rollback's deployment (commit message \"Rollback to deployment 1001\") though README says " +
			"nothing the API returns tells a rollback apart, and api/README records no such message")
	}
}

// A finish answered 504 whose write lands a moment after the read that follows it (the result:
// "does not settle it … A new primary means the finish step went through: the rotation is
// complete"). get_api_keys then shows the new primary; the agent starts the next rotation and is
// refused: the start step "made the current secondary key … and was not finished … call
// rotate_api_keys with step "finish"" -- the rotation was finished, and the finish it sends the
// agent to replaces the primary once more and reports "Rotation complete" again. The unsure
// finish is recorded as not applied (rotationLost: done(finish, false)), so the later steps are
// told the opposite of what the 504 result said a new primary means.
func TestR42ReviewflowsStartAfterLateFinishSaysNotFinished(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: r42FlowsLateWrite})
	h.ok(t, "rotate_api_keys", rotateStart)
	p0, _ := emulatorKeys(t, h)
	t.Logf("finish (504):\n%s", h.fail(t, "rotate_api_keys", rotateFinish))
	if p1, _ := emulatorKeys(t, h); p1 == p0 {
		t.Fatal("the held finish was to land after the read")
	}
	out := text(h.call(t, "rotate_api_keys", rotateStart))
	t.Logf("start:\n%s", out)
	if strings.Contains(out, "was not finished") {
		t.Errorf("after a finish that went through (answered 504, landed a moment later; the keys show the new primary), "+
			"the next rotation's start is refused as if the rotation was not finished:\n%s", out)
	}
}
