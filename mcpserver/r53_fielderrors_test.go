package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR53FieldErrorsSayTheFieldOnce: a refused argument is named once, before its rule, and
// several refused arguments stand on lines of their own, so a rule that itself holds a ";"
// or a "," does not run into the next one.
func TestR53FieldErrorsSayTheFieldOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	got := h.fail(t, "update_app", map[string]any{"app": "analytics-app", "replicas": 50})
	mustContain(t, "one field", got, "Invalid arguments, nothing was sent: replicas: must be between 1 and 10")

	got = h.fail(t, "update_app", map[string]any{"app": "analytics-app", "replicas": 0, "spicepod": "foo: bar\n", "visibility": "open"})
	mustContain(t, "three fields", got, "Invalid arguments, nothing was sent:\n- replicas: must be between 1 and 10\n- spicepod: must have version, kind, name\n- visibility: ")
	for _, restated := range []string{"replicas: Replicas", "spicepod: Spicepod"} {
		if strings.Contains(got, restated) {
			t.Errorf("the field is named twice (%q):\n%s", restated, got)
		}
	}
	// A rule that does not open with its field's name is left as the rules word it.
	got = h.fail(t, "update_app", map[string]any{"app": "analytics-app", "spicepod": "version: v1\nkind: Pod\nname: x\n"})
	mustContain(t, "kind", got, "spicepod: kind must be Spicepod, got Pod")
}
