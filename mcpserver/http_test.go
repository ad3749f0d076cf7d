package mcpserver_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// startHTTP serves an MCP server (backed by an emulator over real HTTP) on a loopback port.
func startHTTP(t *testing.T, opts mcpserver.HTTPOptions) (*mcpserver.HTTPServer, context.CancelFunc, chan error) {
	t.Helper()
	api := httptest.NewServer(sandbox.New(sandbox.Config{Demo: true}))
	t.Cleanup(api.Close)
	c, err := client.New(client.Config{BaseURL: api.URL, Tokens: client.StaticToken("sandbox")})
	if err != nil {
		t.Fatal(err)
	}
	srv := mcpserver.New(mcpserver.Options{Version: "test", Client: func(context.Context) (*client.Client, error) { return c, nil }})
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
// Origin is refused before MCP sees the request.
func TestDNSRebindingProtection(t *testing.T) {
	h, _, _ := startHTTP(t, mcpserver.HTTPOptions{AllowedOrigins: []string{"https://console.example.com"}})
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
	// Every other path too: the health probe, and the OAuth metadata, which builds its URLs
	// from Host and would otherwise name the rebinding site as the resource.
	withMetadata, _, _ := startHTTP(t, mcpserver.HTTPOptions{RequireBearer: true})
	base := strings.TrimSuffix(withMetadata.URL(), "/mcp")
	for _, path := range []string{"/healthz", "/.well-known/oauth-protected-resource/mcp"} {
		for host, want := range map[string]int{"evil.example.com": http.StatusForbidden, "": 0} {
			req, _ := http.NewRequest(http.MethodGet, base+path, nil)
			if host != "" {
				req.Host = host
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if (want != 0 && resp.StatusCode != want) || (want == 0 && resp.StatusCode == http.StatusForbidden) {
				t.Errorf("GET %s with Host %q: %d", path, host, resp.StatusCode)
			}
		}
	}
}

func TestHTTPAddressDefaultsToLoopback(t *testing.T) {
	h, _, _ := startHTTP(t, mcpserver.HTTPOptions{Addr: ":0"})
	if !strings.HasPrefix(h.URL(), "http://127.0.0.1:") {
		t.Errorf("a port-only address bound %s", h.URL())
	}
}
