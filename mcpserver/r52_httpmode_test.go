package mcpserver_test

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// r52HttpmodeGET is the raw request that opens session's GET stream on host, with extra header
// lines (each ending in \r\n).
func r52HttpmodeGET(host, session, extra string) string {
	return "GET /mcp HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/event-stream\r\nMcp-Session-Id: " + session +
		"\r\nMCP-Protocol-Version: 2025-06-18\r\n" + extra + "\r\n"
}

// r52HttpmodeOpen sends request on a new connection, whose receive buffer is small when
// tinyBuffer, and reads the answer's head; a stream's body is left unread.
func r52HttpmodeOpen(t *testing.T, host, request string, tinyBuffer bool) (net.Conn, *http.Response) {
	t.Helper()
	c, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if tinyBuffer {
		_ = c.(*net.TCPConn).SetReadBuffer(4 << 10)
	}
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, request); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReaderSize(c, 16), nil)
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	_ = c.SetDeadline(time.Time{})
	return c, resp
}

// r52HttpmodeUncounted waits until h no longer counts c's connection.
func r52HttpmodeUncounted(t *testing.T, h *mcpserver.HTTPServer, c net.Conn, what string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		state, ok := mcpserver.ConnState(h, c.LocalAddr().String())
		if !ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: the server still counts its connection (%v) 5 s later", what, state)
		}
	}
}

// r52HttpmodeStuckStream opens session's GET stream on a connection that reads nothing and
// sends the session notifications of 64 KiB until its queue stays full for 200 ms: the socket's
// buffers are full and the stream's handler is stuck writing (or the session ended meanwhile).
func r52HttpmodeStuckStream(t *testing.T, h *mcpserver.HTTPServer, srv *server.MCPServer, session string) net.Conn {
	t.Helper()
	stream, _ := r52HttpmodeFillStream(t, h, srv, session)
	return stream
}

// r52HttpmodeFillStream is r52HttpmodeStuckStream saying whether the stream got stuck (false:
// the session ended before its queue stayed full).
func r52HttpmodeFillStream(t *testing.T, h *mcpserver.HTTPServer, srv *server.MCPServer, session string) (net.Conn, bool) {
	t.Helper()
	host := hostOf(h.URL())
	stream, resp := r52HttpmodeOpen(t, host, r52HttpmodeGET(host, session, ""), true)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET stream: %d", resp.StatusCode)
	}
	payload := map[string]any{"level": "info", "data": strings.Repeat("x", 64<<10)}
	sent, blocked := 0, 0
	for deadline := time.Now().Add(20 * time.Second); blocked < 100; {
		if time.Now().After(deadline) {
			t.Fatalf("the stream never filled: %d notifications queued", sent)
		}
		err := srv.SendNotificationToSpecificClient(session, "notifications/message", payload)
		switch {
		case err == nil:
			sent++
			blocked = 0
		case errors.Is(err, server.ErrNotificationChannelBlocked):
			blocked++
			time.Sleep(2 * time.Millisecond)
		case errors.Is(err, server.ErrSessionNotFound):
			return stream, false
		default:
			t.Fatalf("notification %d: %v", sent, err)
		}
	}
	return stream, true
}

// TestR52HttpmodeEndedSessionFreesStuckStream: a GET stream whose client stopped reading, with
// the server's writes to it stuck on a full socket, stayed counted against
// --http-max-connections after its session was deleted: ending the session cancelled the
// stream's context, which a handler blocked in a write never sees. Now the connection is
// closed a second after the session ends if the handler has not returned by then.
func TestR52HttpmodeEndedSessionFreesStuckStream(t *testing.T) {
	for try := 1; ; try++ {
		var srv *server.MCPServer
		h := serve(t, mcpserver.HTTPOptions{}, func(s *server.MCPServer) { srv = s })
		session := initialize(t, h.URL(), nil)
		stream := r52HttpmodeStuckStream(t, h, srv, session)
		if status, body := del(t, h.URL(), session, nil); status != http.StatusOK {
			t.Fatalf("DELETE: %d %s", status, body)
		}
		http.DefaultClient.CloseIdleConnections()
		if !r66Testtime4FreedOrIdle(t, h, stream, "the stuck stream of a deleted session") {
			return
		}
		// Not stuck after all (see TestR52HttpmodeExpiredSessionFreesStuckStream): try again.
		if try == 5 {
			t.Fatalf("in %d tries the stream's handler was never stuck writing when its session ended", try)
		}
	}
}

