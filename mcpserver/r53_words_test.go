package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR53WordsRollbackToTheAppsID: rollback_deployment with the app's own ID as deployment_id
// says so, as get_deployment does.
func TestR53WordsRollbackToTheAppsID(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	got := h.fail(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 101})
	mustContain(t, "rollback_deployment", got, "101 is the app's own ID, not a deployment's.",
		"`list_deployments {\"app\":\"analytics-app\",\"status\":\"succeeded\"}`")
	if got := h.fail(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 999}); strings.Contains(got, "own ID") {
		t.Errorf("a deployment_id other than the app's is called the app's ID:\n%s", got)
	}
}
