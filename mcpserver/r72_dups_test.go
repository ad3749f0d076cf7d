package mcpserver_test

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// r72DupsServeStdio serves srv over stdio (mcpserver.ServeStdio, logging to logger) through
// pipes, recording every line it writes; the server stops when the test ends.
func r72DupsServeStdio(t *testing.T, srv *server.MCPServer, logger *slog.Logger) *r41cWire {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- mcpserver.ServeStdio(ctx, srv, inR, outW, logger); outW.Close() }()
	w := &r41cWire{t: t, in: inW}
	go func() {
		sc := bufio.NewScanner(outR)
		sc.Buffer(make([]byte, 1<<20), 1<<22)
		for sc.Scan() {
			w.mu.Lock()
			w.lines = append(w.lines, sc.Text())
			w.signalLocked()
			w.mu.Unlock()
		}
		w.mu.Lock()
		w.signalLocked()
		w.mu.Unlock()
	}()
	t.Cleanup(func() { cancel(); inW.Close(); <-done })
	return w
}
