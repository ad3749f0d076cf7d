package mcpserver_test

import (
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestR49LeadStreamsDoNotLockOut: GET streams that a caller keeps open (each only waits for the
// server's messages) fill the connection cap without locking new clients out: at the cap a new
// connection closes the stream open the longest, whose client only opens it again, and /healthz
// (a liveness probe) is answered. Only requests in progress are never closed for a new one.
func TestR49LeadStreamsDoNotLockOut(t *testing.T) {
	const limit = 3
	h := serve(t, mcpserver.HTTPOptions{MaxConnections: limit}, nil)
	endpoint := h.URL()
	host := hostOf(endpoint)
	var sessions []string // a session has one stream
	for range limit {
		sessions = append(sessions, initialize(t, endpoint, nil))
	}
	http.DefaultClient.CloseIdleConnections()
	// The server counts initialize's connection until it sees it closed (it may even count it
	// active a moment after the answer arrived, which would make a stream the victim).
	for deadline := time.Now().Add(5 * time.Second); mcpserver.ConnCount(h) > 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the server still counts %d connections after the client closed its own", mcpserver.ConnCount(h))
		}
	}
	var gets []string
	var streams []net.Conn
	for _, session := range sessions {
		gets = append(gets, "GET /mcp HTTP/1.1\r\nHost: "+host+"\r\nAccept: text/event-stream\r\nMcp-Session-Id: "+session+
			"\r\nMCP-Protocol-Version: 2025-06-18\r\n\r\n")
		streams = append(streams, openConns(t, host, 1, gets[len(gets)-1], "HTTP/1.1 200")...)
	}
	for _, c := range streams {
		waitConnState(t, h, c, http.StateActive)
	}
	resp, text := healthz(t, host)
	if resp == nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("a new client with %d streams open at the cap of %d: %v %q", limit, limit, resp, text)
	}
	// It is told to reopen before it closes (TestR51HttpmodeStreamDoesNotDisplaceStream).
	_ = streams[0].SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.ReadAll(streams[0]); isTimeoutErr(err) {
		t.Error("the stream open the longest was not closed")
	}
	for i, c := range streams[1:] {
		if got, ok := mcpserver.ConnState(h, c.LocalAddr().String()); !ok || got != http.StateActive {
			t.Errorf("stream %d: %v %v, want it still open", i+1, got, ok)
		}
	}
	// The server counts /healthz's connection until it sees it closed, and may count it active a
	// moment after the answer arrived (as initialize's above): a stream opened then finds only
	// streams to make room and is refused (503; seen under load). Wait for the two streams left.
	for deadline := time.Now().Add(r52DeterminismGuard); mcpserver.ConnCount(h) > limit-1; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the server still counts %d connections, want the %d streams left", mcpserver.ConnCount(h), limit-1)
		}
	}
	// The client opens its stream again, as a closed stream tells it to.
	again := openConns(t, host, 1, gets[0], "HTTP/1.1 200")[0]
	waitConnState(t, h, again, http.StateActive)
}
