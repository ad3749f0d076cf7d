package mcpserver_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestRollbackSaysAlreadyRunningOnlyWhenItRuns: a queued rollback said its target "is the one
// already running (no later deployment of the app succeeded)" when nothing ran it: after a
// pause and a failed resume (a later deployment failed) and on an app deleted and created
// again (its deployments kept, its runtime torn down). It says so only when the target is the
// newest deployment before the rollback, succeeded, and an instance of the app is ready
// (TestRollbackSaysTheStoredConfigurationStays has the case where it runs).
func TestRollbackSaysAlreadyRunningOnlyWhenItRuns(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	rollback := func(name, what string) {
		t.Helper()
		ids := deploymentIDs(t, h, name)
		var to string
		for _, id := range ids { // the newest succeeded one: the last in the list that is not the failed resume
			to = id
		}
		out := h.ok(t, "rollback_deployment", map[string]any{"app": name, "deployment_id": json.Number(to)})
		mustContain(t, what, out, "Queued a rollback", "stored configuration (spicepod, replicas) is not rolled back")
		if strings.Contains(out, "already running") || strings.Contains(out, "redeploys what runs now") {
			t.Errorf("%s: the rollback says its target already runs:\n%s", what, out)
		}
	}

	// Paused, then a resume that fails (a secret the spicepod needs is missing).
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "rbpaused", "spicepod": podA})
	h.ok(t, "pause_app", map[string]any{"app": "rbpaused"})
	h.ok(t, "update_app", map[string]any{"app": "rbpaused", "spicepod": "version: v1\nkind: Spicepod\nname: rbpaused\n" +
		"datasets:\n  - from: postgres:public.t\n    name: t\n    params:\n      pg_pass: ${secrets:MISSING_PW}\n"})
	if res := h.call(t, "resume_app", map[string]any{"app": "rbpaused", "wait": true}); !strings.Contains(text(res), "failed") {
		t.Fatalf("the resume did not fail; the test's premise is gone:\n%s", text(res))
	}
	if ids := deploymentIDs(t, h, "rbpaused"); len(ids) != 2 {
		t.Fatalf("rbpaused: deployments %v, want the first and the failed resume", ids)
	}
	rollback("rbpaused", "after a failed resume")

	// Deleted and created again: it keeps its deployment history, and nothing runs.
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "rbgone", "spicepod": podA})
	h.ok(t, "delete_app", map[string]any{"app": "rbgone"})
	h.ok(t, "create_app", map[string]any{"name": "rbgone"})
	mustContain(t, "reactivated", h.ok(t, "list_instances", map[string]any{"app": "rbgone"}), "no")
	rollback("rbgone", "reactivated")
}

// TestInstancesOfAPausedAppWithoutSpicepodNameUpdateFirst: list_instances and get_instance_logs
// of a paused app named `resume_app {"app":…}` even when the app has no spicepod, and the API
// refuses that resume (400 App has no spicepod configuration). They name update_app with a
// spicepod first, as the other paused texts do; that, then the resume they name, works.
func TestInstancesOfAPausedAppWithoutSpicepodNameUpdateFirst(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "create_app", map[string]any{"name": "pzpodless"})
	h.ok(t, "pause_app", map[string]any{"app": "pzpodless"})
	var offered [][2]string
	for _, tool := range []string{"list_instances", "get_instance_logs"} {
		out := h.fail(t, tool, map[string]any{"app": "pzpodless"})
		mustContain(t, tool, out, "is paused", "no spicepod", "update_app (the app and its spicepod)")
		if strings.Contains(out, "resume it with") {
			t.Errorf("%s offers resume_app first, which is refused without a spicepod:\n%s", tool, out)
		}
		offered = append(offered, offeredCalls(out, "resume_app")...)
	}
	if res := h.call(t, "resume_app", map[string]any{"app": "pzpodless"}); !res.IsError {
		t.Fatalf("resume_app without a spicepod worked; the test's premise is gone:\n%s", text(res))
	}
	if len(offered) != 2 || offered[0] != offered[1] {
		t.Fatalf("offered %v, want resume_app twice", offered)
	}
	h.ok(t, "update_app", map[string]any{"app": "pzpodless", "spicepod": podA})
	runOffered(t, h, offered[:1])
}
