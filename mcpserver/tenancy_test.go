package mcpserver_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

const (
	acmeToken   = "acme-tenant-token-1b2c3d"
	globexToken = "globex-tenant-token-4e5f6a"
	sharedAuth  = "shared-secret-for-the-mcp-endpoint"
)

// twoTenantEmulator is an emulator with two organizations, acme and globex, each with an
// all-scopes token (acmeToken, globexToken) and one app (acme-app, globex-app).
func twoTenantEmulator(t *testing.T) *sandbox.Emulator {
	t.Helper()
	emu := sandbox.New(sandbox.Config{
		Orgs:   []sandbox.Org{{ID: 1, Slug: "acme", Owner: "alice"}, {ID: 2, Slug: "globex", Owner: "bob"}},
		Tokens: []sandbox.Token{{Value: acmeToken, Org: "acme", Scopes: []string{"*"}}, {Value: globexToken, Org: "globex", Scopes: []string{"*"}}},
	})
	for token, name := range map[string]string{acmeToken: "acme-app", globexToken: "globex-app"} {
		c, _ := client.New(client.Config{BaseURL: "http://emulator.invalid", Tokens: client.StaticToken(token),
			HTTPClient: &http.Client{Transport: emu.Transport()}})
		if _, err := c.CreateApp(context.Background(), client.CreateAppRequest{Name: name, Region: "us-west-2"}); err != nil {
			t.Fatal(err)
		}
	}
	return emu
}

// tenantServer is an HTTP MCP server in multi-tenant mode over an emulator with two
// organizations; the server itself has no credentials.
func tenantServer(t *testing.T, authToken string) (*mcpserver.HTTPServer, *testutil.SyncBuffer) {
	t.Helper()
	emu := twoTenantEmulator(t)
	api := httptest.NewServer(emu)
	t.Cleanup(api.Close)
	logs := &testutil.SyncBuffer{}
	logger, _ := logging.New(logs, slog.LevelDebug, "json")
	base, err := client.New(client.Config{BaseURL: api.URL, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: mcpserver.RequestClients(base, false), Logger: logger})
	h := listenAndServe(t, srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0", AuthToken: authToken, Logger: logger})
	return h, logs
}

func connect(t *testing.T, url string, headers map[string]string) *mcpclient.Client {
	t.Helper()
	c, err := mcpclient.NewStreamableHttpClient(url, transport.WithHTTPHeaders(headers))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := testutil.Initialize(ctx, c, mcp.LATEST_LEGACY_PROTOCOL_VERSION); err != nil {
		t.Fatal(err)
	}
	return c
}

func callText(t *testing.T, c *mcpclient.Client, name string, args map[string]any) (string, bool) {
	t.Helper()
	var req mcp.CallToolRequest
	req.Params.Name, req.Params.Arguments = name, args
	res, err := c.CallTool(context.Background(), req)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return text(res), res.IsError
}

// TestHTTPTenantsNeverSeeEachOther: two clients with different Spice tokens interleave 50
// calls each on one server; each sees only its own organization, and no token reaches a log.
func TestHTTPTenantsNeverSeeEachOther(t *testing.T) {
	h, logs := tenantServer(t, "")
	tenants := map[string]struct{ token, own, other string }{
		"acme":   {acmeToken, "acme-app", "globex-app"},
		"globex": {globexToken, "globex-app", "acme-app"},
	}
	var wg sync.WaitGroup
	for name, tenant := range tenants {
		c := connect(t, h.URL(), map[string]string{"Authorization": "Bearer " + tenant.token})
		wg.Go(func() {
			for i := range 50 {
				tool, args := "list_apps", map[string]any(nil)
				if i%2 == 1 {
					tool, args = "get_app", map[string]any{"app": tenant.own}
				}
				out, isErr := callText(t, c, tool, args)
				if isErr || !strings.Contains(out, tenant.own) || strings.Contains(out, tenant.other) {
					t.Errorf("%s call %d (%s): %s", name, i, tool, out)
					return
				}
			}
			if out, isErr := callText(t, c, "get_app", map[string]any{"app": tenant.other}); !isErr || !strings.Contains(out, "No app named") {
				t.Errorf("%s could reach %s: %s", name, tenant.other, out)
			}
		})
	}
	wg.Wait()
	for _, token := range []string{acmeToken, globexToken} {
		if strings.Contains(logs.String(), token) {
			t.Errorf("a tenant token appears in the logs")
		}
	}

	anonymous := connect(t, h.URL(), nil)
	out, isErr := callText(t, anonymous, "list_apps", nil)
	if !isErr || !strings.Contains(out, "Authorization: Bearer <token>") {
		t.Errorf("a call without a token: %s", out)
	}
}

func TestHTTPRejectsTokensInTheURL(t *testing.T) {
	h, _ := tenantServer(t, "")
	for _, query := range []string{"?token=abc", "?access_token=abc", "?API_KEY=abc"} {
		resp, err := http.Post(h.URL()+query, "application/json", strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"ping"}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: status %d", query, resp.StatusCode)
		}
	}
}

