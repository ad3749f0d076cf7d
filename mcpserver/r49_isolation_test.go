package mcpserver_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Callers of one HTTP server: acme's owner (A), a second user of acme (A2: bob, an admin), and
// globex's owner (B), each with its own all-scopes token.
const (
	r49IsolationTokenA  = "r49-isolation-acme-owner-token-7f3a"
	r49IsolationTokenA2 = "r49-isolation-acme-admin-token-91c4"
	r49IsolationTokenB  = "r49-isolation-globex-owner-token-2d8e"
)

type r49IsolationWorld struct {
	url  string
	logs *testutil.SyncBuffer
	api  map[string]*client.Client // by token
}

// r49IsolationServer serves acme (apps made by A) and globex (globex-app) to callers that bring
// their own tokens; the server itself has none. Approvals are off: what is attacked here is the
// state the tools keep, not who approves.
func r49IsolationServer(t *testing.T, acmeApps ...string) r49IsolationWorld {
	t.Helper()
	emu := sandbox.New(sandbox.Config{
		Orgs:  []sandbox.Org{{ID: 1, Slug: "acme", Owner: "alice", Admins: []string{"bob"}}, {ID: 2, Slug: "globex", Owner: "carol"}},
		Users: []sandbox.User{{ID: 1, Username: "alice"}, {ID: 2, Username: "bob"}, {ID: 3, Username: "carol"}},
		Tokens: []sandbox.Token{{Value: r49IsolationTokenA, Org: "acme", Scopes: []string{"*"}},
			{Value: r49IsolationTokenA2, Org: "acme", User: "bob", Scopes: []string{"*"}},
			{Value: r49IsolationTokenB, Org: "globex", Scopes: []string{"*"}}},
	})
	upstream := httptest.NewServer(emu)
	t.Cleanup(upstream.Close)
	w := r49IsolationWorld{logs: &testutil.SyncBuffer{}, api: map[string]*client.Client{}}
	for _, token := range []string{r49IsolationTokenA, r49IsolationTokenA2, r49IsolationTokenB} {
		c, err := client.New(client.Config{BaseURL: upstream.URL, Tokens: client.StaticToken(token)})
		if err != nil {
			t.Fatal(err)
		}
		w.api[token] = c
	}
	for _, name := range acmeApps {
		if _, err := w.api[r49IsolationTokenA].CreateApp(context.Background(), client.CreateAppRequest{Name: name, Region: "us-west-2"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.api[r49IsolationTokenB].CreateApp(context.Background(), client.CreateAppRequest{Name: "globex-app", Region: "us-west-2"}); err != nil {
		t.Fatal(err)
	}
	logger, _ := logging.New(w.logs, slog.LevelDebug, "json")
	base, err := client.New(client.Config{BaseURL: upstream.URL, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: mcpserver.RequestClients(base, false), Logger: logger,
		Safety: tools.Safety{NoConfirm: true}})
	w.url = listenAndServe(t, srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0", Logger: logger}).URL()
	return w
}

func (w r49IsolationWorld) connect(t *testing.T, token string) *mcpclient.Client {
	t.Helper()
	return connect(t, w.url, map[string]string{"Authorization": "Bearer " + token})
}

// appID is the ID of the app named name, as token's organization lists it.
func (w r49IsolationWorld) appID(t *testing.T, token, name string) int64 {
	t.Helper()
	apps, err := w.api[token].ListProjects(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range apps {
		if a.Name == name {
			return a.ID
		}
	}
	t.Fatalf("no app %s", name)
	return 0
}

// noSecretsInLogs fails when a caller's token reaches the logs, or, at info level and above,
// anything of acme's (its apps' names) does: an operator's log is not a tenant's, but a line
// naming one tenant's data beside another's call would mix them.
func (w r49IsolationWorld) noSecretsInLogs(t *testing.T, acmeNames ...string) {
	t.Helper()
	all := w.logs.String()
	for _, token := range []string{r49IsolationTokenA, r49IsolationTokenA2, r49IsolationTokenB} {
		if strings.Contains(all, token) || strings.Contains(all, token[len(token)-8:]) {
			t.Errorf("a caller's token (or its end) is in the logs")
		}
	}
	for line := range strings.SplitSeq(all, "\n") {
		if strings.Contains(line, `"level":"DEBUG"`) {
			continue
		}
		for _, name := range acmeNames {
			if strings.Contains(line, name) {
				t.Errorf("an info-level log line names acme's %s: %s", name, line)
			}
		}
	}
}

func r49IsolationCall(t *testing.T, c *mcpclient.Client, name string, args map[string]any) *mcp.CallToolResult {
	t.Helper()
	var req mcp.CallToolRequest
	req.Params.Name, req.Params.Arguments = name, args
	res, err := c.CallTool(context.Background(), req)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return res
}

// TestR49IsolationPageMemoIsPerCaller: two callers of one organization page list_apps. A's
// first page is remembered for A's session; the app that page began with is then deleted, so
// A's next page (at its next offset) says the list shifted. B, asking for that very offset in
// its own session, neither reads A's mark (no note naming A's last item) nor replaces it: A's
// next page still says the list shifted.
func TestR49IsolationPageMemoIsPerCaller(t *testing.T) {
	var names []string
	for i := range 120 {
		names = append(names, fmt.Sprintf("app-%03d-%s", i, strings.Repeat("q", 30)))
	}
	w := r49IsolationServer(t, names...)
	a, b := w.connect(t, r49IsolationTokenA), w.connect(t, r49IsolationTokenA2)
	type page struct {
		Apps []struct {
			Name string `json:"name"`
		} `json:"apps"`
		Next int `json:"next_offset"`
	}
	var first page
	structured(t, r49IsolationCall(t, a, "list_apps", map[string]any{}), &first)
	if first.Next == 0 || len(first.Apps) == 0 {
		t.Fatalf("one page: %+v", first)
	}
	if _, err := w.api[r49IsolationTokenA].DeleteProject(context.Background(), w.appID(t, r49IsolationTokenA, first.Apps[0].Name)); err != nil {
		t.Fatal(err)
	}
	last := first.Apps[len(first.Apps)-1].Name
	if out := text(r49IsolationCall(t, b, "list_apps", map[string]any{"offset": first.Next})); strings.Contains(out, "since the last page") || strings.Contains(out, last) && strings.Index(out, last) < 200 {
		t.Errorf("B's page at A's next offset reads A's mark:\n%.400s", out)
	}
	if out := text(r49IsolationCall(t, a, "list_apps", map[string]any{"offset": first.Next})); !strings.Contains(out, "since the last page") {
		t.Errorf("A's next page no longer says the list shifted after B's call:\n%.400s", out)
	}
	w.noSecretsInLogs(t, last)
}

// TestR49IsolationRotationLedgerStaysWithItsApp: A starts a key rotation of acme-app. B, of
// another organization, asks to finish it by name and by ID: both are refused as an app B's
// organization does not have, naming nothing of A's rotation (when it started, that one is
// open), and the ledger is untouched: A's finish then completes it.
func TestR49IsolationRotationLedgerStaysWithItsApp(t *testing.T) {
	w := r49IsolationServer(t, "acme-app")
	a, b := w.connect(t, r49IsolationTokenA), w.connect(t, r49IsolationTokenB)
	id := w.appID(t, r49IsolationTokenA, "acme-app")
	if res := r49IsolationCall(t, a, "rotate_api_keys", map[string]any{"app": "acme-app", "step": "start"}); res.IsError {
		t.Fatalf("A's start: %s", text(res))
	}
	for _, ref := range []string{"acme-app", fmt.Sprintf("id:%d", id), fmt.Sprint(id)} {
		for _, step := range []string{"finish", "start"} {
			res := r49IsolationCall(t, b, "rotate_api_keys", map[string]any{"app": ref, "step": step})
			out := text(res)
			if !res.IsError || !strings.Contains(out, "No app") {
				t.Errorf("B's %s of %s: %s", step, ref, out)
			}
			for _, word := range []string{"rotation", "started", "secondary"} {
				if strings.Contains(strings.ToLower(out), word) {
					t.Errorf("B's %s of %s names A's rotation (%q): %s", step, ref, word, out)
				}
			}
		}
	}
	if res := r49IsolationCall(t, a, "rotate_api_keys", map[string]any{"app": "acme-app", "step": "finish"}); res.IsError {
		t.Errorf("A's finish after B's attempts: %s", text(res))
	}
	w.noSecretsInLogs(t, "acme-app")
}

// TestR49IsolationNoCallReadsAnotherCallersApp: A reads acme-app with every tool that reads
// an app; B, of another organization, asks the same tools for it by ID right after (and by
// name): each is refused, none shows anything A's calls read with A's token.
func TestR49IsolationNoCallReadsAnotherCallersApp(t *testing.T) {
	w := r49IsolationServer(t, "acme-app")
	a, b := w.connect(t, r49IsolationTokenA), w.connect(t, r49IsolationTokenB)
	id := w.appID(t, r49IsolationTokenA, "acme-app")
	readers := []string{"get_app", "describe_app", "list_deployments", "list_secrets", "get_api_keys", "list_instances"}
	for _, tool := range readers {
		if res := r49IsolationCall(t, a, tool, map[string]any{"app": "acme-app"}); res.IsError {
			t.Logf("A's %s: %.200s", tool, text(res))
		}
		for _, ref := range []string{fmt.Sprintf("id:%d", id), fmt.Sprint(id), "acme-app"} {
			res := r49IsolationCall(t, b, tool, map[string]any{"app": ref})
			if out := text(res); !res.IsError || strings.Contains(out, "acme-app") && ref != "acme-app" {
				t.Errorf("B's %s of %s: %.400s", tool, ref, out)
			}
		}
	}
	w.noSecretsInLogs(t, "acme-app")
}

// r49IsolationModernPost sends one 2026-07-28 tools/call with token (none when "").
func r49IsolationModernPost(t *testing.T, url, token, tool, params string) string {
	t.Helper()
	body := `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":` + params + `}`
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("MCP-Protocol-Version", "2026-07-28")
	req.Header.Set("Mcp-Method", "tools/call")
	req.Header.Set("Mcp-Name", tool)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return string(out)
}

// TestR49IsolationSecretEntryStateBindsToItsCaller: over 2026-07-28 caller A's set_secret
// without a value is asked to open a secret-entry page (URL mode), with a request state. Caller
// B (another token, same organization and arguments), and a request with no token, send A's
// state with an accepted answer: both are refused, nothing waits on A's page for them; A's own
// answer is still accepted (its call then waits for the page: cut short here by a decline).
func TestR49IsolationSecretEntryStateBindsToItsCaller(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{ServerCredentials: true}, nil)
	meta := r47SafetyModernMeta(`{"elicitation":{"url":{}}}`)
	call := `{"name":"set_secret","arguments":{"app":"analytics-app","name":"PG_PASS"},` + meta + `}`
	asked := r49IsolationModernPost(t, h.URL(), "token-of-caller-a", "set_secret", call)
	state := r47SafetyRequestState(t, asked)
	answer := func(action string) string {
		return fmt.Sprintf(`{"name":"set_secret","arguments":{"app":"analytics-app","name":"PG_PASS"},"inputResponses":{"secrets":{"action":%q}},"requestState":%q,%s}`,
			action, state, meta)
	}
	for _, token := range []string{"token-of-caller-b", ""} {
		if out := r49IsolationModernPost(t, h.URL(), token, "set_secret", answer("accept")); !strings.Contains(out, present.ConfirmStateInvalid) {
			t.Errorf("caller %q with caller A's state: %s", token, out)
		}
	}
	if out := r49IsolationModernPost(t, h.URL(), "token-of-caller-a", "set_secret", answer("decline")); !strings.Contains(out, present.SecretEntryDeclined) {
		t.Errorf("caller A's own answer: %s", out)
	}
}

// TestR49IsolationTokenlessSessionsKeepTheirApprovals: callers without a bearer token (the
// server's own token, behind the shared secret) all act with one token, so a 2025-era session
// is what tells them apart. A person approves session A's delete_app on the page; session B's
// identical call is not approved by it (it gets a link of its own, nothing is deleted), and A's
// own call then deletes the app, once. So with secret-entry pages: B's set_secret identical to
// A's gets a page of its own, not A's (whose outcome it would then be told).
func TestR49IsolationTokenlessSessionsKeepTheirApprovals(t *testing.T) {
	const shared = "a-shared-secret-of-24-chars"
	emu := sandbox.New(sandbox.Config{Demo: true})
	apiServer := httptest.NewServer(emu)
	t.Cleanup(apiServer.Close)
	base, err := client.New(client.Config{BaseURL: apiServer.URL, Tokens: client.StaticToken("sandbox")})
	if err != nil {
		t.Fatal(err)
	}
	human := humanweb.New(humanweb.Options{Mounted: true})
	t.Cleanup(func() { _ = human.Close() })
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: mcpserver.RequestClients(base, true), Human: human})
	h := listenAndServe(t, srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0", AuthToken: shared, ServerCredentials: true, Human: human.Handler()})
	a := connect(t, h.URL(), map[string]string{mcpserver.AuthTokenHeader: shared})
	b := connect(t, h.URL(), map[string]string{mcpserver.AuthTokenHeader: shared})
	secret := map[string]any{"app": "analytics-app", "name": "PG_PASS"}
	if pageA, pageB := linkIn(t, r49IsolationCall(t, a, "set_secret", secret)), linkIn(t, r49IsolationCall(t, b, "set_secret", secret)); pageA == pageB {
		t.Errorf("session B's set_secret got session A's secret-entry page %s", pageA)
	}
	args := map[string]any{"app": "docs-search"}
	link := linkIn(t, r49IsolationCall(t, a, "delete_app", args))
	(&page{}).answer(t, link, url.Values{"decision": {"approve"}})
	if res := r49IsolationCall(t, b, "delete_app", args); emu.Calls(api.DeleteProject.ID) != 0 || !res.IsError && linkIn(t, res) == link {
		t.Fatalf("session B rode on session A's approval (deletes: %d): %s", emu.Calls(api.DeleteProject.ID), text(res))
	}
	if res := r49IsolationCall(t, a, "delete_app", args); res.IsError || emu.Calls(api.DeleteProject.ID) != 1 {
		t.Fatalf("session A's approved call (deletes: %d): %s", emu.Calls(api.DeleteProject.ID), text(res))
	}
}

// TestR49IsolationViewerLearnsNothingOfARotation: a viewer of acme (another caller, another
// user) asks to finish or start the rotation acme's owner started: refused for its role, before
// anything of the rotation (that one is open, when it started) is said.
func TestR49IsolationViewerLearnsNothingOfARotation(t *testing.T) {
	emu := sandbox.New(sandbox.Config{
		Orgs:   []sandbox.Org{{ID: 1, Slug: "acme", Owner: "alice", Viewers: []string{"bob"}}},
		Users:  []sandbox.User{{ID: 1, Username: "alice"}, {ID: 2, Username: "bob"}},
		Tokens: []sandbox.Token{{Value: r49IsolationTokenA, Org: "acme", Scopes: []string{"*"}}, {Value: r49IsolationTokenA2, Org: "acme", User: "bob", Scopes: []string{"*"}}},
	})
	upstream := httptest.NewServer(emu)
	t.Cleanup(upstream.Close)
	owner, err := client.New(client.Config{BaseURL: upstream.URL, Tokens: client.StaticToken(r49IsolationTokenA)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := owner.CreateApp(context.Background(), client.CreateAppRequest{Name: "acme-app", Region: "us-west-2"}); err != nil {
		t.Fatal(err)
	}
	base, _ := client.New(client.Config{BaseURL: upstream.URL})
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: mcpserver.RequestClients(base, false), Safety: tools.Safety{NoConfirm: true}})
	h := listenAndServe(t, srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0"})
	a := connect(t, h.URL(), map[string]string{"Authorization": "Bearer " + r49IsolationTokenA})
	viewer := connect(t, h.URL(), map[string]string{"Authorization": "Bearer " + r49IsolationTokenA2})
	if res := r49IsolationCall(t, a, "rotate_api_keys", map[string]any{"app": "acme-app", "step": "start"}); res.IsError {
		t.Fatalf("the owner's start: %s", text(res))
	}
	for _, step := range []string{"finish", "start"} {
		res := r49IsolationCall(t, viewer, "rotate_api_keys", map[string]any{"app": "acme-app", "step": step})
		out := text(res)
		t.Logf("viewer's %s: %s", step, out)
		if !res.IsError || strings.Contains(out, "started") || strings.Contains(out, "open") {
			t.Errorf("the viewer's %s: %s", step, out)
		}
	}
}
