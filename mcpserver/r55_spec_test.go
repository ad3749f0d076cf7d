package mcpserver_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r55SpecStep is one tool call; when code is set the call must fail with that documented
// error code, shown with its HTTP status and a remedy.
type r55SpecStep struct {
	tool   string
	args   map[string]any
	status string // e.g. "409 Conflict"
	code   string
}

func r55SpecRun(t *testing.T, h *harness, steps []r55SpecStep) {
	t.Helper()
	for _, s := range steps {
		if s.code == "" {
			h.ok(t, s.tool, s.args)
			continue
		}
		got := h.fail(t, s.tool, s.args)
		mustContain(t, s.tool+" "+s.code, got, "Spice.ai API error "+s.status+" ("+s.code+"): ", "What to do: ")
		if strings.Contains(got, "(unrecognized code)") || strings.Contains(got, "unknown code") {
			t.Errorf("%s: documented code %s read as unknown:\n%s", s.tool, s.code, got)
		}
	}
}

// TestR55SpecCodedErrorsReachTheTools: the (operation, status, code) triples of openapi.json and
// api/README §5 that no tool-level test produced before round 55 — each made by the emulator
// over real HTTP and shown by the tool with its status, code and a remedy: instance_not_found,
// project_not_deployed, instance_offline (instance logs), github_unavailable,
// repository_not_found, spicepod_missing, root_directory_conflict, github_not_connected
// (connect repository), branch_not_found on create deployment and resume, spicepod_paused on
// rollback, invalid_stable_image_tag (update, create deployment), ai_credits_exhausted (fork)
// and org_assertion_mismatch. The emulator side is TestR55SpecEveryDocumentedCodeIsProduced.
func TestR55SpecCodedErrorsReachTheTools(t *testing.T) {
	off := tools.Safety{Confirm: tools.ConfirmOff}
	const pod = "version: v1\nkind: Spicepod\nname: fresh-app\n"
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: off})
	r55SpecRun(t, h, []r55SpecStep{
		{tool: "get_instance_logs", args: map[string]any{"app": "analytics-app", "instance": "nope"}, status: "404 Not Found", code: "instance_not_found"},
		{tool: "create_app", args: map[string]any{"name": "fresh-app", "region": "us-west-2"}},
		{tool: "update_app", args: map[string]any{"app": "fresh-app", "spicepod": pod}},
		{tool: "get_instance_logs", args: map[string]any{"app": "fresh-app", "instance": "x"}, status: "409 Conflict", code: "project_not_deployed"},
		{tool: "connect_repository", args: map[string]any{"app": "analytics-app", "repository": "repo-unavailable"}, status: "503 Service Unavailable", code: "github_unavailable"},
		{tool: "connect_repository", args: map[string]any{"app": "analytics-app", "repository": "someone-else/repo"}, status: "404 Not Found", code: "repository_not_found"},
		{tool: "connect_repository", args: map[string]any{"app": "analytics-app", "repository": "repo", "root_directory": "pods/x-empty"}, status: "422 Unprocessable Entity", code: "spicepod_missing"},
		{tool: "connect_repository", args: map[string]any{"app": "analytics-app", "repository": "shared"}},
		{tool: "connect_repository", args: map[string]any{"app": "fresh-app", "repository": "shared"}, status: "409 Conflict", code: "root_directory_conflict"},
		{tool: "update_app", args: map[string]any{"app": "analytics-app", "production_branch": "gone-missing"}},
		{tool: "create_deployment", args: map[string]any{"app": "analytics-app"}, status: "422 Unprocessable Entity", code: "branch_not_found"},
		{tool: "pause_app", args: map[string]any{"app": "analytics-app"}},
		{tool: "resume_app", args: map[string]any{"app": "analytics-app"}, status: "422 Unprocessable Entity", code: "branch_not_found"},
		{tool: "rollback_deployment", args: map[string]any{"app": "analytics-app", "deployment_id": 1003}, status: "400 Bad Request", code: "spicepod_paused"},
	})

	// A deployment whose pod is never scheduled leaves a pending instance: its logs are 409
	// instance_offline.
	if err := h.emu.FailNextDeployment("insufficient_memory"); err != nil {
		t.Fatal(err)
	}
	h.ok(t, "create_deployment", map[string]any{"app": "fresh-app"})
	h.clock.Advance(10e9)
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/v1/projects/%d/instances", h.api.URL, h.appID(t, "fresh-app")), nil)
	req.Header.Set("Authorization", "Bearer sandbox")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var listed struct {
		Instances []struct{ Name, Status string } `json:"instances"`
	}
	err = json.NewDecoder(resp.Body).Decode(&listed)
	resp.Body.Close()
	if err != nil || len(listed.Instances) != 1 || listed.Instances[0].Status != "pending" {
		t.Fatalf("instances: %+v %v", listed, err)
	}
	insts := []string{listed.Instances[0].Name}
	r55SpecRun(t, h, []r55SpecStep{{tool: "get_instance_logs", args: map[string]any{"app": "fresh-app", "instance": insts[0]}, status: "409 Conflict", code: "instance_offline"}})

	h = newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, Orgs: []sandbox.Org{{Slug: "sandbox", Owner: "alice",
		Enterprise: true, GitHubNotConnected: true, AICreditsExhausted: true}}}, safety: off})
	r55SpecRun(t, h, []r55SpecStep{
		{tool: "update_app", args: map[string]any{"app": "analytics-app", "image_tag": "9.9.9"}, status: "400 Bad Request", code: "invalid_stable_image_tag"},
		{tool: "create_deployment", args: map[string]any{"app": "analytics-app", "image_tag": "9.9.9"}, status: "400 Bad Request", code: "invalid_stable_image_tag"},
		{tool: "connect_repository", args: map[string]any{"app": "analytics-app", "repository": "repo"}, status: "409 Conflict", code: "github_not_connected"},
		{tool: "update_app", args: map[string]any{"app": "analytics-app", "spicepod": "version: v1\nkind: Spicepod\nname: analytics-app\nmodels:\n  - from: openai:gpt-4o\n    name: gpt\n"}},
		{tool: "fork_app", args: map[string]any{"app": "analytics-app"}, status: "402 Payment Required", code: "ai_credits_exhausted"},
	})

	h = newHarness(t, harnessOptions{
		cfg: sandbox.Config{Demo: true, OAuthClients: []sandbox.OAuthClient{{ID: "cid", Secret: "csecret-csecret-1234", Org: "sandbox", Scopes: []string{"*"}}}},
		tokens: func(url string) client.TokenSource {
			return client.NewClientCredentials("cid", "csecret-csecret-1234", url+"/api/oauth/token")
		}, safety: off})
	r55SpecRun(t, h, []r55SpecStep{{tool: "get_app", args: map[string]any{"app": "nightly-etl", "org": "acme-labs"}, status: "403 Forbidden", code: "org_assertion_mismatch"}})
}

