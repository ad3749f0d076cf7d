package mcpserver_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// r48ProxyResource asks the metadata document with the given header lines (a name may repeat)
// and returns its resource.
func r48ProxyResource(t *testing.T, base string, lines [][2]string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/.well-known/oauth-protected-resource/mcp", nil)
	for _, l := range lines {
		req.Header.Add(l[0], l[1])
	}
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

// r48ProxyChallenge sends an initialize without a token and returns the 401's challenge and text.
func r48ProxyChallenge(t *testing.T, endpoint string, lines [][2]string) (string, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(initializeJSON))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for _, l := range lines {
		req.Header.Add(l[0], l[1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("no token: %d %s", resp.StatusCode, body)
	}
	return resp.Header.Get("WWW-Authenticate"), string(body)
}

// TestR48ProxyForwardedHeadersNeedTrust: X-Forwarded-Host and X-Forwarded-Proto, which any
// client can send, name the OAuth resource (metadata and 401 challenge) only when the operator
// says a proxy in front sets them (TrustForwarded); otherwise the URL is the one the request
// reached, so no client can make the server advertise another host (to a cache in front).
func TestR48ProxyForwardedHeadersNeedTrust(t *testing.T) {
	evil := [][2]string{{"X-Forwarded-Host", "evil.example"}, {"X-Forwarded-Proto", "https"}}
	for _, trust := range []bool{false, true} {
		h := serve(t, mcpserver.HTTPOptions{RequireBearer: true, TrustForwarded: trust}, nil)
		base := strings.TrimSuffix(h.URL(), "/mcp")
		want := base
		if trust {
			want = "https://evil.example"
		}
		if got := r48ProxyResource(t, base, evil); got != want+"/mcp" {
			t.Errorf("trust %v: metadata resource %q, want %q", trust, got, want+"/mcp")
		}
		challenge, text := r48ProxyChallenge(t, h.URL(), evil)
		metadata := want + "/.well-known/oauth-protected-resource/mcp"
		if !strings.HasPrefix(challenge, `Bearer resource_metadata="`+metadata+`"`) || !strings.Contains(text, metadata) {
			t.Errorf("trust %v: challenge %q, text %q, want %s", trust, challenge, text, metadata)
		}
	}
}

// TestR48ProxyTrustedForwardedTakesTheNearestValue: trusted, the last value of each header is
// read, the one the proxy in front wrote: a proxy that appends (Apache's mod_proxy) after what
// the client sent still wins, in one line or two. A scheme other than http or https, in any
// case, is ignored; --http-public-url wins over the headers.
func TestR48ProxyTrustedForwardedTakesTheNearestValue(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{RequireBearer: true, TrustForwarded: true}, nil)
	base := strings.TrimSuffix(h.URL(), "/mcp")
	for _, tc := range []struct {
		lines [][2]string
		want  string
	}{
		{[][2]string{{"X-Forwarded-Host", "evil.example, mcp.example.com"}, {"X-Forwarded-Proto", "http, HTTPS"}}, "https://mcp.example.com/mcp"},
		{[][2]string{{"X-Forwarded-Host", "evil.example"}, {"X-Forwarded-Host", "mcp.example.com:8443"}, {"X-Forwarded-Proto", "https"}, {"X-Forwarded-Proto", "http"}}, "http://mcp.example.com:8443/mcp"},
		{[][2]string{{"X-Forwarded-Host", "mcp.example.com"}, {"X-Forwarded-Proto", "ftp"}}, "http://mcp.example.com/mcp"},
		{[][2]string{{"X-Forwarded-Host", "bad host/x"}}, base + "/mcp"},
	} {
		if got := r48ProxyResource(t, base, tc.lines); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.lines, got, tc.want)
		}
	}
	const public = "https://mcp.example.org/mcp"
	h = serve(t, mcpserver.HTTPOptions{RequireBearer: true, TrustForwarded: true, PublicURL: public}, nil)
	if got := r48ProxyResource(t, strings.TrimSuffix(h.URL(), "/mcp"), [][2]string{{"X-Forwarded-Host", "evil.example"}}); got != public {
		t.Errorf("with a public URL: %q", got)
	}
}
