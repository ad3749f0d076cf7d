package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR40UnknownArgumentOffersOnlyListedArguments: README (Safety) says that outside
// --confirm=agent "tools/list does not offer" confirm, and (Tests) "the confirm argument is
// offered only with --confirm=agent". The refusal of an unknown argument lists what "this tool
// takes"; under --confirm=human (the default) and off it must not offer confirm, which the
// tool's schema leaves out and which would be ignored.
func TestR40UnknownArgumentOffersOnlyListedArguments(t *testing.T) {
	for _, mode := range []tools.ConfirmMode{tools.ConfirmHuman, tools.ConfirmOff} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: mode}})
		schemas := map[string]string{}
		for _, tool := range h.listTools(t) {
			var names []string
			for name := range tool.InputSchema.Properties {
				names = append(names, name)
			}
			schemas[tool.Name] = strings.Join(names, ",")
		}
		for _, tc := range []struct{ tool, args string }{
			{"delete_app", `{"app":"docs-search","bogus":1}`},
			{"update_member_roles", `{"member":"bob","roles":["viewer"],"username":"bob"}`},
			{"remove_member", `{"member":"bob","user":"bob"}`},
		} {
			if strings.Contains(schemas[tc.tool], "confirm") {
				t.Fatalf("%s: %s schema offers confirm (%s)", mode, tc.tool, schemas[tc.tool])
			}
			res := h.callRaw(t, tc.tool, tc.args)
			if got := text(res); strings.Contains(got, "confirm") {
				t.Errorf("--confirm=%s: %s's schema offers [%s], but its refusal offers confirm:\n%s", mode, tc.tool, schemas[tc.tool], got)
			}
		}
	}
}
