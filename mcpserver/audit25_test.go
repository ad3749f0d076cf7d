package mcpserver_test

// Regression tests for audit 25 at the tools: an oversized spicepod is refused naming spicepod
// and the limit before any request, and a deployment of a connected app from a branch that
// does not exist is refused (the API's 422), queueing nothing.

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestOversizedSpicepodNeverReachesTheAPI: update_app and create_and_deploy_app refuse a
// spicepod over rules.SpicepodMaxBytes as sent, naming spicepod and the limit; it used to reach
// the API and come back as "Spice.ai API error 400 … Request body too large", naming no field.
func TestOversizedSpicepodNeverReachesTheAPI(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	big := "version: v1\nkind: Spicepod\nname: docs-search\ns: " + strings.Repeat("y", rules.SpicepodMaxBytes) + "\n"
	for _, call := range []struct {
		tool string
		args map[string]any
	}{
		{"update_app", map[string]any{"app": "docs-search", "spicepod": big}},
		{"create_and_deploy_app", map[string]any{"name": "big-pod", "region": "us-west-2", "spicepod": big}},
	} {
		text := h.fail(t, call.tool, call.args)
		mustContain(t, call.tool, text, "spicepod", "spicepod: is too large", "at most 1,048,576 (1 MiB)")
		if strings.Contains(text, "Request body too large") {
			t.Errorf("%s: %s", call.tool, text)
		}
	}
	for _, op := range []*api.Operation{api.UpdateProject, api.CreateProject, api.CreateProjectDeployment} {
		if n := h.emu.Calls(op.ID); n != 0 {
			t.Errorf("%s called %d times", op.ID, n)
		}
	}
}

// TestMissingBranchQueuesNothing: after production_branch is pointed at a branch that does not
// exist, create_deployment is an error saying so and no deployment is queued (it used to
// queue one with a made-up commit, which then succeeded).
func TestMissingBranchQueuesNothing(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	missingBranch(t, h)
	before := h.emu.DeploymentCount("sandbox", analyticsID)
	text := h.fail(t, "create_deployment", map[string]any{"app": "analytics-app"})
	mustContain(t, "create_deployment", text, "branch_not_found", "Branch 'x-missing' not found", "nothing was deployed")
	if n := h.emu.DeploymentCount("sandbox", analyticsID); n != before {
		t.Errorf("%d deployments, %d before", n, before)
	}
}
