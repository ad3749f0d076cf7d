package mcpserver_test

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r63Httpmode7Initialize opens a 2025-era session.
const r63Httpmode7Initialize = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"r63","version":"0"}}}`

// r63Httpmode7RefusalLines is the lines logs holds after its first before bytes that log a refusal.
func r63Httpmode7RefusalLines(logs *testutil.SyncBuffer, before int) []string {
	var lines []string
	for _, line := range strings.Split(strings.TrimSpace(logs.String()[before:]), "\n") {
		if strings.Contains(line, "refused") {
			lines = append(lines, line)
		}
	}
	return lines
}

// TestR63Httpmode7ProtocolRefusalsAreLogged: round 62 logged the refusals of credentials, Origin,
// Host and foreign session IDs; the protocol's own refusals logged nothing at info (a wrong
// method 405, a GET refusing the event stream 406, a body that is not JSON 415, no session ID
// 400, a session ended with DELETE 404, a client's response answering no question 400) or only at
// debug (an unknown MCP-Protocol-Version 400): an operator saw a client fail with nothing in the
// log. Each logs one line at info with its status, the client's address and the remedy, naming
// no header value (the version sent), no session ID and no method that is not a standard one.
func TestR63Httpmode7ProtocolRefusalsAreLogged(t *testing.T) {
	const version, method = "r63-version-value-7777", "R63BREW"
	h, logs := r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{}, mcpserver.HTTPOptions{})
	resp, _ := sendMCP(t, http.MethodPost, h.URL(), "", strings.NewReader(r63Httpmode7Initialize), nil)
	session := resp.Header.Get("Mcp-Session-Id")
	ended := func() string {
		resp, _ := sendMCP(t, http.MethodPost, h.URL(), "", strings.NewReader(r63Httpmode7Initialize), nil)
		id := resp.Header.Get("Mcp-Session-Id")
		if resp, _ := sendMCP(t, http.MethodDelete, h.URL(), id, nil, nil); resp.StatusCode != http.StatusOK || id == "" {
			t.Fatalf("ending a session: %d (ID %q)", resp.StatusCode, id)
		}
		return id
	}()
	if resp.StatusCode != http.StatusOK || session == "" {
		t.Fatalf("initialize: %d, session %q", resp.StatusCode, session)
	}
	list := `{"jsonrpc":"2.0","id":2,"method":"tools/list"}`
	all := []*testutil.SyncBuffer{logs}
	for _, c := range []struct {
		what, method, session, body string
		headers                     map[string]string
		status                      int
		log, shown                  string // in the line: its message, and an attribute it shows
	}{
		{"PUT", http.MethodPut, "", list, nil, 405, "serves POST, GET and DELETE only", `"method":"PUT"`},
		{"a made-up method", method, "", list, nil, 405, "serves POST, GET and DELETE only", `"method":"other"`},
		{"a GET refusing the stream", http.MethodGet, session, "", map[string]string{"Accept": "application/json"}, 406, "Accept rules out text/event-stream", ""},
		{"a body that is not JSON", http.MethodPost, "", r63Httpmode7Initialize, map[string]string{"Content-Type": "text/plain"}, 415, "Content-Type is not application/json", ""},
		{"a GET without a session", http.MethodGet, "", "", map[string]string{"Accept": "text/event-stream"}, 400, "GET stream without an Mcp-Session-Id", ""},
		{"a request without a session", http.MethodPost, "", list, nil, 400, "other than initialize without an Mcp-Session-Id", ""},
		{"a session ended", http.MethodPost, ended, list, nil, 404, "names a session ended with DELETE", ""},
		{"an unknown version", http.MethodPost, session, list, map[string]string{"MCP-Protocol-Version": version}, 400, "MCP-Protocol-Version header is no protocol version", `"supported":"`},
		{"an answer to no question", http.MethodPost, session, `{"jsonrpc":"2.0","id":99,"result":{}}`, nil, 400, "response answers no question", ""},
	} {
		server, logs := h, logs
		if c.what == "a made-up method" { // a second 405 within the throttle's window: its own server
			server, logs = r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{}, mcpserver.HTTPOptions{})
			all = append(all, logs)
		}
		before := len(logs.String())
		var body io.Reader
		if c.body != "" {
			body = strings.NewReader(c.body)
		}
		if resp, text := sendMCP(t, c.method, server.URL(), c.session, body, c.headers); resp.StatusCode != c.status {
			t.Errorf("%s: %d %.200q, want %d", c.what, resp.StatusCode, text, c.status)
		}
		lines := r63Httpmode7RefusalLines(logs, before)
		if len(lines) != 1 {
			t.Errorf("%s: %d refusal lines, want 1:\n%s", c.what, len(lines), strings.Join(lines, "\n"))
			continue
		}
		line := lines[0]
		if !strings.Contains(line, c.log) || !strings.Contains(line, `"status":`+strconv.Itoa(c.status)) || !strings.Contains(line, `"remote":"127.0.0.1:`) ||
			!strings.Contains(line, `"level":"INFO"`) || !strings.Contains(line, c.shown) ||
			c.what != "an answer to no question" && !strings.Contains(line, `"remedy":"`) {
			t.Errorf("%s: the line is not at info naming %q, status %d, the address, %s and a remedy:\n%s", c.what, c.log, c.status, c.shown, line)
		}
	}
	for _, logs := range all {
		for _, value := range []string{version, method, session, ended} {
			if strings.Contains(logs.String(), value) {
				t.Errorf("the log holds %q:\n%s", value, logs)
			}
		}
	}
}

