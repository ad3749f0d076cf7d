package mcpserver_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r63Hostile7Credentials are credentials of each shape an agent may paste where a name or a
// text goes: a GitHub token, an OpenAI project key, an AWS access key ID, a JWT and a PEM key.
// Each holds "R63hostile7" (the AWS key: "R63HOSTILE7"), which must never come back.
var r63Hostile7Credentials = []string{
	"ghp_R63hostile7AbCdEfGhIjKlMnOpQrStUvWxYz012345",
	"sk-proj-R63hostile7abcdefghijklmnopq",
	"AKIAR63HOSTILE7EXAMP",
	"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJSNjNob3N0aWxlNyJ9.R63hostile7sigsigsigsig",
	"-----BEGIN PRIVATE KEY-----\nMIIR63hostile7\n-----END PRIVATE KEY-----",
}

// r63Hostile7Leaks reports whether s carries one of r63Hostile7Credentials.
func r63Hostile7Leaks(s string) bool {
	return strings.Contains(strings.ToUpper(s), "R63HOSTILE7")
}

// TestR63Hostile7UnknownArgumentSaysWhyMasked: README shows a value masked "with why" ("(masked:
// it looks like a credential)") in every refusal that quotes one; an unknown argument name, or
// one given twice, holding a credential came back as `Unknown argument "********"` without it,
// so the agent could not tell a mask from a name of asterisks.
func TestR63Hostile7UnknownArgumentSaysWhyMasked(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, c := range r63Hostile7Credentials[:4] {
		for what, got := range map[string]string{
			"unknown": h.fail(t, "list_apps", map[string]any{c: "x"}),
			"twice":   text(h.callRaw(t, "list_apps", `{"`+c+`":1,"`+c+`":2}`)),
			"long":    text(h.callRaw(t, "list_apps", `{"`+c+strings.Repeat("a", 100000)+`":1}`)),
		} {
			if r63Hostile7Leaks(got) || !strings.Contains(got, "(masked: it looks like a credential)") {
				t.Errorf("%s %.12s: want the name masked, with why; got %.400s", what, c, got)
			}
		}
	}
	// An ordinary name is quoted as sent, with no note.
	got := h.fail(t, "list_apps", map[string]any{"limit": 5})
	mustContain(t, "ordinary", got, "\"limit\": unknown argument\nWhat to do: Send only offset, org")
}

// r63Hostile7Calls is how many requests the emulator has answered, of every operation.
func r63Hostile7Calls(h *harness) int {
	n := 0
	for _, c := range upstreamCalls(h) {
		n += c
	}
	return n
}

