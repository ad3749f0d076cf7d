package mcpserver_test

import (
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r41DeletingProxy forwards to the emulator; on the nth GET of one deployment it first deletes
// the app (DELETE /v1/projects/{id}), as another client (the portal, another agent) would while
// a wait is polling.
func r41DeletingProxy(nth int64) func(t *testing.T, emulatorURL string) string {
	return func(t *testing.T, emulatorURL string) string {
		re := regexp.MustCompile(`^/v1/projects/(\d+)/deployments/\d+$`)
		var n atomic.Int64
		return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, rp http.Handler) {
			if m := re.FindStringSubmatch(r.URL.Path); m != nil && r.Method == http.MethodGet && n.Add(1) == nth {
				req, _ := http.NewRequest(http.MethodDelete, emulatorURL+"/v1/projects/"+m[1], nil)
				req.Header.Set("Authorization", r.Header.Get("Authorization"))
				if resp, err := http.DefaultClient.Do(req); err == nil {
					resp.Body.Close()
					if resp.StatusCode != http.StatusNoContent {
						t.Errorf("delete: %s", resp.Status)
					}
				}
			}
			rp.ServeHTTP(w, r)
		})(t, emulatorURL)
	}
}

// TestR41DeployWaitAppDeletedMeanwhile: the app is deleted while wait_for_deployment polls its
// deployment. The API's 404 "Project not found" is a definite answer (the deletion also ended the
// deployment: failed, error_code stopped), not a failed read: the result must not tell the agent
// that whether the deployment ended "is not known" and to "pick the wait up" with a
// wait_for_deployment call that can only fail again ("No app named ...").
func TestR41DeployWaitAppDeletedMeanwhile(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: r41DeletingProxy(2)})
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "shop", "spicepod": podA, "wait": false})
	out := text(h.call(t, "wait_for_deployment", map[string]any{"app": "shop"}))
	for _, wrong := range []string{"Pick the wait up with", "whether it has ended since is not known"} {
		if strings.Contains(out, wrong) {
			t.Errorf("wait_for_deployment after the app was deleted says %q:\n%s", wrong, out)
		}
	}
	mustContain(t, "wait", out, "shop (101) was deleted (or is no longer visible to this token) while it waited",
		"deployment 1001 ended with it: a delete stops a deployment in flight", "nothing left to wait for")
	// The call it offers does fail: the app is gone.
	if again := h.call(t, "wait_for_deployment", map[string]any{"app": "shop", "deployment_id": 1001}); !again.IsError {
		t.Fatalf("the offered call worked?\n%s", text(again))
	}
}

// TestR41DeployWorkflowAppDeletedMeanwhile: create_and_deploy_app's wait finds the app deleted
// (404 Project not found). The run must not say its deployment was "not failed" and is followed by
// wait_for_deployment, nor that "Nothing is lost ... an in-flight deployment is followed": the app
// it created is deleted and its deployment was ended by the deletion (README "Resuming"; a re-run
// would create/reactivate the app, not reuse "finished steps").
func TestR41DeployWorkflowAppDeletedMeanwhile(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}, upstream: r41DeletingProxy(1)})
	res := h.call(t, "create_and_deploy_app", map[string]any{"name": "shop", "spicepod": podA})
	out := text(res)
	for _, wrong := range []string{"not failed (wait_for_deployment follows it)", "Nothing is lost", "an in-flight deployment is followed"} {
		if strings.Contains(out, wrong) {
			t.Errorf("create_and_deploy_app after the app was deleted says %q:\n%s", wrong, out)
		}
	}
	mustContain(t, "workflow", out, "| wait | stopped: the app was deleted (or is no longer visible) meanwhile; deployment 1001 ended with it",
		"Nothing of this run is left to reuse", "This run changed: created shop (101); set spicepod; started deployment 1001.")
	// What it says of a re-run holds: the same call starts over and deploys.
	mustContain(t, "re-run", h.ok(t, "create_and_deploy_app", map[string]any{"name": "shop", "spicepod": podA}), "| wait | succeeded")
}

