package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// r50E2eCall is one tool call of a scenario and what its result must say.
type r50E2eCall struct {
	tool   string
	args   map[string]any
	want   []string // in the text
	absent []string // not in the text
	asks   bool     // a person is asked first (elicitation/create), and approves
	data   []string // in the structuredContent, as JSON
}

// r50E2eSuccesses calls every tool of the catalogue on the demo organization's data, in an
// order where each call's state is the previous calls' doing. Tools a person approves are
// approved by typing the name the question asks for, as README's Safety section says.
var r50E2eSuccesses = []r50E2eCall{
	{tool: "check_health", args: map[string]any{}, want: []string{"built-in emulator", "**ok**"}},
	{tool: "whoami", args: map[string]any{}, want: []string{"sandbox"}},
	{tool: "list_orgs", args: map[string]any{}, want: []string{"2 organizations", "sandbox", "acme-labs"}},
	{tool: "get_limits", args: map[string]any{}, want: []string{"Plan limits", "Replicas per app"}},
	{tool: "list_regions", args: map[string]any{"env": "prod"}, want: []string{"regions", "us-west-2"}},
	{tool: "list_clusters", args: map[string]any{}, want: []string{"no dedicated clusters"}},
	{tool: "list_container_images", args: map[string]any{"channel": "stable"}, want: []string{"runtime images", "`spiceai/spiceai:<tag>`", "| 2.3.2 |"}},
	{tool: "list_apps", args: map[string]any{}, want: []string{"analytics-app", "docs-search", "https://analytics-app.spice.ai"}, data: []string{`"name":"analytics-app"`}},
	{tool: "get_app", args: map[string]any{"app": "analytics-app"}, want: []string{"**analytics-app** (101)", "us-west-2"}, data: []string{`"id":101`}},
	{tool: "describe_app", args: map[string]any{"app": "analytics-app"}, want: []string{"**analytics-app** (101)", "PG_PASS"}},
	{tool: "list_instances", args: map[string]any{"app": "analytics-app"}, want: []string{"instances of analytics-app (101)"}},
	{tool: "get_instance_logs", args: map[string]any{"app": "analytics-app", "tail": 20}, want: []string{"log lines of instance", "analytics-app (101)"}},
	{tool: "list_deployments", args: map[string]any{"app": "analytics-app"}, want: []string{"deployments of analytics-app (101)", "1003"}, data: []string{`"id":1003`}},
	{tool: "get_deployment", args: map[string]any{"app": "analytics-app", "deployment_id": 1003}, want: []string{"Deployment 1003 of analytics-app (101)", "succeeded"}, data: []string{`"status":"succeeded"`}},
	{tool: "wait_for_deployment", args: map[string]any{"app": "analytics-app"}, want: []string{"Already finished", "1003"}},
	{tool: "list_secrets", args: map[string]any{"app": "analytics-app"}, want: []string{"secrets on analytics-app (101)", "PG_PASS"}},
	{tool: "get_secret", args: map[string]any{"app": "analytics-app", "name": "PG_PASS"}, want: []string{"Secret `PG_PASS` on analytics-app (101)", "never shown"}},
	{tool: "set_secret", args: map[string]any{"app": "analytics-app", "name": "E2E_NEW", "value": "e2e-example-value"}, want: []string{"Secret `E2E_NEW` created on analytics-app (101)"}, absent: []string{"e2e-example-value"}},
	{tool: "list_secrets", args: map[string]any{"app": "analytics-app"}, want: []string{"E2E_NEW", "PG_PASS"}},
	{tool: "get_api_keys", args: map[string]any{"app": "analytics-app"}, want: []string{"API keys of analytics-app (101)", "Primary (`api_key`)", "Secondary (`api_key_2`)"}},
	{tool: "regenerate_api_key", args: map[string]any{"app": "analytics-app", "key_number": 2}, asks: true, want: []string{"secondary", "analytics-app (101)"}},
	{tool: "rotate_api_keys", args: map[string]any{"app": "analytics-app", "step": "start"}, asks: true, want: []string{"secondary", "step \"finish\""}},
	{tool: "rotate_api_keys", args: map[string]any{"app": "analytics-app", "step": "finish"}, asks: true, want: []string{"analytics-app (101)", "primary"}},
	{tool: "list_members", args: map[string]any{}, want: []string{"alice", "bob"}, data: []string{`"username":"bob"`}},
	{tool: "get_member", args: map[string]any{"member": "bob"}, want: []string{"bob", "member"}},
	{tool: "add_member", args: map[string]any{"username": "jdoe"}, want: []string{"Added jdoe"}},
	{tool: "update_member_roles", args: map[string]any{"member": "bob", "roles": []any{"viewer"}}, asks: true, want: []string{"bob", "viewer"}},
	{tool: "remove_member", args: map[string]any{"member": "jdoe"}, asks: true, want: []string{"jdoe"}},
	{tool: "list_members", args: map[string]any{}, want: []string{"viewer"}, absent: []string{"jdoe"}},
	{tool: "update_app", args: map[string]any{"app": "analytics-app", "description": "Updated by e2e"}, want: []string{"Updated description.", "**analytics-app** (101)"}},
	{tool: "create_app", args: map[string]any{"name": "e2e-new-app"}, want: []string{"App created.", "**e2e-new-app** ("}, data: []string{`"name":"e2e-new-app"`}},
	{tool: "fork_app", args: map[string]any{"app": "analytics-app", "name": "analytics-app-staging"}, want: []string{"Forked analytics-app (101) into analytics-app-staging"}, data: []string{`"name":"analytics-app-staging"`}},
	{tool: "list_forks", args: map[string]any{"app": "analytics-app"}, want: []string{"analytics-app-staging"}},
	{tool: "rollback_deployment", args: map[string]any{"app": "analytics-app", "deployment_id": 1003}, want: []string{"Queued a rollback of analytics-app (101) to deployment 1003"}},
	{tool: "create_deployment", args: map[string]any{"app": "analytics-app-staging"}, want: []string{"of analytics-app-staging", "queued"}},
	{tool: "connect_repository", args: map[string]any{"app": "analytics-app", "repository": "analytics"}, want: []string{"Connected analytics-app (101) to GitHub repository"}},
	{tool: "pause_app", args: map[string]any{"app": "analytics-app"}, asks: true, want: []string{"Paused analytics-app (101)"}},
	{tool: "resume_app", args: map[string]any{"app": "analytics-app", "wait": false}, want: []string{"analytics-app (101)"}},
	{tool: "create_and_deploy_app", args: map[string]any{"name": "e2e-fresh-app", "wait": false, "secrets": map[string]any{"PG_PASS": "e2e-deploy-value"},
		"spicepod": "version: v1\nkind: Spicepod\nname: e2e-fresh-app\n"}, want: []string{"e2e-fresh-app"}, absent: []string{"e2e-deploy-value"}},
	{tool: "delete_secret", args: map[string]any{"app": "analytics-app", "name": "E2E_NEW"}, asks: true, want: []string{"E2E_NEW"}},
	{tool: "delete_app", args: map[string]any{"app": "docs-search"}, asks: true, want: []string{"Deleted app docs-search (102)"}},
	{tool: "list_apps", args: map[string]any{}, want: []string{"analytics-app", "e2e-new-app", "e2e-fresh-app"}, absent: []string{"docs-search"}},
}

