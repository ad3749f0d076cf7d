package mcpserver_test

import (
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// The token cannot read the keys at all, and a start step's answer was lost: a finish with force
// goes ahead (it was refused with the read's error), and its result says this server cannot tell
// whether that start step replaced the secondary.
func TestR45FlowsForceGoesAheadWithKeysUnread(t *testing.T) {
	h := r45FlowsHarness(t)
	h.emu.InjectFault(sandbox.Fault{Operation: api.GetProjectAPIKeys.ID, Status: 403, Times: -1})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502, AfterApply: true})
	t.Logf("lost start:\n%s", h.fail(t, "rotate_api_keys", rotateStart))
	p, _ := emulatorKeys(t, h)
	res := h.call(t, "rotate_api_keys", forced(rotateFinish))
	out := text(res)
	t.Logf("forced finish:\n%s", out)
	if res.IsError {
		t.Fatalf("a forced finish with the keys unread was refused:\n%s", out)
	}
	mustContain(t, "forced finish", out, "Regenerated the **primary** key", "got no clear answer", "cannot say whether it made")
	if np, _ := emulatorKeys(t, h); np == p {
		t.Error("the forced finish did not replace the primary")
	}
}

// A start step that went through, then the token can no longer read the keys: a forced finish
// and a forced start go ahead and say the start step's secondary was not checked.
func TestR45FlowsForceWithKeysUnreadSaysUnchecked(t *testing.T) {
	for _, args := range []map[string]any{forced(rotateFinish), forced(rotateStart)} {
		h := r45FlowsHarness(t)
		h.ok(t, "rotate_api_keys", rotateStart)
		h.emu.InjectFault(sandbox.Fault{Operation: api.GetProjectAPIKeys.ID, Status: 403, Times: -1})
		res := h.call(t, "rotate_api_keys", args)
		out := text(res)
		t.Logf("forced %s:\n%s", args["step"], out)
		if res.IsError {
			t.Fatalf("a forced %s with the keys unread was refused:\n%s", args["step"], out)
		}
		mustContain(t, "unchecked", out, "could not check whether the secondary key was still the one its start step made")
	}
}
