package mcpserver_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestR58HttpmodeBearerTokenIsOneToken: a bearer token is one token68 (RFC 6750 §2.1, RFC 9110
// §11.2): an Authorization header whose "token" holds a space, a tab or a comma ("Bearer a b",
// two credentials a proxy joined into one line: "Bearer a, Bearer b") is not one bearer token,
// and is refused as the other unusable headers are (400 invalid_request where the server would
// lend its credentials, the 401 challenge where a bearer token is required), not served with the
// whole line passed on to the API as the caller's token. A token with spaces around it, or the
// scheme in another case, is still one token.
func TestR58HttpmodeBearerTokenIsOneToken(t *testing.T) {
	lending := serve(t, mcpserver.HTTPOptions{ServerCredentials: true}, nil)
	requiring := serve(t, mcpserver.HTTPOptions{RequireBearer: true}, nil)
	post := func(h *mcpserver.HTTPServer, authorization string) (int, http.Header, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, h.URL(), strings.NewReader(initializeJSON))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		req.Header.Set("Authorization", authorization)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header, string(raw)
	}
	for name, authorization := range map[string]string{
		"a space inside":             "Bearer sandbox r58secretpart",
		"two credentials joined":     "Bearer sandbox, Bearer r58secretpart",
		"a comma after the token":    "Bearer sandbox,r58secretpart",
		"a tab inside":               "Bearer sandbox\tr58secretpart",
		"an auth-param after it":     "Bearer sandbox realm=r58secretpart",
		"spaces and a second scheme": "Bearer  sandbox  Basic r58secretpart",
	} {
		status, header, body := post(lending, authorization)
		if status != http.StatusBadRequest || !strings.Contains(header.Get("WWW-Authenticate"), `error="invalid_request"`) {
			t.Errorf("%s, server credentials lent: %d %q %.200s, want 400 with an invalid_request challenge", name, status, header.Get("WWW-Authenticate"), body)
		}
		if strings.Contains(body, "r58secretpart") || strings.Contains(body, "sandbox,") {
			t.Errorf("%s: the refusal repeats the credential: %s", name, body)
		}
		status, header, body = post(requiring, authorization)
		if status != http.StatusUnauthorized || !strings.Contains(header.Get("WWW-Authenticate"), "resource_metadata=") {
			t.Errorf("%s, bearer token required: %d %q %.200s, want 401 with the resource_metadata challenge", name, status, header.Get("WWW-Authenticate"), body)
		}
		if strings.Contains(body, "r58secretpart") {
			t.Errorf("%s: the challenge repeats the credential: %s", name, body)
		}
	}
	// What stays: one token, whatever the spaces around it or the scheme's case.
	for _, header := range []string{"Bearer sandbox", "bearer sandbox", "BEARER   sandbox   ", "Bearer sandbox\t"} {
		for _, h := range []*mcpserver.HTTPServer{lending, requiring} {
			if status, _, body := post(h, header); status != http.StatusOK {
				t.Errorf("%q: %d %.200s, want the session opened", header, status, body)
			}
		}
	}
}
