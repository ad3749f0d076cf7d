package mcpserver_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Regression tests for refusals whose advice named no call (round F2): create_deployment's
// 409 said "wait for it to finish, then deploy again", its spicepod_paused "resume it", and the
// 404 of get_deployment and wait_for_deployment "List the app's deployments". Each now names
// the calls, with the app (and organization) as the caller named it, and every call offered is
// run exactly as written and has to work.

// wantOffered checks the calls a text offers of the given tools, in order.
func wantOffered(t *testing.T, what, out string, want [][2]string, tools ...string) [][2]string {
	t.Helper()
	calls := offeredCalls(out, tools...)
	if len(calls) != len(want) {
		t.Fatalf("%s: want %v offered, got %v:\n%s", what, want, calls, out)
	}
	for i := range want {
		if calls[i] != want[i] {
			t.Fatalf("%s: want %v offered, got %v:\n%s", what, want, calls, out)
		}
	}
	return calls
}

// TestCreateDeploymentConflictNamesWait: a deployment while another is in flight (409, the API
// names it) offers wait_for_deployment for that one and create_deployment again with the same
// arguments; both work, in order.
func TestCreateDeploymentConflictNamesWait(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	queued := h.ok(t, "create_deployment", map[string]any{"app": "analytics-app"})
	id := regexp.MustCompile(`[Dd]eployment (\d+)`).FindStringSubmatch(queued)
	if id == nil {
		t.Fatalf("create_deployment:\n%s", queued)
	}
	out := h.fail(t, "create_deployment", map[string]any{"app": "analytics-app", "replicas": 2, "debug": false})
	mustContain(t, "409", out, "409 Conflict", "Deployment in progress: "+id[1])
	calls := wantOffered(t, "409", out, [][2]string{
		{"wait_for_deployment", `{"app":"analytics-app","deployment_id":` + id[1] + `}`},
		{"create_deployment", `{"app":"analytics-app","replicas":2,"debug":false}`}}, "wait_for_deployment", "create_deployment")
	runOffered(t, h, calls)
}

// TestCreateDeploymentConflictWithoutIDNamesWait: a 409 that names no deployment offers
// wait_for_deployment without deployment_id (it follows the app's newest, the one in flight)
// and the call again; both work.
func TestCreateDeploymentConflictWithoutIDNamesWait(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	h.ok(t, "create_deployment", map[string]any{"app": "analytics-app"})
	h.emu.InjectFault(sandbox.Fault{Operation: api.CreateProjectDeployment.ID, Status: 409})
	out := h.fail(t, "create_deployment", map[string]any{"app": "analytics-app", "channel": "stable"})
	mustContain(t, "409 without ID", out, "409 Conflict", "list_deployments")
	calls := wantOffered(t, "409 without ID", out, [][2]string{
		{"wait_for_deployment", `{"app":"analytics-app"}`},
		{"create_deployment", `{"app":"analytics-app","channel":"stable"}`}}, "wait_for_deployment", "create_deployment")
	runOffered(t, h, calls)
}

// TestCreateDeploymentOnPausedAppNamesResume: create_deployment on a paused app (400
// spicepod_paused) offers resume_app with the app and organization; with arguments a resume
// does not apply (replicas), resume_app waiting and then the call again, so they are not lost.
func TestCreateDeploymentOnPausedAppNamesResume(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	// debug false asks for nothing a resume does not do: resume_app alone.
	out := h.fail(t, "create_deployment", map[string]any{"app": "nightly-etl", "org": "acme-labs", "debug": false})
	mustContain(t, "paused", out, "spicepod_paused", "resume it")
	calls := wantOffered(t, "paused", out, [][2]string{{"resume_app", `{"app":"nightly-etl","org":"acme-labs"}`}},
		"resume_app", "create_deployment")
	runOffered(t, h, calls)

	h = newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	out = h.fail(t, "create_deployment", map[string]any{"app": "nightly-etl", "org": "acme-labs", "replicas": 2})
	mustContain(t, "paused, replicas", out, "spicepod_paused", "without this call's replicas")
	calls = wantOffered(t, "paused, replicas", out, [][2]string{
		{"resume_app", `{"app":"nightly-etl","org":"acme-labs","wait":true}`},
		{"create_deployment", `{"app":"nightly-etl","org":"acme-labs","replicas":2}`}}, "resume_app", "create_deployment")
	runOffered(t, h, calls)
}

// TestCreateAndDeployOnPausedAppNamesResume: create_and_deploy_app re-run on an app it made
// that was paused since stops at the deploy step (spicepod_paused) and offers resume_app,
// which works; it used to say "resume it" and then "call create_and_deploy_app again".
func TestCreateAndDeployOnPausedAppNamesResume(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "f2-paused", "spicepod": podA})
	h.ok(t, "pause_app", map[string]any{"app": "f2-paused"})
	out := h.fail(t, "create_and_deploy_app", map[string]any{"name": "f2-paused", "spicepod": podA, "replicas": 2})
	mustContain(t, "paused", out, "spicepod_paused", "This run changed: set replicas 2", "resuming deploys it")
	calls := wantOffered(t, "paused", out, [][2]string{{"resume_app", `{"app":"f2-paused"}`}}, "resume_app", "create_deployment")
	runOffered(t, h, calls)
	mustContain(t, "resumed", h.ok(t, "wait_for_deployment", map[string]any{"app": "f2-paused"}), "succeeded")
}

// TestUnknownDeploymentNamesListDeployments: get_deployment and wait_for_deployment of a
// deployment the app does not have (404 "Deployment not found") say the app exists and offer
// list_deployments (wait_for_deployment also itself, without deployment_id); an app that does
// not exist is not said to.
func TestUnknownDeploymentNamesListDeployments(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	args := map[string]any{"app": "nightly-etl", "org": "acme-labs", "deployment_id": 999999}
	out := h.fail(t, "get_deployment", args)
	mustContain(t, "get_deployment", out, "Deployment not found", "exists", "no deployment 999999")
	runOffered(t, h, wantOffered(t, "get_deployment", out, [][2]string{{"list_deployments", `{"app":"nightly-etl","org":"acme-labs"}`}},
		"list_deployments", "wait_for_deployment"))

	out = h.fail(t, "wait_for_deployment", map[string]any{"app": "id:101", "deployment_id": 999999})
	mustContain(t, "wait_for_deployment", out, "Deployment not found", "App 101 exists", "no deployment 999999")
	runOffered(t, h, wantOffered(t, "wait_for_deployment", out, [][2]string{
		{"list_deployments", `{"app":"id:101"}`}, {"wait_for_deployment", `{"app":"id:101"}`}}, "list_deployments", "wait_for_deployment"))

	// An app that does not exist (by ID, so no list resolves it first): not claimed to exist.
	for _, tool := range []string{"get_deployment", "wait_for_deployment"} {
		out := h.fail(t, tool, map[string]any{"app": "id:999", "deployment_id": 1001})
		if strings.Contains(out, "exists") || strings.Contains(out, "list_deployments {") {
			t.Errorf("%s of an unknown app:\n%s", tool, out)
		}
	}
}
