package mcpserver_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

const podYAML = "version: v1\nkind: Spicepod\nname: sales\ndatasets:\n  - from: postgres:orders\n    name: orders\n"

// TestToolStory walks the tools through one story on the demo sandbox, each success and failure
// with what it must show. (Every tool's own examples are run by TestDerivedScopes and
// TestExamples, so a new tool is covered without an entry here.)
func TestToolStory(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	run := func(tool string, args map[string]any, want ...string) string {
		t.Helper()
		out := h.ok(t, tool, args)
		mustContain(t, tool, out, want...)
		return out
	}
	bad := func(tool string, args map[string]any, want ...string) {
		t.Helper()
		mustContain(t, tool+" error", h.fail(t, tool, args), want...)
	}

	run("check_health", nil, "is **ok**")
	bad("check_health", map[string]any{"verbose": true}, `"verbose": unknown argument`)

	run("list_regions", nil, "| Region | Name | CName |", "us-west-2", "the default is `us-west-2`")
	bad("list_regions", map[string]any{"env": "staging"}, "env: must be prod or dev; got 'staging'")

	run("list_container_images", map[string]any{"channel": "stable"}, "on the stable channel", "| Tag |", "2.3.2")
	bad("list_container_images", map[string]any{"channel": 3}, "Invalid arguments, nothing was sent: channel")

	run("list_apps", nil, "| ID | Name | Region | Visibility | URL |", "analytics-app", "https://docs-search.spice.ai")
	h.emu.InjectFault(sandbox.Fault{Operation: api.ListProjects.ID, Status: 500})
	bad("list_apps", nil, "500", "500 Internal Server Error\nWhat to do", "What to do")

	run("get_app", map[string]any{"app": "analytics-app"}, "https://analytics-app.spice.ai", "```yaml", "kind: Spicepod")
	bad("get_app", map[string]any{"app": "analytcs-app"}, `No app named "analytcs-app"`, "Did you mean: analytics-app")

	created := run("create_app", map[string]any{"name": "sales-app", "description": "Sales", "tags": map[string]any{"team": "sales"}},
		"App created.", "**sales-app** (", "https://sales-app.spice.ai", "us-west-2", "Spicepod: not set")
	_ = created
	bad("create_app", map[string]any{"name": "ANALYTICS-APP"}, "409", `App "ANALYTICS-APP" already exists`, "choose a different name")
	bad("create_app", map[string]any{"name": "ab"}, "name: must be at least 4 characters", "nothing was sent")

	run("update_app", map[string]any{"app": "sales-app", "spicepod": podYAML, "replicas": 2},
		"Updated spicepod, replicas.", "**sales-app** (", "replicas 2", "name: sales")
	bad("update_app", map[string]any{"app": "sales-app"}, "Nothing to update")
	bad("update_app", map[string]any{"app": "sales-app", "replicas": 11}, "replicas: must be between 1 and 10")

	run("create_deployment", map[string]any{"app": "sales-app", "branch": "main", "commit_sha": "abc123"},
		"of sales-app", "⏳ queued", "main@abc123")
	bad("create_deployment", map[string]any{"app": "sales-app"}, "409", "Deployment in progress:", "wait for it with `wait_for_deployment")
	bad("create_deployment", map[string]any{"app": "docs-search"}, "App has no spicepod configuration", "update_app sets it (the app and its spicepod")

	deps := run("list_deployments", map[string]any{"app": "analytics-app", "limit": 5},
		"all with 2 replicas:", "| ID | Status | Created | Image tag | Branch/commit | Error |", "✅ succeeded", "❌ failed", "Failed to pull container image")
	_ = deps
	bad("list_deployments", map[string]any{"app": "analytics-app", "limit": 500}, "limit: must be between 1 and 100")

	failedID := firstDeployment(t, h, "analytics-app", client.StatusFailed)
	run("get_deployment", map[string]any{"app": "analytics-app", "deployment_id": failedID},
		"**❌ failed**", "Failed to pull container image", "What to do: Nothing; a later deployment", "took its place")
	bad("get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 999999}, "404", "Deployment not found")

	run("list_secrets", map[string]any{"app": "analytics-app"}, "| Name | Created (none updated since) |", "PG_PASS", present.ValuesNeverShown(2))
	bad("list_secrets", map[string]any{"app": "id:999999"}, "404", "Project not found", "from list_apps")
	bad("list_secrets", map[string]any{"app": 999999}, "No app named \"999999\" and none with ID 999999", "analytics-app (101)")

	run("get_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS"}, "Secret `PG_PASS`", "never shown")
	bad("get_secret", map[string]any{"app": "analytics-app", "name": "NOPE"}, "Secret not found", "exact, case-sensitive")

	run("set_secret", map[string]any{"app": "sales-app", "name": "PG_PASS", "value": "first"}, "Secret `PG_PASS` created on sales-app")
	run("set_secret", map[string]any{"app": "sales-app", "name": "PG_PASS", "value": "second"}, "Secret `PG_PASS` updated on sales-app")
	bad("set_secret", map[string]any{"app": "sales-app", "name": "1PG", "value": "x"}, "name: must start with a letter or underscore")

	bad("delete_secret", map[string]any{"app": "sales-app", "name": "PG_PASS"}, "Confirmation required", `confirm set to "PG_PASS"`)
	bad("delete_secret", map[string]any{"app": "sales-app", "name": "PG_PASS", "confirm": "pg_pass"}, `confirm must be exactly "PG_PASS"`)
	run("delete_secret", map[string]any{"app": "sales-app", "name": "PG_PASS", "confirm": "PG_PASS"}, "Secret `PG_PASS` deleted")
	bad("delete_secret", map[string]any{"app": "sales-app", "name": "PG_PASS", "confirm": "PG_PASS"}, "Secret not found")

	run("get_api_keys", map[string]any{"app": "sales-app"}, "Primary (`api_key`)", "Secondary (`api_key_2`)", present.KeyWarning)
	bad("get_api_keys", map[string]any{"app": "nothing-here"}, "No app named")

	run("regenerate_api_key", map[string]any{"app": "sales-app", "key_number": 2, "confirm": "sales-app"},
		"Regenerated the **secondary** key", "unchanged and still valid", present.KeyWarning)
	bad("regenerate_api_key", map[string]any{"app": "sales-app", "key_number": 5}, "key_number: must be 2 (secondary), 1 (primary) or 0 (both); got 5")
	bad("regenerate_api_key", map[string]any{"app": "sales-app"}, "key_number") // required: no silent default for a destructive call

	run("list_members", nil, "| User ID | Username | Roles |", "its owner is alice")
	h.emu.InjectFault(sandbox.Fault{Operation: api.ListMembers.ID, Status: 429, RetryAfter: "3600"})
	bad("list_members", nil, "429", "Rate limited")

	run("add_member", map[string]any{"username": "jdoe", "roles": []any{"member"}}, "Added jdoe")
	bad("add_member", map[string]any{"username": "ghost"}, "User not found", "sign in to Spice.ai once")
	bad("add_member", map[string]any{"username": "asmith", "roles": []any{"superuser"}}, "roles: must be one of ")

	run("remove_member", map[string]any{"member": "jdoe", "confirm": "JDoe"}, "Removed jdoe")
	bad("remove_member", map[string]any{"member": "alice", "confirm": "alice"}, "the organization's owner", "Cannot remove organization owner", "nobody was asked")
	bad("remove_member", map[string]any{"member": "jdoe", "confirm": "jdoe"}, `No member "jdoe"`, "alice")

	run("describe_app", map[string]any{"app": "analytics-app"}, "Recent deployments", "`OPENAI_API_KEY`, `PG_PASS`", "primary set")
	bad("describe_app", map[string]any{"app": "id:424242"}, "404", "Project not found")
	bad("rotate_api_keys", map[string]any{"app": "sales-app", "step": "start"}, "Confirmation required: replace the secondary API key")
	run("rotate_api_keys", map[string]any{"app": "sales-app", "step": "start", "confirm": "sales-app"}, "Regenerated the **secondary** key", "Next:")
	bad("rotate_api_keys", map[string]any{"app": "sales-app", "step": "middle"}, "step: must be start or finish; got 'middle'")
	run("wait_for_deployment", map[string]any{"app": "sales-app"}, "✅ succeeded")
	bad("wait_for_deployment", map[string]any{"app": "sales-app", "deployment_id": 5}, "Deployment not found")
	run("create_and_deploy_app", map[string]any{"name": "combo-app", "spicepod": podYAML, "secrets": map[string]any{"K": "v"}},
		"**combo-app**", "✅ succeeded", "| secret K | stored (value never shown) |")
	bad("create_and_deploy_app", map[string]any{"name": "combo-app", "image_tag": "nope"}, "image_tag", "requires an Enterprise plan")

	bad("delete_app", map[string]any{"app": "sales-app"}, "Confirmation required: delete app sales-app", "Nothing was changed")
	run("delete_app", map[string]any{"app": "sales-app", "confirm": "sales-app"}, "Deleted app sales-app", "https://sales-app.spice.ai no longer serves")
	bad("delete_app", map[string]any{"app": "sales-app", "confirm": "sales-app"}, `No app named "sales-app"`)
	run("whoami", nil, "personal access token", "the API decides per call", fmt.Sprintf("All %d tools are listed.", len(tools.All())))
	bad("whoami", map[string]any{"verbose": true}, `"verbose": unknown argument`)
}