// TestR41DeployFailedLogsOfALaterDeployment: deployment 1001 failed (unable_to_start: the secret
// PG_PASSWORD its spicepod references was not set); the user set it and deployed again, and 1002
// failed for another reason (internal_error). get_deployment and wait_for_deployment of 1001 show
// "the last 20 log lines of the instance that failed to start" (README "A failed deployment") — but
// the failed instance the API lists now is 1002's (it started after 1001 had ended), so 1001's result
// shows 1002's "Internal error ... panicked" lines, with "Dataset orders registered", as 1001's cause,
// in text and structured failure_logs. The only check (tools/deployments.go explainDeployment: an
// instance started before d was created is skipped) is a lower bound; one started after d ended (or
// after a later deployment was created) belongs to another deployment too.
func TestR41DeployFailedLogsOfALaterDeployment(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	pod := "version: v1\nkind: Spicepod\nname: s\ndatasets:\n  - from: postgres:public.orders\n    name: orders\n    params:\n      pg_pass: ${secrets:PG_PASSWORD}\n"
	h.ok(t, "create_app", map[string]any{"name": "shop"})
	h.ok(t, "update_app", map[string]any{"app": "shop", "spicepod": pod})
	h.ok(t, "create_deployment", map[string]any{"app": "shop"}) // 1001: fails, PG_PASSWORD not set
	h.clock.Advance(10 * time.Second)
	h.ok(t, "set_secret", map[string]any{"app": "shop", "name": "PG_PASSWORD", "value": "example-value-1"})
	if err := h.emu.FailNextDeployment("internal_error"); err != nil {
		t.Fatal(err)
	}
	h.ok(t, "create_deployment", map[string]any{"app": "shop"}) // 1002: fails, internal_error
	h.clock.Advance(10 * time.Second)
	for _, tool := range []string{"get_deployment", "wait_for_deployment"} {
		res := h.call(t, tool, map[string]any{"app": "shop", "deployment_id": 1001})
		all := everything(res)
		if !strings.Contains(all, "unable_to_start") {
			t.Fatalf("%s: not 1001's failure:\n%s", tool, text(res))
		}
		for _, other := range []string{"acceleration engine panicked", "internal error; exiting with code 101"} {
			if strings.Contains(all, other) {
				t.Errorf("%s of deployment 1001 (unable_to_start, secret not set) shows deployment 1002's log line %q as its cause:\n%s", tool, other, text(res))
			}
		}
		// What is shown instead: its lines are gone, deployment 1002 replaced it (text and structured).
		mustContain(t, tool, text(res), "no longer available: a later deployment (1002) replaced it")
		if !strings.Contains(all, `"failure_logs_unavailable":true`) {
			t.Errorf("%s: structured result does not say the log lines are unavailable:\n%s", tool, all)
		}
	}
}

