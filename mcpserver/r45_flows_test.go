package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r45FlowsHarness is the demo emulator with confirmation off.
func r45FlowsHarness(t *testing.T) *harness {
	return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
}

// regenerate_api_key while a rotation step whose answer was lost may still land: the result (text
// and structured note) warns that it may still land and replace a key; without one, no note.
func TestR45FlowsRegenerateWarnsOfLostStepThatMayLand(t *testing.T) {
	regen := func(t *testing.T, h *harness, key int) (string, map[string]any) {
		res := h.call(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": key})
		if res.IsError {
			t.Fatalf("regenerate_api_key failed: %s", text(res))
		}
		var v map[string]any
		structured(t, res, &v)
		return text(res), v
	}
	t.Run("lost start", func(t *testing.T) {
		h := r45FlowsHarness(t)
		h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
		h.fail(t, "rotate_api_keys", rotateStart)
		out, v := regen(t, h, 2)
		t.Logf("regenerate:\n%s", out)
		mustContain(t, "text", out, "may still land", "secondary")
		if note, _ := v["note"].(string); !strings.Contains(note, "may still land") {
			t.Errorf("structured note = %q", note)
		}
	})
	t.Run("lost finish", func(t *testing.T) {
		h := r45FlowsHarness(t)
		h.ok(t, "rotate_api_keys", rotateStart)
		h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
		h.fail(t, "rotate_api_keys", rotateFinish)
		out, v := regen(t, h, 1)
		t.Logf("regenerate:\n%s", out)
		mustContain(t, "text", out, "may still land", "primary")
		if note, _ := v["note"].(string); !strings.Contains(note, "may still land") {
			t.Errorf("structured note = %q", note)
		}
	})
	t.Run("none held", func(t *testing.T) {
		h := r45FlowsHarness(t)
		h.ok(t, "rotate_api_keys", rotateStart)
		out, v := regen(t, h, 2)
		if strings.Contains(out, "may still land") || v["note"] != nil {
			t.Errorf("a warning with no lost step held:\n%s\n%v", out, v)
		}
	})
}

// A forced start over a finish whose answer was lost and which may still land, the start's own
// answer lost too: whatever the read after shows, the text does not assert the primary keeps
// working, since the held finish may still replace it.
func TestR45FlowsLostStartOverHeldFinishHedgesPrimary(t *testing.T) {
	for _, c := range []struct {
		name  string
		fault sandbox.Fault
	}{
		{"applied", sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502, AfterApply: true}},
		{"not applied", sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 502}},
		{"may still apply", sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504}},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := r45FlowsHarness(t)
			h.ok(t, "rotate_api_keys", rotateStart)
			h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
			h.fail(t, "rotate_api_keys", rotateFinish)
			h.emu.InjectFault(c.fault)
			out := h.fail(t, "rotate_api_keys", forced(rotateStart))
			t.Logf("forced lost start:\n%s", out)
			for _, claim := range []string{"primary key was not touched and keeps working", "the primary and the secondary keys keep working"} {
				if strings.Contains(out, claim) {
					t.Errorf("asserts %q while a lost finish may still replace the primary", claim)
				}
			}
			mustContain(t, "hedge", out, "finish step at 2026-11-22 12:00:00Z", "may still land")
		})
	}
}

// A start answered 504 (it may still land), then a forced start whose answer is lost too, the
// read after showing a new secondary: either step may have made it, and the earlier one may still
// replace it, so the result does not say this step went through.
func TestR45FlowsForcedLostStartOverLostStartClaimsNeither(t *testing.T) {
	h := r45FlowsHarness(t)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504})
	h.fail(t, "rotate_api_keys", rotateStart)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Status: 504, AfterApply: true})
	out := h.fail(t, "rotate_api_keys", forced(rotateStart))
	t.Logf("forced lost start:\n%s", out)
	if strings.Contains(out, "so the start step went through") {
		t.Error("claims this start step went through while the earlier lost one may have made the new secondary")
	}
	mustContain(t, "neither", out, "earlier start step", "may still land")
	fin := text(h.call(t, "rotate_api_keys", rotateFinish))
	t.Logf("finish:\n%s", fin)
	if !strings.HasPrefix(fin, "Refused") {
		t.Errorf("a finish right after goes ahead though the earlier start may still replace the secondary:\n%s", fin)
	}
}
