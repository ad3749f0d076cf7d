package mcpserver_test

import (
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

var (
	r43RotateStartForced  = map[string]any{"app": "analytics-app", "step": "start", "force": true}
	r43RotateFinishForced = map[string]any{"app": "analytics-app", "step": "finish", "force": true}
)

// A start step answered 504 (it may still land), then a start with force: true. Force is the
// user's override and goes ahead, but its result says the earlier start's outcome is unknown:
// the secondary it replaced may have been that step's (clients moved to it lost access), and
// that step may still land and replace the secondary this one hands out.
func TestR43RotationForcedStartOverUnsureStartSaysSo(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
	h.fail(t, "rotate_api_keys", rotateStart)
	out := h.ok(t, "rotate_api_keys", r43RotateStartForced)
	t.Logf("forced start:\n%s", out)
	mustContain(t, "forced start", out, "got no clear answer", "may have been the one it made", "may still land")
}

// A start step answered 504 (it may still land), then a finish with force: true: it goes ahead,
// but the secondary it leaves clients on may still be replaced by that start step, which the
// result says instead of "clients may use the secondary key".
func TestR43RotationForcedFinishOverUnsureStartSaysItMayStillLand(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
	h.fail(t, "rotate_api_keys", rotateStart)
	out := h.ok(t, "rotate_api_keys", r43RotateFinishForced)
	t.Logf("forced finish:\n%s", out)
	mustContain(t, "forced finish", out, "got no clear answer", "may still land until", "replaces the secondary key")
}

// A finish answered 504 Gateway Timeout whose read after shows the primary unchanged: it may
// still land. A second finish right after is refused (it could replace the primary twice, the
// second time after clients were told of this one's new primary); with force it goes ahead and
// says the earlier finish may still land; after 15 minutes an unchanged primary settles it as not
// applied and a finish goes ahead.
func TestR43RotationSecondFinishAfterUnsureFinish(t *testing.T) {
	setup := func(t *testing.T) *harness {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
		h.ok(t, "rotate_api_keys", rotateStart)
		h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
		out := h.fail(t, "rotate_api_keys", rotateFinish)
		t.Logf("finish (504):\n%s", out)
		// Its text says what the server does next, not that a read still showing the old primary
		// makes another finish safe (the step may land after that read).
		if strings.Contains(out, "only once a later read still shows the old primary") {
			t.Errorf("the 504 finish's text says a later read showing the old primary makes a second finish safe:\n%s", out)
		}
		mustContain(t, "504 finish", out, "refuses another finish", "2026-11-22 12:15:00Z")
		return h
	}
	t.Run("refused", func(t *testing.T) {
		h := setup(t)
		p0, _ := emulatorKeys(t, h)
		out := text(h.call(t, "rotate_api_keys", rotateFinish))
		t.Logf("second finish:\n%s", out)
		if p1, _ := emulatorKeys(t, h); !strings.HasPrefix(out, "Refused") || p1 != p0 {
			t.Fatalf("a second finish right after a finish answered 504 (which may still land) is not refused:\n%s", out)
		}
		mustContain(t, "refusal", out, "may still land", "get_api_keys", "force: true")
		start := text(h.call(t, "rotate_api_keys", rotateStart))
		t.Logf("start:\n%s", start)
		if strings.Contains(start, "was not finished") {
			t.Errorf("a start while a finish may still land says flatly the rotation was not finished:\n%s", start)
		}
	})
	t.Run("forced", func(t *testing.T) {
		h := setup(t)
		out := h.ok(t, "rotate_api_keys", r43RotateFinishForced)
		t.Logf("forced finish:\n%s", out)
		mustContain(t, "forced finish", out, "got no clear answer", "may still land")
	})
	t.Run("after the window", func(t *testing.T) {
		h := setup(t)
		h.clock.Advance(16 * time.Minute)
		out := h.ok(t, "rotate_api_keys", rotateFinish)
		t.Logf("finish after the window:\n%s", out)
		mustContain(t, "after the window", out, "Rotation complete")
	})
	t.Run("landed", func(t *testing.T) {
		h := setup(t)
		// The lost finish lands late: the primary is replaced at the emulator directly, as the delayed
		// request would, not through regenerate_api_key (which this server takes as another call that
		// leaves the lost finish unsettled: TestR43ReviewflowsRegenerateDuringPendingFinishTakenAsLanded).
		r42FlowsRegenerate(t, h, 1)
		out := text(h.call(t, "rotate_api_keys", rotateFinish))
		t.Logf("finish after it landed:\n%s", out)
		mustContain(t, "landed", out, "Refused", "finished it already")
	})
}
