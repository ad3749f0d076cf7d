package mcpserver

import (
	"bytes"
	"encoding/json"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// JSON-RPC batches (a JSON array of messages). MCP 2025-03-26 lets a client send them (its
// stdio and Streamable HTTP transports take "an array batching one or more requests and/or
// notifications"); 2025-06-18 removed them, and 2024-11-05 and 2026-07-28 have none. mcp-go
// v1.2.1 negotiates 2025-03-26 but reads a batch as a malformed message: -32700 "Failed to
// parse message" over stdio, 400 "request body is not valid json" over HTTP, which tells the
// client its JSON was broken when it was not. This server does not run batches under any
// version (a gap README records): a batch that is valid JSON is refused as such, whatever the
// session's version, with -32600 and a null id (HTTP 400), and none of its messages is run.

// refuseBatch is the answer to msg when it is a JSON-RPC batch; nil for anything else (a
// malformed array stays a parse error).
func refuseBatch(msg []byte) []byte {
	trimmed := bytes.TrimLeft(msg, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '[' || !json.Valid(msg) {
		return nil
	}
	return invalidRequest([]byte("null"), present.BatchRefused)
}
