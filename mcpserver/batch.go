package mcpserver

import (
	"bytes"
	"encoding/json"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/jsonscan"
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

// maxJSONDepth is how deep encoding/json (and so mcp-go) reads nested arrays and objects: past
// it, it fails and mcp-go answered "request body is not valid json" to valid JSON.
const maxJSONDepth = 10000

// refuseDeep is the answer to msg when its arrays and objects nest deeper than maxJSONDepth
// (-32700, a null id: nothing of it is read); nil for anything else. The scan is iterative, so
// the depth a body can reach within its size limit costs no stack.
func refuseDeep(msg []byte) []byte {
	depth := 0
	for i := 0; i < len(msg); i++ {
		switch msg[i] {
		case '"':
			if i = jsonscan.StringEnd(msg, i); i < 0 {
				return nil // a string that does not end: mcp-go's parse error says so
			}
			i--
		case '[', '{':
			if depth++; depth > maxJSONDepth {
				details, _ := json.Marshal(mcp.NewJSONRPCErrorDetails(mcp.PARSE_ERROR, present.NestedTooDeep(maxJSONDepth), nil))
				return append(append([]byte(`{"jsonrpc":"2.0","id":null,"error":`), details...), '}')
			}
		case ']', '}':
			depth--
		}
	}
	return nil
}
