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
		{map[string]any{"app": "docs-search"}, "it had no runtime running (no instances), so nothing was stopped"},
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
	mustContain(t, "create_app, reactivated", out, "Reactivated the deleted app docs-search (102)", "but not its settings")
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
	mustContain(t, "list_members", out, "| Org owner |")
	if strings.Contains(out, "the owner role gives others") {
		t.Errorf("list_members explains an owner role nobody but the owner holds:\n%s", out)
	}
	h.ok(t, "update_member_roles", map[string]any{"member": "bob", "roles": []string{"owner"}})
	for _, call := range []struct {
		tool string
		args map[string]any
	}{{"list_members", map[string]any{}}, {"get_member", map[string]any{"member": "bob"}}} {
		mustContain(t, call.tool, h.ok(t, call.tool, call.args), "| Org owner |", "the owner role gives others an owner's rights")
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
