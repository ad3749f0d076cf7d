package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR54WordsEnumRefusals: a value outside an enum is refused in our words (the field, the
// allowed values, what was given), before anything is sent and when the API answers it
// (create_app's cname, which only the API checks).
func TestR54WordsEnumRefusals(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, tc := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"update_app", map[string]any{"app": "analytics-app", "visibility": "open"}, "visibility: must be public or private; got 'open'"},
		{"update_app", map[string]any{"app": "analytics-app", "update_channel": "beta"}, "update_channel: must be one of stable, preview, nightly, internal, internal-sandbox; got 'beta'"},
		{"create_app", map[string]any{"name": "abcd-x", "region": "mars"}, "region: must be us-east-1 or us-west-2; got 'mars'"},
		{"add_member", map[string]any{"username": "jdoe", "roles": []any{"boss"}}, "roles: must be one of owner, admin, member, viewer, billing; got 'boss'"},
		{"create_app", map[string]any{"name": "abcd-x", "cname": "nope"}, "Field errors: cname: must be one of us-east-1, us-east-1-prod-aws-data, us-west-2, us-west-2-prod-aws-data; got 'nope'"},
	} {
		got := h.fail(t, tc.tool, tc.args)
		mustContain(t, tc.tool, got, tc.want)
		if strings.Contains(got, "Invalid enum value") {
			t.Errorf("%s: the validator's words:\n%s", tc.tool, got)
		}
	}
}

// TestR54WordsNothingToUpdate: update_app with only app names no field it did not get wrong,
// and says which settings it takes.
func TestR54WordsNothingToUpdate(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	got := h.fail(t, "update_app", map[string]any{"app": "analytics-app"})
	mustContain(t, "update_app", got, "Invalid arguments, nothing was sent: Nothing to update: update_app needs app and at least one setting to change: description, visibility, production_branch, tags, spicepod, image_tag, image, registry, update_channel, replicas, resources, version, region, cluster_name, node_group, storage_size_gb, storage_claim_size_gb")
	if strings.Contains(got, "app: Nothing") {
		t.Errorf("filed under app:\n%s", got)
	}
}

// TestR54WordsReplicasOverPlan: create_and_deploy_app's refusal of replicas above the plan
// names the field once, the limit and what to do.
func TestR54WordsReplicasOverPlan(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	got := h.fail(t, "create_and_deploy_app", map[string]any{"name": "abcd-x", "replicas": 9, "spicepod": "version: v1\nkind: Spicepod\nname: x\n"})
	mustContain(t, "replicas", got, "Invalid arguments, nothing was changed: replicas: 9 is more than the organization's plan allows (5): ask for 5 or fewer, or ask the user to upgrade the plan")
	if strings.Contains(got, "replicas: Replicas") {
		t.Errorf("the field is named twice:\n%s", got)
	}
}

// TestR54WordsReviewNextSteps: refusals a newcomer reads name the call that helps or what was
// sent: a secret not found names list_secrets; an app or member reference of the wrong JSON
// type says which type came; value_from_env where the server reads no environment says what to
// do instead.
func TestR54WordsReviewNextSteps(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	got := h.fail(t, "get_secret", map[string]any{"app": "analytics-app", "name": "NOPE"})
	mustContain(t, "get_secret", got, "What to do: List the app's secrets with list_secrets to see")
	mustContain(t, "get_app", h.fail(t, "get_app", map[string]any{"app": true}), "Invalid arguments, nothing was sent: app: want an app name or numeric ID, got a boolean")
	mustContain(t, "get_member", h.fail(t, "get_member", map[string]any{"member": []any{"bob"}}), "Invalid arguments, nothing was sent: member: want a username or numeric user_id, got an array")
	got = h.fail(t, "set_secret", map[string]any{"app": "analytics-app", "name": "GOOD", "value_from_env": "HOME"})
	mustContain(t, "set_secret", got, "value_from_env: reads the server's own environment or files", "\nWhat to do: Leave it out so the user enters the value privately, or give value")
}