// TestR63Hostile7CredentialsNotKeptWhereOthersSeeThem: an agent pasted a GitHub token, an OpenAI
// key, an AWS key ID, a JWT or a PEM key as an app's description, a tag, a deployment's commit
// message, branch or commit, a production branch, a secret's name, a new app's or fork's name or
// a member's username: the save succeeded and the value was shown back ("- Description: ghp_…",
// "Secret `ghp_…` created"), and an org set to one was sent (list_apps answered 403). README
// (Credentials in arguments) refuses each before any request, naming the argument and the rule,
// the value masked, with why: nothing is sent, nothing is masked and kept in its place.
func TestR63Hostile7CredentialsNotKeptWhereOthersSeeThem(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	pod := "version: v1\nkind: Spicepod\nname: r63\n"
	for _, c := range r63Hostile7Credentials {
		cases := []struct {
			tool, field string
			args        map[string]any
		}{
			{"create_app", "description", map[string]any{"name": "r63-desc", "description": "Sales dashboard; key " + c}},
			{"create_and_deploy_app", "description", map[string]any{"name": "r63-desc", "description": c, "spicepod": pod}},
			{"update_app", "description", map[string]any{"app": "analytics-app", "description": c}},
			{"update_app", "production_branch", map[string]any{"app": "analytics-app", "production_branch": c}},
			{"update_app", "tags", map[string]any{"app": "analytics-app", "tags": map[string]any{"token": c}}},
			{"update_app", "tags", map[string]any{"app": "analytics-app", "tags": map[string]any{c: "x"}}},
			{"create_app", "tags", map[string]any{"name": "r63-tags", "tags": map[string]any{"k": c}}},
			{"create_deployment", "commit_message", map[string]any{"app": "analytics-app", "commit_message": "deploy with " + c}},
			{"create_deployment", "branch", map[string]any{"app": "analytics-app", "branch": c}},
			{"create_deployment", "commit_sha", map[string]any{"app": "analytics-app", "commit_sha": c}},
			{"create_and_deploy_app", "secrets", map[string]any{"name": "r63-secrets", "spicepod": pod, "secrets": map[string]any{c: "x"}}},
			{"set_secret", "name", map[string]any{"app": "analytics-app", "name": c, "value": "x"}},
			{"add_member", "username", map[string]any{"username": c}},
			{"list_apps", "org", map[string]any{"org": c}},
			{"get_app", "org", map[string]any{"app": "analytics-app", "org": c}},
			{"whoami", "org", map[string]any{"org": c}},
			{"create_app", "name", map[string]any{"name": c}},
			{"fork_app", "name", map[string]any{"app": "analytics-app", "name": c}},
			{"connect_repository", "repository", map[string]any{"app": "analytics-app", "repository": c}},
		}
		for _, x := range cases {
			before := r63Hostile7Calls(h)
			got := everything(h.call(t, x.tool, x.args))
			if sent := r63Hostile7Calls(h) - before; sent != 0 {
				t.Errorf("%s %s %.12q: %d requests sent", x.tool, x.field, c, sent)
			}
			if r63Hostile7Leaks(got) {
				t.Errorf("%s %s %.12q: the credential came back: %.500s", x.tool, x.field, c, got)
				continue
			}
			if !strings.Contains(got, `"isError":true`) || !strings.Contains(got, x.field) {
				t.Errorf("%s %s %.12q: not refused naming the argument: %.500s", x.tool, x.field, c, got)
			}
			// Where another rule refuses the value first (a name's pattern, a line break in an
			// identifier), that rule is said, quoting nothing or masking.
			if strings.Contains(got, "looks like a credential") && !strings.Contains(got, "(masked: it looks like a credential") {
				t.Errorf("%s %s %.12q: masked without why: %.500s", x.tool, x.field, c, got)
			}
		}
	}
	// Logged at debug, the refused calls carry none of them.
	if logs := h.logs.String(); r63Hostile7Leaks(logs) {
		t.Errorf("the logs carry a credential: %.300s", logs[strings.Index(strings.ToUpper(logs), "R63HOSTILE7"):])
	}
	// The refusal says why and what to send instead.
	mustContain(t, "description", h.fail(t, "update_app", map[string]any{"app": "analytics-app", "description": r63Hostile7Credentials[0]}),
		`description: holds what looks like a credential, in "********" (masked: it looks like a credential); Spice.ai keeps it as sent and shows it to everyone who can see the app: keep a credential in a secret (set_secret's value)`)
	mustContain(t, "org", h.fail(t, "list_apps", map[string]any{"org": r63Hostile7Credentials[1]}),
		`org: holds what looks like a credential, in "********" (masked: it looks like a credential); an organization is named by its handle`)
	mustContain(t, "secret name", h.fail(t, "set_secret", map[string]any{"app": "analytics-app", "name": r63Hostile7Credentials[0], "value": "x"}),
		`name the secret (e.g. OPENAI_API_KEY) and give the credential as its value`)
	// Ordinary texts that mention tokens and passwords are kept as sent.
	for tool, args := range map[string]map[string]any{
		"update_app":        {"app": "analytics-app", "description": "Rotate the API token weekly; password: see the vault runbook", "tags": map[string]any{"team": "data_eng"}},
		"create_deployment": {"app": "analytics-app", "commit_message": "fix: pass token through to client", "branch": "feature/sk-learn-upgrade"},
	} {
		h.ok(t, tool, args)
	}
}

// TestR63Hostile7ScopeHiddenToolsNotGuessed: README leaves the tools a token's scopes deny out of
// tools/list. A tools/call of a near miss of such a tool ("delete_apps", "createDeployment")
// must not name it as a guess, a call of it by its own name is refused naming only itself and
// the scope it lacks, before any request, and a near miss of a listed tool is still guessed.
func TestR63Hostile7ScopeHiddenToolsNotGuessed(t *testing.T) {
	h := scopedHarness(t, []string{"apps:read"})
	var listedNames []string
	for _, tool := range h.listTools(t) {
		listedNames = append(listedNames, tool.Name)
	}
	hiddenNames := []string{}
	for _, tool := range tools.All() {
		if !slices.Contains(listedNames, tool.Name) {
			hiddenNames = append(hiddenNames, tool.Name)
		}
	}
	if !slices.Contains(hiddenNames, "delete_app") || !slices.Contains(listedNames, "list_apps") {
		t.Fatalf("the token's scopes should hide delete_app and list list_apps: listed %v", listedNames)
	}
	for _, name := range []string{"delete_apps", "deleteApp", "createDeployment", "create-deployment", "set_secrets", "add_members", "regenerate_api_keys"} {
		got := r62Hostile6CallError(t, h, name)
		if strings.Contains(got, "did you mean") {
			t.Errorf("%s: a hidden tool guessed: %s", name, got)
		}
	}
	mustContain(t, "list_app", r62Hostile6CallError(t, h, "list_app"), "did you mean list_apps?")
	before := r63Hostile7Calls(h)
	got := h.fail(t, "delete_app", map[string]any{"app": "analytics-app", "confirm": "analytics-app"})
	mustContain(t, "delete_app", got, "delete_app is not available: the token lacks the scope apps:delete.")
	if r63Hostile7Calls(h) != before {
		t.Errorf("delete_app without its scope sent a request")
	}
	for _, other := range hiddenNames {
		if other != "delete_app" && strings.Contains(got, other) {
			t.Errorf("the refusal of delete_app names %s, hidden too: %s", other, got)
		}
	}
}

