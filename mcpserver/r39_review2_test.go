package mcpserver_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Two rollback calls in a row whose answers are both lost: the first applied (deployment 1008)
// and its read after failed; the agent retries, and the retry's answer is lost too (nothing
// applied: 1008 is in flight). The retry is checked against the first attempt (the newest
// deployment before it), so 1008 is taken for the rollback, and a third call's 409 naming 1008
// says it is the rollback queued already. The retry's own record (prior = 1008) had overwritten
// the first, and 1008 was no longer recognised: the text named a second rollback.
func TestR39Review2TwoLostRollbackAnswersKeepTheFirst(t *testing.T) {
	args := map[string]any{"app": "analytics-app", "deployment_id": 1001}
	same := "is taken for the rollback to deployment 1001 whose answer this server lost" // by shape: hedged (R42)
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	// call 1: prior read ok, rollback applied but 502, read after fails
	h.emu.InjectFault(sandbox.Fault{Operation: api.RollbackProject.ID, Status: 502, AfterApply: true})
	h.emu.InjectFault(sandbox.Fault{Operation: api.ListProjectDeployments.ID})
	h.emu.InjectFault(sandbox.Fault{Operation: api.ListProjectDeployments.ID, Status: 500})
	h.fail(t, "rollback_deployment", args)
	// call 2: its answer lost as well (a 502 before anything applied)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RollbackProject.ID, Status: 502})
	if out := h.ok(t, "rollback_deployment", args); !strings.Contains(out, "deployment 1008, created since") {
		t.Errorf("the retry does not take 1008, the first attempt's rollback, for it:\n%s", out)
	}
	// call 3: the API's 409 names 1008
	out := h.fail(t, "rollback_deployment", args)
	if !strings.Contains(out, same) {
		t.Errorf("after two lost answers the deployment in flight (the first call's rollback) is not recognised; the text names a second rollback:\n%s", out)
	}
}

// Someone else (a colleague in the portal, another agent) redeploys the app's stored, bad
// configuration at the moment the rollback is sent; the rollback request itself fails with a
// 502 before anything is applied. The newer deployment has the target's image tag, commit (none)
// and replicas: nothing the API returns tells it from the rollback, so the result may take it for
// the rollback only saying that such a deployment would look the same (it had said flatly "is
// that rollback", though it runs the bad spicepod and the rollback never happened).
func TestR39Review2ConcurrentRedeployTakenForLostRollback(t *testing.T) {
	var redeployed atomic.Bool
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: func(t *testing.T, emu string) string {
			return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, rp http.Handler) {
				if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/rollback") && redeployed.CompareAndSwap(false, true) {
					// another client's create_deployment of the stored configuration reaches the API ...
					req, _ := http.NewRequest(http.MethodPost, emu+strings.TrimSuffix(r.URL.Path, "/rollback")+"/deployments", bytes.NewReader(nil))
					req.Header = r.Header.Clone()
					if resp, err := http.DefaultClient.Do(req); err == nil {
						_, _ = io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
					}
					// ... and the rollback fails before it is applied
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(http.StatusBadGateway)
					_, _ = w.Write([]byte(`{"error":"Bad gateway"}`))
					return
				}
				rp.ServeHTTP(w, r)
			})(t, emu)
		}})
	h.ok(t, "update_app", map[string]any{"app": "docs-search", "spicepod": "version: v1\nkind: Spicepod\nname: docs\n"})
	h.ok(t, "create_deployment", map[string]any{"app": "docs-search"})
	h.clock.Advance(10 * time.Minute)
	good := h.newestIDs(t)
	h.ok(t, "update_app", map[string]any{"app": "docs-search", "spicepod": "version: v1\nkind: Spicepod\nname: docs-broken\n"})
	h.ok(t, "create_deployment", map[string]any{"app": "docs-search"})
	h.clock.Advance(10 * time.Minute)
	out := text(h.call(t, "rollback_deployment", map[string]any{"app": "docs-search", "deployment_id": good}))
	t.Log(out)
	if strings.Contains(out, "answer to the rollback was lost, but deployment") && !strings.Contains(out, "that another caller started meanwhile would look the same") {
		t.Errorf("someone else's redeploy of the stored (bad) configuration is called the rollback, flatly, though the rollback was never applied:\n%s", out)
	}
}

// regenerate_api_key of the PRIMARY (key_number 1) cannot change the secondary (api/README
// §7.6), so it leaves an unsure start step settleable: a finish whose key read shows the
// secondary changed since the read before that start (only the start can have changed it) goes
// ahead as TestR39RotationLostStartSettledByARead does (it had been refused on the doubt).
func TestR39Review2RegeneratePrimaryLeavesUnsureStartSettleable(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: secondKeysReadForbidden})
	_, s0 := emulatorKeys(t, h)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502, AfterApply: true})
	mustContain(t, "lost start", h.fail(t, "rotate_api_keys", rotateStart), "The API may have replaced the secondary key")
	h.ok(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 1})
	if _, s := emulatorKeys(t, h); s == s0 {
		t.Fatal("the start was to apply")
	}
	out := text(h.call(t, "rotate_api_keys", rotateFinish))
	if strings.Contains(out, "Refused") {
		t.Errorf("the secondary changed only by the start step, but a primary-only regenerate made finish refuse on the doubt:\n%s", out)
	}
}

// An unsure start read before, then regenerate_api_key of the secondary: the finish's refusal
// says a key was regenerated since, not "it could not read the keys before it" (false: the keys
// were read before the start).
func TestR39Review2TaintedRefusalSaysARegenerate(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: secondKeysReadForbidden})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502, AfterApply: true})
	mustContain(t, "lost start", h.fail(t, "rotate_api_keys", rotateStart), "The API may have replaced the secondary key")
	h.ok(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2})
	out := text(h.call(t, "rotate_api_keys", rotateFinish))
	if strings.Contains(out, "could not read the keys before it") || !strings.Contains(out, "a key was regenerated since") {
		t.Errorf("the keys were read before the start step (the 1st read succeeded), but the refusal says they could not be:\n%s", out)
	}
}
