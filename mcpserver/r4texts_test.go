package mcpserver_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestInstancesOfAPausedAppNameTheResume: list_instances and get_instance_logs of a paused app
// said "resume it first" without the call other paused refusals name; they name resume_app
// with the app and organization as given, and that call works.
func TestInstancesOfAPausedAppNameTheResume(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "pzlogs", "spicepod": podA})
	h.ok(t, "pause_app", map[string]any{"app": "pzlogs"})
	for _, tool := range []string{"list_instances", "get_instance_logs"} {
		out := h.fail(t, tool, map[string]any{"app": "pzlogs"})
		mustContain(t, tool, out, "is paused", "`resume_app {\"app\":\"pzlogs\"}`")
	}
	h.ok(t, "resume_app", map[string]any{"app": "pzlogs"})
}

// TestLogsLargerTailKeepsTheCallersSkip: a skip_newest above the lines returned was lowered to
// them in the larger-tail call offered (the caller's 5 became 3), so the call showed other lines
// than the ones before the newest 5. It carries the caller's skip_newest, and says the plan's
// log limit bounds it.
func TestLogsLargerTailKeepsTheCallersSkip(t *testing.T) {
	up := &logsUpstream{maxTail: 1000, total: 10, line: numberedLine}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: up.proxy})
	out := h.ok(t, "get_instance_logs", map[string]any{"app": "analytics-app", "tail": 3, "skip_newest": 5})
	mustContain(t, "all skipped", out, "as far as the plan's log limit allows")
	m := nextLogsCall.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no call with a larger tail:\n%s", out)
	}
	var args map[string]any
	if err := json.Unmarshal([]byte(m[1]), &args); err != nil {
		t.Fatal(err)
	}
	if args["skip_newest"] != float64(5) {
		t.Errorf("the larger tail does not keep skip_newest 5: %s", m[1])
	}
	out = h.ok(t, "get_instance_logs", args)
	mustContain(t, "larger tail", out, "line 2\nline 3\nline 4")
	if strings.Contains(out, "line 5") {
		t.Errorf("the larger tail shows one of the newest 5 lines:\n%s", out)
	}
}

// TestRollbackSaysTheStoredConfigurationStays: a rollback's result did not say that the app's
// stored configuration is still the newer one, which the next deployment deploys (undoing the
// rollback); a rollback to the only deployment, already running, read as any other.
func TestRollbackSaysTheStoredConfigurationStays(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "rbsolo", "spicepod": podA})
	first := deploymentIDs(t, h, "rbsolo")
	out := h.ok(t, "rollback_deployment", map[string]any{"app": "rbsolo", "deployment_id": json.Number(first[0])})
	mustContain(t, "only one", out, "is the one already running", "no earlier succeeded deployment",
		"stored configuration (spicepod, replicas) is not rolled back", "undoes this rollback")
	h.ok(t, "wait_for_deployment", map[string]any{"app": "rbsolo"})

	// A later deployment succeeded: the rollback is a real one, and says so without the notice.
	h.ok(t, "create_deployment", map[string]any{"app": "rbsolo", "replicas": 2})
	h.ok(t, "wait_for_deployment", map[string]any{"app": "rbsolo"})
	out = h.ok(t, "rollback_deployment", map[string]any{"app": "rbsolo", "deployment_id": json.Number(first[0])})
	mustContain(t, "real rollback", out, "stored configuration (spicepod, replicas) is not rolled back")
	if strings.Contains(out, "already running") {
		t.Errorf("a rollback past a later succeeded deployment says the target already runs:\n%s", out)
	}

	// The same rollback again while it is in flight: 409 naming it; following the advice
	// literally must not roll back twice, so only the wait is named.
	again := h.fail(t, "rollback_deployment", map[string]any{"app": "rbsolo", "deployment_id": json.Number(first[0])})
	mustContain(t, "same rollback", again, "is the rollback to deployment "+first[0]+" this server queued already", "wait_for_deployment")
	if strings.Contains(again, "`rollback_deployment") {
		t.Errorf("the refusal of a duplicate rollback names the rollback again:\n%s", again)
	}
}

// deploymentIDs lists the app's deployment IDs, newest first, as list_deployments' structured
// content has them.
func deploymentIDs(t *testing.T, h *harness, app string) []string {
	t.Helper()
	res := h.call(t, "list_deployments", map[string]any{"app": app})
	raw, err := json.Marshal(res.StructuredContent)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Deployments []struct {
			ID json.Number `json:"id"`
		} `json:"deployments"`
	}
	if err := json.Unmarshal(raw, &got); err != nil || len(got.Deployments) == 0 {
		t.Fatalf("list_deployments: %v\n%s", err, raw)
	}
	var ids []string
	for _, d := range got.Deployments {
		ids = append(ids, d.ID.String())
	}
	return ids
}

