package mcpserver_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r69Newcomer7Send posts a 2026-07-28 tools/list to h with Host host (the listener's own when
// "") and headers, and returns the status and the start of the body.
func r69Newcomer7Send(t *testing.T, h *mcpserver.HTTPServer, host string, headers map[string]string) (int, string) {
	t.Helper()
	return r69PostModern(t, h, r67Httpmode10Modern, host, headers)
}

// r69PostModern posts the 2026-07-28 request body to h with Host host (the listener's own when
// "") and headers, and returns the status and the start of the body.
func r69PostModern(t *testing.T, h *mcpserver.HTTPServer, body, host string, headers map[string]string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, h.URL(), strings.NewReader(body))
	req.Close = true
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set("MCP-Protocol-Version", "2026-07-28")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	if host != "" {
		req.Host = host
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 2<<10))
	return resp.StatusCode, string(raw)
}

// TestR69Newcomer7TrailingDotSaysWhyAndWhatToUse: `localhost.` (with the trailing dot) as Host
// or Origin stays refused (a name with a trailing dot may be answered by DNS, not this
// machine's hosts file: the safe side), but the 403 now says why and what to use; any other
// foreign Host or Origin says what is served and who can widen it. Before, each got only
// "Forbidden: invalid Host header" or "Forbidden: invalid Origin header".
func TestR69Newcomer7TrailingDotSaysWhyAndWhatToUse(t *testing.T) {
	h, _ := r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{}, mcpserver.HTTPOptions{})
	port := h.URL()[len("http://127.0.0.1:") : len(h.URL())-len("/mcp")]
	for _, c := range []struct {
		host, origin string
		want         []string
	}{
		{"localhost.:" + port, "", []string{"trailing dot", "DNS", "localhost:" + port, "127.0.0.1"}},
		{"127.0.0.1.", "", []string{"trailing dot", "127.0.0.1"}},
		{"", "http://localhost.:3000", []string{"Origin", "trailing dot", "http://localhost:3000"}},
		{"rebound.example:" + port, "", []string{"Host", "DNS rebinding", "localhost", "--http-public-url"}},
		{"", "https://app.example", []string{"Origin", "loopback", "--allowed-origins"}},
	} {
		headers := map[string]string{}
		if c.origin != "" {
			headers["Origin"] = c.origin
		}
		status, body := r69Newcomer7Send(t, h, c.host, headers)
		if status != http.StatusForbidden {
			t.Errorf("Host %q Origin %q: %d, want 403", c.host, c.origin, status)
		}
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("Host %q Origin %q: the answer lacks %q: %q", c.host, c.origin, w, body)
			}
		}
	}
}

// TestR69Newcomer7UnparseableOriginIsLoggedMasked: an Origin that does not parse (or a Host of
// characters no host has) was logged as "origin":"" ("host":""), losing what was sent. Its
// line now quotes it, a credential in it masked.
func TestR69Newcomer7UnparseableOriginIsLoggedMasked(t *testing.T) {
	const secret = "ghp_R69Newcomer7AbCdEfGhIjKlMnOpQrStUvWxYz01"
	for _, c := range []struct {
		header, value, key, want string
	}{
		{"Origin", "http://exa mple.com/%zz", "origin", `"origin":"\"http://exa mple.com/%zz\""`},
		{"Origin", "http://x/" + secret + " %zz", "origin", `"origin":"\"http://x/`},
		{"Host", "bad_host!" + secret, "host", `"host":"\"bad_host!`},
	} {
		h, logs := r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{}, mcpserver.HTTPOptions{})
		host, headers := "", map[string]string{c.header: c.value}
		if c.header == "Host" {
			host, headers = c.value, nil
		}
		if status, _ := r69Newcomer7Send(t, h, host, headers); status != http.StatusForbidden {
			t.Errorf("%s %q: %d, want 403", c.header, c.value, status)
		}
		lines := r64Httpmode8Lines(logs, 0, "request refused: its "+c.header)
		if len(lines) != 1 || !strings.Contains(lines[0], c.want) || strings.Contains(lines[0], secret) || strings.Contains(lines[0], `"`+c.key+`":""`) {
			t.Errorf("%s %q: want one line holding %s, the secret masked:\n%s", c.header, c.value, c.want, strings.Join(lines, "\n"))
		}
	}
}

// TestR69Newcomer7BrowserOpeningTheEndpointIsTold: a browser opening /mcp (a GET accepting
// HTML, not an event stream) was told "a GET stream needs the Mcp-Session-Id header of an
// initialized session": words for an MCP client, not for the person who pasted the URL. It is
// now told this is an MCP endpoint for an MCP client to be given. A client's GET stream
// without a session keeps its answer.
func TestR69Newcomer7BrowserOpeningTheEndpointIsTold(t *testing.T) {
	h, _ := r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{}, mcpserver.HTTPOptions{})
	status, _, body := r67Httpmode10Send(t, http.MethodGet, h.URL(), "", map[string]string{
		"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "Content-Type": "",
	})
	if status != http.StatusBadRequest || !strings.Contains(body, "MCP endpoint") || !strings.Contains(body, "MCP client") || !strings.Contains(body, "POST") {
		t.Errorf("a browser's GET: %d %q, want 400 saying it is an MCP endpoint for an MCP client", status, body)
	}
	status, _, body = r67Httpmode10Send(t, http.MethodGet, h.URL(), "", map[string]string{"Accept": "text/event-stream", "Content-Type": ""})
	if status != http.StatusBadRequest || !strings.Contains(body, "Mcp-Session-Id") {
		t.Errorf("a client's GET stream without a session: %d %q, want 400 naming Mcp-Session-Id", status, body)
	}
}
