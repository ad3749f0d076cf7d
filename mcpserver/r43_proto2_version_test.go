package mcpserver_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestR43Proto2VersionRefusalFixFollowsTheMeta: the -32022 message's remedy follows what the
// request's params._meta names: a version served (only the header differs) is the one to send in
// the header; a version not served either (a newer client's, an initialize's too) is not, and the
// client is told to send one of those listed in both places. data.requested shows bytes that are
// not UTF-8 as escapes, as the message does, never as U+FFFD.
func TestR43Proto2VersionRefusalFixFollowsTheMeta(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	for _, tc := range []struct {
		name, method, meta, header, requested, want, not string
	}{
		{"header differs", "tools/list", "2026-07-28", "3000-01-01", "3000-01-01", "sends the one in its params._meta", "names no version served"},
		{"both newer", "tools/list", "3000-01-01", "3000-01-01", "3000-01-01", "the same in the header and in params._meta", "sends the one in its params._meta"},
		{"both unknown, apart", "tools/list", "bogus", "3000-01-01", "3000-01-01", "the same in the header and in params._meta", "sends the one in its params._meta"},
		{"initialize newer", "initialize", "3000-01-01", "3000-01-01", "3000-01-01", "an initialize needs none, and its params._meta names no version served either", "it is the one in the request's params._meta"},
		{"not UTF-8", "tools/list", "2026-07-28", "2026-07-28\xff", `2026-07-28\xff`, `"2026-07-28\xff"`, "\ufffd"},
	} {
		meta := `"_meta":{"io.modelcontextprotocol/protocolVersion":"` + tc.meta + `","io.modelcontextprotocol/clientInfo":{"name":"raw","version":"0"},"io.modelcontextprotocol/clientCapabilities":{}}`
		params := meta
		if tc.method == "initialize" {
			params = `"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"0"},` + meta
		}
		body := `{"jsonrpc":"2.0","id":2,"method":"` + tc.method + `","params":{` + params + `}}`
		resp, got := sendMCP(t, http.MethodPost, h.URL(), "", strings.NewReader(body),
			map[string]string{"MCP-Protocol-Version": tc.header, "Mcp-Method": tc.method})
		var answer struct {
			Error struct {
				Message string `json:"message"`
				Data    struct {
					Requested string `json:"requested"`
				} `json:"data"`
			} `json:"error"`
		}
		if err := json.Unmarshal([]byte(got), &answer); err != nil || resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d %.400s", tc.name, resp.StatusCode, got)
			continue
		}
		if answer.Error.Data.Requested != tc.requested {
			t.Errorf("%s: data.requested %q, want %q", tc.name, answer.Error.Data.Requested, tc.requested)
		}
		if !strings.Contains(answer.Error.Message, tc.want) || strings.Contains(answer.Error.Message, tc.not) {
			t.Errorf("%s: the message should say %q and not %q: %s", tc.name, tc.want, tc.not, answer.Error.Message)
		}
	}
}
