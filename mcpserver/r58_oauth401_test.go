package mcpserver_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
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
	r58Oauth401Good     = "r58-oauth401-good-token-5a6b7c"
	r58Oauth401Expired  = "r58-oauth401-expired-token-8d9e0f"
	r58Oauth401Unknown  = "r58-oauth401-unknown-token-1a2b3c"
	r58Oauth401Unscoped = "r58-oauth401-unscoped-token-4d5e6f"
	r58Oauth401Server   = "r58-oauth401-server-key-revoked-7a8b9c"
)

// r58Oauth401Server serves MCP over HTTP (opts) in front of an emulator that knows a valid
// token, an expired one and one without scopes (r58Oauth401Unknown it never issued); the
// server's own credential, lent only under opts.ServerCredentials, is one the emulator refuses.
func r58Oauth401Serve(t *testing.T, opts mcpserver.HTTPOptions) (*mcpserver.HTTPServer, *testutil.SyncBuffer) {
	t.Helper()
	emu := sandbox.New(sandbox.Config{
		Orgs: []sandbox.Org{{ID: 1, Slug: "acme", Owner: "alice"}},
		Tokens: []sandbox.Token{
			{Value: r58Oauth401Good, Org: "acme", Scopes: []string{"*"}},
			{Value: r58Oauth401Expired, Org: "acme", Scopes: []string{"*"}, ExpiresAt: time.Now().Add(-time.Hour)},
			{Value: r58Oauth401Unscoped, Org: "acme"},
		},
	})
	api := httptest.NewServer(emu)
	t.Cleanup(api.Close)
	logs := &testutil.SyncBuffer{}
	logger, _ := logging.New(logs, slog.LevelDebug, "json")
	base, err := client.New(client.Config{BaseURL: api.URL, Logger: logger, Tokens: client.StaticToken(r58Oauth401Server), Sandbox: opts.Sandbox})
	if err != nil {
		t.Fatal(err)
	}
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: mcpserver.RequestClients(base, opts.ServerCredentials), Logger: logger})
	opts.Addr, opts.Logger = "127.0.0.1:0", logger
	return listenAndServe(t, srv, opts), logs
}

// r58Oauth401Post sends one 2026-07-28 tools/call of list_apps (no session) with the token
// ("" sends no Authorization header) and returns the status, WWW-Authenticate and body.
func r58Oauth401Post(t *testing.T, h *mcpserver.HTTPServer, token string) (int, string, string) {
	t.Helper()
	return r58Oauth401PostTool(t, h, token, "list_apps")
}

// r58Oauth401PostTool is r58Oauth401Post calling the tool.
func r58Oauth401PostTool(t *testing.T, h *mcpserver.HTTPServer, token, tool string) (int, string, string) {
	t.Helper()
	return r58Oauth401PostArgs(t, h, token, tool, `{}`)
}

// r58Oauth401PostArgs is r58Oauth401PostTool with the arguments (a JSON object).
func r58Oauth401PostArgs(t *testing.T, h *mcpserver.HTTPServer, token, tool, args string) (int, string, string) {
	t.Helper()
	return r59Httpmode2Post(t, h, token, "tools/call", tool, `"name":"`+tool+`","arguments":`+args)
}

