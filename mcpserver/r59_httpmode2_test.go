package mcpserver_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// r59Httpmode2Post sends one 2026-07-28 request (no session) of method with params (the JSON
// members inside params, without _meta) and the token ("" sends none); it returns the status,
// WWW-Authenticate and body.
func r59Httpmode2Post(t *testing.T, h *mcpserver.HTTPServer, token, method, name, params string) (int, string, string) {
	t.Helper()
	body := `{"jsonrpc":"2.0","id":1,"method":"` + method + `","params":{` + params + `,` + r39ModernMeta + `}}`
	req, _ := http.NewRequest(http.MethodPost, h.URL(), strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("MCP-Protocol-Version", "2026-07-28")
	req.Header.Set("Mcp-Method", method)
	if name != "" {
		req.Header.Set("Mcp-Name", name)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("WWW-Authenticate"), string(raw)
}

// r59Httpmode2Surfaces are the requests besides tools/call that reach the API with the
// caller's token: a resource read (a view and a template's), and an app name's completion (of
// a prompt's argument and of a template's).
var r59Httpmode2Surfaces = []struct{ method, name, params string }{
	{"resources/read", "spice://apps", `"uri":"spice://apps"`},
	{"resources/read", "spice://apps/r59-app", `"uri":"spice://apps/r59-app"`},
	{"resources/read", "spice://orgs/acme/apps", `"uri":"spice://orgs/acme/apps"`},
	{"completion/complete", "", `"ref":{"type":"ref/prompt","name":"rotate_keys"},"argument":{"name":"app","value":""}`},
	{"completion/complete", "", `"ref":{"type":"ref/resource","uri":"spice://apps/{app}"},"argument":{"name":"app","value":"r"}`},
}

// TestR59Httpmode2ResourcesAndCompletionsChallenge: a resources/read or a completion/complete
// whose bearer token the API refuses (expired, never issued) answers HTTP 401 with the
// invalid_token challenge, as a tool call does; it answered 200 with a JSON-RPC error (-32603
// "internal error" for the read), which no OAuth client takes for a token to refresh. A valid
// token is served (200); a token without the scope (403) and the server's own credential refused
// keep the JSON-RPC answer. prompts/get does not reach the API: 200 with the prompt whatever the
// token.
func TestR59Httpmode2ResourcesAndCompletionsChallenge(t *testing.T) {
	h, logs := r58Oauth401Serve(t, mcpserver.HTTPOptions{RequireBearer: true})
	metadata := strings.TrimSuffix(h.URL(), "/mcp") + "/.well-known/oauth-protected-resource/mcp"
	want := `Bearer error="invalid_token", resource_metadata="` + metadata + `"`
	for _, s := range r59Httpmode2Surfaces {
		for _, token := range []string{r58Oauth401Expired, r58Oauth401Unknown} {
			status, challenge, body := r59Httpmode2Post(t, h, token, s.method, s.name, s.params)
			if status != http.StatusUnauthorized || challenge != want || !strings.Contains(body, "refused the bearer token") || strings.Contains(body, token) {
				t.Errorf("%s %s, %s: %d %q %.300s, want 401 with %q", s.method, s.name+s.params, token, status, challenge, body, want)
			}
		}
		if status, challenge, body := r59Httpmode2Post(t, h, r58Oauth401Good, s.method, s.name, s.params); status == http.StatusUnauthorized || challenge != "" {
			t.Errorf("%s %s, a valid token: %d %q %.300s, want its answer (no app r59-app: not found)", s.method, s.name+s.params, status, challenge, body)
		}
		// 403: the token is valid, without the scope: the JSON-RPC answer.
		if status, challenge, body := r59Httpmode2Post(t, h, r58Oauth401Unscoped, s.method, s.name, s.params); status == http.StatusUnauthorized || challenge != "" {
			t.Errorf("%s %s, a token without scopes: %d %q %.300s, want its JSON-RPC answer", s.method, s.name+s.params, status, challenge, body)
		}
	}
	// prompts/get reads no API: the prompt, whatever the token.
	status, challenge, body := r59Httpmode2Post(t, h, r58Oauth401Expired, "prompts/get", "rotate_keys", `"name":"rotate_keys","arguments":{"app":"r59-app"}`)
	if status != http.StatusOK || challenge != "" || !strings.Contains(body, `"messages"`) {
		t.Errorf("prompts/get with an expired token: %d %q %.300s, want 200 with the prompt", status, challenge, body)
	}
	for _, token := range []string{r58Oauth401Expired, r58Oauth401Unknown, r58Oauth401Good, r58Oauth401Unscoped} {
		if strings.Contains(logs.String(), token) {
			t.Errorf("a caller's token appears in the logs")
		}
	}

	// The server's own credential refused (a request without a token): the operator's, not
	// the caller's: the JSON-RPC answer, no challenge.
	lent, _ := r58Oauth401Serve(t, mcpserver.HTTPOptions{ServerCredentials: true, AuthorizationServers: []string{"https://spice.ai"}})
	for _, s := range r59Httpmode2Surfaces {
		if status, challenge, body := r59Httpmode2Post(t, lent, "", s.method, s.name, s.params); status != http.StatusOK || challenge != "" || !strings.Contains(body, `"error"`) {
			t.Errorf("%s %s, the server's credential refused: %d %q %.300s, want 200 with the JSON-RPC error", s.method, s.name+s.params, status, challenge, body)
		}
	}
}
