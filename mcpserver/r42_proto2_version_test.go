package mcpserver_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestR42Proto2InitializeUnknownHeaderRefusalText: an initialize claiming 2026-07-28 in its
// _meta with an MCP-Protocol-Version header that is no version is refused (400) naming the
// header, without telling it to send "the one initialize agreed on" (it is the initialize); a
// 2025-era initialize with such a header is served, however the value sorts.
func TestR42Proto2InitializeUnknownHeaderRefusalText(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	modern := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"0"},` +
		`"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"raw","version":"0"},"io.modelcontextprotocol/clientCapabilities":{}}}}`
	for _, v := range []string{"1999-01-01", "bogus", "3000-01-01", "2025-06-18\u200b"} {
		resp, body := rpc(t, h.URL(), "", modern, map[string]string{"MCP-Protocol-Version": v})
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "MCP-Protocol-Version") || strings.Contains(body, "initialize agreed on") {
			t.Errorf("a 2026-07-28 initialize with MCP-Protocol-Version %q: %d %.400s", v, resp.StatusCode, body)
		}
		resp, body = rpc(t, h.URL(), "", initializeJSON, map[string]string{"MCP-Protocol-Version": v})
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Mcp-Session-Id") == "" {
			t.Errorf("a 2025-06-18 initialize with MCP-Protocol-Version %q: %d %.300s", v, resp.StatusCode, body)
		}
	}
}
