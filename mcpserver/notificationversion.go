package mcpserver

import (
	"encoding/json"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/jsonscan"
)

// withHeaderVersion gives a 2026-07-28 notification whose params carry no _meta protocol version
// the one its MCP-Protocol-Version header names. The official go-sdk client (v1.8.0) sends its
// notifications/cancelled so; mcp-go refused it with 400 and a null id, which go-sdk cannot read:
// it failed the client's whole connection. A notification has no answer to go wrong, and its
// caller's cancellation still reaches only its caller's calls (moderncalls.go). Requests still
// need the field. msg is a single message; anything else is returned as it is.
func withHeaderVersion(msg []byte, header string) []byte {
	s, ok := inspectMessage(msg)
	if !ok || s.id.found() || s.result.found() || s.error.found() || !s.method.notNull(msg) ||
		!s.params.found() || msg[s.params.start] != '{' {
		return msg
	}
	version, err := json.Marshal(header)
	if err != nil {
		return msg
	}
	member := append([]byte(`"`+mcp.MetaKeyProtocolVersion+`":`), version...)
	// mcp-go reads params._meta as encoding/json does (any case), its members exactly.
	into := s.params
	if meta := memberIn(msg, s.params, "_meta", true); meta.found() {
		if msg[meta.start] != '{' || memberIn(msg, meta, mcp.MetaKeyProtocolVersion, false).found() {
			return msg // a version of its own, or a _meta mcp-go refuses: its refusal stands
		}
		into = meta
	} else {
		member = append(append([]byte(`"_meta":{`), member...), '}')
	}
	// Inserted first in the object, so that a member of the same name after it still wins.
	at := into.start + 1
	if i := jsonscan.SkipSpace(msg, at); msg[i] != '}' {
		member = append(member, ',')
	}
	out := make([]byte, 0, len(msg)+len(member))
	out = append(append(out, msg[:at]...), member...)
	return append(out, msg[at:]...)
}
