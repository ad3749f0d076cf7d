package mcpserver_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR69Claims6CreateAppDeploysNothing: create_app's description says "Stand up a new, empty app
// (project): no spicepod, nothing deployed". A new app, with every argument create_app takes
// given (a description and tags that speak of a spicepod), and an app brought back by re-creating
// a deleted one's name (which keeps its deployment history), have no spicepod and nothing running:
// create_app calls no deployment, configuration or resume operation.
func TestR69Claims6CreateAppDeploysNothing(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "create_app", map[string]any{"name": "r69-empty", "region": "us-west-2", "description": "spicepod: version v1",
		"visibility": "public", "tags": map[string]any{"spicepod": "v1", "deploy": "now"}})
	h.ok(t, "delete_app", map[string]any{"app": "analytics-app"})
	h.clock.Advance(time.Hour)
	h.ok(t, "create_app", map[string]any{"name": "analytics-app"})
	for _, app := range []string{"r69-empty", "analytics-app"} {
		id := h.appID(t, app)
		before := h.emu.DeploymentCount("sandbox", id)
		h.clock.Advance(time.Minute)
		if n := h.emu.DeploymentCount("sandbox", id); n != before {
			t.Errorf("%s: %d deployments after create_app settled, %d before", app, n, before)
		}
		if app == "r69-empty" && before != 0 {
			t.Errorf("%s: %d deployments, want none", app, before)
		}
		mustContain(t, app+" instances", h.ok(t, "list_instances", map[string]any{"app": app}), "has no runtime instances")
		mustContain(t, app, h.ok(t, "get_app", map[string]any{"app": app}), "Spicepod: not set")
	}
	for _, op := range []string{api.CreateDeployment.ID, api.CreateProjectDeployment.ID, api.UpdateProject.ID, api.UpdateApp.ID, api.ResumeProject.ID} {
		if n := h.emu.Calls(op); n != 0 {
			t.Errorf("create_app called %s %d times", op, n)
		}
	}
}

// TestR69Claims6UpdateAppChangesOnlyGivenFields: update_app's description says "Only given fields
// change, from the next deployment." Each of replicas, description, visibility and the spicepod,
// given alone, changes get_app's line of that field and no other line, and deploys nothing: the
// app's deployments stay as they were, the running one at its replicas, until create_deployment,
// whose deployment runs the new replicas.
func TestR69Claims6UpdateAppChangesOnlyGivenFields(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	const app = "analytics-app"
	id := h.appID(t, app)
	deployments := h.emu.DeploymentCount("sandbox", id)
	newestReplicas := func() any {
		var out struct {
			Deployments []struct{ Replicas any } `json:"deployments"`
		}
		structured(t, h.call(t, "list_deployments", map[string]any{"app": app}), &out)
		if len(out.Deployments) == 0 {
			t.Fatal("no deployments listed")
		}
		return out.Deployments[0].Replicas
	}
	running := newestReplicas()
	for _, c := range []struct {
		field string
		value any
		line  string // get_app's line of the field
	}{
		{"replicas", 3, "- Runtime:"},
		{"description", "r69 only this", "- Description:"},
		{"visibility", "public", "- Visibility:"},
		{"spicepod", podYAML, "name: sales"},
	} {
		before := strings.Split(h.ok(t, "get_app", map[string]any{"app": app}), "\n")
		h.ok(t, "update_app", map[string]any{"app": app, c.field: c.value})
		after := strings.Split(h.ok(t, "get_app", map[string]any{"app": app}), "\n")
		changed := false
		for _, l := range after {
			if !slices.Contains(before, l) {
				changed = changed || strings.Contains(l, c.line) || c.field == "spicepod"
				if c.field != "spicepod" && !strings.HasPrefix(l, c.line) {
					t.Errorf("update_app %s changed get_app's line %q", c.field, l)
				}
			}
		}
		if !changed {
			t.Errorf("update_app %s changed no line of get_app", c.field)
		}
		if head := func(lines []string) string {
			s, _, _ := strings.Cut(strings.Join(lines, "\n"), "- Spicepod:")
			return s
		}; c.field == "spicepod" && head(after) != head(before) {
			t.Errorf("update_app spicepod changed the other fields:\n%s\nwere\n%s", head(after), head(before))
		}
		if n := h.emu.DeploymentCount("sandbox", id); n != deployments {
			t.Errorf("update_app %s: %d deployments, %d before: it deployed", c.field, n, deployments)
		}
		if got := newestReplicas(); got != running {
			t.Errorf("update_app %s: the running deployment's replicas are %v, were %v", c.field, got, running)
		}
	}
	h.ok(t, "create_deployment", map[string]any{"app": app})
	if got := newestReplicas(); got != float64(3) {
		t.Errorf("the next deployment runs %v replicas, want the 3 given", got)
	}
}

