package mcpserver_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestR43ModernUnknownVersionHeaderIsUnsupportedProtocolVersion: a 2026-07-28 request (its
// params._meta says 2026-07-28) whose MCP-Protocol-Version header names a version this server
// does not implement got a plain-text 400. MCP 2026-07-28 (Streamable HTTP, Protocol Version
// Header): such a server "MUST respond with 400 Bad Request and an UnsupportedProtocolVersionError
// listing its supported versions"; and a dual-era client that reads a 400 without a recognized
// modern JSON-RPC error takes the server for a legacy one and falls back to initialize. Now the
// 400 carries a JSON-RPC error -32022 with the request's id, data.supported (every version
// served) and data.requested (the header), its message still naming the header, the value and the
// supported versions. A 2025-era request keeps the 2025 revisions' plain 400
// (TestR42UnknownProtocolVersionHeaderIsNamed).
func TestR43ModernUnknownVersionHeaderIsUnsupportedProtocolVersion(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	meta := `"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"raw","version":"0"},"io.modelcontextprotocol/clientCapabilities":{}}`
	for _, tc := range []struct{ name, method, id, body string }{
		{"tools/list", "tools/list", `2`, `{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{` + meta + `}}`},
		{"string id", "tools/list", `"a-1"`, `{"jsonrpc":"2.0","id":"a-1","method":"tools/list","params":{` + meta + `}}`},
		{"initialize", "initialize", `1`, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"0"},` + meta + `}}`},
	} {
		for _, value := range []string{"1999-01-01", "bogus", "3000-01-01"} {
			resp, body := sendMCP(t, http.MethodPost, h.URL(), "", strings.NewReader(tc.body),
				map[string]string{"MCP-Protocol-Version": value, "Mcp-Method": tc.method})
			var answer struct {
				JSONRPC string          `json:"jsonrpc"`
				ID      json.RawMessage `json:"id"`
				Error   struct {
					Code    int    `json:"code"`
					Message string `json:"message"`
					Data    struct {
						Supported []string `json:"supported"`
						Requested string   `json:"requested"`
					} `json:"data"`
				} `json:"error"`
			}
			err := json.Unmarshal([]byte(body), &answer)
			if resp.StatusCode != http.StatusBadRequest || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || err != nil ||
				answer.JSONRPC != "2.0" || string(answer.ID) != tc.id || answer.Error.Code != mcp.UNSUPPORTED_PROTOCOL_VERSION ||
				!slices.Equal(answer.Error.Data.Supported, mcp.ValidProtocolVersions) || answer.Error.Data.Requested != value {
				t.Errorf("%s with MCP-Protocol-Version %q: %d %s %.600s", tc.name, value, resp.StatusCode, resp.Header.Get("Content-Type"), body)
				continue
			}
			for _, want := range []string{"MCP-Protocol-Version", `"` + value + `"`, "2026-07-28", "2025-06-18", "params._meta"} {
				if !strings.Contains(answer.Error.Message, want) {
					t.Errorf("%s with MCP-Protocol-Version %q: the message does not say %q: %s", tc.name, value, want, answer.Error.Message)
				}
			}
			if strings.Contains(answer.Error.Message, "initialize agreed on") {
				t.Errorf("%s: a 2026-07-28 request is told of an initialize: %s", tc.name, answer.Error.Message)
			}
		}
	}
}
