package mcpserver_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR66Claims3CapAllBusyIsLoggedAtWarn: README's --log-level row puts "an HTTP session or
// connection cap all busy" at warn, what the operator may have to act on (a client's own share
// is at info). With every session, then every connection, held by a call in progress, the next
// client is refused 503 and the refusal is logged once at WARN naming the flag to raise.
func TestR66Claims3CapAllBusyIsLoggedAtWarn(t *testing.T) {
	for _, c := range []struct {
		what string
		opts mcpserver.HTTPOptions
		line string
		flag string
	}{
		{"sessions", mcpserver.HTTPOptions{MaxSessions: 2}, "every session at the cap is busy", "--http-max-sessions"},
		{"connections", mcpserver.HTTPOptions{MaxConnections: 2}, "connection refused: every connection has a request in progress", "--http-max-connections"},
	} {
		t.Run(c.what, func(t *testing.T) {
			logs := &testutil.SyncBuffer{}
			c.opts.Logger, _ = logging.New(logs, slog.LevelDebug, "json")
			h, started, stop := r56HttpmodeBlocking(t, c.opts)
			tr := &http.Transport{}
			defer tr.CloseIdleConnections()
			client := &http.Client{Transport: tr}
			var sessions []string
			for _, token := range []string{"r66-a", "r66-b"} {
				id, status, _, body := r56HttpmodeOpen(t, client, h.URL(), token)
				if id == "" {
					t.Fatalf("session for %s: %d %s", token, status, body)
				}
				sessions = append(sessions, id)
			}
			wg := r56HttpmodeBusy(t, client, h.URL(), started, sessions, []string{"r66-a", "r66-b"})
			defer func() { stop(); wg.Wait() }()
			fresh := &http.Transport{} // a new connection, not one the busy calls hold
			defer fresh.CloseIdleConnections()
			if status, _, body, err := r56HttpmodePost(&http.Client{Transport: fresh}, h.URL(), "", "r66-c", initializeJSON); err != nil || status != http.StatusServiceUnavailable {
				t.Fatalf("a new client with the %s cap all busy: %d %s %v, want 503", c.what, status, body, err)
			}
			lines := r64Httpmode8Lines(logs, 0, c.line)
			if len(lines) != 1 || !strings.Contains(lines[0], `"level":"WARN"`) || !strings.Contains(lines[0], `"flag":"`+c.flag+`"`) {
				t.Errorf("the %s cap all busy logged %d lines, want one at WARN naming %s:\n%s", c.what, len(lines), c.flag, strings.Join(lines, "\n"))
			}
		})
	}
}

// TestR66Claims3LimitsMaskCredentialKeysAtAnyDepth: README says get_limits masks a
// credential-named key's value "whole, at any depth"; TestR42ReviewbudgetLimitsCredentialKeyedResource
// tries one level down. Here the key sits six objects deep, inside a list, and holds an object
// or a list whose own keys name no credential: no part of the value shows, in text or
// structured content.
func TestR66Claims3LimitsMaskCredentialKeysAtAnyDepth(t *testing.T) {
	const a, b, c, d = "Qw3rTy9uIoP0aSdF", "Lk8jHg7fDs6aZx5c", "Vb4nMq2wEr1tYu0i", "Pl9oKm8iJn7uHb6y"
	resources := map[string]any{"max_cpu": 4, "max_memory_gi": 8,
		"l1":      map[string]any{"l2": map[string]any{"l3": map[string]any{"l4": map[string]any{"l5": map[string]any{"client_secret": a}}}}},
		"pools":   []any{map[string]any{"size": 2}, map[string]any{"db_password": b}},
		"api_key": map[string]any{"primary": c, "rotation": []any{d}},
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: cannedProxy(&[]canned{}, okGETAnswerEdited("/limits", func(m map[string]any) { m["resources"] = resources }))})
	res := h.call(t, "get_limits", nil)
	shown := text(res) + "\n" + string(r42bJSON(res.StructuredContent))
	if !strings.Contains(shown, "client_secret") || !strings.Contains(shown, "primary") {
		t.Fatalf("get_limits shows not the resources given:\n%s", shown)
	}
	for _, secret := range []string{a, b, c, d} {
		for _, part := range []string{secret, secret[:8], secret[8:]} {
			if strings.Contains(shown, part) {
				t.Errorf("get_limits shows %q of a credential-named key's value:\n%s", part, shown)
			}
		}
	}
}

