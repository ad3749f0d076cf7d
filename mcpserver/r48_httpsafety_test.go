package mcpserver_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
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

// TestR48HttpsafetySimpleCrossSiteRequestsRunNothing: a page in a browser can send a "simple"
// request to any address without asking first (no CORS preflight): a POST whose Content-Type is
// text/plain, a form's or multipart, or none. The MCP endpoint admits loopback origins (a page
// served from another port of this machine) and requests without Origin, so only the content
// type keeps such a page from running tools: with the server's own credentials, a 2026-07-28
// tools/call (which needs no session) in each of those shapes is refused and reaches no API,
// and a JSON one from a foreign or hidden (null) Origin is refused too. The same call as JSON,
// with the protocol headers a page could add only after a preflight, from the loopback origin
// runs: the refusals are the request's shape.
func TestR48HttpsafetySimpleCrossSiteRequestsRunNothing(t *testing.T) {
	h, emu := serveEmulator(t, mcpserver.HTTPOptions{}, nil)
	call := `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"create_app","arguments":{"name":"r48-csrf-app"},` +
		`"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"page","version":"0"},` +
		`"io.modelcontextprotocol/clientCapabilities":{}}}}`
	post := func(contentType, origin string, headers map[string]string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, h.URL(), strings.NewReader(call))
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		// What a page's fetch may add without a preflight: Accept is CORS-safelisted.
		req.Header.Set("Accept", "application/json, text/event-stream")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	created := func() int { return emu.Calls(api.CreateApp.ID) + emu.Calls(api.CreateProject.ID) }
	for _, origin := range []string{"http://localhost:3000", "http://127.0.0.1:9", ""} {
		for _, contentType := range []string{"text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
			"multipart/form-data; boundary=x", ""} {
			if status, body := post(contentType, origin, nil); status < 400 || status >= 500 {
				t.Errorf("Origin %q, Content-Type %q: %d %.200s", origin, contentType, status, body)
			}
		}
	}
	for _, origin := range []string{"https://evil.example", "null"} {
		if status, _ := post("application/json", origin, nil); status != http.StatusForbidden {
			t.Errorf("JSON from Origin %q: %d, want 403", origin, status)
		}
	}
	if n := created(); n != 0 {
		t.Fatalf("a refused request created an app (%d calls)", n)
	}
	// A JSON call needs the protocol headers too, which a page cannot add without a preflight.
	modern := map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": "create_app"}
	if status, body := post("application/json", "http://localhost:3000", modern); status != http.StatusOK || created() != 1 {
		t.Errorf("the same call as JSON: %d, %d creates %.300s", status, created(), body)
	}
}

// TestR48HttpsafetySharedSecretNeverInURLOrLogs: the shared secret sent in the query string
// (under its header's name, or another credential-like one) is refused with 400 before the
// secret is checked, so a URL that would land in access logs never works, and neither that
// refusal, a wrong secret's 401 nor the logs (at debug) show the value sent.
func TestR48HttpsafetySharedSecretNeverInURLOrLogs(t *testing.T) {
	h, logs := tenantServer(t, sharedAuth)
	near := sharedAuth[:len(sharedAuth)-1] + "X" // wrong by its last character
	for _, query := range []string{"X-MCP-Auth-Token=" + sharedAuth, "x-mcp-auth-token=" + near, "mcp_auth=" + sharedAuth} {
		status, _, body := r48HttpsafetyInitialize(t, h.URL(), func(r *http.Request) {
			r.Header.Set(mcpserver.AuthTokenHeader, sharedAuth)
			r.URL.RawQuery = query
		})
		if status != http.StatusBadRequest || strings.Contains(body, sharedAuth) || strings.Contains(body, near) {
			t.Errorf("?%s: %d %s", query, status, body)
		}
	}
	status, header, body := r48HttpsafetyInitialize(t, h.URL(), func(r *http.Request) { r.Header.Set(mcpserver.AuthTokenHeader, near) })
	if status != http.StatusUnauthorized || strings.Contains(body, near) || strings.Contains(header.Get("WWW-Authenticate"), near) {
		t.Errorf("a wrong secret: %d %v %s", status, header, body)
	}
	if strings.Contains(logs.String(), sharedAuth) || strings.Contains(logs.String(), near) {
		t.Errorf("a secret reached the logs: %s", logs.String())
	}
}

// TestR48HttpsafetyNoCORSForTheEndpoint: README says --allowed-origins answers no CORS preflight
// (it serves a client behind a same-origin proxy, not a cross-origin page). A preflight to /mcp
// from an allowed origin, a loopback one or a foreign one gets no Access-Control-* header (the
// foreign one 403), and neither does an allowed origin's POST, so no cross-origin page reads an
// answer. The OAuth metadata, which a browser-based client must read, allows any origin but
// never with credentials.
func TestR48HttpsafetyNoCORSForTheEndpoint(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{RequireBearer: true, AllowedOrigins: []string{"https://console.example.com"}}, nil)
	base := strings.TrimSuffix(h.URL(), "/mcp")
	corsHeaders := func(header http.Header) []string {
		var out []string
		for name := range header {
			if strings.HasPrefix(name, "Access-Control-") {
				out = append(out, name+": "+header.Get(name))
			}
		}
		return out
	}
	for _, origin := range []string{"https://console.example.com", "http://localhost:3000", "https://evil.example"} {
		req, _ := http.NewRequest(http.MethodOptions, h.URL(), nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "authorization, content-type, mcp-protocol-version")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if cors := corsHeaders(resp.Header); len(cors) > 0 || origin == "https://evil.example" && resp.StatusCode != http.StatusForbidden {
			t.Errorf("preflight from %s: %d %v", origin, resp.StatusCode, cors)
		}
	}
	status, header, body := r48HttpsafetyInitialize(t, h.URL(), func(r *http.Request) { r.Header.Set("Origin", "https://console.example.com") })
	if cors := corsHeaders(header); status != http.StatusOK || len(cors) > 0 {
		t.Errorf("an allowed origin's POST: %d %v %.200s", status, cors, body)
	}
	req, _ := http.NewRequest(http.MethodGet, base+"/.well-known/oauth-protected-resource/mcp", nil)
	req.Header.Set("Origin", "https://evil.example")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Access-Control-Allow-Origin") != "*" || resp.Header.Get("Access-Control-Allow-Credentials") != "" {
		t.Errorf("the OAuth metadata: %d %v", resp.StatusCode, corsHeaders(resp.Header))
	}
}