func firstDeployment(t *testing.T, h *harness, app, status string) int64 {
	t.Helper()
	var out struct {
		Deployments []client.Deployment `json:"deployments"`
	}
	structured(t, h.call(t, "list_deployments", map[string]any{"app": app, "status": status, "limit": 1}), &out)
	if len(out.Deployments) == 0 {
		t.Fatalf("no %s deployment of %s", status, app)
	}
	return out.Deployments[0].ID
}

func TestListToolsRenderTables(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	header := regexp.MustCompile(`(?m)^\| .+ \|\n\|(---\|)+$`)
	for tool, args := range map[string]map[string]any{
		"list_regions": nil, "list_container_images": nil, "list_apps": nil, "list_members": nil,
		"list_deployments": {"app": "analytics-app"}, "list_secrets": {"app": "analytics-app"},
	} {
		out := h.ok(t, tool, args)
		if !header.MatchString(out) {
			t.Errorf("%s does not render a Markdown table:\n%s", tool, out)
		}
	}
	// An empty list says so instead of printing an empty table.
	mustContain(t, "empty deployments", h.ok(t, "list_deployments", map[string]any{"app": "docs-search"}), "docs-search (102) has no deployments yet")
}

func TestAppNameResolution(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	id := h.appID(t, "analytics-app")
	for _, ref := range []any{"analytics-app", "ANALYTICS-APP", id, fmt.Sprint(id)} {
		mustContain(t, fmt.Sprintf("get_app %v", ref), h.ok(t, "get_app", map[string]any{"app": ref}), "**analytics-app**")
	}
	mustContain(t, "typo", h.fail(t, "get_app", map[string]any{"app": "analytics"}), "Did you mean: analytics-app")
	mustContain(t, "unrelated", h.fail(t, "get_app", map[string]any{"app": "zzzzzzzzzzzz"}), "Apps: analytics-app", "docs-search")
	mustContain(t, "missing", h.fail(t, "get_app", map[string]any{}), "app: Required")
	before := h.emu.Calls(api.GetProject.ID)
	h.fail(t, "get_app", map[string]any{"app": true})
	if h.emu.Calls(api.GetProject.ID) != before {
		t.Error("a bad argument reached the API")
	}
}

