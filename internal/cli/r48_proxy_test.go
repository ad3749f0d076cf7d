package cli_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// r48ProxyResource asks the server's metadata document with X-Forwarded-Host: evil.example and
// X-Forwarded-Proto: https, and returns its resource.
func r48ProxyResource(t *testing.T, mcpURL string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, strings.TrimSuffix(mcpURL, "/mcp")+"/.well-known/oauth-protected-resource/mcp", nil)
	req.Header.Set("X-Forwarded-Host", "evil.example")
	req.Header.Set("X-Forwarded-Proto", "https")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var meta struct {
		Resource string `json:"resource"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&meta); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("metadata: %d %v", resp.StatusCode, err)
	}
	return meta.Resource
}

// TestR48ProxyTrustForwardedFlag: the forwarded headers name the OAuth resource only under
// --http-trust-forwarded; without it the server names the address the request reached.
func TestR48ProxyTrustForwardedFlag(t *testing.T) {
	s := startHTTP(t, nil)
	if got := r48ProxyResource(t, s.url); got != s.url {
		t.Errorf("untrusted: resource %q, want %q", got, s.url)
	}
	s.stop()
	s = startHTTP(t, nil, "--http-trust-forwarded")
	if got := r48ProxyResource(t, s.url); got != "https://evil.example/mcp" {
		t.Errorf("--http-trust-forwarded: resource %q", got)
	}
	s.stop()
}

// TestR48ProxyTrustForwardedRefusedWhereItDoesNothing: with --http-public-url (which names the
// resource) or --sandbox (which serves no metadata) the flag would do nothing, and over stdio
// too: each is refused at start-up.
func TestR48ProxyTrustForwardedRefusedWhereItDoesNothing(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--http", "127.0.0.1:0", "--http-trust-forwarded", "--http-public-url", "https://mcp.example.com/mcp"},
			"--http-trust-forwarded does nothing with --http-public-url"},
		{[]string{"--sandbox", "--http", "127.0.0.1:0", "--http-trust-forwarded"}, "--http-trust-forwarded does nothing with --sandbox"},
		{[]string{"--http-trust-forwarded"}, "--http-trust-forwarded applies only with --http"},
	} {
		got := run(t, nil, tc.args...)
		if got.code != 2 || !strings.Contains(got.stderr, tc.want) {
			t.Errorf("%v: exit %d, want 2 and %q:\n%s", tc.args, got.code, tc.want, got.stderr)
		}
	}
}
