package mcpserver_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR51WordsInstructionsSayOrgFallback: the instructions say where a call acts without org
// and without SPICE_ORG (the token's own organization, as client.EnvOrg documents), not only
// SPICE_ORG.
func TestR51WordsInstructionsSayOrgFallback(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	res, err := testutil.Initialize(context.Background(), h.mcp, mcp.LATEST_LEGACY_PROTOCOL_VERSION)
	if err != nil {
		t.Fatal(err)
	}
	if want := `default SPICE_ORG, else the token's own)`; !strings.Contains(res.Instructions, want) {
		t.Errorf("the instructions do not say %q:\n%s", want, res.Instructions)
	}
}

// TestR51WordsRotationShowsOnlyTheNewKey: each rotation step shows the key it made, not the one
// it left alone again, and says plainly that the one left alone is still valid.
func TestR51WordsRotationShowsOnlyTheNewKey(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	p0, _ := emulatorKeys(t, h)
	start := h.ok(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start", "confirm": "analytics-app"})
	_, s1 := emulatorKeys(t, h)
	if strings.Contains(start, p0) || !strings.Contains(start, s1) {
		t.Errorf("the start step should show the new secondary key and not the unchanged primary:\n%s", start)
	}
	mustContain(t, "start", start, "Primary (`api_key`): unchanged and still valid")
	finish := h.ok(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "finish", "confirm": "analytics-app"})
	p2, _ := emulatorKeys(t, h)
	if strings.Contains(finish, s1) || !strings.Contains(finish, p2) {
		t.Errorf("the finish step should show the new primary key and not the unchanged secondary:\n%s", finish)
	}
	mustContain(t, "finish", finish, "Secondary (`api_key_2`): unchanged and still valid")
}

// TestR51WordsFailedDeploymentRowNamesTheCallThatShowsWhy: a list with a failed deployment ends
// with the exact get_deployment call for it, so the agent need not guess the next step.
func TestR51WordsFailedDeploymentRowNamesTheCallThatShowsWhy(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	got := h.ok(t, "list_deployments", map[string]any{"app": "analytics-app"})
	mustContain(t, "list_deployments", got, "| 1002 | ❌ failed", "Deployment 1002 failed", "`get_deployment {\"app\":\"analytics-app\",\"deployment_id\":1002}` shows why")
	got = h.ok(t, "list_deployments", map[string]any{"app": "analytics-app", "status": "succeeded"})
	if strings.Contains(got, "get_deployment") {
		t.Errorf("a list without a failed row names get_deployment:\n%s", got)
	}
}

// TestR51WordsDeployOutcomeUnknownNamesTheCalls: a deployment request answered 500, 502 or 503
// may have been queued; the remedy names the exact call that tells, and the one to deploy again.
func TestR51WordsDeployOutcomeUnknownNamesTheCalls(t *testing.T) {
	for _, status := range []int{500, 502, 503} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
		h.emu.InjectFault(sandbox.Fault{Operation: api.CreateProjectDeployment.ID, Status: status, AfterApply: true})
		got := h.fail(t, "create_deployment", map[string]any{"app": "analytics-app", "replicas": 2})
		mustContain(t, "create_deployment", got, "Outcome unknown",
			"`list_deployments {\"app\":\"analytics-app\",\"limit\":1}`",
			"`create_deployment {\"app\":\"analytics-app\",\"replicas\":2}`")
	}
}

// TestR51WordsDeployOutcomeUnknownWithoutTheListTools: where list_deployments and
// wait_for_deployment are hidden, the remedy names neither as a call and says what shows them.
func TestR51WordsDeployOutcomeUnknownWithoutTheListTools(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ExcludeTools: []string{"list_deployments", "wait_for_deployment"}}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.CreateProjectDeployment.ID, Status: 502, AfterApply: true})
	got := h.fail(t, "create_deployment", map[string]any{"app": "analytics-app"})
	t.Log(got)
	if strings.Contains(got, "`list_deployments {") || strings.Contains(got, "`wait_for_deployment {") {
		t.Errorf("a hidden tool is named as a call:\n%s", got)
	}
	mustContain(t, "create_deployment", got, "Before deploying again", "`create_deployment {\"app\":\"analytics-app\"}`")
}

// TestR51WordsFailedInstanceNamesTheLogsCall: a list of instances with a failed one names the
// exact get_instance_logs call for it, which shows why it failed.
func TestR51WordsFailedInstanceNamesTheLogsCall(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	got := h.ok(t, "list_instances", map[string]any{"app": "fraud-scoring", "org": "acme-labs"})
	mustContain(t, "list_instances", got, "❌ failed", "Instance `fraud-scoring-a7e7f959-8nlxl` failed: "+
		"`get_instance_logs {\"app\":\"fraud-scoring\",\"org\":\"acme-labs\",\"instance\":\"fraud-scoring-a7e7f959-8nlxl\"}` shows why.")
	got = h.ok(t, "list_instances", map[string]any{"app": "analytics-app"})
	if strings.Contains(got, "failed:") {
		t.Errorf("a list without a failed instance points to one:\n%s", got)
	}
}

// TestR51WordsInstanceRemedyMarksAHiddenListInstances: the remedy names list_instances as not
// available where it is hidden.
func TestR51WordsInstanceRemedyMarksAHiddenListInstances(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ExcludeTools: []string{"list_instances"}}})
	got := h.fail(t, "get_instance_logs", map[string]any{"app": "analytics-app", "instance": "analytics-app-nope"})
	mustContain(t, "get_instance_logs", got, "list_instances (not available here)")
}

// TestR51WordsPauseNamesTheResumeCall: a pause's result, and the answer for an app paused
// already, name the exact resume_app call that starts it again.
func TestR51WordsPauseNamesTheResumeCall(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	mustContain(t, "pause_app", h.ok(t, "pause_app", map[string]any{"app": "analytics-app", "confirm": "analytics-app"}),
		"`resume_app {\"app\":\"analytics-app\"}` starts it again.")
	mustContain(t, "pause_app, paused already", h.ok(t, "pause_app", map[string]any{"app": "nightly-etl", "org": "acme-labs", "confirm": "nightly-etl"}),
		"`resume_app {\"app\":\"nightly-etl\",\"org\":\"acme-labs\"}` starts it again.")
}

// TestR51WordsFailedRowSupersededSaysSo: a failed row that a newer succeeded deployment
// replaced is pointed to as history, not as something to fix now.
func TestR51WordsFailedRowSupersededSaysSo(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	mustContain(t, "list_deployments", h.ok(t, "list_deployments", map[string]any{"app": "analytics-app"}),
		"Deployment 1002 failed (deployment 1003 succeeded since, so this failure is history): `get_deployment")
	got := h.ok(t, "list_deployments", map[string]any{"app": "fraud-scoring", "org": "acme-labs"})
	if strings.Contains(got, "succeeded since") || !strings.Contains(got, "`get_deployment {") {
		t.Errorf("the newest deployment failed, yet it reads as history or names no call:\n%s", got)
	}
}
