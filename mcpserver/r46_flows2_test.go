package mcpserver_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r46Flows2OverLostStart is a harness whose start step got no clear answer (504: it may still
// land until 12:15), a minute later.
func r46Flows2OverLostStart(t *testing.T) *harness {
	h := r46FlowsHarness(t)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
	h.fail(t, "rotate_api_keys", rotateStart)
	h.clock.Advance(time.Minute)
	return h
}

// A finish forced over a start step that may still land, its own answer lost too (504) and the
// keys unchanged after: the text does not say the secondary keeps working unhedged, but names
// the start step that may still replace it.
func TestR46Flows2LostFinishOverLostStartHedgesTheSecondary(t *testing.T) {
	h := r46Flows2OverLostStart(t)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
	out := h.fail(t, "rotate_api_keys", forced(rotateFinish))
	t.Logf("forced finish over a lost start, may still apply:\n%s", out)
	if strings.Contains(out, "The secondary key was not touched and keeps working") {
		t.Error("says the secondary keeps working, though the earlier start step may still replace it")
	}
	mustContain(t, "lost finish", out, "earlier start step at 2026-11-22 12:00:00Z", "until 2026-11-22 12:15:00Z")
}

// A step forced over a start step that may still land, answered 502 with the keys unchanged:
// once that start step can no longer land, the call the text names for an unchanged secondary
// (a start, without force) is accepted, and one for a new secondary (a finish, as it checks).
func TestR46Flows2NotAppliedOverLostStartNextIsAccepted(t *testing.T) {
	for _, step := range []map[string]any{rotateStart, rotateFinish} {
		t.Run(step["step"].(string)+"/unchanged", func(t *testing.T) {
			h := r46Flows2OverLostStart(t)
			h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502})
			out := h.fail(t, "rotate_api_keys", forced(step))
			mustContain(t, "not applied", out, "did not take effect", `step "start" (this server then accepts it)`,
				"before 2026-11-22 12:15:00Z")
			h.clock.Advance(15 * time.Minute)
			r46FlowsNotRefused(t, h, "start", rotateStart)
		})
	}
}

// A finish forced over a start step that may still land, answered 502 after it was applied: the
// text does not say the secondary keeps working unhedged, nor that clients may stay on it.
func TestR46Flows2AppliedFinishOverLostStartHedgesTheSecondary(t *testing.T) {
	h := r46Flows2OverLostStart(t)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502, AfterApply: true})
	out := h.fail(t, "rotate_api_keys", forced(rotateFinish))
	t.Logf("forced finish over a lost start, applied:\n%s", out)
	mustContain(t, "applied finish", out, "finish step went through", "earlier start step at 2026-11-22 12:00:00Z",
		"before 2026-11-22 12:15:00Z")
	for _, unhedged := range []string{"the secondary key was not touched and keeps working", "Clients may stay on the secondary key"} {
		if strings.Contains(out, unhedged) {
			t.Errorf("says %q, though the earlier start step may still replace the secondary", unhedged)
		}
	}
}

// A finish forced over a start step that may still land, its answer lost and the keys unreadable
// after it (502: it cannot land later; 504: it may): no line says the secondary is untouched
// unhedged; the start step that may still replace it is named.
func TestR46Flows2UnreadFinishOverLostStartHedgesTheSecondary(t *testing.T) {
	for _, status := range []int{502, 504} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			h := r46Flows2OverLostStart(t)
			h.emu.InjectFault(sandbox.Fault{Operation: api.GetProjectAPIKeys.ID}) // the read before: answered
			h.emu.InjectFault(sandbox.Fault{Operation: api.GetProjectAPIKeys.ID, Status: 403})
			h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: status})
			out := h.fail(t, "rotate_api_keys", forced(rotateFinish))
			t.Logf("forced finish over a lost start, unread after:\n%s", out)
			if strings.Contains(out, "The secondary key was not touched and keeps working") {
				t.Error("says the secondary keeps working, though the earlier start step may still replace it")
			}
			mustContain(t, "unread finish", out, "earlier start step at 2026-11-22 12:00:00Z", "2026-11-22 12:15:00Z")
		})
	}
}

// A finish forced over a start step that may still land, answered 504 while regenerate_api_key
// replaced the primary: the text does not call the secondary untouched unhedged either.
func TestR46Flows2ChangedFinishOverLostStartHedgesTheSecondary(t *testing.T) {
	arrived, release := make(chan struct{}), make(chan struct{})
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
		upstream: r43Reviewflows2HeldFinish(arrived, release)})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
	h.fail(t, "rotate_api_keys", rotateStart)
	h.clock.Advance(time.Minute)
	done := make(chan string)
	go func() { done <- text(h.call(t, "rotate_api_keys", forced(rotateFinish))) }()
	select {
	case <-arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("the finish never reached the gateway")
	}
	h.ok(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 1})
	close(release)
	out := <-done
	t.Logf("forced finish over a lost start, primary regenerated meanwhile:\n%s", out)
	mustContain(t, "changed finish", out, "does not tell whether this step was applied",
		"earlier start step at 2026-11-22 12:00:00Z", "2026-11-22 12:15:00Z")
	if strings.Contains(out, "The secondary key was not touched and keeps working") {
		t.Error("says the secondary keeps working, though the earlier start step may still replace it")
	}
}
