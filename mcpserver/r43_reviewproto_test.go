package mcpserver_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

func r43ReviewprotoMeta(v string) string {
	return `"_meta":{"io.modelcontextprotocol/protocolVersion":"` + v + `","io.modelcontextprotocol/clientInfo":{"name":"raw","version":"0"},"io.modelcontextprotocol/clientCapabilities":{}}`
}

type r43ReviewprotoAnswer struct {
	Error struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Data    struct {
			Supported []string `json:"supported"`
			Requested string   `json:"requested"`
		} `json:"data"`
	} `json:"error"`
}

// TestR43ReviewprotoFutureVersionIsToldToPickASupportedOne: the case -32022 exists for (MCP
// 2026-07-28: a client asking for a version the server does not implement, so it can negotiate
// down) is a newer client whose header and params._meta both name its newer version. It gets
// -32022, but its message's remedy is "a 2026-07-28 request sends the one in its params._meta"
// (present/http.go ProtocolVersionUnknown, modern case) — the one it sent, itself unsupported:
// the message should tell it to use one of the supported versions (in both places), not repeat
// what it did.
func TestR43ReviewprotoFutureVersionIsToldToPickASupportedOne(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	body := `{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{` + r43ReviewprotoMeta("3000-01-01") + `}}`
	resp, got := sendMCP(t, http.MethodPost, h.URL(), "", strings.NewReader(body),
		map[string]string{"MCP-Protocol-Version": "3000-01-01", "Mcp-Method": "tools/list"})
	var answer r43ReviewprotoAnswer
	if err := json.Unmarshal([]byte(got), &answer); err != nil || resp.StatusCode != http.StatusBadRequest ||
		answer.Error.Code != mcp.UNSUPPORTED_PROTOCOL_VERSION || answer.Error.Data.Requested != "3000-01-01" {
		t.Fatalf("%d %s", resp.StatusCode, got)
	}
	if strings.Contains(answer.Error.Message, "sends the one in its params._meta") {
		t.Errorf("a client whose header and _meta both name 3000-01-01 is told to send the one in its _meta (which it did): %s", answer.Error.Message)
	}
}

// TestR43ReviewprotoLongVersionHeaderIsNotEchoedWhole: README says the refusal names "the value
// received (quoted with escapes, a long one short)"; the message does, but data.requested of
// the new -32022 answer carries the header whole: a 30,000-byte header (maxHeaderBytes is 32 KiB)
// makes a 30 KB error body, the value echoed unshortened (and not even as received: invalid
// UTF-8 becomes U+FFFD).
func TestR43ReviewprotoLongVersionHeaderIsNotEchoedWhole(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	body := `{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{` + r43ReviewprotoMeta("2026-07-28") + `}}`
	value := strings.Repeat("A", 30000)
	resp, got := sendMCP(t, http.MethodPost, h.URL(), "", strings.NewReader(body),
		map[string]string{"MCP-Protocol-Version": value, "Mcp-Method": "tools/list"})
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("%d %.300s", resp.StatusCode, got)
	}
	if len(got) > 4096 {
		t.Errorf("a %d-byte MCP-Protocol-Version header made a %d-byte refusal (data.requested whole)", len(value), len(got))
	}
}
