package mcpserver

import (
	"context"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/server"
)

// TestR64MineIdleTimeoutOutlastsLoadBalancers: a server with the command line's defaults keeps
// an idle keep-alive connection longer than the 60 s after which AWS's Application Load
// Balancer and ingress-nginx (upstream-keepalive-timeout) drop one to a backend, so the
// balancer closes first: were the server to close as the balancer sends a request on the
// connection, the balancer would answer that request 502.
func TestR64MineIdleTimeoutOutlastsLoadBalancers(t *testing.T) {
	const balancersIdle = 60 * time.Second
	h := ServeForTest(t, server.NewMCPServer("r64", "0"), HTTPOptions{Addr: "127.0.0.1:0"})
	if got := h.http.IdleTimeout; got <= balancersIdle {
		t.Errorf("the server closes an idle connection after %s, no later than the balancers' %s", got, balancersIdle)
	}
}

// ServeForTest runs srv over HTTP with opts until the test ends. It is exported to the
// package's external tests too (limits_test.go's listenAndServe) from this internal test file,
// so both kinds serve alike.
func ServeForTest(t testing.TB, srv *server.MCPServer, opts HTTPOptions) *HTTPServer {
	t.Helper()
	h, err := ListenHTTP(srv, opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.Serve(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return h
}
