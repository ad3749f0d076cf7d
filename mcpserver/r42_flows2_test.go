package mcpserver_test

import (
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// A pause answered 504 Gateway Timeout may still be applied later: the result says so, and that a
// resume soon after could be undone by it; a 502 of the API itself (its error envelope) keeps the
// plain text.
func TestR42Flows2Pause504SaysItMayStillLand(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.PauseProject.ID, Status: 504})
	out := h.fail(t, "pause_app", map[string]any{"app": "analytics-app"})
	mustContain(t, "504", out, "may still be running", "Do not resume the app")
	h.emu.InjectFault(sandbox.Fault{Operation: api.PauseProject.ID, Status: 502})
	out = h.fail(t, "pause_app", map[string]any{"app": "analytics-app"})
	if strings.Contains(out, "may still be running") {
		t.Errorf("a 502 of the API (its error envelope) is said to be maybe still running:\n%s", out)
	}
}

// The unsure start step that may still land is held for 15 minutes: after that, keys still
// showing the old secondary settle it as not applied and a start goes ahead.
func TestR42Flows2UnsureStartSettlesAfterTheWindow(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
	h.fail(t, "rotate_api_keys", rotateStart)
	mustContain(t, "held", text(h.call(t, "rotate_api_keys", rotateStart)), "Refused", "may still land", "get_api_keys")
	h.clock.Advance(16 * time.Minute)
	h.ok(t, "rotate_api_keys", rotateStart)
}
