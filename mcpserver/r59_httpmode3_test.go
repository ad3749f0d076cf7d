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
	cc := client.NewClientCredentials("r59-httpmode3-client", r59Httpmode3Secret, tokenURL)
	cc.Retry = client.RetryPolicy{MaxAttempts: 1, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}
	return r59Httpmode3ServeWith(t, opts, cc, "")
}

// r59Httpmode3ServeWith is r59Httpmode3Serve with the server's own credentials tokens, and org
// as SPICE_ORG.
func r59Httpmode3ServeWith(t *testing.T, opts mcpserver.HTTPOptions, tokens client.TokenSource, org string) *mcpserver.HTTPServer {
	t.Helper()
	emu := sandbox.New(sandbox.Config{
		Orgs:   []sandbox.Org{{ID: 1, Slug: "acme", Owner: "alice"}},
		Tokens: []sandbox.Token{{Value: r58Oauth401Good, Org: "acme", Scopes: []string{"*"}}},
	})
	api := httptest.NewServer(emu)
	t.Cleanup(api.Close)
	logger, _ := logging.New(&testutil.SyncBuffer{}, slog.LevelDebug, "json")
	base, err := client.New(client.Config{BaseURL: api.URL, Logger: logger, Tokens: tokens, Org: org,
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
		strings.Contains(strings.ToLower(body), "check spice_client") || strings.Contains(body, "restart the MCP server") {
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
	mustContain(t, "stdio, the client credentials refused", sh.fail(t, "list_apps", nil), "Ask the user to check SPICE_CLIENT_ID and SPICE_CLIENT_SECRET")
}

// TestR59Httpmode3WhoamiNamesNoServerSetting: whoami over HTTP told every caller the server's
// settings: "Credentials: personal access token (SPICE_API_TOKEN)" to a caller acting with its
// own bearer token or with the server's lent one, "(SPICE_ORG)" for the organization in force and
// "(set by SPICE_API_URL; ...)" for the API, none of which a caller sets. A caller with its own
// token reads that its bearer token is in use; one without reads the server's own credentials;
// the organization and the API are said to be the server's. stdio keeps naming them.
func TestR59Httpmode3WhoamiNamesNoServerSetting(t *testing.T) {
	h := r59Httpmode3ServeWith(t, mcpserver.HTTPOptions{ServerCredentials: true}, client.StaticToken(r58Oauth401Good), "acme")
	for _, c := range []struct{ token, credentials string }{
		{r58Oauth401Good, "- Credentials: your bearer token"},
		{"", "- Credentials: this server's own personal access token"},
	} {
		status, _, body := r58Oauth401PostTool(t, h, c.token, "whoami")
		if status != http.StatusOK || strings.Contains(body, `"isError":true`) || !strings.Contains(body, c.credentials) ||
			!strings.Contains(body, "acme (this server's default organization)") || !strings.Contains(body, "this server's API address") ||
			strings.Contains(body, "SPICE_") {
			t.Errorf("whoami, token %q: %d %.1500s, want %q, the server's organization and API, and no SPICE_ setting", c.token, status, body, c.credentials)
		}
	}
	// The server's default organization not the caller's: another org to pass, not SPICE_ORG to change.
	other := r59Httpmode3ServeWith(t, mcpserver.HTTPOptions{ServerCredentials: true}, client.StaticToken(r58Oauth401Good), "r59-elsewhere")
	if status, _, body := r58Oauth401PostTool(t, other, r58Oauth401Good, "whoami"); status != http.StatusOK ||
		!strings.Contains(body, "not a member of organization r59-elsewhere") || !strings.Contains(body, "pass another org") || strings.Contains(body, "SPICE_") {
		t.Errorf("whoami, the server's default organization not the caller's: %d %.1500s, want 'pass another org' and no setting", status, body)
	}
	// The server's OAuth client credentials lent, refused by the token endpoint: no setting either.
	oauth := r59Httpmode3Serve(t, mcpserver.HTTPOptions{ServerCredentials: true}, r59Httpmode3RefusingEndpoint(t))
	if status, _, body := r58Oauth401PostTool(t, oauth, "", "whoami"); status != http.StatusOK ||
		!strings.Contains(body, "- Credentials: this server's own OAuth client credentials") || strings.Contains(body, "SPICE_") {
		t.Errorf("whoami, the server's OAuth client lent and refused: %d %.1500s, want its credentials named without a setting", status, body)
	}
	// stdio: the user runs the server and sets these.
	// (A token the demo world does not know: whoami fails, and still reports them all.)
	sh := newHarness(t, harnessOptions{token: "r59-httpmode3-unknown", cfg: sandbox.Config{Demo: true}})
	mustContain(t, "stdio whoami", sh.fail(t, "whoami", nil), "- Credentials: personal access token (SPICE_API_TOKEN)",
		"(set by SPICE_API_URL;", "or ask the user to set SPICE_ORG, to choose one")
}