// TestR52HttpmodeExpiredSessionFreesStuckStream: the same when the session ends by its TTL.
// The TTL runs on the test's clock (R56SessionClock), so the session cannot end while its stream
// fills, however slow the machine: it ends when the test moves the clock past it and sweeps.
func TestR52HttpmodeExpiredSessionFreesStuckStream(t *testing.T) {
	for try := 1; ; try++ {
		var srv *server.MCPServer
		h := serve(t, mcpserver.HTTPOptions{SessionIdleTTL: time.Hour}, func(s *server.MCPServer) { srv = s })
		var now atomic.Int64
		now.Store(epoch.UnixNano())
		sweep := mcpserver.R56SessionClock(h, func() time.Time { return time.Unix(0, now.Load()) })
		session := initialize(t, h.URL(), nil)
		http.DefaultClient.CloseIdleConnections()
		stream := r52HttpmodeStuckStream(t, h, srv, session)
		now.Add(int64(time.Hour + time.Second))
		sweep()
		if n := h.Sessions(); n != 0 {
			t.Fatalf("%d sessions left past the TTL", n)
		}
		if !r66Testtime4FreedOrIdle(t, h, stream, "the stuck stream of an expired session") {
			return
		}
		// Its queue stayed full while its handler was only not scheduled (seen under -race at
		// load 20), not stuck writing: it returned when the session ended and its connection
		// went back to idle, which is not this test's case. The next try fills a stream again.
		if try == 5 {
			t.Fatalf("in %d tries the stream's handler was never stuck writing when its session ended", try)
		}
	}
}

// r66Testtime4FreedOrIdle waits until h no longer counts c's connection (false), or counts it
// idle (true: its handler returned by itself, so it was not stuck). A connection still active
// 30 s later, a stuck handler not cut off a second after its stream ended, fails the test.
func r66Testtime4FreedOrIdle(t *testing.T, h *mcpserver.HTTPServer, c net.Conn, what string) (idle bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		state, ok := mcpserver.ConnState(h, c.LocalAddr().String())
		switch {
		case !ok:
			return false
		case state == http.StateIdle:
			return true
		case time.Now().After(deadline):
			t.Fatalf("%s: the server still counts its connection (%v) 30 s later", what, state)
		}
	}
}

