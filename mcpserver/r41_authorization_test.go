package mcpserver_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestR41UnusableAuthorizationIsRefusedNotServedAsTheServer: with --http-allow-server-token, a
// request that brings a token the server cannot read as one bearer token (another scheme, a tab
// after Bearer, no token, two headers) is refused with 400, not served with the server's own
// credentials as one without any header is; the answer never repeats the token.
func TestR41UnusableAuthorizationIsRefusedNotServedAsTheServer(t *testing.T) {
	emu := twoTenantEmulator(t)
	apiServer := httptest.NewServer(emu)
	t.Cleanup(apiServer.Close)
	base, err := client.New(client.Config{BaseURL: apiServer.URL, Tokens: client.StaticToken(acmeToken)})
	if err != nil {
		t.Fatal(err)
	}
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: mcpserver.RequestClients(base, true)})
	h := listenAndServe(t, srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0", ServerCredentials: true})
	initialize := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}`
	for name, headers := range map[string][]string{
		"another scheme":     {"Token " + globexToken},
		"lower-case scheme":  {"token " + globexToken},
		"tab after Bearer":   {"Bearer\t" + globexToken},
		"Basic":              {"Basic Z2xvYmV4OnRlbmFudA=="},
		"Bearer, no token":   {"Bearer "},
		"scheme alone":       {"Bearer"},
		"blank":              {""},
		"two bearer headers": {"Bearer " + globexToken, "Bearer " + acmeToken},
	} {
		req, _ := http.NewRequest(http.MethodPost, h.URL(), strings.NewReader(initialize))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		for _, v := range headers {
			req.Header.Add("Authorization", v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(resp.Header.Get("WWW-Authenticate"), `error="invalid_request"`) {
			t.Errorf("%s: %d %q %.200s, want 400 with an invalid_request challenge", name, resp.StatusCode, resp.Header.Get("WWW-Authenticate"), body)
		}
		if !strings.Contains(string(body), `"Authorization: Bearer <token>"`) {
			t.Errorf("%s: the refusal does not say how to send the token: %s", name, body)
		}
		if strings.Contains(string(body), globexToken) || strings.Contains(string(body), acmeToken) || strings.Contains(string(body), "Z2xvYmV4") {
			t.Errorf("%s: the refusal repeats the credential: %s", name, body)
		}
	}
	// What stays: no header acts with the server's credentials; one bearer token with its own.
	if out, _ := callText(t, connect(t, h.URL(), nil), "list_apps", nil); !strings.Contains(out, "acme-app") {
		t.Errorf("no Authorization header: %.300s", out)
	}
	if out, _ := callText(t, connect(t, h.URL(), map[string]string{"Authorization": "bearer " + globexToken}), "list_apps", nil); !strings.Contains(out, "globex-app") || strings.Contains(out, "acme-app") {
		t.Errorf("a bearer token: %.300s", out)
	}
}
