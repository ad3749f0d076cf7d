package mcpserver_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestDeleteAppSaysWhatItStopped: delete_app said "its deployments were stopped and … no longer
// serves" of an app never deployed (docs-search) and of a paused one (nightly-etl). It says what
// the instance check before the delete found, as pause_app does; and what creating the name
// again brings back is what the reactivation does: the ID, secrets and keys, not the settings.
func TestDeleteAppSaysWhatItStopped(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	never := "no longer serves"
	for _, c := range []struct {
		args map[string]any
		want string
	}{
		{map[string]any{"app": "docs-search"}, "nothing of it was running or deploying when checked just before the deletion"},
		{map[string]any{"app": "nightly-etl", "org": "acme-labs"}, "it was paused (no runtime running), so nothing was stopped"},
	} {
		out := h.ok(t, "delete_app", c.args)
		mustContain(t, "delete_app", out, c.want, "but not its settings")
		if strings.Contains(out, never) {
			t.Errorf("delete_app %v says %q:\n%s", c.args, never, out)
		}
	}
	h.ok(t, "create_app", map[string]any{"name": "dl-run"})
	h.ok(t, "update_app", map[string]any{"app": "dl-run", "spicepod": podA})
	h.ok(t, "create_deployment", map[string]any{"app": "dl-run"})
	h.ok(t, "wait_for_deployment", map[string]any{"app": "dl-run"})
	mustContain(t, "delete_app, serving", h.ok(t, "delete_app", map[string]any{"app": "dl-run"}),
		"its runtime was torn down and https://dl-run.spice.ai no longer serves")

	// Reactivation: the settings are the create's, as the texts say.
	out := h.ok(t, "create_app", map[string]any{"name": "docs-search"})
	mustContain(t, "create_app, reactivated", out, "Reactivated the deleted app docs-search (102)",
		"visibility and description are this call's")
	if got := h.ok(t, "get_app", map[string]any{"app": "docs-search"}); strings.Contains(got, "Semantic search over product documentation") {
		t.Errorf("the reactivated app kept its description, which the texts say it does not:\n%s", got)
	}
}

// TestOwnerRoleIsNotTheOrgOwner: after update_member_roles bob → owner, list_members showed
// Roles "owner" and Owner "—", unexplained. The column is the organization's owner (is_owner),
// named so, and a member holding the owner role without being it is explained.
func TestOwnerRoleIsNotTheOrgOwner(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	out := h.ok(t, "list_members", map[string]any{})
	mustContain(t, "list_members", out, "its owner is alice (user 1):")
	if strings.Contains(out, "the owner role gives others") {
		t.Errorf("list_members explains an owner role nobody but the owner holds:\n%s", out)
	}
	h.ok(t, "update_member_roles", map[string]any{"member": "bob", "roles": []string{"owner"}})
	for _, call := range []struct {
		tool string
		args map[string]any
	}{{"list_members", map[string]any{}}, {"get_member", map[string]any{"member": "bob"}}} {
		// The owner named in the heading, and one member in a sentence (TestR54TokensMembersNameTheOwnerOnce).
		want := "its owner is alice (user 1):"
		if call.tool == "get_member" {
			want = "bob is not the organization's owner"
		}
		mustContain(t, call.tool, h.ok(t, call.tool, call.args), want, "the owner role gives others an owner's rights")
	}
}

// TestListDeploymentsLastPageSaysSo: a page as long as the limit said "More may follow" and
// named a next call that found nothing. One more than the page is asked for, so a next page is
// named only when one exists.
func TestListDeploymentsLastPageSaysSo(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	all := offeredCalls(h.ok(t, "list_deployments", map[string]any{"app": "analytics-app", "limit": 100}), "list_deployments")
	n := strings.Count(h.ok(t, "list_deployments", map[string]any{"app": "analytics-app", "limit": 100}), "\n| ") - 1 // rows
	if len(all) != 0 || n < 2 {
		t.Fatalf("the demo app's %d deployments; next calls %v", n, all)
	}
	if out := h.ok(t, "list_deployments", map[string]any{"app": "analytics-app", "limit": n}); strings.Contains(out, "offset") {
		t.Errorf("a page holding all %d deployments names a next page:\n%s", n, out)
	}
	next := offeredCalls(h.ok(t, "list_deployments", map[string]any{"app": "analytics-app", "limit": n - 1}), "list_deployments")
	want := [][2]string{{"list_deployments", fmt.Sprintf(`{"app":"analytics-app","limit":%d,"offset":%d}`, n-1, n-1)}}
	if !slices.Equal(next, want) {
		t.Fatalf("next page: %v, want %v", next, want)
	}
	if out := h.callRaw(t, next[0][0], next[0][1]); out.IsError || strings.Contains(text(out), "More may follow") || !strings.Contains(text(out), "| ") {
		t.Errorf("the last page, as offered:\n%s", text(out))
	}
}