// TestR66Claims3ConnectedAppIsAskedNoSpicepod: README says a GitHub-connected app stores no
// spicepod and the API refuses one there (409 github_connected), "so none is asked for".
// TestNoSpicepodTextsAreTrue reads apps with no repository; TestDeployTextsFollowWhatRuns reads
// update_app's and pause_app's headlines. Here a connected app deployed from its repository,
// running and then paused, is read by every tool README names (describe_app, list_deployments,
// list_instances, pause_app, resume_app, wait_for_deployment): none asks for a spicepod or
// offers update_app for one (but the card's hedge "with none connected, set one"), and an agent that sends one anyway is refused by the
// API, told to change the repository instead, and the app still deploys.
func TestR66Claims3ConnectedAppIsAskedNoSpicepod(t *testing.T) {
	h := newHarness(t, harnessOptions{safety: tools.Safety{Confirm: tools.ConfirmOff}})
	const app = "r66-git"
	h.ok(t, "create_app", map[string]any{"name": app})
	h.ok(t, "connect_repository", map[string]any{"app": app, "repository": "r66-repo"})
	h.ok(t, "create_deployment", map[string]any{"app": app})
	h.ok(t, "wait_for_deployment", map[string]any{"app": app})
	asks := []string{"set a spicepod", "set one with update_app", "no spicepod yet", "would be refused", "only if a GitHub repository"}
	read := func(state string, calls ...string) {
		t.Helper()
		for _, tool := range calls {
			// A paused app's list_instances is the API's refusal (project_paused), read as well;
			// get_app's card hedges, as README says, since the API shows no connection.
			out := text(h.call(t, tool, map[string]any{"app": app}))
			out = strings.ReplaceAll(out, "with none connected, set one with update_app before deploying", "")
			for _, ask := range asks {
				if strings.Contains(out, ask) {
					t.Errorf("%s of a connected app %s says %q:\n%s", tool, state, ask, out)
				}
			}
			if calls := offeredCalls(out, "update_app"); len(calls) > 0 {
				t.Errorf("%s of a connected app %s offers %v:\n%s", tool, state, calls, out)
			}
		}
	}
	read("running", "describe_app", "list_deployments", "list_instances", "wait_for_deployment")
	read("running, paused", "pause_app")
	read("paused", "pause_app", "describe_app", "list_deployments", "list_instances")
	read("paused, resumed", "resume_app")
	h.ok(t, "wait_for_deployment", map[string]any{"app": app})
	mustContain(t, "update_app with a spicepod on a connected app",
		h.fail(t, "update_app", map[string]any{"app": app, "spicepod": podA}), "github_connected", "connected GitHub repository")
	h.ok(t, "create_deployment", map[string]any{"app": app})
	mustContain(t, "the connected app deploys", h.ok(t, "wait_for_deployment", map[string]any{"app": app}), "succeeded")
}

// TestR66Claims3PauseResumeAndDeletionsCarryTheAppID: README puts `app_id` "in every result
// about something of an app (…, a pause, a deletion)"; TestR64Words3StructuredNamesTheApp reads
// the results whose text names an app and requires it of sixteen tools, not these. A pause, a
// resume, a secret's deletion and an app's carry the app's ID as app_id in structured content.
func TestR66Claims3PauseResumeAndDeletionsCarryTheAppID(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	for _, c := range []struct {
		tool string
		args map[string]any
		id   int64
	}{
		{"pause_app", map[string]any{"app": "analytics-app"}, 101},
		{"resume_app", map[string]any{"app": "analytics-app"}, 101},
		{"delete_secret", map[string]any{"app": "analytics-app", "name": "OPENAI_API_KEY"}, 101},
		{"delete_app", map[string]any{"app": "docs-search"}, 102},
	} {
		res := h.call(t, c.tool, c.args)
		var got struct {
			AppID *int64 `json:"app_id"`
		}
		raw, _ := json.Marshal(res.StructuredContent)
		if res.IsError || json.Unmarshal(raw, &got) != nil || got.AppID == nil || *got.AppID != c.id {
			t.Errorf("%s: structured content %s, want app_id %d:\n%s", c.tool, raw, c.id, text(res))
		}
	}
}
