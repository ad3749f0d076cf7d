package mcpserver_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestBatchIsRefusedOverHTTP: a JSON-RPC batch (a JSON array) is refused as a batch, not as
// broken JSON: 400 with -32600, a null id and a message that says to send each message on its
// own, under 2025-03-26 (which allows batches; README records the gap) as under later versions,
// and nothing of it is run. An array that is not valid JSON stays a parse error; the session
// goes on.
func TestBatchIsRefusedOverHTTP(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	batches := []string{
		`[{"jsonrpc":"2.0","id":9007199254740993,"method":"ping"}]`,
		`[{"jsonrpc":"2.0","id":1,"method":"tools/list"},{"jsonrpc":"2.0","method":"notifications/initialized"}]`,
		` [{"jsonrpc":"2.0","method":"notifications/initialized"}]`,
		`[]`,
	}
	check := func(t *testing.T, session string, headers map[string]string, ping string) {
		for _, batch := range batches {
			resp, body := rpc(t, h.URL(), session, batch, headers)
			var answer struct {
				ID    json.RawMessage `json:"id"`
				Error struct {
					Code    int    `json:"code"`
					Message string `json:"message"`
				} `json:"error"`
			}
			_ = json.Unmarshal([]byte(body), &answer)
			if resp.StatusCode != http.StatusBadRequest || answer.Error.Code != mcp.INVALID_REQUEST || string(answer.ID) != "null" || answer.Error.Message != present.BatchRefused {
				t.Errorf("%s: %d %s, want 400 and -32600 %q with id null", batch, resp.StatusCode, body, present.BatchRefused)
			}
		}
		if resp, body := rpc(t, h.URL(), session, `[{"jsonrpc":"2.0","id":1,"method":"ping"}`, headers); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "-32700") {
			t.Errorf("a broken array: %d %s, want a parse error", resp.StatusCode, body)
		}
		if resp, body := rpc(t, h.URL(), session, ping, headers); resp.StatusCode != http.StatusOK || !strings.Contains(body, `"result"`) {
			t.Errorf("a request after the batches: %d %s", resp.StatusCode, body)
		}
	}
	for _, version := range []string{"2025-03-26", "2025-06-18", "2025-11-25"} {
		t.Run(version, func(t *testing.T) {
			headers := map[string]string{"MCP-Protocol-Version": version}
			resp, body := rpc(t, h.URL(), "", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"`+version+`","capabilities":{},"clientInfo":{"name":"x","version":"0"}}}`, nil)
			session := resp.Header.Get("Mcp-Session-Id")
			if resp.StatusCode != http.StatusOK || session == "" || !strings.Contains(body, `"protocolVersion":"`+version+`"`) {
				t.Fatalf("initialize: %d %q %s", resp.StatusCode, session, body)
			}
			rpc(t, h.URL(), session, `{"jsonrpc":"2.0","method":"notifications/initialized"}`, headers)
			check(t, session, headers, `{"jsonrpc":"2.0","id":7,"method":"ping"}`)
		})
	}
	t.Run("2026-07-28", func(t *testing.T) {
		check(t, "", map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/list"},
			`{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",`+
				`"io.modelcontextprotocol/clientInfo":{"name":"raw","version":"0"},"io.modelcontextprotocol/clientCapabilities":{}}}}`)
	})
}
