package mcpserver_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestRollbackDeployment: a rollback starts a new deployment that runs the earlier one's
// configuration (analytics-app's 1001 ran runtime 2.2.0; the app now runs a later one), and
// the API's refusals — a target that did not succeed, one the app does not have — come back
// with a remedy that fits them.
func TestRollbackDeployment(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	out := h.ok(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1001})
	m := regexp.MustCompile(`to deployment 1001: deployment (\d+) runs its configuration again`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("rollback result:\n%s", out)
	}
	got := h.ok(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": json.Number(m[1])})
	// Nothing marks it a rollback: it carries deployment 1001's image, commit and message (api/README §7.6).
	for _, want := range []string{"Image tag: 2.2.0", "Initial spicepod"} {
		if !strings.Contains(got, want) {
			t.Errorf("deployment %s does not show %q:\n%s", m[1], want, got)
		}
	}

	failed := h.fail(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1002})
	if !strings.Contains(failed, "succeeded") || !strings.Contains(failed, "list_deployments") {
		t.Errorf("rolling back to a failed deployment:\n%s", failed)
	}
	unknown := h.fail(t, "rollback_deployment", map[string]any{"app": "docs-search", "deployment_id": 1001})
	if !strings.Contains(unknown, "Deployment not found") || !strings.Contains(unknown, "deployments to get the right deployment ID") {
		t.Errorf("rolling back to another app's deployment:\n%s", unknown)
	}
}
