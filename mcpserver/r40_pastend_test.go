package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR40PagePastTheEndShowsNoEmptyTable: an offset past the end of a list gives the list's
// count and the page note ("No members at offset 500."), as list_apps does, never the header of a
// table with no rows.
func TestR40PagePastTheEndShowsNoEmptyTable(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, tc := range []struct {
		tool, want string
		args       map[string]any
	}{
		{"list_apps", "No apps at offset 500.", map[string]any{"offset": 500}},
		{"list_members", "No members at offset 500.", map[string]any{"offset": 500}},
		{"list_secrets", "No secrets at offset 500.", map[string]any{"app": "analytics-app", "offset": 500}},
		{"list_orgs", "No organizations at offset 500.", map[string]any{"offset": 500}},
	} {
		res := h.call(t, tc.tool, tc.args)
		out := text(res)
		if res.IsError || !strings.Contains(out, tc.want) {
			t.Errorf("%s past the end: want %q in:\n%s", tc.tool, tc.want, out)
		}
		if strings.Contains(out, "|---") {
			t.Errorf("%s past the end shows an empty table:\n%s", tc.tool, out)
		}
	}
}
