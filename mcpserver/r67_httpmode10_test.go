package mcpserver_test

import (
	"io"
	"maps"
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

// r67Httpmode10Send sends one request to endpoint over a new TCP connection and returns its
// status, headers and up to 1 KiB of its body; an event stream's body is not read.
func r67Httpmode10Send(t *testing.T, method, endpoint, body string, headers map[string]string) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest(method, endpoint, strings.NewReader(body))
	req.Close = true
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	for k, v := range headers {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if method == http.MethodGet && strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		return resp.StatusCode, resp.Header, ""
	}
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
	return resp.StatusCode, resp.Header, string(raw)
}

// TestR67Httpmode10EveryEraOverTCP (held): a client of each protocol version the server speaks,
// over streamable HTTP on a real TCP connection, gets what its revision of MCP asks for, each
// refusal with a status and a body it can act on. 2025 era (2024-11-05 to 2025-11-25, one
// session each): MCP-Protocol-Version absent is served (the 2025-06-18 revision: assume the
// version agreed on), another version the server speaks is served too (as the official SDKs
// do: the header is refused only when no version served), one that is none gets 400 naming
// those served; Mcp-Session-Id absent 400, forged or another caller's 404; a batch 400 with
// -32600; a GET without Accept gets its stream, one refusing it 406; DELETE 200, then 404 for
// every later request. 2026-07-28 keeps no session: its GET and DELETE get 405 with Allow: POST,
// an Mcp-Session-Id it brings (an ended one's) changes nothing, and its header must match its
// _meta (400, -32020).
func TestR67Httpmode10EveryEraOverTCP(t *testing.T) {
	h, _ := r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{}, mcpserver.HTTPOptions{})
	list := `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`
	type want struct {
		status int
		body   string // in the body
	}
	ended := ""
	for _, era := range []string{"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"} {
		initialize := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"` + era + `","capabilities":{},"clientInfo":{"name":"r67","version":"0"}}}`
		status, headers, body := r67Httpmode10Send(t, http.MethodPost, h.URL(), initialize, nil)
		session := headers.Get("Mcp-Session-Id")
		if status != http.StatusOK || session == "" || !strings.Contains(body, `"protocolVersion":"`+era+`"`) {
			t.Fatalf("%s: initialize: %d, session %q: %.200s", era, status, session, body)
		}
		other := map[string]string{"2024-11-05": "2025-11-25", "2025-03-26": "2025-06-18", "2025-06-18": "2025-03-26", "2025-11-25": "2024-11-05"}[era]
		for _, c := range []struct {
			what, method, body string
			headers            map[string]string
			want
		}{
			{"its version", http.MethodPost, list, map[string]string{"Mcp-Session-Id": session, "MCP-Protocol-Version": era}, want{200, `"tools":[`}},
			{"no version header", http.MethodPost, list, map[string]string{"Mcp-Session-Id": session}, want{200, `"tools":[`}},
			{"another version served", http.MethodPost, list, map[string]string{"Mcp-Session-Id": session, "MCP-Protocol-Version": other}, want{200, `"tools":[`}},
			{"a version not served", http.MethodPost, list, map[string]string{"Mcp-Session-Id": session, "MCP-Protocol-Version": "2099-01-01"}, want{400, "2026-07-28, 2025-11-25, 2025-06-18, 2025-03-26, 2024-11-05"}},
			{"no session", http.MethodPost, list, map[string]string{"MCP-Protocol-Version": era}, want{400, "Mcp-Session-Id"}},
			{"a forged session", http.MethodPost, list, map[string]string{"Mcp-Session-Id": "f" + session[1:], "MCP-Protocol-Version": era}, want{404, "session"}},
			{"another caller's session", http.MethodPost, list, map[string]string{"Mcp-Session-Id": session, "MCP-Protocol-Version": era, "Authorization": "Bearer r67-other-caller"}, want{404, "session"}},
			{"a batch", http.MethodPost, "[" + list + "]", map[string]string{"Mcp-Session-Id": session, "MCP-Protocol-Version": era}, want{400, `"code":-32600`}},
			{"a GET without Accept", http.MethodGet, "", map[string]string{"Mcp-Session-Id": session, "MCP-Protocol-Version": era, "Accept": ""}, want{200, ""}},
			{"a GET refusing the stream", http.MethodGet, "", map[string]string{"Mcp-Session-Id": session, "MCP-Protocol-Version": era, "Accept": "application/json"}, want{406, "text/event-stream"}},
			{"a GET without a session", http.MethodGet, "", map[string]string{"MCP-Protocol-Version": era, "Accept": "text/event-stream"}, want{400, "Mcp-Session-Id"}},
			{"DELETE", http.MethodDelete, "", map[string]string{"Mcp-Session-Id": session, "MCP-Protocol-Version": era}, want{200, ""}},
			{"DELETE again", http.MethodDelete, "", map[string]string{"Mcp-Session-Id": session, "MCP-Protocol-Version": era}, want{404, "initialize"}},
			{"a request after DELETE", http.MethodPost, list, map[string]string{"Mcp-Session-Id": session, "MCP-Protocol-Version": era}, want{404, "initialize"}},
			{"a GET after DELETE", http.MethodGet, "", map[string]string{"Mcp-Session-Id": session, "MCP-Protocol-Version": era, "Accept": "text/event-stream"}, want{404, "initialize"}},
		} {
			status, _, body := r67Httpmode10Send(t, c.method, h.URL(), c.body, c.headers)
			if status != c.status || !strings.Contains(body, c.want.body) {
				t.Errorf("%s, %s: %d %.200q, want %d holding %q", era, c.what, status, body, c.status, c.want.body)
			}
			if strings.Contains(body, session) {
				t.Errorf("%s, %s: the answer repeats the session ID", era, c.what)
			}
		}
		ended = session
	}
	modern := map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/list"}
	for _, c := range []struct {
		what, method, body string
		headers            map[string]string
		want
	}{
		{"a call", http.MethodPost, r67Httpmode10Modern, modern, want{200, `"tools":[`}},
		{"a call with an ended session's ID", http.MethodPost, r67Httpmode10Modern, map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/list", "Mcp-Session-Id": ended}, want{200, `"tools":[`}},
		{"a header not its _meta's", http.MethodPost, r67Httpmode10Modern, map[string]string{"MCP-Protocol-Version": "2025-11-25", "Mcp-Method": "tools/list"}, want{400, `"code":-32020`}},
		{"no version header", http.MethodPost, r67Httpmode10Modern, map[string]string{"Mcp-Method": "tools/list"}, want{400, `"code":-32020`}},
		{"a batch", http.MethodPost, "[" + r67Httpmode10Modern + "]", modern, want{400, `"code":-32600`}},
		{"a GET", http.MethodGet, "", map[string]string{"MCP-Protocol-Version": "2026-07-28", "Accept": "text/event-stream"}, want{405, "subscriptions/listen"}},
		{"a DELETE", http.MethodDelete, "", map[string]string{"MCP-Protocol-Version": "2026-07-28"}, want{405, "subscriptions/listen"}},
	} {
		status, headers, body := r67Httpmode10Send(t, c.method, h.URL(), c.body, c.headers)
		if status != c.status || !strings.Contains(body, c.want.body) || status == http.StatusMethodNotAllowed && headers.Get("Allow") != http.MethodPost {
			t.Errorf("2026-07-28, %s: %d (Allow %q) %.200q, want %d holding %q", c.what, status, headers.Get("Allow"), body, c.status, c.want.body)
		}
	}
}

// TestR67Httpmode10RebindingAndBearerUnderAttack (held, but for Origin: null's line): on a
// loopback listener, Host and Origin are loopback only when they say so exactly: a trailing dot
// (localhost., 127.0.0.1.), 0.0.0.0 and [::] (which some browsers route to this machine), an
// IPv4 address written short (127.1, 2130706433), a name under another (localhost.evil.example),
// userinfo before another host, Origin: null (a sandboxed frame, a file: page) and two origins
// in one header are refused 403, while IPv6 loopback in any spelling and names in capitals are
// served. The bearer scheme is read in any case (the token goes to the API, which refuses it:
// 401, where a header not read would be served with the server's own token); two schemes in one
// header are no bearer token (400). Each refusal kind logs one line with the client's address,
// never the token; Origin: null's names it, where it logged "origin":"".
func TestR67Httpmode10RebindingAndBearerUnderAttack(t *testing.T) {
	const token = "r67-attacker-token-1618"
	h, logs := r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{}, mcpserver.HTTPOptions{})
	call := `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_apps","arguments":{},` + r39ModernMeta + `}}`
	send := func(h *mcpserver.HTTPServer, host string, headers map[string]string) int {
		all := map[string]string{"Mcp-Method": "tools/call", "Mcp-Name": "list_apps"}
		maps.Copy(all, headers)
		status, _ := r69PostModern(t, h, call, host, all)
		return status
	}
	port := h.URL()[len("http://127.0.0.1:") : len(h.URL())-len("/mcp")]
	for host, want := range map[string]int{
		"localhost.": 403, "localhost.:" + port: 403, "127.0.0.1.": 403, "127.0.0.1.:" + port: 403, "0.0.0.0:" + port: 403,
		"[::]:" + port: 403, "127.1": 403, "2130706433": 403, "localhost.evil.example": 403, "evil.example": 403,
		"[::1]:" + port: 200, "[0:0:0:0:0:0:0:1]": 200, "[::ffff:127.0.0.1]:" + port: 200, "LOCALHOST:" + port: 200, "127.0.0.2": 200,
	} {
		if got := send(h, host, nil); got != want {
			t.Errorf("Host %s: %d, want %d", host, got, want)
		}
	}
	for origin, want := range map[string]int{
		"file://": 403, "http://localhost.:3000": 403, "http://127.0.0.1.": 403, "http://0.0.0.0:3000": 403,
		"http://[::]:3000": 403, "http://localhost@evil.example": 403, "http://127.0.0.1:80@evil.example": 403,
		"http://localhost:3000, http://evil.example": 403, "http://localhost.evil.example": 403, "null": 403,
		"http://[::1]:3000": 200, "HTTP://LOCALHOST": 200, "https://127.0.0.1:8443": 200,
	} {
		if got := send(h, "", map[string]string{"Origin": origin}); got != want {
			t.Errorf("Origin %s: %d, want %d", origin, got, want)
		}
	}
	for authorization, want := range map[string]int{
		"bearer " + token: 401, "BEARER " + token: 401, "Bearer  " + token + " ": 401,
		"Bearer " + token + ", Basic cjY3OnI2Nw==": 400, "Basic cjY3OnI2Nw==, Bearer " + token: 400, "Bearer " + token + " Bearer " + token: 400,
	} {
		if got := send(h, "", map[string]string{"Authorization": authorization}); got != want {
			t.Errorf("Authorization %q: %d, want %d", authorization, got, want)
		}
	}
	if strings.Contains(logs.String(), token) {
		t.Errorf("the log holds the bearer token")
	}
	for _, kind := range []string{"its Host is neither loopback", "its Origin is not allowed", "its Authorization header is not one bearer token", "refused the caller's bearer token"} {
		lines := r64Httpmode8Lines(logs, 0, kind)
		if len(lines) != 1 || !strings.Contains(lines[0], `"remote":"127.0.0.1:`) {
			t.Errorf("%q: %d lines, want 1 naming the client's address:\n%s", kind, len(lines), strings.Join(lines, "\n"))
		}
	}
	// Origin: null opening a burst: its line names it (a sandboxed frame or a file: page).
	h, logs = r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{}, mcpserver.HTTPOptions{})
	if got := send(h, "", map[string]string{"Origin": "null"}); got != http.StatusForbidden {
		t.Errorf("Origin null: %d, want 403", got)
	}
	if lines := r64Httpmode8Lines(logs, 0, "its Origin is not allowed"); len(lines) != 1 || !strings.Contains(lines[0], `"origin":"null"`) {
		t.Errorf("Origin null: the line does not name it:\n%s", strings.Join(lines, "\n"))
	}
}

// TestR67Httpmode10TokenInTheQueryValueIsRefused: a query parameter named like a credential was
// refused, but a token under a name that says nothing (?x=Bearer%20…, a JWT, a GitHub token) was
// served, the URL carrying it into proxy and access logs. A value masking hides is refused 400
// too, naming neither it nor its parameter, logged once with the client's address and never the
// value; a query of plain words is served as before.
func TestR67Httpmode10TokenInTheQueryValueIsRefused(t *testing.T) {
	const secret = "r67QueryTokenValue0123456789"
	h, logs := r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{}, mcpserver.HTTPOptions{})
	modern := map[string]string{"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/list"}
	for query, want := range map[string]int{
		"x=Bearer%20" + secret:                             400,
		"q=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0." + secret: 400,
		"k=ghp_" + secret + "abcdefgh":                     400,
		"client=r67&mode=test":                             200,
	} {
		status, _, body := r67Httpmode10Send(t, http.MethodPost, h.URL()+"?"+query, r67Httpmode10Modern, modern)
		if status != want || want == 400 && !strings.Contains(body, "value reads as a credential") || strings.Contains(body, secret) {
			t.Errorf("?%s: %d %.200q, want %d", query, status, body, want)
		}
	}
	lines := r64Httpmode8Lines(logs, 0, "value reads as a credential")
	if len(lines) != 1 || !strings.Contains(lines[0], `"remote":"127.0.0.1:`) || !strings.Contains(lines[0], `"status":400`) {
		t.Errorf("%d lines, want 1 naming the status and the client's address:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	if strings.Contains(logs.String(), secret) {
		t.Errorf("the log holds the token")
	}
}
