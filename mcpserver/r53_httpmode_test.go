package mcpserver_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestR53HttpmodeEvictedSessionFreesStuckStream: the third way a session ends, besides its
// client's DELETE (TestR52HttpmodeEndedSessionFreesStuckStream) and its TTL
// (TestR52HttpmodeExpiredSessionFreesStuckStream): ended to make room for a new session at
// --http-max-sessions. Its GET stream, whose client reads nothing and whose handler is stuck
// writing to a full socket, is cut off a second later and stops counting against
// --http-max-connections, and the session that made room is served.
func TestR53HttpmodeEvictedSessionFreesStuckStream(t *testing.T) {
	var srv *server.MCPServer
	h := serve(t, mcpserver.HTTPOptions{MaxSessions: 1}, func(s *server.MCPServer) { srv = s })
	evicted := initialize(t, h.URL(), nil)
	http.DefaultClient.CloseIdleConnections()
	stream := r52HttpmodeStuckStream(t, h, srv, evicted)
	if h.Sessions() != 1 {
		t.Fatalf("%d sessions before the new one, want 1", h.Sessions())
	}
	newcomer := initialize(t, h.URL(), nil) // the cap is 1: the stuck stream's session makes room
	http.DefaultClient.CloseIdleConnections()
	r52HttpmodeUncounted(t, h, stream, "the stuck stream of a session ended at the session cap")
	if resp, body := rpc(t, h.URL(), newcomer, `{"jsonrpc":"2.0","id":2,"method":"ping"}`, nil); resp.StatusCode != http.StatusOK {
		t.Errorf("the new session: %d %s", resp.StatusCode, body)
	}
	for deadline := time.Now().Add(5 * time.Second); h.Sessions() != 1; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d sessions held, want the new one alone", h.Sessions())
		}
	}
}
