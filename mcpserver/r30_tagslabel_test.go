package mcpserver_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR30ShortenedTagsNameGetAppOnlyWhereUsable: a view's shortened tag line named get_app as
// where to read the tags whole even under --toolsets workflows or --exclude-tools get_app,
// sending the agent to a tool it cannot call. It names get_app only where the caller can use it.
func TestR30ShortenedTagsNameGetAppOnlyWhereUsable(t *testing.T) {
	const (
		toGetApp = "- Tags (shortened; get_app lists every one that fits, cutting long ones if need be): "
		nowhere  = "- Tags (shortened; no tool here lists them all): "
	)
	tags := map[string]any{}
	for i := range 40 {
		tags[fmt.Sprintf("key-%03d-abcdefghij", i)] = strings.Repeat("v", 60)
	}
	for _, tc := range []struct {
		name      string
		policy    tools.Policy
		getApp    bool // the caller can use get_app
		updateApp bool // and update_app, create_app
	}{
		{"every tool", tools.Policy{}, true, true},
		{"--exclude-tools get_app", tools.Policy{ExcludeTools: []string{"get_app"}}, false, true},
		{"--toolsets workflows", tools.Policy{Toolsets: []string{"workflows"}}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, policy: tc.policy})
			want, not := nowhere, toGetApp
			if tc.getApp {
				want, not = toGetApp, nowhere
			}
			views := map[string]string{}
			h.ok(t, "create_and_deploy_app", map[string]any{"name": "tagged-app", "spicepod": podA, "wait": false, "tags": tags})
			views["describe_app"] = h.ok(t, "describe_app", map[string]any{"app": "tagged-app"})
			if tc.updateApp {
				views["update_app"] = h.ok(t, "update_app", map[string]any{"app": "analytics-app", "tags": tags})
				views["create_app"] = h.ok(t, "create_app", map[string]any{"name": "tagged-too", "tags": tags})
			}
			if tc.getApp {
				views["spice://apps/tagged-app"] = readResource(t, h, "spice://apps/tagged-app")
			}
			for view, got := range views {
				mustContain(t, tc.name+": "+view, got, want, "(shortened; ")
				if strings.Contains(got, not) {
					t.Errorf("%s: %s labels its tags %q:\n%s", tc.name, view, not, got)
				}
			}
		})
	}
}
