package mcpserver_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestR42UnknownProtocolVersionHeaderIsNamed: a 2025-06-18 session sending a request with
// MCP-Protocol-Version: bogus got a 400 speaking of a missing or invalid 2026 _meta field:
// mcp-go compares versions as text, and "bogus" sorts after "2026-07-28", so it took the
// request for a 2026-07-28 one. The 400 names the header, the value received (escaped, bounded)
// and the versions supported, for a POST, a GET stream and a DELETE alike.
func TestR42UnknownProtocolVersionHeaderIsNamed(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	resp, body := rpc(t, h.URL(), "", initializeJSON, nil)
	session := resp.Header.Get("Mcp-Session-Id")
	if session == "" {
		t.Fatalf("initialize: %d %s", resp.StatusCode, body)
	}
	rpc(t, h.URL(), session, `{"jsonrpc":"2.0","method":"notifications/initialized"}`, nil)
	check := func(what string, status int, body, shown string) {
		t.Helper()
		if status != http.StatusBadRequest || strings.Contains(body, "missing or invalid _meta") || !strings.Contains(body, "MCP-Protocol-Version") ||
			!strings.Contains(body, shown) || !strings.Contains(body, "2025-06-18") || !strings.Contains(body, "2025-11-25") || len(body) > 500 {
			t.Errorf("%s: %d %s", what, status, body)
		}
	}
	for value, shown := range map[string]string{
		"bogus":                  `"bogus"`,
		"2025-06-18\u200b":       `"2025-06-18\u200b"`,
		"1999-01-01":             `"1999-01-01"`,
		strings.Repeat("z", 5e3): `(5,002 characters)`,
	} {
		resp, body := rpc(t, h.URL(), session, `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`, map[string]string{"MCP-Protocol-Version": value})
		check("POST "+value[:min(len(value), 20)], resp.StatusCode, body, shown)
		for _, method := range []string{http.MethodGet, http.MethodDelete} {
			resp, body := sendMCP(t, method, h.URL(), session, nil, map[string]string{"MCP-Protocol-Version": value})
			check(method+" "+value[:min(len(value), 20)], resp.StatusCode, body, shown)
		}
	}
	// The session still works with its version.
	if resp, body := rpc(t, h.URL(), session, `{"jsonrpc":"2.0","id":3,"method":"tools/list"}`, map[string]string{"MCP-Protocol-Version": "2025-06-18"}); resp.StatusCode != http.StatusOK || !strings.Contains(body, `"tools"`) {
		t.Errorf("tools/list with 2025-06-18: %d %.200s", resp.StatusCode, body)
	}
}