// r50E2eBadInput is a call with bad input: refused before any request, naming the argument.
type r50E2eBadInput struct {
	tool  string
	args  map[string]any
	field string // the argument the refusal names
	rule  string // a fragment of the rule it states
}

var r50E2eBadInputs = []r50E2eBadInput{
	{"add_member", map[string]any{"username": ""}, "username", "Required"},
	{"check_health", map[string]any{"verbose": true}, "verbose", "unknown argument"},
	{"connect_repository", map[string]any{"app": "analytics-app", "repository": ""}, "repository", "GitHub repository"},
	{"create_and_deploy_app", map[string]any{"name": "fresh-app", "secrets": map[string]any{"BAD-NAME": "x"}}, "secrets", "letters, numbers, and underscores"},
	{"create_app", map[string]any{"name": "ab"}, "name", "at least 4 characters"},
	{"create_deployment", map[string]any{"app": "analytics-app", "replicas": 0}, "replicas", "between 1 and 10"},
	{"delete_app", map[string]any{"app": ""}, "app", "Required"},
	{"delete_secret", map[string]any{"app": "analytics-app", "name": ""}, "name", "Required"},
	{"describe_app", map[string]any{"app": ""}, "app", "Required"},
	{"fork_app", map[string]any{"app": "analytics-app", "name": "Bad Name!"}, "name", "letters, numbers, and hyphens"},
	{"get_api_keys", map[string]any{}, "app", "Required"},
	{"get_app", map[string]any{"app": ""}, "app", "Required"},
	{"get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 0}, "deployment_id", "positive deployment ID"},
	{"get_instance_logs", map[string]any{"app": "analytics-app", "tail": 0}, "tail", "1 or more"},
	{"get_limits", map[string]any{"plan": "pro"}, "plan", "unknown argument"},
	{"get_member", map[string]any{"member": ""}, "member", "Required"},
	{"get_secret", map[string]any{"app": "analytics-app", "name": ""}, "name", "Required"},
	{"list_apps", map[string]any{"offset": -1}, "offset", "0 or more"},
	{"list_clusters", map[string]any{"region": "us-west-2"}, "region", "unknown argument"},
	{"list_container_images", map[string]any{"channel": "beta"}, "channel", "must be stable or enterprise; got 'beta'"},
	{"list_deployments", map[string]any{"app": "analytics-app", "limit": 101}, "limit", "between 1 and 100"},
	{"list_forks", map[string]any{"app": ""}, "app", "Required"},
	{"list_instances", map[string]any{"app": ""}, "app", "Required"},
	{"list_members", map[string]any{"role": "owner"}, "role", "unknown argument"},
	{"list_orgs", map[string]any{"offset": -1}, "offset", "0 or more"},
	{"list_regions", map[string]any{"env": "staging"}, "env", "must be prod or dev; got 'staging'"},
	{"list_secrets", map[string]any{"app": ""}, "app", "Required"},
	{"pause_app", map[string]any{"app": ""}, "app", "Required"},
	{"regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 3}, "key_number", "1 (primary) or 0 (both); got 3"},
	{"remove_member", map[string]any{}, "member", "Required"},
	{"resume_app", map[string]any{"app": "analytics-app", "timeout_seconds": 5000}, "timeout_seconds", "between 1 and 1,800"},
	{"rollback_deployment", map[string]any{"app": "analytics-app"}, "deployment_id", "Required"},
	{"rotate_api_keys", map[string]any{"app": "analytics-app", "step": "middle"}, "step", "must be start or finish; got 'middle'"},
	{"set_secret", map[string]any{"app": "analytics-app", "name": "PG-PASS", "value": "v"}, "name", "letters, numbers, and underscores"},
	{"update_app", map[string]any{"app": "analytics-app", "replicas": 11}, "replicas", "between 1 and 10"},
	{"update_member_roles", map[string]any{"member": "bob", "roles": []any{"superuser"}}, "roles", "must be one of owner, admin"},
	{"wait_for_deployment", map[string]any{"app": "analytics-app", "timeout_seconds": 5000}, "timeout_seconds", "between 1 and 1,800"},
	{"whoami", map[string]any{"verbose": true}, "verbose", "unknown argument"},
}

// TestR50E2eEveryTool calls each tool of the catalogue through the go-sdk client, on a success
// path and with bad input, in each transport and protocol era, with --output-schemas: every
// structured result is checked against its tool's outputSchema. The person approving is the
// client's elicitation handler, answering the form question as README says (typing the name).
func TestR50E2eEveryTool(t *testing.T) {
	for _, c := range r50E2eCombos() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			serverBinary(t)
			ctx := testContext(t)
			person := &r50E2ePerson{}
			cs := r50E2eConnect(t, ctx, r50E2eSetup{transport: c.transport, version: c.version,
				flags: []string{"--output-schemas"}, opts: mcp.ClientOptions{ElicitationHandler: person.answer}})
			if got := cs.InitializeResult().ProtocolVersion; got != c.want {
				t.Fatalf("negotiated %q, want %q", got, c.want)
			}
			tools := listTools(t, ctx, cs)
			checkTools(t, tools)
			schemas := r50E2eSchemas(t, tools)
			r50E2eCoverAll(t, tools)

			for i, call := range r50E2eSuccesses {
				res := callTool(t, ctx, cs, call.tool, call.args)
				text := resultText(res)
				if res.IsError {
					t.Fatalf("call %d %s %v: tool error:\n%s", i, call.tool, call.args, text)
				}
				what := call.tool + " text"
				r50E2eMustContain(t, what, text, call.want...)
				for _, not := range call.absent {
					if strings.Contains(text, not) {
						t.Errorf("%s holds %q:\n%s", what, not, text)
					}
				}
				r50E2eCheckStructured(t, schemas, call.tool, res)
				data, err := json.Marshal(res.StructuredContent)
				if err != nil {
					t.Fatal(err)
				}
				r50E2eMustContain(t, call.tool+" structuredContent", string(data), call.data...)
				for _, not := range call.absent {
					if strings.Contains(string(data), not) {
						t.Errorf("%s structuredContent holds %q: %s", call.tool, not, data)
					}
				}
				asked := person.asked()
				switch {
				case call.asks && len(asked) != 1:
					t.Errorf("%s: the person was asked %d times, want once: %q", call.tool, len(asked), asked)
				case !call.asks && len(asked) != 0:
					t.Errorf("%s: the person was asked although the tool needs no approval: %q", call.tool, asked)
				}
			}
			for _, bad := range r50E2eBadInputs {
				r50E2eCheckBadInput(t, ctx, cs, schemas, bad)
			}
			if asked := person.asked(); len(asked) != 0 {
				t.Errorf("bad input made the server ask the person: %q", asked)
			}
		})
	}
}

