package mcpserver_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
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
		Orgs: []sandbox.Org{{ID: 1, Slug: "acme", Owner: "alice", Admins: []string{"bob"}}, {ID: 2, Slug: "globex", Owner: "carol"}},
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