// TestRollbackAboveThePlanGetsItsOwnRemedy: a rollback refused because its target's replicas
// exceed the plan now (a downgrade since) advised "ask for less (e.g. fewer replicas)", which
// rollback_deployment has no argument for. It names create_deployment within the plan, or an
// upgrade.
func TestRollbackAboveThePlanGetsItsOwnRemedy(t *testing.T) {
	orgs := sandbox.DefaultOrgs()
	orgs[0].Enterprise = true
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Orgs: orgs}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "rbplan", "spicepod": podA})
	h.ok(t, "create_deployment", map[string]any{"app": "rbplan", "replicas": 8})
	h.ok(t, "wait_for_deployment", map[string]any{"app": "rbplan"})
	large := deploymentIDs(t, h, "rbplan")[0]
	h.ok(t, "create_deployment", map[string]any{"app": "rbplan", "replicas": 1})
	h.ok(t, "wait_for_deployment", map[string]any{"app": "rbplan"})
	if err := h.emu.SetEnterprise(orgs[0].Slug, false); err != nil {
		t.Fatal(err)
	}
	out := h.fail(t, "rollback_deployment", map[string]any{"app": "rbplan", "deployment_id": json.Number(large)})
	mustContain(t, "plan", out, "exceed plan limits", "rollback_deployment cannot change them", "create_deployment",
		"get_limits", "upgrade the plan")
	if strings.Contains(out, "ask for less") {
		t.Errorf("a rollback above the plan is told to ask for less:\n%s", out)
	}
}

// TestDeleteAppNamesTheDeploymentItEnded: delete_app of an app serving while a deployment was
// in flight did not name the deployment it ended (pause_app does).
func TestDeleteAppNamesTheDeploymentItEnded(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "delflight", "spicepod": podA})
	h.ok(t, "create_deployment", map[string]any{"app": "delflight", "replicas": 2})
	busy := deploymentIDs(t, h, "delflight")[0]
	out := h.ok(t, "delete_app", map[string]any{"app": "delflight"})
	mustContain(t, "ended", out, "The deletion also ended deployment "+busy)
}

// TestRotationFinishedTwiceSaysItSawTheRotation: a second finish after a completed rotation
// said "this server has seen no start step for it", false: it saw and finished one.
func TestRotationFinishedTwiceSaysItSawTheRotation(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "rotate_api_keys", rotateStart)
	h.ok(t, "rotate_api_keys", rotateFinish)
	out := h.fail(t, "rotate_api_keys", rotateFinish)
	mustContain(t, "finished twice", out, "this server finished it already", "has seen no start step since", `step "start" first`)
	if strings.Contains(out, "has seen no start step for it") {
		t.Errorf("a second finish denies the rotation this server saw:\n%s", out)
	}
}

// TestDeleteSecretTheSpicepodUsesWarns: deleting a secret the app's spicepod references gave no
// warning, and the next deployment failed to start. The result (and the approval) say so and
// name set_secret; a secret nothing references gets no warning.
func TestDeleteSecretTheSpicepodUsesWarns(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	pod := "version: v1\nkind: Spicepod\nname: refs\ndatasets:\n  - from: postgres:public.orders\n    name: orders\n    params:\n      pg_pass: ${secrets:PG_PASS}\n"
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "secrefs", "spicepod": pod,
		"secrets": map[string]any{"PG_PASS": "s3cret-value-1", "UNUSED": "s3cret-value-2"}})
	out := h.ok(t, "delete_secret", map[string]any{"app": "secrefs", "name": "PG_PASS"})
	mustContain(t, "referenced", out, "spicepod references it (${secrets:PG_PASS})", "unable_to_start",
		"`set_secret {\"app\":\"secrefs\",\"name\":\"PG_PASS\"}`")
	out = h.ok(t, "delete_secret", map[string]any{"app": "secrefs", "name": "UNUSED"})
	if strings.Contains(out, "references it") {
		t.Errorf("a secret nothing references is said to be referenced:\n%s", out)
	}
}

// TestDeployWorkflowFailureAdviceIsTheRerun: create_and_deploy_app whose deployment failed
// advised "fix the spicepod with update_app, then deploy again", while its re-run (which it and
// the instructions name) sets the app's spicepod back to the call's and redeploys what failed;
// its checks said "spicepod valid" for a v1beta1 spicepod the runtime refuses. The advice is
// the re-run with the fix in its arguments, which works when followed, and the step says
// what was checked. (A v1beta1 spicepod is refused up front since audit r25: the runtime's
// failure is injected.)
func TestDeployWorkflowFailureAdviceIsTheRerun(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	if err := h.emu.FailNextDeployment("unable_to_start"); err != nil {
		t.Fatal(err)
	}
	old := map[string]any{"name": "oldpod", "spicepod": "version: v1\nkind: Spicepod\nname: old\n"}
	out := text(h.call(t, "create_and_deploy_app", old))
	mustContain(t, "failed", out, "fix it in this call's arguments", "call create_and_deploy_app again with them",
		"spicepod parses (version, kind, name)")
	for _, never := range []string{"with update_app, then deploy again", "spicepod valid"} {
		if strings.Contains(out, never) {
			t.Errorf("the failed run says %q:\n%s", never, out)
		}
	}
	fixed := map[string]any{"name": "oldpod", "spicepod": "version: v1\nkind: Spicepod\nname: fixed\n"}
	mustContain(t, "fixed", h.ok(t, "create_and_deploy_app", fixed), "succeeded")
}
