package mcpserver_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// answer returns an elicitation handler that answers every question the same way and counts them.
func answer(action mcp.ElicitationResponseAction, typed string, asked *int, mu *sync.Mutex) func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
	return func(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
		mu.Lock()
		*asked++
		mu.Unlock()
		res := &mcp.ElicitationResult{}
		res.Action = action
		if action == mcp.ElicitationResponseActionAccept {
			res.Content = map[string]any{"name": typed}
		}
		return res, nil
	}
}

// TestConfirmationByElicitation: for a legacy (2025-06-18) and a modern (2026-07-28) client,
// the user is asked to type the target's name; only the right name lets the action through,
// and the emulator's state proves that nothing changed otherwise.
func TestConfirmationByElicitation(t *testing.T) {
	for _, protocol := range []string{mcp.ProtocolVersion20250618, "modern"} {
		for _, tc := range []struct {
			name    string
			action  mcp.ElicitationResponseAction
			typed   string
			deleted bool
			want    string
		}{
			{"right name", mcp.ElicitationResponseActionAccept, "docs-search", true, "Deleted app docs-search"},
			{"case-insensitive name", mcp.ElicitationResponseActionAccept, "DOCS-SEARCH", true, "Deleted app docs-search"},
			{"wrong name", mcp.ElicitationResponseActionAccept, "analytics-app", false, `The user typed "analytics-app", not "docs-search". Nothing was changed; call again to ask the user again.`},
			{"decline", mcp.ElicitationResponseActionDecline, "", false, "The user did not confirm (decline). Nothing was changed; do not call again unless the user asks for it."},
			{"cancel", mcp.ElicitationResponseActionCancel, "", false, "The user did not confirm (cancel)"},
		} {
			t.Run(protocol+"/"+tc.name, func(t *testing.T) {
				var mu sync.Mutex
				asked := 0
				h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, protocol: protocol,
					elicit: answer(tc.action, tc.typed, &asked, &mu)})
				before := h.emu.AppCount("sandbox")
				res := h.call(t, "delete_app", map[string]any{"app": "docs-search"})
				mustContain(t, "result", text(res), tc.want)
				if res.IsError == tc.deleted {
					t.Errorf("isError = %v", res.IsError)
				}
				if asked != 1 {
					t.Errorf("the user was asked %d times", asked)
				}
				after := h.emu.AppCount("sandbox")
				if tc.deleted != (after == before-1) || (!tc.deleted && after != before) {
					t.Errorf("apps %d → %d, deleted = %v", before, after, tc.deleted)
				}
			})
		}
	}
}

// TestEveryDestructiveToolAsks covers the other guarded actions with a client that answers
// correctly: the question names the target, and the action happens.
func TestEveryDestructiveToolAsks(t *testing.T) {
	var mu sync.Mutex
	var questions []string
	typed := map[string]string{}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, protocol: "modern",
		elicit: func(_ context.Context, req mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
			mu.Lock()
			defer mu.Unlock()
			questions = append(questions, req.Params.Message)
			for target := range typed {
				if strings.Contains(req.Params.Message, "Type "+target+" to confirm") {
					return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept, Content: map[string]any{"name": target}}}, nil
				}
			}
			return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionDecline}}, nil
		}})
	mu.Lock()
	typed["PG_PASS"], typed["analytics-app"], typed["bob"] = "", "", ""
	mu.Unlock()
	mustContain(t, "delete_secret", h.ok(t, "delete_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS"}), "Secret `PG_PASS` deleted")
	mustContain(t, "regenerate", h.ok(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 1}), "Regenerated the **primary** key")
	mustContain(t, "rotate finish", h.ok(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "finish", "force": true}), "Regenerated the **primary** key")
	mustContain(t, "remove_member", h.ok(t, "remove_member", map[string]any{"member": "bob"}), "Removed bob")
	mustContain(t, "rotate start is asked too", h.ok(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start"}), "secondary")
	if len(questions) != 5 {
		t.Errorf("questions = %q", questions)
	}
	for _, q := range questions {
		mustContain(t, "question", q, "to confirm")
	}
}

func TestNoConfirmSkipsTheQuestion(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	mustContain(t, "delete", h.ok(t, "delete_app", map[string]any{"app": "docs-search"}), "Deleted app docs-search")
	mustContain(t, "whoami", h.ok(t, "whoami", nil), "Approval of deletions, pauses, role and key changes, adding an admin or owner, and secret values read where the server runs (value_from_env, value_from_file): off (--no-confirm)")
}

func TestReadOnlyAndToolsetFilters(t *testing.T) {
	names := func(h *harness) []string {
		var out []string
		for _, tool := range h.listTools(t) {
			out = append(out, tool.Name)
		}
		return out
	}
	ro := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		policy: tools.Policy{ReadOnly: true, Tools: []string{"delete_app", "list_apps", "whoami", "get_app"}}})
	if got := names(ro); !slices.Equal(got, catalogNames(func(t tools.Tool) bool {
		return t.ReadOnly && slices.Contains([]string{"delete_app", "list_apps", "whoami", "get_app"}, t.Name)
	})) || len(got) != 3 {
		t.Errorf("read-only listing = %v (read-only wins over --tools)", got)
	}
	mustContain(t, "refused", ro.fail(t, "delete_app", map[string]any{"app": "docs-search", "confirm": "docs-search"}),
		"delete_app is not available: it changes things and the server runs with --read-only")
	if ro.emu.AppCount("sandbox") != 2 {
		t.Error("a refused call changed something")
	}
	mustContain(t, "whoami", ro.ok(t, "whoami", nil), "Read-only: yes", ", create_app, ", "| it changes things")

	ts := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		policy: tools.Policy{Toolsets: []string{"secrets", "platform"}, ExcludeTools: []string{"delete_secret"}}})
	got := names(ts)
	if !slices.Equal(got, catalogNames(func(t tools.Tool) bool {
		return (t.Toolset == tools.ToolsetSecrets || t.Toolset == tools.ToolsetPlatform) && t.Name != "delete_secret"
	})) {
		t.Errorf("toolset listing = %v", got)
	}
	mustContain(t, "other toolset", ts.fail(t, "list_apps", nil), `its toolset "apps" is not enabled (--toolsets)`)
	mustContain(t, "excluded", ts.fail(t, "delete_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "confirm": "PG_PASS"}), "--exclude-tools")

	for _, bad := range []tools.Policy{{Toolsets: []string{"everything"}}, {Tools: []string{"drop_database"}}, {ExcludeTools: []string{"nope"}}} {
		if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "valid:") {
			t.Errorf("%+v: %v", bad, err)
		}
	}
}