// TestR69Claims6SecretValueNeverAskedThroughTheClient: set_secret's value parameter says "Leave
// value out: the user enters it privately, never in the chat", and create_and_deploy_app's
// prompt "do not ask me for the values". A client that declares form elicitation only, in both
// protocol eras, is never sent a form asking for a value (it would cross the MCP client and its
// model): set_secret without a value, and create_and_deploy_app with a secret left out, answer
// with a page link instead, and the form questions they do send (approvals) ask for no field
// named after the secret or a value.
func TestR69Claims6SecretValueNeverAskedThroughTheClient(t *testing.T) {
	formOnly := &mcp.ClientCapabilities{Elicitation: &mcp.ElicitationCapability{Form: &struct{}{}}}
	for _, protocol := range []string{"", "modern"} {
		var asked []mcp.ElicitationRequest
		var mu sync.Mutex
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, protocol: protocol, capabilities: formOnly,
			elicit: func(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
				mu.Lock()
				asked = append(asked, req)
				mu.Unlock()
				return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept, Content: map[string]any{"confirm": true}}}, nil
			}})
		for _, c := range []struct {
			tool string
			args map[string]any
		}{
			{"set_secret", map[string]any{"app": "analytics-app", "name": "R69_NEW_SECRET"}},
			{"create_and_deploy_app", map[string]any{"name": "r69-form-only", "spicepod": "version: v1\nkind: Spicepod\nname: r69\ndatasets:\n  - from: postgres:orders\n    name: orders\n    params:\n      pg_pass: ${secrets:R69_NEW_SECRET}\n"}},
		} {
			linkIn(t, h.call(t, c.tool, c.args)) // one page link, or it fails
		}
		mu.Lock()
		for _, q := range asked {
			schema, _ := json.Marshal(q.Params.RequestedSchema)
			if q.Params.Mode == "url" || strings.Contains(strings.ToLower(string(schema)), "r69_new_secret") || strings.Contains(strings.ToLower(string(schema)), "value") {
				t.Errorf("%s: the client was asked %s %q with schema %s", protocol, q.Params.Mode, q.Params.Message, schema)
			}
		}
		mu.Unlock()
	}
}

// TestR69Claims6PauseDeletesNothing: the instructions say "Pausing is pause_app and resume_app,
// never deleting an app", and pause_app's description that "configuration, secrets and keys
// are kept". Paused, the app is still listed with its ID, its spicepod, secrets and both API
// keys stay, no delete operation is called, and resume_app runs it again.
func TestR69Claims6PauseDeletesNothing(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	const app = "analytics-app"
	id := h.appID(t, app)
	keys := [2]string{}
	for i := range keys {
		keys[i], _ = h.emu.APIKey("sandbox", id, i+1)
	}
	secrets := h.ok(t, "list_secrets", map[string]any{"app": app})
	pod, _, _ := strings.Cut(h.ok(t, "get_app", map[string]any{"app": app}), "- Spicepod:")
	h.ok(t, "pause_app", map[string]any{"app": app})
	h.clock.Advance(time.Minute)
	mustContain(t, "list_apps", h.ok(t, "list_apps", nil), app)
	if got := h.ok(t, "list_secrets", map[string]any{"app": app}); got != secrets {
		t.Errorf("secrets after the pause:\n%s\nbefore:\n%s", got, secrets)
	}
	if got := h.ok(t, "get_app", map[string]any{"app": app}); !strings.Contains(got, "- Spicepod:") || !strings.Contains(got, strings.TrimSpace(pod[strings.Index(pod, "- Region:"):])) {
		t.Errorf("get_app after the pause lost the configuration:\n%s", got)
	}
	for i, k := range keys {
		if k == "" || !h.emu.ValidAPIKey(k) {
			t.Errorf("API key %d is gone after the pause", i+1)
		}
	}
	for _, op := range []string{api.DeleteProject.ID, api.DeleteApp.ID, api.DeleteProjectSecret.ID, api.DeleteSecret.ID} {
		if n := h.emu.Calls(op); n != 0 {
			t.Errorf("pause_app called %s %d times", op, n)
		}
	}
	h.ok(t, "resume_app", map[string]any{"app": app})
}