// TestR52HttpmodeMalformedSessionIDIsBadRequest: the specification allows a session ID only
// visible ASCII (0x21 to 0x7E). A header with other bytes (a space, obs-text), or repeated with
// different values, names no session at all: it gets 400 naming Mcp-Session-Id and the rule,
// not 404 (which tells a client its session ended and to initialize again). A well-formed ID
// this server never issued, of whatever length, is a session unknown here: 404 as before.
func TestR52HttpmodeMalformedSessionIDIsBadRequest(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	host := hostOf(h.URL())
	session := initialize(t, h.URL(), nil)
	ping := `{"jsonrpc":"2.0","id":2,"method":"ping"}`
	request := func(method, headers string) string {
		head := method + " /mcp HTTP/1.1\r\nHost: " + host + "\r\nAccept: application/json, text/event-stream\r\n" +
			"MCP-Protocol-Version: 2025-06-18\r\nConnection: close\r\n" + headers
		if method == http.MethodPost {
			return head + "Content-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(ping)) + "\r\n\r\n" + ping
		}
		return head + "\r\n"
	}
	// The same ID twice is one ID.
	c, resp := r52HttpmodeOpen(t, host, request(http.MethodPost, "Mcp-Session-Id: "+session+"\r\nMcp-Session-Id: "+session+"\r\n"), false)
	c.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("the session's ID sent twice: %d, want 200", resp.StatusCode)
	}
	for _, tc := range []struct {
		name, headers string
		status        int
		want          string
	}{
		{"a space inside", "Mcp-Session-Id: " + session[:8] + " " + session[8:] + "\r\n", http.StatusBadRequest, "visible ASCII"},
		{"a byte beyond ASCII", "Mcp-Session-Id: " + session + "\xe9\r\n", http.StatusBadRequest, "visible ASCII"},
		{"two different values", "Mcp-Session-Id: " + session + "\r\nMcp-Session-Id: other\r\n", http.StatusBadRequest, "more than once"},
		{"made up, well formed", "Mcp-Session-Id: " + strings.Repeat("a", len(session)) + "\r\n", http.StatusNotFound, ""},
		{"made up, short", "Mcp-Session-Id: abc\r\n", http.StatusNotFound, ""},
	} {
		for _, method := range []string{http.MethodPost, http.MethodGet, http.MethodDelete} {
			c, resp := r52HttpmodeOpen(t, host, request(method, tc.headers), false)
			var raw []byte
			if resp.StatusCode != http.StatusOK { // a stream is not read
				raw, _ = io.ReadAll(io.LimitReader(resp.Body, 1<<10))
			}
			c.Close()
			if resp.StatusCode != tc.status || !strings.Contains(string(raw), tc.want) ||
				tc.status == http.StatusBadRequest && !strings.Contains(string(raw), "Mcp-Session-Id") {
				t.Errorf("%s, %s: %d %q, want %d naming Mcp-Session-Id and %q", tc.name, method, resp.StatusCode, raw, tc.status, tc.want)
			}
		}
	}
	// The session goes on (a DELETE above ended nothing).
	if resp, body := rpc(t, h.URL(), session, ping, nil); resp.StatusCode != http.StatusOK {
		t.Errorf("the session after the malformed requests: %d %s", resp.StatusCode, body)
	}
}

// TestR52HttpmodeOneStreamPerSession: a session's GET streams all read one notification queue,
// so a second stream only splits the first's messages, and a client opening many held as many
// connections of the cap as it liked. Now a session has one GET stream: a new one replaces the
// one open before it, which ends (its client may be gone without the server knowing, at a
// proxy: refusing the new one with 409 would lock the session out of its stream).
func TestR52HttpmodeOneStreamPerSession(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	host := hostOf(h.URL())
	session := initialize(t, h.URL(), nil)
	other := initialize(t, h.URL(), nil)
	neighbour, resp := r52HttpmodeOpen(t, host, r52HttpmodeGET(host, other, ""), false)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the other session's stream: %d", resp.StatusCode)
	}
	var streams []net.Conn
	var bodies []io.Reader
	for i := range 3 {
		c, resp := r52HttpmodeOpen(t, host, r52HttpmodeGET(host, session, ""), false)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("stream %d: %d", i, resp.StatusCode)
		}
		waitConnState(t, h, c, http.StateActive)
		streams, bodies = append(streams, c), append(bodies, resp.Body)
	}
	// The replaced streams end (their connections then idle, as after any answer).
	for i, c := range streams[:2] {
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.ReadAll(bodies[i]); err != nil {
			t.Errorf("replaced stream %d did not end: %v", i, err)
		}
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			if state, ok := mcpserver.ConnState(h, c.LocalAddr().String()); !ok || state != http.StateActive {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("replaced stream %d still counts as a request in progress", i)
			}
		}
	}
	for _, c := range []net.Conn{streams[2], neighbour} {
		if state, ok := mcpserver.ConnState(h, c.LocalAddr().String()); !ok || state != http.StateActive {
			t.Errorf("the newest stream, or another session's: %v %v, want it open", state, ok)
		}
	}
}

// TestR52HttpmodeLastEventIDOpensAFreshStream: the server keeps no events to replay
// (resumability is optional in MCP): a GET with Last-Event-ID gets a fresh stream of its
// session, not an error, and README says messages sent while no stream was open are not replayed.
func TestR52HttpmodeLastEventIDOpensAFreshStream(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	host := hostOf(h.URL())
	session := initialize(t, h.URL(), nil)
	_, resp := r52HttpmodeOpen(t, host, r52HttpmodeGET(host, session, "Last-Event-ID: 42\r\n"), false)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Errorf("GET with Last-Event-ID: %d %q, want a fresh stream", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}
