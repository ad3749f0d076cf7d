package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR56WordsConflictWithoutCode: a 409 without an error code, on a tool whose operation no
// remedy row knows, still tells the agent what to do next.
func TestR56WordsConflictWithoutCode(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	for _, tc := range []struct {
		op, tool string
		args     map[string]any
	}{
		{"deleteProject", "delete_app", map[string]any{"app": "docs-search", "confirm": "docs-search"}},
		{"upsertProjectSecret", "set_secret", map[string]any{"app": "analytics-app", "name": "X", "value": "v"}},
		{"removeMember", "remove_member", map[string]any{"member": "bob", "confirm": "bob"}},
	} {
		h.emu.InjectFault(sandbox.Fault{Operation: tc.op, Status: 409})
		got := h.fail(t, tc.tool, tc.args)
		mustContain(t, tc.tool, got, "409 Conflict", "\nWhat to do: What this call names changed meanwhile")
	}
}

// TestR56WordsSaidOnce: refusals name their field once, an approval says once that a replaced
// key is gone for good.
func TestR56WordsSaidOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	got := h.fail(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG-PASS", "value": "v"})
	mustContain(t, "set_secret", got, "name: can only contain letters, numbers, and underscores")
	got = h.fail(t, "create_app", map[string]any{"name": "ab"})
	mustContain(t, "create_app", got, "Invalid arguments, nothing was sent: name: must be at least 4 characters")
	got = h.fail(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 0})
	mustContain(t, "regenerate_api_key", got, "the old keys stop working immediately and cannot be restored")
	if strings.Contains(got, "old key ") {
		t.Errorf("regenerate_api_key says the old key twice:\n%s", got)
	}

}
