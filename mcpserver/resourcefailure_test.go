package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestFailedViewIsAnError: a view whose tool answers with a failed (isError) result — the
// instances of a paused app, a 409 project_paused — is a JSON-RPC error carrying the tool's
// text, never resource contents that read as the view; the tool call is isError with the same
// text.
func TestFailedViewIsAnError(t *testing.T) {
	conn := serveStdio(t, mcpserver.Options{})
	conn.send(`{"jsonrpc":"2.0","id":7,"method":"resources/read","params":{"uri":"spice://orgs/acme-labs/apps/id%3A103/instances"}}`)
	answer := conn.await(`7`)
	e := rpcErrorOf(t, answer)
	if e == nil {
		t.Fatalf("a paused app's instances read as contents: %s", answer)
	}
	if e.Code != -32603 || !strings.Contains(e.Message, "project_paused") || !strings.Contains(e.Message, "resume_app") ||
		strings.Contains(e.Message, "\x1f") {
		t.Errorf("want -32603 with the tool's text (project_paused, resume_app), got %s", answer)
	}
	conn.send(`{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"list_instances","arguments":{"org":"acme-labs","app":"id:103"}}}`)
	if call := conn.await(`8`); !strings.Contains(call, `"isError":true`) || !strings.Contains(call, "project_paused") {
		t.Errorf("list_instances of the paused app: %s", call)
	}
}