// TestR63Httpmode7UnknownPathIsLoggedAndNamesTheEndpoint: a client pointed at the wrong URL
// (the HTTP+SSE transport's /sse, the root, /mcp/) got Go's "404 page not found" and the
// operator's log said nothing. The answer names /mcp, and the refusal is logged at info with the
// remedy, the path shown only when it is one such misconfiguration (any other is the client's
// own text); discovery (/.well-known/…) is normal and logs nothing at info. /healthz keeps its
// 405 for another method.
func TestR63Httpmode7UnknownPathIsLoggedAndNamesTheEndpoint(t *testing.T) {
	const private = "/r63-private-path-8888"
	h, logs := r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{}, mcpserver.HTTPOptions{})
	base := strings.TrimSuffix(h.URL(), "/mcp")
	for _, c := range []struct {
		method, path string
		status       int
		log          string // "" for no refusal line at info
	}{
		{http.MethodGet, "/sse", 404, `"path":"/sse"`},
		{http.MethodPost, private, 404, "no such path (not shown)"},
		{http.MethodGet, "/.well-known/oauth-authorization-server", 404, ""},
		{http.MethodPost, "/healthz", 405, ""},
		{http.MethodHead, "/healthz", 200, ""},
	} {
		before := len(logs.String())
		resp, body := sendMCP(t, c.method, base+c.path, "", strings.NewReader("{}"), nil)
		if resp.StatusCode != c.status || c.status == 404 && !strings.Contains(body, "at /mcp") ||
			c.status == 405 && resp.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s %s: %d (Allow %q) %q, want %d naming /mcp", c.method, c.path, resp.StatusCode, resp.Header.Get("Allow"), body, c.status)
		}
		lines := r63Httpmode7RefusalLines(logs, before)
		switch {
		case c.log == "" && len(lines) > 0:
			t.Errorf("%s %s: logged a refusal:\n%s", c.method, c.path, strings.Join(lines, "\n"))
		case c.log != "" && (len(lines) != 1 || !strings.Contains(lines[0], c.log) || !strings.Contains(lines[0], `"level":"INFO"`) ||
			!strings.Contains(lines[0], `"status":404`) || !strings.Contains(lines[0], `"remedy":"point the client at /mcp`)):
			t.Errorf("%s %s: want one line at info with %s, the status and the remedy:\n%s", c.method, c.path, c.log, strings.Join(lines, "\n"))
		}
	}
	if strings.Contains(logs.String(), private) {
		t.Errorf("the log holds the client's path:\n%s", logs)
	}
}