// TestR55SpecBadInputNeverReachesTheAPI: an argument that breaks an openapi.json constraint of
// the field it is sent as (minLength, maxLength, pattern, enum, minimum, maximum, required) —
// one per constrained request field a tool takes — is refused by the tool with the field named
// and nothing sent: no operation of the emulator is reached ("Bad input ... never reaches the
// API"). The emulator's own answer to each, for a raw client, is
// sandbox's TestR55SpecEveryDeclaredInputIsChecked and the field-rule tests it names.
func TestR55SpecBadInputNeverReachesTheAPI(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	calls := func() int {
		n := 0
		for _, op := range api.Operations {
			n += h.emu.Calls(op.ID)
		}
		return n
	}
	cases := []struct {
		tool, field string
		args        map[string]any
	}{
		{"create_app", "name", map[string]any{"name": "abc"}},
		{"create_app", "name", map[string]any{"name": "bad_name"}},
		{"create_app", "name", map[string]any{"name": strings.Repeat("a", 39)}},
		{"create_app", "region", map[string]any{"name": "good-name", "region": "mars"}},
		{"create_app", "visibility", map[string]any{"name": "good-name", "visibility": "secret"}},
		{"create_app", "tags.k", map[string]any{"name": "good-name", "tags": map[string]any{"k": "bad value!"}}},
		{"create_app", "cname", map[string]any{"name": "good-name", "cname": ""}},
		{"update_app", "replicas", map[string]any{"app": "analytics-app", "replicas": 11}},
		{"update_app", "update_channel", map[string]any{"app": "analytics-app", "update_channel": "weekly"}},
		{"update_app", "visibility", map[string]any{"app": "analytics-app", "visibility": "secret"}},
		{"update_app", "storage_size_gb", map[string]any{"app": "analytics-app", "storage_size_gb": "x"}},
		{"create_deployment", "channel", map[string]any{"app": "analytics-app", "channel": "weekly"}},
		{"create_deployment", "replicas", map[string]any{"app": "analytics-app", "replicas": 0}},
		{"list_deployments", "limit", map[string]any{"app": "analytics-app", "limit": 101}},
		{"list_deployments", "status", map[string]any{"app": "analytics-app", "status": "bogus"}},
		{"get_instance_logs", "tail", map[string]any{"app": "analytics-app", "instance": "x", "tail": 0}},
		{"set_secret", "name", map[string]any{"app": "analytics-app", "name": "1bad", "value": "v"}},
		{"add_member", "roles", map[string]any{"username": "jdoe", "roles": []string{"root"}}},
		{"add_member", "username", map[string]any{"username": ""}},
		{"update_member_roles", "roles", map[string]any{"member": "bob", "roles": []string{}}},
		{"regenerate_api_key", "key_number", map[string]any{"app": "analytics-app", "key_number": 3}},
		{"fork_app", "name", map[string]any{"app": "analytics-app", "name": "x"}},
		{"fork_app", "region", map[string]any{"app": "analytics-app", "region": "mars"}},
		{"fork_app", "scheduler_state_location", map[string]any{"app": "analytics-app", "scheduler_state_location": "gs://x"}},
		{"connect_repository", "repository", map[string]any{"app": "analytics-app", "repository": "not a repo!"}},
		{"connect_repository", "root_directory", map[string]any{"app": "analytics-app", "repository": "repo", "root_directory": "../x"}},
		{"list_regions", "env", map[string]any{"env": "staging"}},
		{"list_container_images", "channel", map[string]any{"channel": "beta"}},
		{"get_deployment", "deployment_id", map[string]any{"app": "analytics-app", "deployment_id": 0}},
		{"rollback_deployment", "deployment_id", map[string]any{"app": "analytics-app", "deployment_id": 0}},
	}
	for _, c := range cases {
		before := calls()
		got := h.fail(t, c.tool, c.args)
		if !strings.HasPrefix(got, "Invalid argument") || !strings.Contains(got, c.field+":") {
			t.Errorf("%s %v: not refused naming %s:\n%s", c.tool, c.args, c.field, got)
		}
		if after := calls(); after != before {
			t.Errorf("%s %v: %d requests reached the API", c.tool, c.args, after-before)
		}
	}
}
