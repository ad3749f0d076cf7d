package mcpserver_test

import (
	"net/http"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR35HiddenToolsNamedOnlyWhereUsable: update_app's headline, list_instances with a deployment
// in flight and the remedies of API errors (a rollback to a failed deployment, adding a member
// who is one, an unknown member, an unknown cluster) named create_deployment, resume_app,
// wait_for_deployment, list_deployments, update_member_roles, list_members and list_clusters
// even where the caller cannot use them (--exclude-tools, --toolsets). Each is now named only as
// not available, with why, or another way is named: never as a call, nor bare as if usable.
func TestR35HiddenToolsNamedOnlyWhereUsable(t *testing.T) {
	const app, appNumber = "analytics-app", "101" // the demo app and its ID
	pause := func(t *testing.T, h *harness) {
		emuSend(t, h, "sandbox", http.MethodPost, "/v1/projects/"+appNumber+"/pause", nil, nil)
	}
	deploy := func(t *testing.T, h *harness) {
		emuSend(t, h, "sandbox", http.MethodPost, "/v1/projects/"+appNumber+"/deployments", map[string]any{}, nil)
	}
	// fresh: an app just created and deployed, its deployment still in flight and no instance yet.
	fresh := func(t *testing.T, h *harness) {
		h.call(t, "create_and_deploy_app", map[string]any{"name": "r35-app", "spicepod": "version: v1\nkind: Spicepod\nname: r35-app\n", "wait": false})
	}
	exclude := func(names ...string) tools.Policy { return tools.Policy{ExcludeTools: names} }
	for _, tc := range []hiddenToolCase{
		{"update_app, create_deployment excluded", exclude("create_deployment"), nil, "update_app",
			map[string]any{"app": app, "replicas": 1}, []string{"create_deployment"},
			[]string{"Updated", "create_deployment (not available here)", "create_deployment is not available here (", "apply nothing"}},
		{"update_app of a paused app, resume_app excluded", exclude("resume_app"), []func(*testing.T, *harness){pause}, "update_app",
			map[string]any{"app": app, "replicas": 1}, []string{"resume_app"},
			[]string{"paused", "resume_app (not available here)", "resume_app is not available here ("}},
		{"update_app with a deployment in flight, wait excluded", exclude("wait_for_deployment"), []func(*testing.T, *harness){deploy},
			"update_app", map[string]any{"app": app, "replicas": 1}, []string{"wait_for_deployment"},
			[]string{"still queued or in progress", "get_deployment {"}},
		{"list_instances with a deployment in flight, wait excluded", exclude("wait_for_deployment"), []func(*testing.T, *harness){fresh},
			"list_instances", map[string]any{"app": "r35-app"}, []string{"wait_for_deployment"},
			[]string{"no runtime instances yet", "get_deployment {"}},
		{"rollback_deployment to a failed deployment, list_deployments excluded", exclude("list_deployments"), nil,
			"rollback_deployment", map[string]any{"app": app, "deployment_id": 1002}, []string{"list_deployments"},
			[]string{"succeeded", "list_deployments (not available here)", "list_deployments is not available here (", "Spice.ai portal"}},
		{"add_member of a member, update_member_roles excluded", exclude("update_member_roles"), nil,
			"add_member", map[string]any{"username": "bob"}, []string{"update_member_roles"},
			[]string{"already a member", "update_member_roles (not available here)", "update_member_roles is not available here ("}},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.check(t, true) })
	}
}
