package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR39RotationStartLostAnswerSaysKeys: a start step whose answer was lost (applied, 502)
// says which key may have changed and which is untouched, and the finish that follows is not
// refused as if no start step had been sent.
func TestR39RotationStartLostAnswerSaysKeys(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502, AfterApply: true})
	out := h.fail(t, "rotate_api_keys", rotateStart)
	if !strings.Contains(out, "secondary") || !strings.Contains(out, "primary") {
		t.Errorf("lost start answer: neither the key that may have been replaced (secondary) nor the untouched one (primary) is named:\n%s", out)
	}
	fin := h.call(t, "rotate_api_keys", rotateFinish)
	if strings.Contains(text(fin), "has seen no start step") {
		t.Errorf("finish after a start step whose answer was lost says no start step was seen:\n%s", text(fin))
	}
}

// TestR39RotationLostStartSettledByARead: the read just after a lost start answer shows the new
// secondary: the result says the step went through, which key is gone and which keeps working,
// and the next step; finish then completes it as any start step this server saw.
func TestR39RotationLostStartSettledByARead(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	p0, s0 := emulatorKeys(t, h)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502, AfterApply: true})
	out := h.fail(t, "rotate_api_keys", rotateStart)
	mustContain(t, "lost start", out, "got no clear answer", "show a new secondary key, so the start step went through",
		"the old secondary no longer works; the primary key was not touched and keeps working",
		"Update every client to the new secondary key (get_api_keys shows it), then call rotate_api_keys with step \"finish\"")
	p1, s1 := emulatorKeys(t, h)
	if p1 != p0 || s1 == s0 {
		t.Fatal("the fault was to apply the start step")
	}
	mustContain(t, "start again", h.fail(t, "rotate_api_keys", rotateStart), "Refused to start another key rotation")
	mustContain(t, "finish", h.ok(t, "rotate_api_keys", rotateFinish), "Regenerated the **primary** key", "Rotation complete")
	if _, s := emulatorKeys(t, h); s != s1 {
		t.Error("finish replaced the secondary")
	}
}

// TestR39RotationLostStartNotApplied: a lost start answer whose read shows both keys unchanged
// says the step did not take effect and to start again.
func TestR39RotationLostStartNotApplied(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502})
	mustContain(t, "lost start", h.fail(t, "rotate_api_keys", rotateStart), "both unchanged, so the step did not take effect",
		`Call rotate_api_keys with step "start" again, as before.`)
	mustContain(t, "finish", h.fail(t, "rotate_api_keys", rotateFinish), "has seen no start step")
	h.ok(t, "rotate_api_keys", rotateStart)
}

// TestR39RotationLostStartUnsettled: the keys cannot be read around a lost start answer: the
// result says the secondary may be new and the primary keeps working; finish and start are
// refused for that doubt (not "no start step"), and a forced finish says what is not known.
func TestR39RotationLostStartUnsettled(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.GetProjectAPIKeys.ID, Status: 403, Times: 2})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502, AfterApply: true})
	out := h.fail(t, "rotate_api_keys", rotateStart)
	mustContain(t, "lost start", out, "The API may have replaced the secondary key", "The primary key was not touched and keeps working",
		"Update every client to the current secondary key (get_api_keys shows it)", `step "finish"`, "Do not start again")
	p, s := emulatorKeys(t, h)
	fin := h.fail(t, "rotate_api_keys", rotateFinish)
	mustContain(t, "finish", fin, "Refused to finish", "got no clear answer", "cannot tell whether that step replaced the secondary key",
		"force: true", "Do not start again")
	if strings.Contains(fin, "has seen no start step") {
		t.Errorf("finish says no start step was seen:\n%s", fin)
	}
	mustContain(t, "start", h.fail(t, "rotate_api_keys", rotateStart), "Refused to start another key rotation", "got no clear answer")
	wantKeys(t, h, "refusals", p, s)
	out = h.ok(t, "rotate_api_keys", forced(rotateFinish))
	mustContain(t, "forced finish", out, "Regenerated the **primary** key", "got no clear answer, so this server cannot say whether it made that secondary")
	if np, ns := emulatorKeys(t, h); np == p || ns != s {
		t.Error("a forced finish must replace only the primary")
	}
}

// TestR39RotationLostFinish: a finish whose answer was lost says the start step's secondary is
// untouched and still valid; settled by the read, the rotation is complete.
func TestR39RotationLostFinish(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "rotate_api_keys", rotateStart)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502, AfterApply: true})
	mustContain(t, "lost finish", h.fail(t, "rotate_api_keys", rotateFinish), "got no clear answer",
		"the finish step went through", "the secondary key was not touched and keeps working", "Rotation complete")
	mustContain(t, "finish again", h.fail(t, "rotate_api_keys", rotateFinish), "finished it already")

}

// TestR39RotationLostStartPortal: where get_api_keys is excluded, a lost start's next step
// points to the Spice.ai portal and does not name it.
func TestR39RotationLostStartPortal(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ExcludeTools: []string{"get_api_keys"}},
		safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502, AfterApply: true})
	out := h.fail(t, "rotate_api_keys", rotateStart)
	mustContain(t, "lost start", out, "Update every client to the new secondary key, then call", "the Spice.ai portal shows the keys")
	mustNotName(t, "lost start", out, "get_api_keys")
}
