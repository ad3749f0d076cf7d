package mcpserver_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR43HTTPQuestionOutlastsTheCallTimeLimit: README said a question still unanswered when its
// call "is cancelled or runs out of time" is withdrawn. A call's time limit never ends it while
// its question waits (a person's time does not count against the limit, and a 2025-era
// question is asked between the call's runs, outside it): in a 2025-06-18 session whose calls
// have 1 s, delete_app's question is still open, with nothing more on its stream, 2.5 s on
// (no result, no withdrawal); the client's cancellation then withdraws it before the result.
func TestR43HTTPQuestionOutlastsTheCallTimeLimit(t *testing.T) {
	t.Parallel() // waits 2.5 s of quiet on a server of its own; its bound (15 s) is no timing
	r42WithdrawnOverHTTP(t, r43ServeWithCallTimeout(t, mcpserver.HTTPOptions{}, time.Second), 2500*time.Millisecond)
}

// r43ServeWithCallTimeout is serve with each tool call limited to limit.
func r43ServeWithCallTimeout(t *testing.T, opts mcpserver.HTTPOptions, limit time.Duration) *mcpserver.HTTPServer {
	t.Helper()
	api := httptest.NewServer(sandbox.New(sandbox.Config{Demo: true}))
	t.Cleanup(api.Close)
	c, err := client.New(client.Config{BaseURL: api.URL, Tokens: client.StaticToken("sandbox")})
	if err != nil {
		t.Fatal(err)
	}
	srv := mcpserver.New(mcpserver.Options{Version: "test", CallTimeout: limit,
		Client: func(context.Context) (*client.Client, error) { return c, nil }})
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	return listenAndServe(t, srv, opts)
}
