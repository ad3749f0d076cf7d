package mcpserver_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR53WordsRollbackToTheAppsID: rollback_deployment with the app's own ID as deployment_id
// says so, as get_deployment does.
func TestR53WordsRollbackToTheAppsID(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	got := h.fail(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 101})
	mustContain(t, "rollback_deployment", got, "101 is the app's own ID, not a deployment's.",
		"`list_deployments {\"app\":\"analytics-app\",\"status\":\"succeeded\"}`")
	if got := h.fail(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 999}); strings.Contains(got, "own ID") {
		t.Errorf("a deployment_id other than the app's is called the app's ID:\n%s", got)
	}
}

// TestR53WordsMemberApprovalsNameTheOrganization: the question a person answers before a
// member is removed, added as a manager or has their roles changed names the organization,
// once, whether the org argument chose it or not.
func TestR53WordsMemberApprovalsNameTheOrganization(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, tc := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"remove_member", map[string]any{"member": "bob"}, "remove bob (user 2) from the token's own organization;"},
		{"remove_member", map[string]any{"member": "bob", "org": "acme-labs"}, "remove bob (user 2) from organization acme-labs;"},
		{"update_member_roles", map[string]any{"member": "bob", "roles": []any{"admin"}}, "change the roles of bob (user 2) in the token's own organization from member to admin"},
		{"update_member_roles", map[string]any{"member": "bob", "roles": []any{"member"}, "org": "acme-labs"}, "change the roles of bob (user 2) in organization acme-labs from viewer to member"},
		{"add_member", map[string]any{"username": "jdoe", "roles": []any{"admin"}}, "add jdoe to the token's own organization with the role admin"},
		{"add_member", map[string]any{"username": "jdoe", "roles": []any{"admin"}, "org": "sandbox"}, "add jdoe to organization sandbox with the role admin"},
	} {
		got := h.fail(t, tc.tool, tc.args)
		mustContain(t, tc.tool, got, "Approval needed: "+tc.want)
		if strings.Count(got, "organization acme-labs")+strings.Count(got, "organization sandbox") > 1 {
			t.Errorf("%s names the organization twice:\n%s", tc.tool, got)
		}
	}
}

// TestR53WordsTaggedAppNotClaimedAsEarlierRun: an app create_and_deploy_app reuses because it
// carries the created-by tag is said to carry it, not to come from an earlier run, which the
// tag (the API takes it from any caller, though create_app refuses it since round 75) does not
// prove.
func TestR53WordsTaggedAppNotClaimedAsEarlierRun(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	emuSend(t, h, "sandbox", http.MethodPost, "/v1/projects", map[string]any{"name": "forged", "tags": map[string]string{"created-by": "spice-cloud-mcp"}}, nil)
	pod := "version: v1\nkind: Spicepod\nname: forged\n"
	got := h.fail(t, "create_and_deploy_app", map[string]any{"name": "forged", "spicepod": pod, "visibility": "public"})
	mustContain(t, "differs", got, "The existing app forged (105), tagged created-by=spice-cloud-mcp, differs in visibility")
	got = h.ok(t, "create_and_deploy_app", map[string]any{"name": "forged", "spicepod": pod})
	mustContain(t, "reused", got, "| create app | reused forged (105), tagged created-by=spice-cloud-mcp |")
	if strings.Contains(got, "earlier run") {
		t.Errorf("the result claims an earlier run:\n%s", got)
	}
}

// TestR53WordsOrgIDAsAppID: an organization's ID passed as app is named as such, with the call
// that lists that organization's apps; an app ID that is no organization's still names the
// argument and the tool that lists valid IDs.
func TestR53WordsOrgIDAsAppID(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, tc := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"get_app", map[string]any{"app": 1}, "1 is the ID of organization sandbox, not an app's: `list_apps {\"org\":\"sandbox\"}` lists its apps"},
		{"get_app", map[string]any{"app": "2"}, "2 is the ID of organization acme-labs, not an app's: `list_apps {\"org\":\"acme-labs\"}` lists its apps"},
		{"list_secrets", map[string]any{"app": 2, "org": "acme-labs"}, "2 is the ID of organization acme-labs, not an app's"},
		{"get_app", map[string]any{"app": "id:1"}, "1 is the ID of organization sandbox, not an app's"},
	} {
		mustContain(t, tc.tool, h.fail(t, tc.tool, tc.args), tc.want)
	}
	got := h.fail(t, "get_app", map[string]any{"app": 999})
	if strings.Contains(got, "ID of organization") {
		t.Errorf("an ID that is no organization's is called one:\n%s", got)
	}
	mustContain(t, "app 999", got, "Pass app a name or ID from list_apps", "another organization (org)")
}

// TestR53WordsTailSaysTheRuleAndAnExample: a tail below 1 is refused naming the field, the rule,
// an example and the default, not "tail: Invalid tail".
func TestR53WordsTailSaysTheRuleAndAnExample(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, tail := range []int{0, -5} {
		got := h.fail(t, "get_instance_logs", map[string]any{"app": "analytics-app", "tail": tail})
		mustContain(t, "tail", got, "tail: must be 1 or more: how many of the newest log lines to show, e.g. 50\nWhat to do: Leave tail out for the last 100")
		if strings.Contains(got, "Invalid tail") {
			t.Errorf("tail %d: %s", tail, got)
		}
	}
}
