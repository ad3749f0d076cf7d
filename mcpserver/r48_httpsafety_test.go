package mcpserver_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// r48HttpsafetyInitialize posts an initialize with acme's bearer token, after mutate, and
// returns the status, the headers and the body.
func r48HttpsafetyInitialize(t *testing.T, endpoint string, mutate func(*http.Request)) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(initializeJSON))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("Authorization", "Bearer "+acmeToken)
	mutate(req)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

// TestR48HttpsafetySharedSecretMustBeOneHeader: the shared secret comes in exactly one
// X-MCP-Auth-Token header, as the bearer token comes in one Authorization header. Two headers
// were read by their first alone: the secret and then anything (or a second copy) passed, while
// the same two values as one comma-joined header (which HTTP says is the same request) were
// refused. Now two headers are refused with 400 naming the header and the rule, whichever comes
// first, and neither value is shown; one header with the secret still passes.
func TestR48HttpsafetySharedSecretMustBeOneHeader(t *testing.T) {
	h, logs := tenantServer(t, sharedAuth)
	other := "another-value-of-the-same-length!!"
	for name, values := range map[string][]string{
		"the secret, then another value": {sharedAuth, other},
		"another value, then the secret": {other, sharedAuth},
		"the secret twice":               {sharedAuth, sharedAuth},
	} {
		status, _, body := r48HttpsafetyInitialize(t, h.URL(), func(r *http.Request) { r.Header[mcpserver.AuthTokenHeader] = values })
		if status != http.StatusBadRequest || body != present.SharedSecretHeaderRepeated(mcpserver.AuthTokenHeader, len(values))+"\n" {
			t.Errorf("%s: %d %q", name, status, body)
		}
		if strings.Contains(body, sharedAuth) || strings.Contains(body, other) {
			t.Errorf("%s: the refusal shows a value: %s", name, body)
		}
	}
	if status, _, body := r48HttpsafetyInitialize(t, h.URL(), func(r *http.Request) { r.Header.Set(mcpserver.AuthTokenHeader, sharedAuth) }); status != http.StatusOK {
		t.Errorf("one header with the secret: %d %s", status, body)
	}
	if strings.Contains(logs.String(), sharedAuth) || strings.Contains(logs.String(), other) {
		t.Errorf("a value reached the logs: %s", logs.String())
	}
}
