package mcpserver_test

import (
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestEmptyMethodChecksTheJSONRPCVersion: a request whose method is "" and whose "jsonrpc" is
// not "2.0" (or missing, or null) gets what any other method gets with it, -32600 "Invalid
// JSON-RPC version" with its id, over stdio and HTTP alike (it got -32601 for the method first).
func TestEmptyMethodChecksTheJSONRPCVersion(t *testing.T) {
	versions := []string{`"jsonrpc":"1.0",`, ``, `"jsonrpc":null,`, `"jsonrpc":"2.0 ",`}
	c := serveStdio(t, mcpserver.Options{})
	h, _, _ := startHTTP(t, mcpserver.HTTPOptions{})
	session := rawSession(t, h.URL(), `{}`)
	for _, method := range []string{"", "ping"} {
		for _, version := range versions {
			body := `{` + version + `"id":"v","method":"` + method + `"}`
			c.send(body)
			if id, code, message := rpcErr([]string{c.await(`"v"`)}); id != `"v"` || code != mcp.INVALID_REQUEST || message != present.InvalidJSONRPCVersion {
				t.Errorf("stdio %s: %s %d %q, want -32600 %q with its id", body, id, code, message, present.InvalidJSONRPCVersion)
			}
			_, _, msgs := rawPost(t, h.URL(), session, nil, body)
			if id, code, message := rpcErr(msgs); id != `"v"` || code != mcp.INVALID_REQUEST || message != present.InvalidJSONRPCVersion {
				t.Errorf("HTTP %s: %q, want -32600 %q with its id", body, msgs, present.InvalidJSONRPCVersion)
			}
		}
	}
	// With "2.0" the method "" is still -32601.
	c.send(`{"jsonrpc":"2.0","id":"w","method":""}`)
	if id, code, _ := rpcErr([]string{c.await(`"w"`)}); id != `"w"` || code != mcp.METHOD_NOT_FOUND {
		t.Errorf(`stdio, the method "" with "2.0": %s %d, want -32601`, id, code)
	}
}
