package mcpserver_test

import (
	"net/http"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR69Spec11EmptySecretValue: api/README §10 "Empty secret `value`" (Assumed): the API's
// schema types the value a string with no minLength, so the emulator stores an empty one (200,
// listed); set_secret refuses `value: ""` before any request, naming the field and how to let
// the user enter it instead.
func TestR69Spec11EmptySecretValue(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	if got := r68Spec10Status(t, h, sandbox.DefaultToken, "POST", "/v1/projects/101/secrets", map[string]any{"name": "EMPTY_ONE", "value": ""}); got != http.StatusOK {
		t.Fatalf("the emulator answers an empty value %d, want 200", got)
	}
	if got := r68Spec10Status(t, h, sandbox.DefaultToken, "GET", "/v1/projects/101/secrets/EMPTY_ONE", nil); got != http.StatusOK {
		t.Errorf("an empty value stored, then read: %d, want 200", got)
	}
	before := h.emu.Calls(api.UpsertProjectSecret.ID)
	out := h.fail(t, "set_secret", map[string]any{"app": "analytics-app", "name": "OTHER_ONE", "value": ""})
	mustContain(t, "set_secret with an empty value", out, "value", "must not be empty", "What to do: Leave value out")
	if n := h.emu.Calls(api.UpsertProjectSecret.ID) - before; n != 0 {
		t.Errorf("set_secret sent %d upserts for an empty value, want none", n)
	}
}
