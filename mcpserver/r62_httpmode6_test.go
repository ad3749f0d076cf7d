package mcpserver_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r62Httpmode6Call is a 2025-era tools/call of list_apps (no session: refused before it matters).
const r62Httpmode6Call = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_apps","arguments":{}}}`

// TestR62Httpmode6SharedSecretStandInIsNamed: README's example sends
// "X-MCP-Auth-Token: $SPICE_MCP_HTTP_AUTH_TOKEN"; a client configuration that expands nothing
// sent the variable's name as written and got the plain "present the server's auth token",
// where the same mistake in a bearer token is named. Now a variable's name or an example's
// placeholder in the header is named as such (the value not repeated); the answer depends only
// on what was sent, never on what the configured secret looks like; the secret itself is served.
func TestR62Httpmode6SharedSecretStandInIsNamed(t *testing.T) {
	answers := map[string]string{}
	for _, secret := range []string{"r62-shared-secret-0123456789", "<r62-shared-secret-in-brackets>"} {
		h, _ := r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{}, mcpserver.HTTPOptions{AuthToken: secret})
		for _, sent := range []string{"$SPICE_MCP_HTTP_AUTH_TOKEN", "${SPICE_MCP_HTTP_AUTH_TOKEN}", " ${env:R62_SECRET} ", "%R62_SECRET%",
			"<token>", "<your auth token>", "YOUR_TOKEN-REPLACE-ME", "r62-wrong-but-real-looking", "$not a variable"} {
			resp, body := sendMCP(t, http.MethodPost, h.URL(), "", strings.NewReader(r62Httpmode6Call), map[string]string{mcpserver.AuthTokenHeader: sent})
			want := present.SharedSecretRequired(mcpserver.AuthTokenHeader)
			switch {
			case strings.Contains(sent, "R62_SECRET") || strings.Contains(sent, "SPICE_"):
				want = present.SharedSecretStandIn(mcpserver.AuthTokenHeader, true)
			case strings.Contains(sent, "<") || strings.Contains(sent, "REPLACE"):
				want = present.SharedSecretStandIn(mcpserver.AuthTokenHeader, false)
			}
			if resp.StatusCode != http.StatusUnauthorized || strings.TrimSpace(body) != want || strings.Contains(body, strings.TrimSpace(sent)) {
				t.Errorf("secret %q, %s: %q: %d %q; want 401 %q", secret, mcpserver.AuthTokenHeader, sent, resp.StatusCode, body, want)
			}
			if prev, seen := answers[sent]; seen && prev != body {
				t.Errorf("%q: the answer depends on the configured secret: %q, then %q", sent, prev, body)
			}
			answers[sent] = body
		}
		if resp, body := sendMCP(t, http.MethodPost, h.URL(), "", strings.NewReader(r62Httpmode6Call), map[string]string{mcpserver.AuthTokenHeader: secret}); resp.StatusCode == http.StatusUnauthorized {
			t.Errorf("secret %q sent: %d %q, want it served", secret, resp.StatusCode, body)
		}
	}
}
