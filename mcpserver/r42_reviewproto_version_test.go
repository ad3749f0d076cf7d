package mcpserver_test

import (
	"net/http"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestR42ReviewprotoInitializeUnknownHeaderAlike: README says a 2025-era initialize, whose
// MCP-Protocol-Version header mcp-go ignores, is still served whatever the header. An initialize
// (params.protocolVersion 2025-06-18) with the header "1999-01-01" is served, but one with
// "bogus" (or "3000-01-01": any unknown value that sorts after 2026-07-28) gets the 400
// (endpoint.go: unknownVersion ... || mcp.IsModernProtocol(header)).
func TestR42ReviewprotoInitializeUnknownHeaderAlike(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	for _, v := range []string{"1999-01-01", "bogus", "3000-01-01"} {
		resp, body := rpc(t, h.URL(), "", initializeJSON, map[string]string{"MCP-Protocol-Version": v})
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Mcp-Session-Id") == "" {
			t.Errorf("a 2025-06-18 initialize with MCP-Protocol-Version %q: %d %.300s", v, resp.StatusCode, body)
		}
	}
}
