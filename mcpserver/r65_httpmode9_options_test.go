package mcpserver_test

import (
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR65Httpmode9OptionsStarIsLoggedAtDebug: net/http answers OPTIONS * itself (200, before any
// handler: a load balancer's health check, or a probe), so nothing logged it at any level, and a
// connection that sent one and then idled until the idle timeout was logged as having "sent no
// request in time". It now logs one debug line naming it and the client's address (never at
// info: health checks come every few seconds), and its idle close is not mistaken for silence.
func TestR65Httpmode9OptionsStarIsLoggedAtDebug(t *testing.T) {
	h, logs := r61Httpmode5Serve(t, sandbox.Config{Demo: true}, mcpserver.Options{},
		mcpserver.HTTPOptions{IdleTimeout: 300 * time.Millisecond})
	host := hostOf(h.URL())
	// Kept alive: the connection idles after the answer until the idle timeout closes it.
	answer := r64Httpmode8Raw(t, host, "OPTIONS * HTTP/1.1\r\nHost: "+host+"\r\n\r\n")
	if !strings.HasPrefix(answer, "HTTP/1.1 200 OK") {
		t.Fatalf("OPTIONS *: %q", answer)
	}
	lines := r64Httpmode8Lines(logs, 0, "OPTIONS *")
	if len(lines) != 1 || !strings.Contains(lines[0], `"level":"DEBUG"`) || !strings.Contains(lines[0], `"remote":"127.0.0.1:`) {
		t.Errorf("want one debug line naming OPTIONS * and the client:\n%s", logs.String())
	}
	if lines := r64Httpmode8Lines(logs, 0, "sent no request in time"); len(lines) > 0 {
		t.Errorf("a connection that sent OPTIONS * is logged as silent:\n%s", strings.Join(lines, "\n"))
	}
}