func TestArgumentsAreValidatedBeforeAnyAPICall(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	cases := []struct {
		tool string
		args map[string]any
		want string
	}{
		{"create_app", map[string]any{"name": "bad_name!"}, "name: can only contain letters, numbers, and hyphens"},
		{"create_app", map[string]any{"name": "okay-name", "region": "eu-central-1"}, "region: must be us-east-1 or us-west-2; got 'eu-central-1'"},
		{"create_app", map[string]any{"name": "okay-name", "tags": map[string]any{"a": "x/y"}}, "tags.a: must hold only letters, digits, '_', '@' and '-'; got \"x/y\""},
		{"create_app", map[string]any{"name": "okay-name", "colour": "red"}, "\"colour\": unknown argument\nWhat to do: Send only name, region, cname"},
		{"update_app", map[string]any{"app": "analytics-app", "spicepod": "version: [oops"}, "spicepod: is not valid YAML (line 1)"},
		{"update_app", map[string]any{"app": "analytics-app", "update_channel": "beta"}, "update_channel: must be one of "},
		{"update_app", map[string]any{"app": "analytics-app", "replicas": "two"}, "Invalid arguments, nothing was sent: replicas"},
		{"create_deployment", map[string]any{"app": "analytics-app", "channel": "edge"}, "channel: must be one of "},
		{"get_deployment", map[string]any{"app": "analytics-app"}, "deployment_id: Required"},
		{"set_secret", map[string]any{"app": "analytics-app", "name": "PG-PASS", "value": "v"}, "name: can only contain letters"},
		{"add_member", map[string]any{"username": ""}, "username: Required: the Spice.ai username"},
		{"remove_member", map[string]any{}, "member: Required"},
		{"rotate_api_keys", map[string]any{"app": "analytics-app", "step": "finish", "force": "yes"}, "Invalid arguments, nothing was sent: force"},
	}
	before := map[string]int{}
	for _, op := range api.Operations {
		before[op.ID] = h.emu.Calls(op.ID)
	}
	for _, tc := range cases {
		mustContain(t, tc.tool, h.fail(t, tc.tool, tc.args), tc.want)
	}
	for _, op := range api.Operations {
		if n := h.emu.Calls(op.ID) - before[op.ID]; n != 0 {
			t.Errorf("%s reached the API %d times for invalid input", op.ID, n)
		}
	}
}

