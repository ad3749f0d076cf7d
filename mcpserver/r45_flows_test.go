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