// r58Oauth401Connect opens a 2025-era session whose requests carry the token *token holds at
// the time of each request.
func r58Oauth401Connect(t *testing.T, h *mcpserver.HTTPServer, token *atomic.Value) *mcpclient.Client {
	t.Helper()
	c, err := mcpclient.NewStreamableHttpClient(h.URL(), transport.WithHTTPHeaderFunc(func(context.Context) map[string]string {
		return map[string]string{"Authorization": "Bearer " + token.Load().(string)}
	}))
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

func r58Oauth401Call(c *mcpclient.Client, name string) (*mcp.CallToolResult, error) {
	var req mcp.CallToolRequest
	req.Params.Name = name
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return c.CallTool(ctx, req)
}

// TestR58Oauth401RefusedCallerTokenIsChallenged: a tool call whose bearer token the API refuses
// (expired, or never issued) answers HTTP 401 with `WWW-Authenticate: Bearer
// error="invalid_token", resource_metadata="…"` (MCP authorization, RFC 6750 §3.1), which has an
// OAuth client refresh its token; it answered 200 with the tool's isError text. The token is in
// no body and no log line; once refreshed, the next call works (a 2025-era session belongs to
// the token that opened it: a new one initializes again). A valid token without the scope (403)
// stays the tool's result naming the scope.
func TestR58Oauth401RefusedCallerTokenIsChallenged(t *testing.T) {
	h, logs := r58Oauth401Serve(t, mcpserver.HTTPOptions{RequireBearer: true})
	metadata := strings.TrimSuffix(h.URL(), "/mcp") + "/.well-known/oauth-protected-resource/mcp"
	want := `Bearer error="invalid_token", resource_metadata="` + metadata + `"`
	for _, token := range []string{r58Oauth401Expired, r58Oauth401Unknown} {
		status, challenge, body := r58Oauth401Post(t, h, token)
		if status != http.StatusUnauthorized || challenge != want {
			t.Errorf("%s: %d %q %.300s, want 401 with %q", token, status, challenge, body, want)
		}
		if status, challenge, body := r58Oauth401PostTool(t, h, token, "whoami"); status != http.StatusUnauthorized || challenge != want {
			t.Errorf("whoami, %s: %d %q %.300s, want 401 with %q", token, status, challenge, body, want)
		}
		if strings.Contains(body, token) || !strings.Contains(body, "refused the bearer token") {
			t.Errorf("%s: the 401's text: %s", token, body)
		}
	}
	// Through an MCP client: the call fails with the challenge's metadata URL; refreshed, the
	// token works (a new session: the old one was its old token's).
	var token atomic.Value
	token.Store(r58Oauth401Expired)
	c := r58Oauth401Connect(t, h, &token)
	_, err := r58Oauth401Call(c, "list_apps")
	var authErr *transport.AuthorizationRequiredError
	if !errors.As(err, &authErr) || authErr.ResourceMetadataURL != metadata {
		t.Fatalf("list_apps with an expired token: %v, want the authorization-required error naming %s", err, metadata)
	}
	token.Store(r58Oauth401Good)
	c = r58Oauth401Connect(t, h, &token)
	if res, err := r58Oauth401Call(c, "list_apps"); err != nil || res.IsError {
		t.Fatalf("list_apps after the refresh: %v %v", err, res)
	}
	if status, _, body := r58Oauth401Post(t, h, r58Oauth401Good); status != http.StatusOK || strings.Contains(body, `"isError":true`) {
		t.Errorf("a 2026-07-28 call after the refresh: %d %.300s", status, body)
	}
	// 403, a valid token without the scope: the tool's result, naming the scope.
	status, challenge, body := r58Oauth401Post(t, h, r58Oauth401Unscoped)
	if status != http.StatusOK || challenge != "" || !strings.Contains(body, `"isError":true`) || !strings.Contains(body, "apps:read") {
		t.Errorf("a token without the scope: %d %q %.400s, want 200 with the tool's result naming the scope", status, challenge, body)
	}
	for _, token := range []string{r58Oauth401Expired, r58Oauth401Unknown, r58Oauth401Good, r58Oauth401Unscoped} {
		if strings.Contains(logs.String(), token) {
			t.Errorf("a caller's token appears in the logs")
		}
	}
}

// TestR58Oauth401ServerTokenRefusalStaysTheResult: under --http-allow-server-token, the API's
// 401 to the server's own credentials (a request without a token) is the operator's to fix: the
// caller gets the tool's isError result with 200, no challenge. A caller's own token refused
// there is the caller's: 401 invalid_token. Under --sandbox, whose emulator takes only its own
// token, a refused bearer token stays the result that says what works there.
func TestR58Oauth401ServerTokenRefusalStaysTheResult(t *testing.T) {
	h, _ := r58Oauth401Serve(t, mcpserver.HTTPOptions{ServerCredentials: true, AuthorizationServers: []string{"https://spice.ai"}})
	status, challenge, body := r58Oauth401Post(t, h, "")
	if status != http.StatusOK || challenge != "" || !strings.Contains(body, `"isError":true`) {
		t.Errorf("the server's own credential refused: %d %q %.300s, want 200 with the tool's result", status, challenge, body)
	}
	status, challenge, body = r58Oauth401Post(t, h, r58Oauth401Unknown)
	if status != http.StatusUnauthorized || !strings.HasPrefix(challenge, `Bearer error="invalid_token", resource_metadata="`) {
		t.Errorf("the caller's own token refused, server credentials lent: %d %q %.300s, want 401 invalid_token", status, challenge, body)
	}

	box, _ := r58Oauth401Serve(t, mcpserver.HTTPOptions{Sandbox: true, ServerCredentials: true})
	status, challenge, body = r58Oauth401Post(t, box, r58Oauth401Unknown)
	if status != http.StatusOK || challenge != "" || !strings.Contains(body, `"isError":true`) {
		t.Errorf("--sandbox, a token its emulator refuses: %d %q %.300s, want 200 with the tool's result", status, challenge, body)
	}
}
