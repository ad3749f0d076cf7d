package mcpserver

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/mark3labs/mcp-go/mcp"
)

// modernRefusals logs the protocol-level refusals mcp-go answers a 2026-07-28 request with
// itself (a GET or DELETE, which that era has not; its protocol headers missing or disagreeing
// with the body; a 2026-07-28 header on a body whose _meta names no version; no client
// capabilities), which reached no log: an operator saw a client fail and read nothing. It reads
// only the status and the error's code (and, for -32602, whether mcp-go's transport wrote it):
// nothing the client sent is logged.
type modernRefusals struct {
	http.ResponseWriter
	r        *http.Request
	refusals *slog.Logger
	refused  bool // a 400 was written: its body says which refusal
}

// The messages mcp-go v1.2.1 answers -32602 with when a 2026-07-28 request's params._meta lacks
// a field that era requires: its version (the header says 2026-07-28), its client capabilities.
// A handler's -32602 (an argument's type) is an answer, not a refusal of the request.
var (
	metaVersionMissing      = []byte(`"missing or invalid _meta field ` + mcp.MetaKeyProtocolVersion + `"`)
	metaCapabilitiesMissing = []byte(`"missing or invalid _meta field ` + mcp.MetaKeyClientCapabilities + `"`)
)

func (m *modernRefusals) WriteHeader(status int) {
	switch status {
	case http.StatusMethodNotAllowed:
		logRefusal(m.refusals, m.r, status, "request refused: a GET or DELETE in protocol version 2026-07-28, which has neither",
			"remedy", "POST each request: 2026-07-28 has no session to stream or end")
	case http.StatusBadRequest:
		m.refused = true
	}
	m.ResponseWriter.WriteHeader(status)
}

func (m *modernRefusals) Write(p []byte) (int, error) {
	if m.refused {
		m.refused = false
		var answer struct {
			Error struct{ Code int } `json:"error"`
		}
		_ = json.Unmarshal(p, &answer)
		switch code := answer.Error.Code; {
		case code == mcp.HEADER_MISMATCH:
			logRefusal(m.refusals, m.r, http.StatusBadRequest, "request refused: its 2026-07-28 protocol headers are missing or disagree with its body",
				"remedy", "send MCP-Protocol-Version, Mcp-Method and Mcp-Name as the body's _meta version, method and name say, and no Last-Event-ID")
		case code == mcp.INVALID_PARAMS && bytes.Contains(p, metaVersionMissing):
			logRefusal(m.refusals, m.r, http.StatusBadRequest, "request refused: its MCP-Protocol-Version says 2026-07-28, but it names no protocol version in params._meta",
				"remedy", "in a 2025-era session send the version it agreed on, or none; in 2026-07-28 name it in params._meta too")
		case code == mcp.INVALID_PARAMS && bytes.Contains(p, metaCapabilitiesMissing):
			logRefusal(m.refusals, m.r, http.StatusBadRequest, "request refused: its 2026-07-28 params._meta declares no client capabilities",
				"remedy", "declare them in params._meta, an empty object for none")
		}
	}
	return m.ResponseWriter.Write(p)
}

func (m *modernRefusals) Flush() {
	if f, ok := m.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (m *modernRefusals) Unwrap() http.ResponseWriter { return m.ResponseWriter }
