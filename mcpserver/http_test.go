package mcpserver_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// demoClient serves the demo emulator over real HTTP until the test ends and returns a client
// of it, as mcpserver.Options.Client takes it.
func demoClient(t *testing.T) func(context.Context) (*client.Client, error) {
	t.Helper()
	api := httptest.NewServer(sandbox.New(sandbox.Config{Demo: true}))
	t.Cleanup(api.Close)
	c, err := client.New(client.Config{BaseURL: api.URL, Tokens: client.StaticToken("sandbox")})
	if err != nil {
		t.Fatal(err)
	}
	return func(context.Context) (*client.Client, error) { return c, nil }
}

// serveHumanLinks serves an MCP server backed by a demo emulator (returned) over HTTP on a
// loopback port, with the human approval pages mounted and their links tied to their caller, as
// --http serves them; opts' other settings as given.
func serveHumanLinks(t *testing.T, opts mcpserver.HTTPOptions) (*mcpserver.HTTPServer, *sandbox.Emulator) {
	t.Helper()
	emu := sandbox.New(sandbox.Config{Demo: true})
	api := httptest.NewServer(emu)
	t.Cleanup(api.Close)
	c, err := client.New(client.Config{BaseURL: api.URL, Tokens: client.StaticToken("sandbox")})
	if err != nil {
		t.Fatal(err)
	}
	human := humanweb.New(humanweb.Options{Mounted: true})
	t.Cleanup(func() { _ = human.Close() })
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: func(context.Context) (*client.Client, error) { return c, nil }, Human: human})
	opts.Addr, opts.Human, opts.HumanLinks = "127.0.0.1:0", human.Handler(), human
	return listenAndServe(t, srv, opts), emu
}

// startHTTP serves an MCP server (backed by an emulator over real HTTP) on a loopback port.
func startHTTP(t *testing.T, opts mcpserver.HTTPOptions) (*mcpserver.HTTPServer, context.CancelFunc, chan error) {
	t.Helper()
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: demoClient(t)})
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	h, err := mcpserver.ListenHTTP(srv, opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return h, cancel, done
}