// TestGetLimitsNamesTheOrganization: get_limits said "Plan limits of the organization:"
// without saying which.
func TestGetLimitsNamesTheOrganization(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	mustContain(t, "get_limits, org", h.ok(t, "get_limits", map[string]any{"org": "acme-labs"}), "Plan limits of organization acme-labs:")
	mustContain(t, "get_limits", h.ok(t, "get_limits", map[string]any{}), "Plan limits of the token's default organization")
}

// TestNoInstancesIsNotNothingRunning: with a deployment queued and no instances yet,
// list_instances said the app "has not been deployed, or its deployments stopped" and named
// create_deployment (409: one is in flight), resume_app named it too, and delete_app said
// "nothing was stopped" though the delete ended the queued deployment (failed, error_code
// stopped). No instances now leads to a read of the newest deployment: one in flight is named,
// with the wait_for_deployment call that follows it (run as written), and delete_app says it
// ended it, which the deployment, read after the app is created again, confirms.
func TestNoInstancesIsNotNothingRunning(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "create_app", map[string]any{"name": "qq-app"})
	h.ok(t, "update_app", map[string]any{"app": "qq-app", "spicepod": podA})
	h.ok(t, "create_deployment", map[string]any{"app": "qq-app"}) // 1001, queued
	want := [][2]string{{"wait_for_deployment", `{"app":"qq-app","deployment_id":1001}`}}
	for _, tool := range []string{"list_instances", "resume_app"} {
		out := h.ok(t, tool, map[string]any{"app": "qq-app"})
		mustContain(t, tool+", deployment queued", out, "1001 is still queued or in progress")
		for _, never := range []string{"has not been deployed", "create_deployment"} {
			if strings.Contains(out, never) {
				t.Errorf("%s, deployment queued, says %q:\n%s", tool, never, out)
			}
		}
		if got := offeredCalls(out, "wait_for_deployment", "create_deployment"); !slices.Equal(got, want) {
			t.Errorf("%s: offered %v, want %v:\n%s", tool, got, want, out)
		}
	}
	runOffered(t, h, want)

	h.ok(t, "create_app", map[string]any{"name": "qq-del"})
	h.ok(t, "update_app", map[string]any{"app": "qq-del", "spicepod": podA})
	h.ok(t, "create_deployment", map[string]any{"app": "qq-del"}) // 1002, queued
	out := h.ok(t, "delete_app", map[string]any{"app": "qq-del"})
	mustContain(t, "delete_app, deployment queued", out, "deployment 1002 was queued: the deletion ended it")
	if strings.Contains(out, "nothing was stopped") {
		t.Errorf("delete_app, deployment queued, says nothing was stopped:\n%s", out)
	}
	h.ok(t, "create_app", map[string]any{"name": "qq-del"})
	mustContain(t, "the deployment the delete ended", h.ok(t, "get_deployment", map[string]any{"app": "qq-del", "deployment_id": 1002}),
		"failed", "stopped")
}

