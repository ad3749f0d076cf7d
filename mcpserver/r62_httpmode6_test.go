package mcpserver_test

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/logging"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r62Httpmode6Call is a 2025-era tools/call of list_apps (no session: refused before it matters).
const r62Httpmode6Call = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_apps","arguments":{}}}`

// TestR62Httpmode6SharedSecretStandInIsNamed: README's example sends
// "X-MCP-Auth-Token: $SPICE_MCP_HTTP_AUTH_TOKEN"; a client configuration that expands nothing
// sent the variable's name as written and got the plain "present the server's auth token",
// where the same mistake in a bearer token is named. Now a variable's name or an example's
// placeholder in the header is named as such (the value not repeated); the answer depends only
// on what was sent, never on what the configured secret looks like; the secret itself is served.
func TestR62Httpmode6SharedSecretStandInIsNamed(t *testing.T) {
	answers := map[string]string{}
	for _, secret := range []string{"r62-shared-secret-0123456789", "<r62-shared-secret-in-brackets>"} {
		h, _ := r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{}, mcpserver.HTTPOptions{AuthToken: secret})
		for _, sent := range []string{"$SPICE_MCP_HTTP_AUTH_TOKEN", "${SPICE_MCP_HTTP_AUTH_TOKEN}", " ${env:R62_SECRET} ", "%R62_SECRET%",
			"<token>", "<your auth token>", "YOUR_TOKEN-REPLACE-ME", "r62-wrong-but-real-looking", "$not a variable"} {
			resp, body := sendMCP(t, http.MethodPost, h.URL(), "", strings.NewReader(r62Httpmode6Call), map[string]string{mcpserver.AuthTokenHeader: sent})
			want := present.SharedSecretRequired(mcpserver.AuthTokenHeader)
			switch {
			case strings.Contains(sent, "R62_SECRET") || strings.Contains(sent, "SPICE_"):
				want = present.SharedSecretStandIn(mcpserver.AuthTokenHeader, true)
			case strings.Contains(sent, "<") || strings.Contains(sent, "REPLACE"):
				want = present.SharedSecretStandIn(mcpserver.AuthTokenHeader, false)
			}
			if resp.StatusCode != http.StatusUnauthorized || strings.TrimSpace(body) != want || strings.Contains(body, strings.TrimSpace(sent)) {
				t.Errorf("secret %q, %s: %q: %d %q; want 401 %q", secret, mcpserver.AuthTokenHeader, sent, resp.StatusCode, body, want)
			}
			if prev, seen := answers[sent]; seen && prev != body {
				t.Errorf("%q: the answer depends on the configured secret: %q, then %q", sent, prev, body)
			}
			answers[sent] = body
		}
		if resp, body := sendMCP(t, http.MethodPost, h.URL(), "", strings.NewReader(r62Httpmode6Call), map[string]string{mcpserver.AuthTokenHeader: secret}); resp.StatusCode == http.StatusUnauthorized {
			t.Errorf("secret %q sent: %d %q, want it served", secret, resp.StatusCode, body)
		}
	}
}

// TestR62Httpmode6PageListenerLogsItsRefusalsOncePerBurst: the stdio page listener refused a
// connection beyond its 64 busy ones (503) and logged nothing: its operator could not tell a
// flood from a bug. It logs the refusal, with the client's address and the limit, once per burst
// (20 refusals in a row: one line), never the page's secret path.
func TestR62Httpmode6PageListenerLogsItsRefusalsOncePerBurst(t *testing.T) {
	logs := &testutil.SyncBuffer{}
	logger, _ := logging.New(logs, slog.LevelDebug, "json")
	s := humanweb.New(humanweb.Options{Listen: "127.0.0.1:0", Conns: mcpserver.PageConns, Logger: logger})
	t.Cleanup(func() { _ = s.Close() })
	_, link, err := s.Approval(context.Background(), humanweb.Approval{Key: "k", Tool: "delete_app", Action: "Delete app demo (1)"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(link.URL)
	if err != nil {
		t.Fatal(err)
	}
	held := make([]net.Conn, 0, mcpserver.MaxPageConnections)
	t.Cleanup(func() {
		for _, c := range held {
			_ = c.Close()
		}
	})
	for i := range mcpserver.MaxPageConnections {
		c, err := net.Dial("tcp", u.Host)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
		// A request in progress: its body is waited for.
		req := "POST /human/" + strings.Repeat("A", 43) + " HTTP/1.1\r\nHost: " + u.Host +
			"\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n"
		if _, err := io.WriteString(c, req); err != nil {
			t.Fatal(err)
		}
		_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
		if line, err := bufio.NewReader(c).ReadString('\n'); err != nil || !strings.HasPrefix(line, "HTTP/1.1 100") {
			t.Fatalf("held connection %d: %q, %v", i+1, line, err)
		}
	}
	const refusals = 20
	start := time.Now()
	var local string
	for range refusals {
		c, err := net.Dial("tcp", u.Host)
		if err != nil {
			t.Fatal(err)
		}
		local = c.LocalAddr().String()
		_, _ = io.WriteString(c, "GET "+u.RequestURI()+" HTTP/1.1\r\nHost: "+u.Host+"\r\n\r\n")
		_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil || res.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("a connection beyond the 64 busy ones: %v %v; want 503", res, err)
		}
		_ = res.Body.Close()
		_ = c.Close()
	}
	lines := 0
	for _, line := range strings.Split(logs.String(), "\n") {
		if !strings.Contains(line, "connection refused") {
			continue
		}
		lines++
		if !strings.Contains(line, `"max_connections":64`) || !strings.Contains(line, `"remote":"127.0.0.1:`) ||
			strings.Contains(line, u.Path) || strings.Contains(line, strings.TrimPrefix(u.Path, humanweb.Prefix)) {
			t.Errorf("the refusal's line names no limit or address, or the page's path: %s", line)
		}
	}
	if most := 1 + int(time.Since(start)/(10*time.Second)); lines == 0 || lines > most {
		t.Errorf("%d refusals in a burst logged %d lines, want 1 to %d (last client %s):\n%s", refusals, lines, most, local, logs)
	}
}
