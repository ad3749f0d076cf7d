package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR35UntrustedAPICertificate: an API (SPICE_API_URL) whose certificate is not trusted
// gets the certificate advice — trying again will not help; SPICE_API_URL, the system trust
// store or SSL_CERT_FILE, a proxy's CA; then restart — not "Check the network and that HOST is
// reachable", which contradicted the error's own words. Nothing reached the API.
func TestR35UntrustedAPICertificate(t *testing.T) {
	srv, handled := r34UntrustedEndpoint(t)
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: func(*testing.T, string) string { return srv.URL }})
	for _, call := range []struct {
		tool string
		args map[string]any
	}{{"list_apps", nil}, {"get_app", map[string]any{"app": "id:1"}}, {"create_app", map[string]any{"name": "new-app", "region": "us-east-1"}}} {
		out := h.fail(t, call.tool, call.args)
		t.Logf("%s:\n%s", call.tool, out)
		mustContain(t, call.tool, out, "certificate was not trusted", "Trying again will not help",
			"system trust store", "SSL_CERT_FILE", "proxy's CA", "then restart the MCP server")
		if strings.Contains(out, "is reachable") || strings.Contains(out, "Check the network") {
			t.Errorf("%s: network advice for a certificate that is not trusted:\n%s", call.tool, out)
		}
	}
	if n := handled.Load(); n != 0 {
		t.Errorf("%d requests reached the untrusted server's handler", n)
	}
}
