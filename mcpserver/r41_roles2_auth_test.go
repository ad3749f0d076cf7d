package mcpserver_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestR41ReviewrolesDefaultModeAuthorization: without server credentials (a bearer token
// required), README (HTTP tenancy): an Authorization header that is not one bearer token gets
// the 401 with the OAuth challenge naming the resource metadata, except two headers, which get
// 400 invalid_request (RFC 6750 §3.1: a malformed request). Legit forms (two spaces, lower-case
// scheme) are served, and the 400's text sets no spacing rule they would break.
func TestR41ReviewrolesDefaultModeAuthorization(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{RequireBearer: true}, nil)
	do := func(values ...string) (int, string, string) {
		req, _ := http.NewRequest(http.MethodPost, h.URL(), strings.NewReader(initializeJSON))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		for _, v := range values {
			req.Header.Add("Authorization", v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("WWW-Authenticate"), string(body)
	}
	for name, v := range map[string][]string{"two spaces": {"Bearer  sandbox"}, "lower-case": {"bearer sandbox"}, "trailing spaces": {"Bearer sandbox   "}} {
		if code, _, body := do(v...); code != http.StatusOK {
			t.Errorf("%s: %d %.200s", name, code, body)
		}
	}
	for name, v := range map[string][]string{"Basic": {"Basic eDp5"}, "none": nil, "Bearer alone": {"Bearer"}} {
		code, challenge, body := do(v...)
		if code != http.StatusUnauthorized || !strings.Contains(challenge, "resource_metadata=") {
			t.Errorf("%s: %d %q %.200s, want README's 401 with the OAuth challenge", name, code, challenge, body)
		}
	}
	code, challenge, body := do("Bearer sandbox", "Basic eDp5")
	if code != http.StatusBadRequest || challenge != `Bearer error="invalid_request"` {
		t.Errorf("two headers: %d %q %.200s, want README's 400 invalid_request", code, challenge, body)
	}
	if strings.Contains(body, "one space") || !strings.Contains(body, "Authorization: Bearer <token>") {
		t.Errorf("two headers: the 400 sets a spacing rule the server does not hold (two spaces are served), or names no form:\n%s", body)
	}
}
