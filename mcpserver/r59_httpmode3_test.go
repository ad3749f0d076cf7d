package mcpserver_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

const r59Httpmode3Secret = "r59-httpmode3-client-secret"

// r59Httpmode3RefusingEndpoint is an OAuth token endpoint that refuses every client (401 invalid_client).
func r59Httpmode3RefusingEndpoint(t *testing.T) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"error":"invalid_client","error_description":"Client authentication failed"}`)
	}))
	t.Cleanup(ts.Close)
	return ts.URL + "/api/oauth/token"
}

// r59Httpmode3Serve serves MCP over HTTP (opts) in front of an emulator that knows
// r58Oauth401Good, the server acting with OAuth client credentials that tokenURL refuses.
func r59Httpmode3Serve(t *testing.T, opts mcpserver.HTTPOptions, tokenURL string) *mcpserver.HTTPServer {
	t.Helper()
	emu := sandbox.New(sandbox.Config{
		Orgs:   []sandbox.Org{{ID: 1, Slug: "acme", Owner: "alice"}},
		Tokens: []sandbox.Token{{Value: r58Oauth401Good, Org: "acme", Scopes: []string{"*"}}},
	})
	api := httptest.NewServer(emu)
	t.Cleanup(api.Close)
	logger, _ := logging.New(&testutil.SyncBuffer{}, slog.LevelDebug, "json")
	cc := client.NewClientCredentials("r59-httpmode3-client", r59Httpmode3Secret, tokenURL)
	cc.Retry = client.RetryPolicy{MaxAttempts: 1, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}
	base, err := client.New(client.Config{BaseURL: api.URL, Logger: logger, Tokens: cc,
		Retry: client.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: mcpserver.RequestClients(base, opts.ServerCredentials), Logger: logger})
	opts.Addr, opts.Logger = "127.0.0.1:0", logger
	return listenAndServe(t, srv, opts)
}

// TestR59Httpmode3LentClientCredentialsRefusedNamesTheOperator: under --http-allow-server-token
// with SPICE_CLIENT_ID/SPICE_CLIENT_SECRET, a caller without a token whose server's client
// credentials the token endpoint refuses read "check SPICE_CLIENT_ID and SPICE_CLIENT_SECRET
// ..., then restart the MCP server": settings of a server it does not run. It reads what a
// refused lent token says: the operator must fix them, or the caller send its own token. The
// token source is shared: the refusal answered again (reused) says the same, a caller with its
// own token is served, and stdio keeps naming the settings.
func TestR59Httpmode3LentClientCredentialsRefusedNamesTheOperator(t *testing.T) {
	tokenURL := r59Httpmode3RefusingEndpoint(t)
	h := r59Httpmode3Serve(t, mcpserver.HTTPOptions{ServerCredentials: true}, tokenURL)
	for i, tool := range []string{"list_apps", "list_apps"} { // the second: the failure reused
		status, challenge, body := r58Oauth401PostTool(t, h, "", tool)
		if status != http.StatusOK || challenge != "" || !strings.Contains(body, "refused this server's own client credentials") ||
			!strings.Contains(body, "operator") || !strings.Contains(body, "your own") ||
			strings.Contains(body, "SPICE_CLIENT") || strings.Contains(body, "restart the MCP server") || strings.Contains(body, r59Httpmode3Secret) {
			t.Errorf("%s (call %d), the server's client credentials refused: %d %q %.1200s, want 200 naming the operator and no setting", tool, i+1, status, challenge, body)
		}
	}
	// whoami's report of the token failure (its credentials line: TestR59Httpmode3WhoamiNamesNoServerSetting).
	if status, _, body := r58Oauth401PostTool(t, h, "", "whoami"); status != http.StatusOK || !strings.Contains(body, "operator") ||
		strings.Contains(body, "check SPICE_CLIENT") || strings.Contains(body, "restart the MCP server") {
		t.Errorf("whoami, the server's client credentials refused: %d %.1200s, want the operator's remedy", status, body)
	}
	// A caller's own token does not use the shared source: served.
	if status, _, body := r58Oauth401PostTool(t, h, r58Oauth401Good, "list_apps"); status != http.StatusOK || strings.Contains(body, `"isError":true`) {
		t.Errorf("the caller's own token: %d %.400s, want its apps", status, body)
	}
	// stdio: the user runs the server; its settings are theirs to fix.
	sh := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		tokens: func(string) client.TokenSource {
			cc := client.NewClientCredentials("r59-httpmode3-client", r59Httpmode3Secret, tokenURL)
			cc.Retry = client.RetryPolicy{MaxAttempts: 1}
			return cc
		}})
	mustContain(t, "stdio, the client credentials refused", sh.fail(t, "list_apps", nil), "check SPICE_CLIENT_ID and SPICE_CLIENT_SECRET")
}
