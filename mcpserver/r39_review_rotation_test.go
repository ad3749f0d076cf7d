package mcpserver_test

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// The key read before the step fails (once), the step's answer is lost and nothing was applied,
// the read after succeeds: with nothing to compare it with, the result says it cannot tell (it
// had compared with empty keys and said the start went through).
func TestR39ReviewRotationLostStartBeforeReadFailed(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	p0, s0 := emulatorKeys(t, h)
	h.emu.InjectFault(sandbox.Fault{Operation: api.GetProjectAPIKeys.ID, Status: 403})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502}) // not applied
	out := h.fail(t, "rotate_api_keys", rotateStart)
	wantKeys(t, h, "lost start, not applied", p0, s0)
	if strings.Contains(out, "so the start step went through") || !strings.Contains(out, "could not read the keys to tell") {
		t.Errorf("keys unchanged and not read before the step, but the result does not say it cannot tell:\n%s", out)
	}
}

// A forced finish (after a restart): the read before fails once, the finish's answer is lost and
// nothing was applied: the result must not say "the finish step went through ... Rotation
// complete" (with a later finish refused as finished already) while the old primary still works.
func TestR39ReviewRotationLostForcedFinishBeforeReadFailed(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	p0, s0 := emulatorKeys(t, h)
	h.emu.InjectFault(sandbox.Fault{Operation: api.GetProjectAPIKeys.ID, Status: 403})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502}) // not applied
	out := h.fail(t, "rotate_api_keys", forced(rotateFinish))
	wantKeys(t, h, "lost finish, not applied", p0, s0)
	if strings.Contains(out, "the finish step went through") || strings.Contains(out, "Rotation complete") {
		t.Errorf("primary unchanged, but the result says the finish went through:\n%s", out)
	}
}

// A start step whose answer was lost, read before but not after: remembered as unsure. The agent
// then replaces the secondary itself with regenerate_api_key on this same server. A finish without
// force must not go ahead claiming the start step made that secondary (it did, taking any changed
// secondary for the start's): after an answered start, the same regenerate_api_key makes finish
// refuse (TestRotationNoticesAReplacedSecondary); here finish refuses on the doubt.
func TestR39ReviewRotationUnsureStartNotCreditedWithRegenerate(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: secondKeysReadForbidden})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502, AfterApply: true})
	lost := h.fail(t, "rotate_api_keys", rotateStart)
	mustContain(t, "lost start", lost, "The API may have replaced the secondary key")
	h.ok(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2})
	out := text(h.call(t, "rotate_api_keys", rotateFinish))
	if !strings.Contains(out, "Refused") {
		t.Errorf("finish after an unsure start and a regenerate_api_key of the secondary went ahead unforced:\n%s", out)
	}
}

// secondKeysReadForbidden is an upstream in front of the emulator whose second api-keys read is
// answered 403: the read just after a rotation step whose answer is lost, when the read before
// it succeeded.
func secondKeysReadForbidden(t *testing.T, emu string) string {
	var gets atomic.Int32
	return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, rp http.Handler) {
		if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/api-keys") && gets.Add(1) == 2 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"error":"Forbidden"}`))
			return
		}
		rp.ServeHTTP(w, r)
	})(t, emu)
}
