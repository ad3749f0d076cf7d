package humanweb_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
)

// TestPublicOriginWithDefaultPort: behind a proxy that rewrites Host, the page's own POST
// (Origin as the browser sends it: no default port) is taken when --http-public-url writes the
// default port out (:443, :80) or the host in another case, as /mcp takes it; another port or
// scheme is still refused.
func TestPublicOriginWithDefaultPort(t *testing.T) {
	for _, c := range []struct {
		public, origin string
		ok             bool
	}{
		{"https://mcp.example.com:443/", "https://mcp.example.com", true},
		{"https://mcp.example.com", "https://mcp.example.com", true},
		{"https://MCP.Example.com:443", "https://mcp.example.com", true},
		{"http://mcp.example.com:80/base", "http://mcp.example.com", true},
		{"https://[2001:db8::1]:443", "https://[2001:db8::1]", true},
		{"https://mcp.example.com:443", "https://mcp.example.com:8443", false},
		{"https://mcp.example.com:443", "http://mcp.example.com", false},
		{"http://mcp.example.com:443", "http://mcp.example.com", false},
		{"https://mcp.example.com:443", "https://mcp.example.com.evil.example", false},
	} {
		s := humanweb.New(humanweb.Options{Mounted: true, PublicURL: c.public})
		ts := httptest.NewServer(s.Handler()) // the proxy: Host is 127.0.0.1:port
		_, link, err := s.Approval(context.Background(), humanweb.Approval{Key: "k", Tool: "pause_app", Action: "Pause app"})
		if err != nil {
			t.Fatal(err)
		}
		local := ts.URL + humanweb.Prefix + link.URL[strings.LastIndex(link.URL, "/")+1:]
		form := url.Values{"token": {tokenOf(t, local)}, "decision": {"approve"}}
		r := post(t, local, form, map[string]string{"Origin": c.origin, "Sec-Fetch-Site": "same-origin"})
		if got := r.status == http.StatusOK; got != c.ok {
			t.Errorf("public URL %s, Origin %s: %d, want taken %v", c.public, c.origin, r.status, c.ok)
		}
		if c.ok && decision(t, s, "k") != humanweb.Approved {
			t.Errorf("public URL %s, Origin %s: not approved", c.public, c.origin)
		}
		ts.Close()
		_ = s.Close()
	}
}