// r50E2eCoverAll fails when a listed tool has no success case or no bad-input case here.
func r50E2eCoverAll(t *testing.T, tools map[string]*mcp.Tool) {
	t.Helper()
	ok, bad := map[string]bool{}, map[string]bool{}
	for _, c := range r50E2eSuccesses {
		ok[c.tool] = true
	}
	for _, c := range r50E2eBadInputs {
		bad[c.tool] = true
	}
	for _, name := range sortedKeys(tools) {
		if !ok[name] || !bad[name] {
			t.Errorf("%s: no success case (%v) or no bad-input case (%v) in this suite", name, ok[name], bad[name])
		}
	}
	if len(tools) != 38 {
		t.Errorf("%d tools listed, want the catalogue's 38", len(tools))
	}
}

func r50E2eCheckBadInput(t *testing.T, ctx context.Context, cs *mcp.ClientSession, schemas map[string]*jsonschema.Resolved, bad r50E2eBadInput) {
	t.Helper()
	res := callTool(t, ctx, cs, bad.tool, bad.args)
	text := resultText(res)
	if !res.IsError {
		t.Errorf("%s %v: accepted, want a refusal naming %s:\n%s", bad.tool, bad.args, bad.field, text)
		return
	}
	r50E2eMustContain(t, bad.tool+" refusal", text, bad.field, bad.rule)
	if !strings.HasPrefix(text, "Invalid arguments, nothing was sent: ") {
		t.Errorf("%s refusal does not say nothing was sent:\n%s", bad.tool, text)
	}
	r50E2eCheckStructured(t, schemas, bad.tool, res)
}
