package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestDeploymentReplicasAreCappedByThePlan: create_deployment skipped the plan's replicas cap
// (5 on the emulator's standard plan), so 9 replicas deployed and ran while update_app's 9 got
// 403. A deployment's replicas are capped as the project's are (api/README §10, Assumed): the
// same 403, and each tool that deploys with replicas gives the plan's remedy.
func TestDeploymentReplicasAreCappedByThePlan(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	before := h.ok(t, "list_instances", map[string]any{"app": "analytics-app"})
	out := h.fail(t, "create_deployment", map[string]any{"app": "analytics-app", "replicas": 9})
	mustContain(t, "create_deployment", out, "exceed plan limits", "get_limits")
	if after := h.ok(t, "list_instances", map[string]any{"app": "analytics-app"}); after != before {
		t.Errorf("instances changed by a refused deployment:\n%s\n---\n%s", before, after)
	}
	mustContain(t, "update_app", h.fail(t, "update_app", map[string]any{"app": "analytics-app", "replicas": 9}), "exceed plan limits", "get_limits")
	out = h.fail(t, "create_and_deploy_app", map[string]any{"name": "capped-app", "spicepod": podYAML, "replicas": 9})
	mustContain(t, "create_and_deploy_app", out, "plan allows (5)", "5 or fewer")
	if !strings.Contains(h.ok(t, "create_deployment", map[string]any{"app": "analytics-app", "replicas": 5}), "Replicas: 5") {
		t.Errorf("5 replicas (the plan's cap) not deployed")
	}
}