// TestReactivatedAppNeedsASpicepod: deployable() read a succeeded deployment as "has a source
// to deploy", but an app deleted and created again keeps its deployment history and not its
// spicepod, so list_instances and resume_app named create_deployment (400 App has no spicepod
// configuration); wait_for_deployment on an app with no deployments named it too, whatever the
// app stored. They name the spicepod first; the refusal they announce happens, and the call
// they name works once the spicepod is set as they say. A connected app that deployed from
// GitHub and was created again (its connection gone) is no exception.
func TestReactivatedAppNeedsASpicepod(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	const noPod = "no spicepod yet, so create_deployment would be refused"
	h.ok(t, "create_app", map[string]any{"name": "rx-git"})
	h.ok(t, "connect_repository", map[string]any{"app": "rx-git", "repository": "rx-repo"})
	h.ok(t, "create_deployment", map[string]any{"app": "rx-git"})
	h.ok(t, "wait_for_deployment", map[string]any{"app": "rx-git"})
	for _, a := range []map[string]any{{"app": "nightly-etl", "org": "acme-labs"}, {"app": "rx-git"}} {
		create, update := map[string]any{"name": a["app"]}, map[string]any{"app": a["app"], "spicepod": podA}
		if org, ok := a["org"]; ok {
			create["org"], update["org"] = org, org
		}
		h.ok(t, "delete_app", a)
		h.ok(t, "create_app", create)
		var offered [][2]string
		for _, tool := range []string{"list_instances", "resume_app"} {
			out := h.ok(t, tool, a)
			mustContain(t, tool+", reactivated", out, noPod, "update_app")
			if strings.Contains(out, "Deploy it with") || strings.Contains(out, "To restart it") {
				t.Errorf("%s %v, reactivated, offers a deployment outright:\n%s", tool, a, out)
			}
			offered = append(offered, offeredCalls(out, "create_deployment")...)
		}
		mustContain(t, "create_deployment refused", h.fail(t, "create_deployment", a), "no spicepod configuration")
		if len(offered) != 2 || offered[0] != offered[1] {
			t.Fatalf("%v: offered %v, want create_deployment twice", a, offered)
		}
		h.ok(t, "update_app", update)
		runOffered(t, h, offered[:1])
	}

	// No deployments at all, and no spicepod: wait_for_deployment's next step is the spicepod.
	out := h.fail(t, "wait_for_deployment", map[string]any{"app": "docs-search"})
	mustContain(t, "wait_for_deployment, no deployments", out, "nothing to wait for", noPod, "update_app")
	mustContain(t, "create_deployment refused", h.fail(t, "create_deployment", map[string]any{"app": "docs-search"}), "no spicepod configuration")
	h.ok(t, "update_app", map[string]any{"app": "docs-search", "spicepod": podA})
	if calls := offeredCalls(out, "create_deployment"); len(calls) != 1 {
		t.Fatalf("wait_for_deployment, no deployments: offered %v, want create_deployment:\n%s", calls, out)
	} else {
		runOffered(t, h, calls)
	}
}

// TestNoInstancesHedgesWhenDeploymentsAreUnread: with no instances and the app's deployments
// unreadable (a token without deployments:read), list_instances and delete_app do not claim
// that nothing runs or that nothing was stopped: a deployment may be queued.
func TestNoInstancesHedgesWhenDeploymentsAreUnread(t *testing.T) {
	h, full := twoTokenHarness(t, []string{"apps:read", "apps:write", "apps:delete"})
	h.ok(t, "create_app", map[string]any{"name": "qh-app"})
	h.ok(t, "update_app", map[string]any{"app": "qh-app", "spicepod": podA})
	type project struct {
		ID   int64
		Name string
	}
	var list struct{ Projects []project }
	emuSend(t, h, full, "GET", "/v1/projects", nil, &list)
	i := slices.IndexFunc(list.Projects, func(p project) bool { return p.Name == "qh-app" })
	if i < 0 {
		t.Fatalf("qh-app not listed: %+v", list.Projects)
	}
	emuSend(t, h, full, "POST", fmt.Sprintf("/v1/projects/%d/deployments", list.Projects[i].ID), map[string]any{}, nil) // queued
	out := h.ok(t, "list_instances", map[string]any{"app": "qh-app"})
	mustContain(t, "list_instances, deployments unread", out, "its deployments could not be read to check", "refused (409)")
	out = h.ok(t, "delete_app", map[string]any{"app": "qh-app"})
	mustContain(t, "delete_app, deployments unread", out, "could not be checked", "if one was, the deletion ended it")
	if strings.Contains(out, "nothing was stopped") {
		t.Errorf("delete_app, deployments unread, says nothing was stopped:\n%s", out)
	}
}
