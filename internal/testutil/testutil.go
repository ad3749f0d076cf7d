// Package testutil holds small helpers shared by the project's tests.
package testutil

import (
	"bytes"
	"context"
	"sync"

	mcpclient "github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
)

// SyncBuffer collects output written from several goroutines, e.g. a logger under test.
type SyncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Initialize performs the MCP handshake for a started client at protocolVersion ("" asks for
// the newest revision, with fallback).
func Initialize(ctx context.Context, c *mcpclient.Client, protocolVersion string) (*mcp.InitializeResult, error) {
	var init mcp.InitializeRequest
	init.Params.ProtocolVersion = protocolVersion
	init.Params.ClientInfo = mcp.Implementation{Name: "spice-cloud-mcp-tests", Version: "0"}
	return c.Initialize(ctx, init)
}
