package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Round 66 words5: one voice across every result.

// TestR66Words5DeployUnknownSaysTheListOnce: create_and_deploy_app whose deploy request was
// queued but answered 502 named list_deployments three times: the step ("check
// list_deployments"), the remedy ("List the app's deployments … before deploying again") and
// the changes ("list_deployments shows it"), beside the re-run that looks for itself. The
// changes name it once; the next step is the re-run, and the re-run follows the deployment.
func TestR66Words5DeployUnknownSaysTheListOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, inProcess: true})
	h.emu.InjectFault(sandbox.Fault{Operation: api.CreateProjectDeployment.ID, Status: 502, AfterApply: true})
	args := map[string]any{"name": "w5-lost", "spicepod": "version: v1\nkind: Spicepod\nname: w5-lost\n"}
	got := h.fail(t, "create_and_deploy_app", args)
	if n := strings.Count(got, "list_deployments") + strings.Count(got, "List the app's deployments"); n != 1 {
		t.Errorf("the app's deployments named %d times, want once:\n%s", n, got)
	}
	mustContain(t, "lost deploy", got, "| deploy | outcome unknown: a deployment may have started |",
		"may have started a deployment (list_deployments shows it)", "call create_and_deploy_app again with the same arguments")
	if strings.Count(got, "create_and_deploy_app again") != 1 {
		t.Errorf("the re-run suggested more than once:\n%s", got)
	}
	// What the result promises: the same call again finds the deployment and does not start another.
	again := h.ok(t, "create_and_deploy_app", args)
	mustContain(t, "re-run", again, "Deployment 1008")
	if strings.Contains(again, "deployment 1009") || strings.Contains(again, "Deployment 1009") {
		t.Errorf("the re-run started another deployment:\n%s", again)
	}
}