// TestR63Hostile7PromptArgumentsRefuseCredentials: README refuses in a prompt what the tools'
// rule for the same argument refuses. deploy_app's name set to an API key rendered it into the
// prompt for the agent to create the app with; rotate_keys' and troubleshoot_deployment's org set
// to one, and a completion's org, were refused by the tools' org rule only for its shape. Each is
// refused naming the argument, the value masked, with why.
func TestR63Hostile7PromptArgumentsRefuseCredentials(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	key := r63Hostile7Credentials[1] // an OpenAI key, which the app name's pattern takes
	for _, x := range []struct {
		prompt string
		args   map[string]string
		arg    string
	}{
		{"deploy_app", map[string]string{"name": key}, "name"},
		{"rotate_keys", map[string]string{"app": "analytics-app", "org": key}, "org"},
		{"troubleshoot_deployment", map[string]string{"app": "analytics-app", "org": r63Hostile7Credentials[0]}, "org"},
	} {
		var req mcp.GetPromptRequest
		req.Params.Name, req.Params.Arguments = x.prompt, x.args
		res, err := h.mcp.GetPrompt(context.Background(), req)
		if err == nil {
			raw, _ := json.Marshal(res)
			t.Errorf("%s: served: %.300s", x.prompt, raw)
			continue
		}
		if got := err.Error(); r63Hostile7Leaks(got) || !strings.Contains(got, `argument "`+x.arg+`"`) ||
			!strings.Contains(got, "holds what looks like a credential") || !strings.Contains(got, "(masked: it looks like a credential)") {
			t.Errorf("%s: want %s refused, masked with why: %s", x.prompt, x.arg, got)
		}
	}
	_, err := r43rsComplete(t, h, mcp.PromptReference{Type: "ref/prompt", Name: "rotate_keys"}, "", map[string]string{"org": key})
	if err == nil || r63Hostile7Leaks(err.Error()) || !strings.Contains(err.Error(), "holds what looks like a credential") {
		t.Errorf("completion with a credential as org: %v", err)
	}
}

// TestR63Hostile7QuotedNamesSayWhyMasked: a resource URI, a prompt's name or a tool's name
// holding a credential was quoted masked ("spice://apps/analytics-app/instances/********")
// without the "(masked: it looks like a credential)" every other masked quote carries; it says
// so now, in the message, and an ordinary name carries no such note.
func TestR63Hostile7QuotedNamesSayWhyMasked(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	ctx := context.Background()
	for _, c := range r63Hostile7Credentials[:4] {
		var read mcp.ReadResourceRequest
		read.Params.URI = "spice://apps/analytics-app/instances/" + c
		_, errRead := h.mcp.ReadResource(ctx, read)
		var prompt mcp.GetPromptRequest
		prompt.Params.Name = c
		_, errPrompt := h.mcp.GetPrompt(ctx, prompt)
		for what, err := range map[string]error{"resources/read": errRead, "prompts/get": errPrompt} {
			if err == nil || r63Hostile7Leaks(err.Error()) || !strings.Contains(err.Error(), `" (masked: it looks like a credential)`) {
				t.Errorf("%s %.12q: want the name masked, with why: %v", what, c, err)
			}
		}
		if got := r62Hostile6CallError(t, h, c+strings.Repeat("x", 9000)); r63Hostile7Leaks(got) || !strings.Contains(got, "characters) (masked: it looks like a credential)") {
			t.Errorf("tools/call %.12q…: want the name masked, with why: %s", c, got)
		}
	}
	if got := r62Hostile6CallError(t, h, "frobnicate"); strings.Contains(got, "masked") {
		t.Errorf("an ordinary name said masked: %s", got)
	}
}