func TestNoCredentials(t *testing.T) {
	h := newHarness(t, harnessOptions{token: "-"})
	mustContain(t, "check_health", h.ok(t, "check_health", nil), "is **ok**", "No credentials are configured")
	for tool, args := range map[string]map[string]any{"list_apps": nil, "list_members": nil, "get_app": {"app": "x"}} {
		mustContain(t, tool, h.fail(t, tool, args), "SPICE_API_TOKEN", "https://spice.ai/account", "--sandbox")
	}
}

func TestSandboxResultsSaySo(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, sandboxNote: true})
	mustContain(t, "list_apps", h.ok(t, "list_apps", nil), present.SandboxNote)
	plain := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	if strings.Contains(plain.ok(t, "list_apps", nil), "Sandbox") {
		t.Error("a real-API result claims to be from the sandbox")
	}
}

func TestDeploymentStatusIsUnmistakable(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: time.Second, RunsFor: 4 * time.Second}})
	h.ok(t, "update_app", map[string]any{"app": "docs-search", "spicepod": podYAML})
	if err := h.emu.FailNextDeployment("unable_to_start"); err != nil {
		t.Fatal(err)
	}
	var d client.Deployment
	structured(t, h.call(t, "create_deployment", map[string]any{"app": "docs-search"}), &d)
	args := map[string]any{"app": "docs-search", "deployment_id": d.ID}
	mustContain(t, "queued", h.ok(t, "get_deployment", args), "**⏳ queued**", "Still running")
	h.clock.Advance(2 * time.Second)
	mustContain(t, "in progress", h.ok(t, "get_deployment", args), "**🔄 in_progress**")
	h.clock.Advance(5 * time.Second)
	mustContain(t, "failed", h.ok(t, "get_deployment", args), "**❌ failed** — The Spice runtime failed to start",
		"- Error code: `unable_to_start` — not retriable", "What to do: The runtime failed to start", "Last 5 log lines of instance", "```text")
}