// TestR41DeployPodExceedsRerunAdviceHidesTheOnlyFix: create_and_deploy_app's deployment fails with
// pod_exceeds_node_capacity ("lower resources or replicas") at replicas 1, the lowest. Its "What to
// do" (present.rerunRemedy, Rerun standing) says to fix it "in this call's arguments (the spicepod,
// replicas or image_tag ...)" and that "a fix made with update_app alone is undone" by a re-run. The
// call has no resources argument, replicas cannot go lower, and a re-run does not touch resources
// (configUpdate sends only spicepod, image_tag, replicas; README "Resuming"): an update_app of
// resources is kept and deployed by the re-run (shown below on an Enterprise organization). So the
// only fix is named nowhere, and the text calls it futile. get_deployment's fix for the same code
// (deploymentFixes) names resources with update_app.
func TestR41DeployPodExceedsRerunAdviceHidesTheOnlyFix(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	if err := h.emu.SetEnterprise("sandbox", true); err != nil {
		t.Fatal(err)
	}
	if err := h.emu.FailNextDeployment("pod_exceeds_node_capacity"); err != nil {
		t.Fatal(err)
	}
	args := map[string]any{"name": "shop", "spicepod": podA}
	out := text(h.call(t, "create_and_deploy_app", args))
	if !strings.Contains(out, "pod_exceeds_node_capacity") {
		t.Fatalf("not the failure:\n%s", out)
	}
	// The fix the text calls undone is kept by the re-run, which deploys it and succeeds.
	h.ok(t, "update_app", map[string]any{"app": "shop", "resources": map[string]any{"requests": map[string]any{"cpu": "1", "memory": "2Gi"}}})
	rerun := h.ok(t, "create_and_deploy_app", args)
	mustContain(t, "re-run after update_app resources", rerun, "| wait | succeeded")
	if !strings.Contains(h.ok(t, "get_app", map[string]any{"app": "shop"}), "Resources: requests cpu=1, memory=2Gi") {
		t.Fatal("the re-run undid resources")
	}
	if strings.Contains(out, "a fix made with update_app alone is undone") {
		t.Errorf("pod_exceeds_node_capacity at replicas 1: the workflow says an update_app fix is undone by a re-run, but resources set with update_app are kept and deployed by it:\n%s", out)
	}
	todo := ""
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "What to do:") {
			todo = line
		}
	}
	if !strings.Contains(todo, "resources") {
		t.Errorf("pod_exceeds_node_capacity: the workflow's What to do never names resources (the call cannot set them; update_app can): %q", todo)
	}
}

// TestR41DeployInternalErrorWorkflowAdvice: create_and_deploy_app's deployment fails with
// internal_error ("a failure on Spice.ai's side: one more deployment may succeed", its own error-code
// line). Its What to do (rerunRemedy) tells the agent to fix the cause "in this call's arguments (the
// spicepod, replicas or image_tag ...)" and that "the same arguments deploy what failed again" — while
// README "Resuming" says a re-run deploys again after internal_error (its remedy is one more
// deployment, get_deployment's fix says "deploy once more"), and a re-run with the same arguments
// does deploy and here succeeds. One result gives two opposite next steps for a server-side failure.
func TestR41DeployInternalErrorWorkflowAdvice(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	if err := h.emu.FailNextDeployment("internal_error"); err != nil {
		t.Fatal(err)
	}
	args := map[string]any{"name": "shop", "spicepod": podA}
	out := text(h.call(t, "create_and_deploy_app", args))
	mustContain(t, "first run", out, "internal_error", "one more deployment may succeed")
	mustContain(t, "same arguments again", h.ok(t, "create_and_deploy_app", args), "| deploy | deployment 1002 queued", "| wait | succeeded")
	for _, wrong := range []string{"fix it in this call's arguments", "the same arguments deploy what failed again"} {
		if strings.Contains(out, wrong) {
			t.Errorf("internal_error: the workflow says %q, but one more deployment (the same call again) is the remedy:\n%s", wrong, out)
		}
	}
}

// TestR41DeployStoppedByDeleteNamesResume: a deployment the deletion of its app ended ("Stopped:
// the project was deleted", error_code stopped) is read after the app was created again (reactivated: not
// paused, no spicepod). get_deployment's only next step is "resume_app deploys a paused app again";
// resume_app then answers that the app is not paused and nothing was resumed. The step names a call
// that cannot apply to a deletion (README: a stopped deployment's texts name calls that work).
func TestR41DeployStoppedByDeleteNamesResume(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "shop", "spicepod": podA, "wait": false})
	h.ok(t, "delete_app", map[string]any{"app": "shop"})
	h.ok(t, "create_app", map[string]any{"name": "shop"})
	out := h.ok(t, "get_deployment", map[string]any{"app": "shop", "deployment_id": 1001})
	mustContain(t, "stopped by delete", out, "Stopped: the project was deleted", "`stopped`") // delete_app's /v1/projects DELETE
	resume := h.ok(t, "resume_app", map[string]any{"app": "shop"})
	mustContain(t, "resume", resume, "is not paused, so there is nothing to resume")
	if strings.Contains(out, "resume_app deploys a paused app again") {
		t.Errorf("a deployment stopped by the app's deletion, on an app not paused, names resume_app as what to do:\n%s", out)
	}
}