func TestStreamableHTTP(t *testing.T) {
	h, cancel, done := startHTTP(t, mcpserver.HTTPOptions{})
	if !strings.HasPrefix(h.URL(), "http://127.0.0.1:") {
		t.Fatalf("URL %s is not loopback", h.URL())
	}
	resp, err := http.Get(strings.TrimSuffix(h.URL(), "/mcp") + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"ok"`) {
		t.Errorf("healthz: %d %s", resp.StatusCode, body)
	}

	ctx, stop := context.WithTimeout(context.Background(), 20*time.Second)
	defer stop()
	for _, version := range []string{mcp.LATEST_LEGACY_PROTOCOL_VERSION, ""} {
		c, err := mcpclient.NewStreamableHttpClient(h.URL())
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Start(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := testutil.Initialize(ctx, c, version); err != nil {
			t.Fatalf("initialize %q: %v", version, err)
		}
		list, err := c.ListTools(ctx, mcp.ListToolsRequest{})
		if err != nil || len(list.Tools) < 20 {
			t.Fatalf("tools/list %q: %v (%d tools)", version, err, len(list.Tools))
		}
		var req mcp.CallToolRequest
		req.Params.Name = "get_app"
		req.Params.Arguments = map[string]any{"app": "analytics-app"}
		res, err := c.CallTool(ctx, req)
		if err != nil || res.IsError || !strings.Contains(res.Content[0].(mcp.TextContent).Text, "https://analytics-app.spice.ai") {
			t.Errorf("get_app over HTTP %q: %v %+v", version, err, res)
		}
		_ = c.Close()
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("graceful shutdown: %v", err)
		}
		done <- nil // for the cleanup
	case <-time.After(10 * time.Second):
		t.Fatal("server did not shut down")
	}
	if _, err := http.Get(strings.TrimSuffix(h.URL(), "/mcp") + "/healthz"); err == nil {
		t.Error("still serving after shutdown")
	}
}

// TestDNSRebindingProtection: on a loopback listener, a foreign Host or a foreign browser
// Origin is refused before MCP sees the request. An allowed origin matches what browsers send:
// scheme and host in any case, and a default port written in --allowed-origins (:443, :80)
// matches the Origin that leaves it out.
func TestDNSRebindingProtection(t *testing.T) {
	h, _, _ := startHTTP(t, mcpserver.HTTPOptions{AllowedOrigins: []string{"https://console.example.com",
		"https://a.example.com:443", "HTTP://B.Example.com:0080/", "http://c.example.com:80", "https://d.example.com:08443"}})
	initialize := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"0"}}}`
	for _, tc := range []struct {
		host, origin string
		want         int
	}{
		{"", "", http.StatusOK},
		{"localhost", "http://localhost:3000", http.StatusOK},
		{"", "https://console.example.com", http.StatusOK},
		{"evil.example.com", "", http.StatusForbidden},
		{"", "https://evil.example.com", http.StatusForbidden},
		{"", "null", http.StatusForbidden},
		{"", "https://a.example.com", http.StatusOK},
		{"", "https://A.Example.COM", http.StatusOK},
		{"", "https://a.example.com:443", http.StatusOK},
		{"", "http://a.example.com", http.StatusForbidden},
		{"", "https://a.example.com:8443", http.StatusForbidden},
		{"", "http://b.example.com", http.StatusOK},
		{"", "http://c.example.com", http.StatusOK},
		{"", "https://c.example.com", http.StatusForbidden},
		{"", "https://d.example.com:8443", http.StatusOK},
		{"", "https://d.example.com", http.StatusForbidden},
	} {
		req, _ := http.NewRequest(http.MethodPost, h.URL(), strings.NewReader(initialize))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		if tc.host != "" {
			req.Host = tc.host
		}
		if tc.origin != "" {
			req.Header.Set("Origin", tc.origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("Host %q Origin %q: %d, want %d", tc.host, tc.origin, resp.StatusCode, tc.want)
		}
	}
	// Every other path too: TestHostGuardOnEveryPath.
}

// TestHostGuardOnEveryPath: on a loopback listener a foreign Host (a site that rebinds its name
// to 127.0.0.1) gets 403 on every path the server registers — the MCP endpoint, each OAuth
// metadata path (which builds its URLs from Host), the approval page (GET and POST, whose own
// Origin check a rebound Host with the matching Origin would pass), the health probe — and on
// an unknown one; with a loopback Host each answers as usual. The approval is not given.
func TestHostGuardOnEveryPath(t *testing.T) {
	human := humanweb.New(humanweb.Options{Mounted: true})
	t.Cleanup(func() { _ = human.Close() })
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: demoClient(t), Human: human})
	h := listenAndServe(t, srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0", Human: human.Handler(),
		AuthorizationServers: []string{"https://auth.example.com"}, PublicURL: "https://mcp.example.com/spice/mcp"})
	base := strings.TrimSuffix(h.URL(), "/mcp")
	local := strings.TrimPrefix(base, "http://")

	// A pending approval, and its page's one-time token.
	var req mcp.CallToolRequest
	req.Params.Name, req.Params.Arguments = "delete_app", map[string]any{"app": "docs-search"}
	res, err := connect(t, h.URL(), nil).CallTool(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	link := linkIn(t, res)
	if !strings.HasPrefix(link, base+"/human/") {
		t.Fatalf("link %s is not on %s", link, base)
	}
	status, form := (&page{}).get(t, link)
	m := tokenField.FindStringSubmatch(form)
	if status != http.StatusOK || m == nil {
		t.Fatalf("GET %s: %d\n%s", link, status, form)
	}
	approve := url.Values{"token": {m[1]}, "decision": {"approve"}}.Encode()
	initialize := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"0"}}}`

	rows := []struct {
		method, path, body, contentType string
		want                            int    // with a loopback Host
		wantBody                        string // in that answer
	}{
		{http.MethodPost, "/mcp", initialize, "application/json", http.StatusOK, `"protocolVersion"`},
		{http.MethodGet, "/.well-known/oauth-protected-resource/mcp", "", "", http.StatusOK, `"resource"`},
		{http.MethodGet, "/.well-known/oauth-protected-resource", "", "", http.StatusOK, `"resource"`},
		{http.MethodGet, "/.well-known/oauth-protected-resource/spice/mcp", "", "", http.StatusOK, `"resource"`},
		{http.MethodGet, strings.TrimPrefix(link, base), "", "", http.StatusOK, `name="token"`},
		{http.MethodPost, strings.TrimPrefix(link, base), approve, "application/x-www-form-urlencoded", http.StatusOK, `data-outcome="approved"`},
		{http.MethodGet, "/healthz", "", "", http.StatusOK, `"ok"`},
		{http.MethodGet, "/not-a-path", "", "", http.StatusNotFound, ""},
	}
	do := func(method, path, body, contentType, host string) (int, string) {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.Host = host
		req.Header.Set("Origin", "http://"+host) // the page's own origin, as a browser sends it
		req.Header.Set("Accept", "application/json, text/event-stream")
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		got, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(got)
	}
	for _, r := range rows {
		for _, host := range []string{"rebound.evil.example:18911", "localhost.evil.example", "127.0.0.1.evil.example"} {
			if status, body := do(r.method, r.path, r.body, r.contentType, host); status != http.StatusForbidden {
				t.Errorf("%s %s with Host %s: %d, want 403\n%s", r.method, r.path, host, status, body)
			}
		}
	}
	for _, r := range rows { // the foreign requests changed nothing: the page still asks
		if status, body := do(r.method, r.path, r.body, r.contentType, local); status != r.want || !strings.Contains(body, r.wantBody) {
			t.Errorf("%s %s with Host %s: %d, want %d with %q\n%s", r.method, r.path, local, status, r.want, r.wantBody, body)
		}
	}

	// The host of --http-public-url, which a reverse proxy on the same machine passes on (Caddy,
	// Traefik, nginx's $host), is served, with its port or the scheme's default; its origin too.
	// Any other name, a subdomain or another port included, is still refused.
	public := func(path, host, origin string) int {
		body := ""
		if path == "/mcp" {
			body = initialize
		}
		req, _ := http.NewRequest(http.MethodGet, base+path, strings.NewReader(body))
		if body != "" {
			req.Method = http.MethodPost
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", "application/json, text/event-stream")
		}
		req.Host = host
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, path := range []string{"/healthz", "/mcp", "/.well-known/oauth-protected-resource/spice/mcp"} {
		for _, host := range []string{"mcp.example.com", "MCP.example.com", "mcp.example.com:443"} {
			for _, origin := range []string{"", "https://mcp.example.com"} {
				if status := public(path, host, origin); status != http.StatusOK {
					t.Errorf("%s with the public Host %s, Origin %q: %d, want 200", path, host, origin, status)
				}
			}
		}
		for _, host := range []string{"mcp.example.com:8443", "evil.mcp.example.com", "mcp.example.com.evil.example", "example.com"} {
			if status := public(path, host, ""); status != http.StatusForbidden {
				t.Errorf("%s with Host %s: %d, want 403", path, host, status)
			}
		}
	}
	if status := public("/mcp", "mcp.example.com", "http://mcp.example.com"); status != http.StatusForbidden {
		t.Errorf("/mcp from Origin http://mcp.example.com (the public URL is https): %d, want 403", status)
	}
}

func TestHTTPAddressDefaultsToLoopback(t *testing.T) {
	h, _, _ := startHTTP(t, mcpserver.HTTPOptions{Addr: ":0"})
	if !strings.HasPrefix(h.URL(), "http://127.0.0.1:") {
		t.Errorf("a port-only address bound %s", h.URL())
	}
}

// TestCheckOrigin: --allowed-origins takes origins (http(s)://host[:port], a trailing "/"
// allowed); "*", "null", another scheme, a URL with a path, query, fragment or credentials, an
// empty port or one outside 1 to 65535, no host, and what is no URL at all are refused, and
// ListenHTTP refuses them too. The error names the rule and shows at most scheme://host: never
// credentials, a path, a query or a fragment (SECRET marks what must not be shown).
func TestCheckOrigin(t *testing.T) {
	for _, tc := range []struct {
		origin string
		ok     bool
		rule   string // in the error
	}{
		{"https://console.example.com", true, ""},
		{"https://console.example.com/", true, ""},
		{"http://localhost:5173", true, ""},
		{"https://[::1]:8443", true, ""},
		{"HTTPS://Console.Example.COM", true, ""},
		{"https://a.example.com:443", true, ""},
		{"http://a.example.com:80", true, ""},
		{"https://a.example.com:65535", true, ""},
		{"*", false, "every site"},
		{"null", false, "sandboxed"},
		{"vscode-webview://abc123", false, "only http and https"},
		{"javascript://x.com", false, `"javascript://x.com" is not an origin: only http and https`},
		{"javascript:1", false, "the entry is not an origin"},
		{"console.example.com", false, "the entry is not an origin"},
		{"https://console.example.com/x", false, "credentials, a path, a query or a fragment"},
		{"https://console.example.com?a", false, "credentials, a path"},
		{"https://console.example.com#a", false, "credentials, a path"},
		{"https://example.com/?token=SECRETQ", false, `"https://example.com" is not an origin: it has credentials, a path, a query or a fragment`},
		{"https://example.com#SECRETF", false, `"https://example.com" is not an origin: it has credentials`},
		{"https://example.com/SECRETPATH", false, `"https://example.com" is not an origin`},
		{"https://SECRET@example.com", false, `"https://example.com" is not an origin`},
		{"https://u:SECRET@example.com", false, `"https://example.com" is not an origin`},
		{"user:SECRETPW@example.com", false, "the entry is not an origin: want http://host[:port] or https://host[:port]"},
		{"SECRET:x@example.com:443", false, "the entry is not an origin"},
		{"https://u:SECRET%zz@example.com", false, "the entry is not an origin"},
		{"https://b.example.com:", false, `the port after ":" is empty`},
		{"https://b.example.com:99999", false, "the port must be a number from 1 to 65535"},
		{"https://b.example.com:0", false, "the port must be a number from 1 to 65535"},
		{"https://b.example.com:x", false, "the entry is not an origin"},
		{"https://:8443", false, "the host must be a host name or an IP address"},
		{"https://b\u00fccher.example", false, "the host must be"},
		{"", false, "the entry is not an origin"},
	} {
		err := mcpserver.CheckOrigin(tc.origin)
		if (err == nil) != tc.ok {
			t.Errorf("%q: %v, want ok %v", tc.origin, err, tc.ok)
			continue
		}
		if err == nil {
			continue
		}
		if !strings.Contains(err.Error(), tc.rule) {
			t.Errorf("%q: %v, want it to say %q", tc.origin, err, tc.rule)
		}
		if strings.Contains(err.Error(), "SECRET") {
			t.Errorf("%q: the error echoes more than scheme://host: %v", tc.origin, err)
		}
	}
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: demoClient(t)})
	if _, err := mcpserver.ListenHTTP(srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0", AllowedOrigins: []string{"*"}}); err == nil || !strings.Contains(err.Error(), "--allowed-origins") {
		t.Errorf(`ListenHTTP with --allowed-origins "*": %v`, err)
	}
	if _, err := mcpserver.ListenHTTP(srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0", AllowedOrigins: []string{"https://a.example.com:443", "https://b.example.com:"}}); err == nil || !strings.Contains(err.Error(), "--allowed-origins, entry 2 of 2") {
		t.Errorf(`ListenHTTP with an empty port in --allowed-origins: %v`, err)
	}
}

// TestHostGuardFollowsTheListener: the Host check follows the listener's address, not the
// connection's. A listener beyond loopback (0.0.0.0) checks no Host, also on a connection that
// arrives over 127.0.0.1, as a reverse proxy or sidecar on the same machine makes it; a loopback
// listener still refuses a foreign Host (DNS rebinding).
func TestHostGuardFollowsTheListener(t *testing.T) {
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: demoClient(t)})
	for _, tc := range []struct {
		addr string
		want int
	}{{"0.0.0.0:0", http.StatusOK}, {"127.0.0.1:0", http.StatusForbidden}} {
		h := listenAndServe(t, srv, mcpserver.HTTPOptions{Addr: tc.addr})
		u, _ := url.Parse(h.URL())
		for _, host := range []string{"10.1.2.3:8080", "mcp.example.com"} {
			req, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1:"+u.Port()+"/healthz", nil)
			req.Host = host
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("listener %s, over 127.0.0.1 with Host %s: %d, want %d", tc.addr, host, resp.StatusCode, tc.want)
			}
		}
	}
}
