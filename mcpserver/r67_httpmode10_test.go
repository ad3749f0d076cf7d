package mcpserver_test

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r67Httpmode10Modern is a 2026-07-28 tools/list with its _meta.
const r67Httpmode10Modern = `{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{` + r39ModernMeta + `}}`

// TestR67Httpmode10EraRefusalsAreLogged: round 63 logged the protocol's refusals that the
// 2025 revisions define; those of the 2026-07-28 era that mcp-go answers itself (its headers
// missing or disagreeing with the body, a 2026-07-28 header on a body without its _meta, a GET or
// DELETE, which that era has not), and a JSON-RPC batch, which no era here runs, were answered
// with nothing in the operator's log. Each now logs one line at info with its status, the
// client's address and a remedy, never a header's value.
func TestR67Httpmode10EraRefusalsAreLogged(t *testing.T) {
	const marker = "r67-header-value-2718"
	modernHeaders := map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/list"}
	with := func(more map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range modernHeaders {
			out[k] = v
		}
		for k, v := range more {
			if v == "" {
				delete(out, k)
			} else {
				out[k] = v
			}
		}
		return out
	}
	for _, c := range []struct {
		what, method string
		session      bool // in a 2025-era session
		body         string
		headers      map[string]string
		status       int
		log          string
	}{
		{"a 2025-era batch", http.MethodPost, true, `[{"jsonrpc":"2.0","id":2,"method":"tools/list"}]`, map[string]string{"MCP-Protocol-Version": "2025-06-18"}, 400, "a JSON-RPC batch"},
		{"a 2026-07-28 batch", http.MethodPost, false, "[" + r67Httpmode10Modern + "]", modernHeaders, 400, "a JSON-RPC batch"},
		{"no MCP-Protocol-Version", http.MethodPost, false, r67Httpmode10Modern, with(map[string]string{"MCP-Protocol-Version": ""}), 400, "protocol headers are missing or disagree with its body"},
		{"a header not the body's", http.MethodPost, false, r67Httpmode10Modern, with(map[string]string{"MCP-Protocol-Version": "2025-06-18"}), 400, "protocol headers are missing or disagree with its body"},
		{"an Mcp-Method not the body's", http.MethodPost, false, r67Httpmode10Modern, with(map[string]string{"Mcp-Method": "tools/call"}), 400, "protocol headers are missing or disagree with its body"},
		{"Last-Event-ID on a 2026-07-28 POST", http.MethodPost, false, r67Httpmode10Modern, with(map[string]string{"Last-Event-ID": marker}), 400, "protocol headers are missing or disagree with its body"},
		{"2026-07-28 on a session's body without _meta", http.MethodPost, true, `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`, modernHeaders, 400, "names no protocol version in params._meta"},
		{"no client capabilities", http.MethodPost, false, strings.Replace(r67Httpmode10Modern, `,"io.modelcontextprotocol/clientCapabilities":{}`, "", 1), modernHeaders, 400, "declares no client capabilities"},
		{"a 2026-07-28 GET", http.MethodGet, false, "", map[string]string{"MCP-Protocol-Version": "2026-07-28", "Accept": "text/event-stream"}, 405, "GET or DELETE in protocol version 2026-07-28"},
		{"a 2026-07-28 DELETE", http.MethodDelete, false, "", map[string]string{"MCP-Protocol-Version": "2026-07-28"}, 405, "GET or DELETE in protocol version 2026-07-28"},
	} {
		// Each kind is logged once per burst: each case has a server of its own.
		h, logs := r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{}, mcpserver.HTTPOptions{})
		session := ""
		if c.session {
			resp, _ := sendMCP(t, http.MethodPost, h.URL(), "", strings.NewReader(r63Httpmode7Initialize), nil)
			if session = resp.Header.Get("Mcp-Session-Id"); session == "" {
				t.Fatalf("%s: initialize: %d", c.what, resp.StatusCode)
			}
		}
		before := len(logs.String())
		var body io.Reader
		if c.body != "" {
			body = strings.NewReader(c.body)
		}
		resp, text := sendMCP(t, c.method, h.URL(), session, body, c.headers)
		if resp.StatusCode != c.status {
			t.Errorf("%s: %d %.200q, want %d", c.what, resp.StatusCode, text, c.status)
		}
		lines := r63Httpmode7RefusalLines(logs, before)
		if len(lines) != 1 {
			t.Errorf("%s: %d refusal lines, want 1:\n%s", c.what, len(lines), strings.Join(lines, "\n"))
			continue
		}
		line := lines[0]
		if !strings.Contains(line, c.log) || !strings.Contains(line, `"status":`+strconv.Itoa(c.status)) || !strings.Contains(line, `"remote":"127.0.0.1:`) ||
			!strings.Contains(line, `"level":"INFO"`) || !strings.Contains(line, `"remedy":"`) {
			t.Errorf("%s: the line is not at info naming %q, status %d, the address and a remedy:\n%s", c.what, c.log, c.status, line)
		}
		for _, value := range []string{marker, session} {
			if value != "" && strings.Contains(logs.String(), value) {
				t.Errorf("%s: the log holds %q", c.what, value)
			}
		}
	}
}
