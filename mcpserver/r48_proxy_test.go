package mcpserver_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/server"

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
// case, is ignored, and so is Forwarded; --http-public-url wins over the headers.
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
		// RFC 7239's header is never read: a proxy set up for X-Forwarded-* passes it on as sent.
		{[][2]string{{"Forwarded", "host=evil.example;proto=https"}}, base + "/mcp"},
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

// r48ProxyLookup resolves names from a fixed table, without the network or /etc/hosts.
func r48ProxyLookup(table map[string][]string) func(context.Context, string) ([]string, error) {
	return func(_ context.Context, host string) ([]string, error) {
		if addrs, ok := table[host]; ok {
			return addrs, nil
		}
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
}

// TestR48ProxyLocalhostMustResolveToLoopback: --http localhost:PORT is loopback only when
// localhost resolves to loopback addresses only; resolving elsewhere (a tampered /etc/hosts or
// DNS answer) or not at all, it is refused naming the flag, the address and what it resolved
// to, and nothing is bound.
func TestR48ProxyLocalhostMustResolveToLoopback(t *testing.T) {
	lookup := r48ProxyLookup(map[string][]string{"localhost": {"127.0.0.1", "192.0.2.7"}})
	for _, opts := range []mcpserver.HTTPOptions{
		{Addr: "localhost:0", LookupHost: lookup},
		{Addr: "localhost:0", LookupHost: lookup, ServerCredentials: true},
		{Addr: "LOCALHOST:0", LookupHost: r48ProxyLookup(nil)},
	} {
		h, err := mcpserver.ListenHTTP(server.NewMCPServer("x", "0"), opts)
		if err == nil {
			t.Errorf("%+v: served at %s", opts, h.URL())
			continue
		}
		if msg := err.Error(); !strings.HasPrefix(msg, "--http "+opts.Addr+": the name ") || !strings.Contains(msg, "Give the loopback address itself, --http 127.0.0.1:0 ") ||
			(opts.Addr == "localhost:0" && !strings.Contains(msg, "localhost resolves to 127.0.0.1, 192.0.2.7, not only to loopback")) ||
			strings.Contains(msg, "%!") {
			t.Errorf("%+v: %s", opts, msg)
		}
	}
}

// TestR48ProxyNameIsLoopbackByItsAddresses: a name that resolves to loopback addresses only is
// loopback (the server's own credentials need no shared secret there) and the address it
// resolved to is what gets bound; one resolving beyond loopback, even in part, is not.
func TestR48ProxyNameIsLoopbackByItsAddresses(t *testing.T) {
	lookup := r48ProxyLookup(map[string][]string{"mcp-box": {"::1", "127.0.0.1"}, "lan-box": {"127.0.0.1", "192.0.2.7"}})
	h, err := mcpserver.ListenHTTP(server.NewMCPServer("x", "0"), mcpserver.HTTPOptions{Addr: "mcp-box:0", LookupHost: lookup, ServerCredentials: true})
	if err != nil {
		t.Fatalf("a name resolving to loopback only: %v", err)
	}
	if !strings.HasPrefix(h.URL(), "http://127.0.0.1:") {
		t.Errorf("bound %s, want the IPv4 address mcp-box resolved to", h.URL())
	}
	if err := mcpserver.CheckHTTP(mcpserver.HTTPOptions{Addr: "lan-box:8080", LookupHost: lookup, ServerCredentials: true}); err == nil ||
		!strings.Contains(err.Error(), "beyond loopback") {
		t.Errorf("a name resolving beyond loopback too: %v", err)
	}
}
