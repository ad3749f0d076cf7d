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

// ErrorAnswer is an API error answer holding a sent value; Value is the text that must not
// be shown (the value, or the value across the words it is shown with).
type ErrorAnswer struct {
	Status      int
	ContentType string
	Body        string
	Value       string
}

// ErrorAnswersBrokenUp are answers whose sent value is broken up by what showing a text
// changes (a trimmed line break or space, a tab, a line or paragraph separator, a
// bidirectional control, NUL, a terminal escape): the client redacts them as they are shown
// (client) and the presentation shows them redacted (present), both from this one table.
var ErrorAnswersBrokenUp = []ErrorAnswer{
	{400, "text/plain", "\nhunter2-secret rejected", "Request: hunter2-secret"},
	{400, "text/plain", " hunter2-secret rejected", "Request: hunter2-secret"},
	{403, "application/json", `{"error":" hunter2-secret rejected"}`, "Forbidden: hunter2-secret"},
	{403, "application/json", `{"error":"\nhunter2-secret rejected"}`, "Forbidden: hunter2-secret"},
	{400, "application/json", `{"error":"hunter2-secret","code":" abc"}`, "(abc): hunter2-secret"},
	{400, "application/json", `{"error":"Value correct horse\nbattery staple is too weak"}`, "correct horse battery staple"},
	{400, "application/json", `{"error":"Value correct horse\tbattery staple is too weak"}`, "correct horse battery staple"},
	{400, "application/json", `{"error":"Value correct horse\u2028battery staple is too weak"}`, "correct horse battery staple"},
	{400, "application/json", `{"error":"Value correct horse\u202ebattery staple is too weak"}`, "correct horse battery staple"},
	{400, "application/json", `{"error":"Value correct horse\u0000battery staple is too weak"}`, "correct horse battery staple"},
	{400, "application/json", `{"error":"password=abc123 rejected hunter2\u001b[0m-secret-value"}`, "hunter2-secret-value"},
}
