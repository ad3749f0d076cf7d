package mcpserver_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR61PlaceholderBearerTokenIsNamed: a client configured from README's example with its
// placeholder left in ("Authorization: Bearer <your token>") got the challenge's "this server
// acts with each caller's own Spice.ai token", as if it had sent none (its blank made the
// header no bearer token), and "Bearer <token>", "Bearer REPLACE-ME" or a variable's name a
// client did not expand ("Bearer ${SPICE_API_TOKEN}") went to the API and came back refused. Now
// each is 401 invalid_token saying which, before any API request, whatever the server's mode; a
// real token still goes through.
func TestR61PlaceholderBearerTokenIsNamed(t *testing.T) {
	var requests atomic.Int64
	for _, sandboxMode := range []bool{false, true} {
		emu := sandbox.New(sandbox.Config{Demo: true})
		api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			requests.Add(1)
			emu.ServeHTTP(w, r)
		}))
		t.Cleanup(api.Close)
		tokens := client.StaticToken(sandbox.DefaultToken)
		base, err := client.New(client.Config{BaseURL: api.URL, Tokens: tokens, Sandbox: sandboxMode})
		if err != nil {
			t.Fatal(err)
		}
		srv := mcpserver.New(mcpserver.Options{Version: "test", Client: mcpserver.RequestClients(base, sandboxMode), Sandbox: sandboxMode})
		for _, opts := range []mcpserver.HTTPOptions{{RequireBearer: !sandboxMode, Sandbox: sandboxMode}, {Sandbox: sandboxMode}} {
			opts.Addr = "127.0.0.1:0"
			h := listenAndServe(t, srv, opts)
			for _, token := range []string{"<your token>", "<token>", " <Spice.ai token> ", "REPLACE-ME", "my-replace_me-token",
				"$SPICE_API_TOKEN", "${SPICE_API_TOKEN}", "${env:SPICE_TOKEN}", "%SPICE_API_TOKEN%"} {
				want := present.BearerStandIn(strings.Contains(token, "SPICE_"), sandboxMode)
				before := requests.Load()
				status, challenge, body := r59Httpmode2Post(t, h, token, "tools/call", "list_apps", `"name":"list_apps","arguments":{}`)
				if status != http.StatusUnauthorized || !strings.Contains(challenge, `error="invalid_token"`) || strings.TrimSpace(body) != want {
					t.Errorf("sandbox %v, require bearer %v, Bearer %q: %d %q %.300q; want 401 invalid_token and %q", sandboxMode, opts.RequireBearer, token, status, challenge, body, want)
				}
				if n := requests.Load() - before; n != 0 {
					t.Errorf("sandbox %v, Bearer %q: %d API requests, want none", sandboxMode, token, n)
				}
			}
			if sandboxMode {
				continue // a real token never works there
			}
			if status, _, body := r59Httpmode2Post(t, h, sandbox.DefaultToken, "tools/call", "list_apps", `"name":"list_apps","arguments":{}`); status != http.StatusOK {
				t.Errorf("a real token: %d %.300q", status, body)
			}
		}
	}
}