// TestScopeAwareListing: a JWT with only apps:read sees the read tools for apps and the
// platform, not secrets, members, deployments or anything that writes; whoami explains each.
func TestScopeAwareListing(t *testing.T) {
	emu := sandbox.New(sandbox.Config{Demo: true})
	token := emu.IssueToken("sandbox", []string{"apps:read"}, time.Hour)
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true,
		Tokens: []sandbox.Token{{Value: token, Org: "sandbox", Scopes: []string{"apps:read"}}}}, token: token})
	var listed []string
	for _, tool := range h.listTools(t) {
		listed = append(listed, tool.Name)
	}
	granted := rules.GrantedScopes([]string{"apps:read"})
	want := catalogNames(func(t tools.Tool) bool {
		return !slices.ContainsFunc(t.Scopes(), func(s string) bool { return !granted[s] })
	})
	if !slices.Equal(listed, want) || !slices.Contains(want, "get_app") || slices.Contains(want, "list_secrets") {
		t.Errorf("listed = %v, want %v", listed, want)
	}
	who := h.ok(t, "whoami", nil)
	mustContain(t, "whoami", who, "Scopes: apps:read (read from the token; the API still decides)", "Organization: sandbox",
		"| get_secret, list_secrets | the token lacks the scope secrets:read |", "| delete_app | the token lacks the scope apps:delete |",
		"| get_member, list_members | the token lacks the scope members:read |", "| create_and_deploy_app | the token lacks the scope apps:write and deployments:write |")
	if strings.Contains(who, token) {
		t.Error("whoami shows the token")
	}
	mustContain(t, "hidden call", h.fail(t, "list_secrets", map[string]any{"app": "analytics-app"}), "the token lacks the scope secrets:read")

	// An opaque token hides nothing; the API's 403 still names the scope.
	opaque := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true,
		Tokens: []sandbox.Token{{Value: "opaque-read-token", Org: "sandbox", Scopes: []string{"apps:read"}}}}, token: "opaque-read-token"})
	if n := len(opaque.listTools(t)); n != len(tools.All()) {
		t.Errorf("opaque token: %d tools listed", n)
	}
	mustContain(t, "403", opaque.fail(t, "list_secrets", map[string]any{"app": "analytics-app"}), "403", "Insufficient scope. Required: secrets:read")
}

