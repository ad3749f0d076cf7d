package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR40WhoamiWithoutCredentialsNamesOnlyListedTools: README (Tools) says a hidden tool is
// never named as usable (TestR37HiddenToolsNeverNamedAsUsable sweeps only with credentials).
// Without credentials, whoami under --exclude-tools check_health (or --tools whoami,list_apps)
// lists check_health among the hidden tools and, in the same result, says "only check_health
// and whoami work".
func TestR40WhoamiWithoutCredentialsNamesOnlyListedTools(t *testing.T) {
	for _, policy := range []tools.Policy{
		{ExcludeTools: []string{"check_health"}},
		{Tools: []string{"whoami", "list_apps"}},
	} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, token: "-", policy: policy})
		for _, tool := range h.listTools(t) {
			if tool.Name == "check_health" {
				t.Fatalf("%+v: check_health is listed", policy)
			}
		}
		out := text(h.call(t, "whoami", map[string]any{}))
		if strings.Contains(out, "only check_health and whoami work") {
			t.Errorf("%+v: check_health is hidden, but whoami says it works:\n%s", policy, out)
		}
	}
}
