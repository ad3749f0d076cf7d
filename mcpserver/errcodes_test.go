package mcpserver

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestRestoredErrorKeepsTheRequestID: a restored error code leaves the response's ID exactly as
// the request had it (JSON-RPC: the same ID), a fraction or a long number included.
func TestRestoredErrorKeepsTheRequestID(t *testing.T) {
	coded := errorWithCode(-32002, "Resource not found", map[string]string{"uri": "spice://apps/x"}).Error()
	for _, id := range []string{`2.5`, `12345678901234567891`, `7`, `"abc"`, `null`} {
		msg, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": json.RawMessage(id),
			"error": map[string]any{"code": -32603, "message": coded}})
		fixed, code := fixErrorCode(append(msg, '\n'))
		if code != -32002 {
			t.Fatalf("id %s: not restored: %s", id, fixed)
		}
		if !strings.Contains(string(fixed), `"id":`+id+`,`) || strings.Contains(string(fixed), codeNonce) || !strings.HasSuffix(string(fixed), "\n") {
			t.Errorf("id %s: %s", id, fixed)
		}
	}
}
