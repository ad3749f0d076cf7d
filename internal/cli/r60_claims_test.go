package cli_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR60ClaimsMetadataWithServerTokenNeverUnderSandbox: README says the protected-resource
// metadata "is served with --http-allow-server-token too (for callers that bring their own
// token), and never under --sandbox". Both paths a client tries (the endpoint's and the root)
// answer it with --http-allow-server-token, and neither does under --sandbox, whose emulator
// takes only its own token; nor does a discovery document the server never serves.
func TestR60ClaimsMetadataWithServerTokenNeverUnderSandbox(t *testing.T) {
	api := httptest.NewServer(sandbox.New(sandbox.Config{Demo: true}))
	defer api.Close()
	env := map[string]string{"SPICE_API_URL": api.URL, "SPICE_API_TOKEN": "sandbox", "GOGC": "100", "GOMEMLIMIT": "1GiB"}
	get := func(url string) (int, string) {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	for _, args := range [][]string{{"--http-allow-server-token"}, {"--sandbox"}} {
		s := startHTTP(t, env, args...)
		base := strings.TrimSuffix(s.url, "/mcp")
		for _, path := range []string{"/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"} {
			status, body := get(base + path)
			served := status == http.StatusOK && strings.Contains(body, `"authorization_servers":["https://spice.ai"]`)
			if want := args[0] != "--sandbox"; served != want {
				t.Errorf("%v %s: %d %.200s, want served %v", args, path, status, body, want)
			}
		}
		for _, path := range []string{"/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"} {
			if status, body := get(base + path); status != http.StatusNotFound {
				t.Errorf("%v %s: %d %.200s, want 404", args, path, status, body)
			}
		}
		s.stop()
	}
}