// TestCanaryAcrossEveryTool plants a unique secret value and reads the app's keys, then calls
// every tool — successes and failures — with debug logging and --mask-api-keys: neither the
// secret value nor a key appears in any result, structured content, notification, error or log.
func TestCanaryAcrossEveryTool(t *testing.T) {
	const canary = "canary-value-0f9e8d7c"
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{MaskAPIKeys: true}})
	id := h.appID(t, "analytics-app")
	keys := map[string]string{}
	for _, n := range []int{1, 2} {
		if k, ok := h.emu.APIKey("sandbox", id, n); ok {
			keys[fmt.Sprint(n)] = k
		}
	}
	if len(keys) != 2 {
		t.Fatalf("keys = %v", keys)
	}
	var results []string
	call := func(name string, args map[string]any) {
		res, err := h.callWithProgress(t, context.Background(), name, args)
		if err != nil {
			results = append(results, err.Error())
			return
		}
		results = append(results, everything(res))
	}
	call("set_secret", map[string]any{"app": "analytics-app", "name": "CANARY", "value": canary})
	// Every tool that shows the app's configuration, or a copy of it, meets the canary there.
	call("update_app", canaryArgs("update_app", canary)[0])
	if v, _ := h.emu.SecretValue("sandbox", id, "CANARY"); v != canary {
		t.Fatal("the canary secret was not stored")
	}
	for _, tool := range tools.All() {
		for _, args := range canaryArgs(tool.Name, canary) {
			call(tool.Name, args)
		}
	}
	_, events := h.recorded()
	everythingSeen := strings.Join(results, "\n") + strings.Join(events, "\n") + h.logs.String()
	if !strings.Contains(h.logs.String(), `"level":"DEBUG"`) || len(results) < 2*len(tools.All()) {
		t.Fatalf("the canary run is too thin: %d results", len(results))
	}
	for what, secret := range map[string]string{"secret value": canary, "primary key": keys["1"], "secondary key": keys["2"]} {
		if i := strings.Index(everythingSeen, secret); i >= 0 {
			t.Errorf("the %s leaked: …%s…", what, everythingSeen[max(0, i-300):min(len(everythingSeen), i+100)])
		}
	}
}

// canaryArgs gives each tool a succeeding and a failing call. The canary travels wherever a
// secret value can: secret values (alone and inside a workflow) and an inline spicepod password.
func canaryArgs(tool, canary string) []map[string]any {
	app, missing := "analytics-app", "no-such-app"
	pod := "version: v1\nkind: Spicepod\nname: c\nparams:\n  pg_pass: " + canary + "\n" +
		"datasets:\n  - from: postgres:public.t\n    name: t\n    params:\n      pg_connection_string: postgres://u:" + canary + "@db/app\n"
	switch tool {
	case "set_secret":
		return []map[string]any{{"app": app, "name": "CANARY", "value": canary}, {"app": app, "name": "1BAD", "value": canary}}
	case "create_and_deploy_app":
		return []map[string]any{
			{"name": "canary-app", "spicepod": pod, "secrets": map[string]any{"CANARY": canary}, "wait": false},
			{"name": "canary-app-2", "spicepod": pod, "secrets": map[string]any{"BAD-NAME": canary}},
		}
	case "update_app":
		return []map[string]any{{"app": app, "spicepod": pod}, {"app": missing, "spicepod": pod}}
	case "delete_secret":
		return []map[string]any{{"app": app, "name": "CANARY", "confirm": "CANARY"}, {"app": app, "name": "CANARY", "confirm": "CANARY"}}
	case "delete_app":
		return []map[string]any{{"app": "docs-search", "confirm": "wrong"}, {"app": "docs-search", "confirm": "docs-search"}}
	case "regenerate_api_key":
		return []map[string]any{{"app": app, "key_number": 2, "confirm": app}, {"app": app, "key_number": 9}}
	case "rotate_api_keys":
		return []map[string]any{{"app": app, "step": "start"}, {"app": app, "step": "finish"}}
	case "remove_member":
		return []map[string]any{{"member": "bob", "confirm": "bob"}, {"member": "nobody"}}
	case "add_member":
		return []map[string]any{{"username": "jdoe"}, {"username": "ghost"}}
	case "create_app":
		return []map[string]any{{"name": "canary-plain"}, {"name": "x"}}
	case "create_deployment", "wait_for_deployment", "list_deployments", "get_app", "describe_app", "get_api_keys", "list_secrets":
		return []map[string]any{{"app": app}, {"app": missing}}
	case "fork_app": // the fork carries the source's spicepod, where update_app put the canary
		return []map[string]any{{"app": app, "name": "canary-fork"}, {"app": missing, "name": "canary-fork-2"}}
	case "list_forks", "list_instances", "get_instance_logs", "pause_app", "resume_app":
		return []map[string]any{{"app": app}, {"app": missing}}
	case "get_secret":
		return []map[string]any{{"app": app, "name": "PG_PASS"}, {"app": app, "name": "NOPE"}}
	case "get_deployment":
		return []map[string]any{{"app": app, "deployment_id": 1001}, {"app": app, "deployment_id": -1}}
	}
	return []map[string]any{nil, {"unexpected": true}}
}

// catalogNames lists, sorted as tools/list sorts them, the tools keep accepts.
func catalogNames(keep func(tools.Tool) bool) []string {
	var names []string
	for _, t := range tools.All() {
		if keep(t) {
			names = append(names, t.Name)
		}
	}
	slices.Sort(names)
	return names
}
