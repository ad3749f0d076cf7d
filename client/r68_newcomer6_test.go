package client_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR68Newcomer6URLWithoutSchemeSaysSo: SPICE_API_URL (and SPICE_OAUTH_TOKEN_URL) written
// without http:// or https://, as a newcomer pointing the server at `sandbox-api` types it
// (localhost:8787, 127.0.0.1:8787), or naming no host, is refused with what is wrong. Before,
// each got "want http(s)://host[:port], a port from 1 to 65535", whose port clause sent one
// looking at a port that was fine. The URL is never echoed: it could carry credentials.
func TestR68Newcomer6URLWithoutSchemeSaysSo(t *testing.T) {
	for _, tc := range []struct{ url, why string }{
		{"localhost:8787", "it does not start with http:// or https://"},
		{"127.0.0.1:8787", "it does not start with http:// or https://"},
		{"api.spice.ai", "it does not start with http:// or https://"},
		{"ftp://api.spice.ai", "it does not start with http:// or https://"},
		{"user:pw-r68@api.spice.ai", "it does not start with http:// or https://"},
		{"https://", "it names no host"},
		{"http:///v1", "it names no host"},
	} {
		_, err := client.New(client.Config{BaseURL: tc.url})
		if err == nil || !strings.Contains(err.Error(), "invalid API base URL (SPICE_API_URL)") || !strings.Contains(err.Error(), tc.why) {
			t.Errorf("SPICE_API_URL %q: %v; want it to say %q", tc.url, err, tc.why)
		} else if strings.Contains(err.Error(), "a port from 1 to 65535") || strings.Contains(err.Error(), tc.url) && tc.url != "https://" {
			t.Errorf("SPICE_API_URL %q: %q speaks of the port or echoes the URL", tc.url, err)
		}
		err = client.CheckTokenURL(tc.url)
		if err == nil || !strings.Contains(err.Error(), "invalid OAuth token URL (SPICE_OAUTH_TOKEN_URL)") || !strings.Contains(err.Error(), tc.why) {
			t.Errorf("SPICE_OAUTH_TOKEN_URL %q: %v; want it to say %q", tc.url, err, tc.why)
		}
	}
	// A port out of range is still refused for its port.
	if _, err := client.New(client.Config{BaseURL: "http://127.0.0.1:0"}); err == nil || !strings.Contains(err.Error(), "a port from 1 to 65535") {
		t.Errorf("port 0: %v", err)
	}
}
