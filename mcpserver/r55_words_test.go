package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR55WordsOffsetOnce: a negative offset is refused naming the field once, whichever
// offset it is.
func TestR55WordsOffsetOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, tc := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"get_app", map[string]any{"app": "analytics-app", "spicepod_offset": -1}, "Invalid arguments, nothing was sent: spicepod_offset: must be 0 or more"},
		{"list_apps", map[string]any{"offset": -1}, "Invalid arguments, nothing was sent: offset: must be 0 or more"},
	} {
		got := h.fail(t, tc.tool, tc.args)
		mustContain(t, tc.tool, got, tc.want)
		if strings.Contains(strings.ToLower(got), "offset: offset") {
			t.Errorf("%s: the field is named twice:\n%s", tc.tool, got)
		}
	}
}