func TestHTTPSharedAuthToken(t *testing.T) {
	h, _ := tenantServer(t, sharedAuth)
	initialize := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"0"}}}`
	for header, want := range map[string]int{"": http.StatusUnauthorized, "wrong-secret-of-some-length": http.StatusUnauthorized, sharedAuth: http.StatusOK} {
		req, _ := http.NewRequest(http.MethodPost, h.URL(), strings.NewReader(initialize))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		if header != "" {
			req.Header.Set(mcpserver.AuthTokenHeader, header)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("auth header %q: %d, want %d", header, resp.StatusCode, want)
		}
	}
	c := connect(t, h.URL(), map[string]string{mcpserver.AuthTokenHeader: sharedAuth, "Authorization": "Bearer " + acmeToken})
	if out, isErr := callText(t, c, "list_apps", nil); isErr || !strings.Contains(out, "acme-app") {
		t.Errorf("with both tokens: %s", out)
	}
}

func TestNonLoopbackBindNeedsProtection(t *testing.T) {
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: func(context.Context) (*client.Client, error) { return nil, nil }})
	_, err := mcpserver.ListenHTTP(srv, mcpserver.HTTPOptions{Addr: "0.0.0.0:0", ServerCredentials: true})
	if err == nil || !strings.Contains(err.Error(), "refusing to serve") || !strings.Contains(err.Error(), "--http-auth-token-file") {
		t.Fatalf("want a refusal, got %v", err)
	}
	for _, opts := range []mcpserver.HTTPOptions{{Addr: "0.0.0.0:0", ServerCredentials: true, AuthToken: sharedAuth}, {Addr: "0.0.0.0:0"}} {
		h, err := mcpserver.ListenHTTP(srv, opts)
		if err != nil {
			t.Errorf("%+v: %v", opts, err)
			continue
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_ = h.Serve(ctx)
	}
}

// TestHTTPSessionsBelongToTheirCaller: a 2025-era session serves only the caller that opened it.
// Another token with the session's ID — a request, or the answer to a question the session was
// asked (elicitation) — gets 404, and so does a made-up ID, which used to be admitted (and, as
// an open GET stream, hold a place at the session cap).
func TestHTTPSessionsBelongToTheirCaller(t *testing.T) {
	h, logs := tenantServer(t, "")
	acme := map[string]string{"Authorization": "Bearer " + acmeToken}
	globex := map[string]string{"Authorization": "Bearer " + globexToken}
	session := initialize(t, h.URL(), acme)
	if resp, body := rpc(t, h.URL(), session, `{"jsonrpc":"2.0","id":2,"method":"ping"}`, acme); resp.StatusCode != http.StatusOK {
		t.Fatalf("the session's own caller: %d %s", resp.StatusCode, body)
	}
	for what, headers := range map[string]map[string]string{"another token": globex, "no token": nil,
		"a made-up token": {"Authorization": "Bearer x"}} {
		for _, body := range []string{`{"jsonrpc":"2.0","id":3,"method":"tools/list"}`,
			`{"jsonrpc":"2.0","id":2,"result":{"action":"accept","content":{"name":"acme-app"}}}`} {
			if resp, _ := rpc(t, h.URL(), session, body, headers); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s in acme's session: %d for %s", what, resp.StatusCode, body)
			}
		}
	}
	madeUp := "mcp-session-6ba7b810-9dad-11d1-80b4-00c04fd430c8"
	if resp, _ := rpc(t, h.URL(), madeUp, `{"jsonrpc":"2.0","id":2,"method":"ping"}`, acme); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a made-up session ID: %d", resp.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodGet, h.URL(), nil)
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Mcp-Session-Id", madeUp)
	req.Header.Set("Authorization", "Bearer "+acmeToken)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("a GET stream on a made-up session: %v %v", err, resp)
	} else {
		resp.Body.Close()
	}
	if strings.Contains(logs.String(), acmeToken) {
		t.Error("the token reached the logs")
	}
}
