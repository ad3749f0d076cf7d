package mcpserver_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r67Serving is an HTTP-mode server serving in the background over the demo emulator (emu), for the
// shutdown tests: stop begins the shutdown, served closes when Serve has returned, then err is
// what it returned.
type r67Serving struct {
	emu    *sandbox.Emulator
	h      *mcpserver.HTTPServer
	srv    *server.MCPServer
	logs   *testutil.SyncBuffer
	stop   context.CancelFunc
	served chan struct{}
	err    error
}

// r67ServeForShutdown starts one, the emulator slowed by fault, its logs at debug in JSON.
func r67ServeForShutdown(t *testing.T, fault sandbox.Fault, grace time.Duration) *r67Serving {
	t.Helper()
	emu := sandbox.New(sandbox.Config{Demo: true})
	emu.InjectFault(fault)
	apiSrv := httptest.NewServer(emu)
	t.Cleanup(apiSrv.Close)
	c, err := client.New(client.Config{BaseURL: apiSrv.URL, Tokens: client.StaticToken("sandbox")})
	if err != nil {
		t.Fatal(err)
	}
	s := &r67Serving{emu: emu, logs: &testutil.SyncBuffer{}, served: make(chan struct{})}
	logger, _ := logging.New(s.logs, slog.LevelDebug, "json")
	s.srv = mcpserver.New(mcpserver.Options{Version: "test", Logger: logger, Client: func(context.Context) (*client.Client, error) { return c, nil }})
	if s.h, err = mcpserver.ListenHTTP(s.srv, mcpserver.HTTPOptions{Addr: "127.0.0.1:0", Logger: logger, ShutdownGrace: grace}); err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	s.stop = stop
	go func() { s.err = s.h.Serve(ctx); close(s.served) }()
	t.Cleanup(func() { stop(); <-s.served })
	return s
}
