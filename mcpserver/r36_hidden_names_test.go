package mcpserver_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r36EmptyApp creates, behind the server's back, an app that has never been deployed: with a
// spicepod (it deploys as is) or without one (update_app first).
func r36EmptyApp(spicepod bool) func(*testing.T, *harness) {
	return func(t *testing.T, h *harness) {
		var created struct {
			ID int64 `json:"id"`
		}
		emuSend(t, h, "sandbox", http.MethodPost, "/v1/projects", map[string]any{"name": "r36-empty"}, &created)
		if spicepod {
			emuSend(t, h, "sandbox", http.MethodPut, "/v1/projects/"+strconv.FormatInt(created.ID, 10),
				map[string]any{"spicepod": "version: v1\nkind: Spicepod\nname: r36-empty\n"}, nil)
		}
	}
}

// r36MissingBranch points analytics-app at a production branch its repository lacks, without
// update_app (which the case may hide).
func r36MissingBranch(t *testing.T, h *harness) {
	h.ok(t, "connect_repository", map[string]any{"app": "analytics-app", "repository": "analytics"})
	emuSend(t, h, "sandbox", http.MethodPut, "/v1/projects/"+strconv.Itoa(analyticsID), map[string]any{"production_branch": "x-missing"}, nil)
}

// TestR36HiddenToolsNamedOnlyWhereUsable: the next step of an app that runs nothing
// (list_deployments' empty history, list_instances with nothing in flight, wait_for_deployment
// with nothing to wait for, describe_app's recent deployments) named create_deployment and
// update_app whatever the caller could use, and the branch_not_found remedy of create_deployment
// and resume_app named update_app bare. Each is now named only as not available, with why.
func TestR36HiddenToolsNamedOnlyWhereUsable(t *testing.T) {
	exclude := func(names ...string) tools.Policy { return tools.Policy{ExcludeTools: names} }
	noDeploy := []string{"create_deployment (not available here)", "create_deployment is not available here (", "apply nothing"}
	pause := func(t *testing.T, h *harness) {
		emuSend(t, h, "sandbox", http.MethodPost, "/v1/projects/"+strconv.Itoa(analyticsID)+"/pause", nil, nil)
	}
	strict := []hiddenToolCase{
		{"list_deployments, empty, create_deployment excluded", exclude("create_deployment"), []func(*testing.T, *harness){r36EmptyApp(true)},
			"list_deployments", map[string]any{"app": "r36-empty"}, []string{"create_deployment"},
			append([]string{"has no deployments yet.", "Deploy it with create_deployment (not available here)."}, noDeploy...)},
		{"list_deployments, empty, no spicepod, update_app excluded", exclude("update_app"), []func(*testing.T, *harness){r36EmptyApp(false)},
			"list_deployments", map[string]any{"app": "r36-empty"}, []string{"update_app"},
			[]string{"has no deployments yet.", "with update_app (not available here)", "update_app is not available here (", "create_deployment {"}},
		{"list_instances, nothing in flight, create_deployment excluded", exclude("create_deployment"), []func(*testing.T, *harness){r36EmptyApp(true)},
			"list_instances", map[string]any{"app": "r36-empty"}, []string{"create_deployment"},
			append([]string{"has no runtime instances"}, noDeploy...)},
		{"wait_for_deployment, nothing to wait for, create_deployment excluded", exclude("create_deployment"),
			[]func(*testing.T, *harness){r36EmptyApp(true)}, "wait_for_deployment", map[string]any{"app": "r36-empty"}, []string{"create_deployment"},
			append([]string{"nothing to wait for"}, noDeploy...)},
		{"describe_app, never deployed, create_deployment excluded", exclude("create_deployment"), []func(*testing.T, *harness){r36EmptyApp(true)},
			"describe_app", map[string]any{"app": "r36-empty"}, []string{"create_deployment"},
			append([]string{"No deployments yet."}, noDeploy...)},
		{"create_deployment from a missing branch, update_app excluded", exclude("update_app"), []func(*testing.T, *harness){r36MissingBranch},
			"create_deployment", map[string]any{"app": "analytics-app"}, []string{"update_app"},
			[]string{"nothing was deployed", "with update_app (not available here)", "update_app is not available here ("}},
		{"resume_app from a missing branch, update_app excluded", exclude("update_app"), []func(*testing.T, *harness){pause, r36MissingBranch},
			"resume_app", map[string]any{"app": "analytics-app"}, []string{"update_app"},
			[]string{"stays paused", "with update_app (not available here)", "update_app is not available here ("}},
	}
	for _, tc := range strict {
		t.Run(tc.name, func(t *testing.T) { tc.check(t, true) })
	}
	// Both hidden (--read-only, or both excluded): "update_app and create_deployment are not
	// available here" names them together, so only offering either as a call is checked here.
	both := []string{"create_deployment", "update_app"}
	for _, tc := range []hiddenToolCase{
		{"list_deployments, empty, no spicepod, read-only", tools.Policy{ReadOnly: true}, []func(*testing.T, *harness){r36EmptyApp(false)},
			"list_deployments", map[string]any{"app": "r36-empty"}, both,
			[]string{"has no deployments yet.", "a deployment would be refused", "with update_app (not available here)",
				"then create_deployment (not available here) deploys it", "--read-only"}},
		{"list_instances, no spicepod, both excluded", exclude(both...), []func(*testing.T, *harness){r36EmptyApp(false)},
			"list_instances", map[string]any{"app": "r36-empty"}, both,
			[]string{"has no runtime instances", "with update_app (not available here)", "then create_deployment (not available here) deploys it",
				"are not available here ("}},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.check(t, false) })
	}
}

// TestR36HiddenToolsInResourceErrors: a resource view that fails renders its error as the tool
// would, its remedy naming a tool the caller cannot use only as not available (it named
// list_orgs bare: resources rendered remedies without the caller's unavailable tools).
func TestR36HiddenToolsInResourceErrors(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ExcludeTools: []string{"list_orgs"}},
		upstream: recordingProxy(nil, answerWith(http.MethodGet, "/v1/projects", http.StatusBadRequest, `{"error":"Invalid X-Org-Name header"}`))})
	var req mcp.ReadResourceRequest
	req.Params.URI = "spice://apps"
	_, err := h.mcp.ReadResource(context.Background(), req)
	if err == nil {
		t.Fatal("spice://apps read though the API refused the listing")
	}
	msg := err.Error()
	mustContain(t, "spice://apps", msg, "Invalid X-Org-Name header", "list_orgs (not available here)", "list_orgs is not available here (")
	if rest := strings.NewReplacer("list_orgs (not available here)", "", "list_orgs is not available here", "").Replace(msg); strings.Contains(rest, "list_orgs") {
		t.Errorf("names list_orgs as if the caller could use it: %s", msg)
	}
}
