package mcpserver

import (
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
)

// ConnState is the state h's connection limit holds for the connection whose client end has
// the local address clientAddr (test-only seam); ok is false when it does not count it.
func ConnState(h *HTTPServer, clientAddr string) (state http.ConnState, ok bool) {
	h.conns.mu.Lock()
	defer h.conns.mu.Unlock()
	for c, e := range h.conns.conns {
		if c.RemoteAddr().String() == clientAddr {
			return e.state, true
		}
	}
	return 0, false
}

// ConnCount is the number of connections h's connection limit counts (test-only seam).
func ConnCount(h *HTTPServer) int {
	h.conns.mu.Lock()
	defer h.conns.mu.Unlock()
	return len(h.conns.conns)
}

// TestConnLimitVictimOrder: at the cap a new connection closes the idle one idle the longest,
// else the oldest silent one, else the one that began sending first (the refusal when all are
// busy is TestHTTPConnectionCap's).
func TestConnLimitVictimOrder(t *testing.T) {
	pipe := func() net.Conn {
		server, client := net.Pipe()
		t.Cleanup(func() { server.Close(); client.Close() })
		return &markedConn{Conn: server}
	}
	l := newConnLimit(3)
	a, b, c := pipe(), pipe(), pipe()
	for _, conn := range []net.Conn{a, b, c} {
		l.track(conn, http.StateNew)
	}
	// b goes idle before a: a stays silent (new), b is idle the longest, then c.
	l.track(b, http.StateActive)
	l.track(b, http.StateIdle)
	l.track(c, http.StateActive)
	l.track(c, http.StateIdle)
	d := pipe()
	l.track(d, http.StateNew)
	if _, ok := l.conns[b]; ok || len(l.conns) != 3 {
		t.Fatalf("idle the longest (b) not replaced: %d counted, b kept %v", len(l.conns), ok)
	}
	l.track(d, http.StateActive)
	// c is idle, a silent: c goes first, then a.
	e := pipe()
	l.track(e, http.StateNew)
	if _, ok := l.conns[c]; ok {
		t.Fatal("the idle connection c outlived a silent one")
	}
	l.track(e, http.StateActive)
	f := pipe()
	l.track(f, http.StateNew)
	if _, ok := l.conns[a]; ok {
		t.Fatal("the silent connection a was not replaced")
	}
	// d and e are active; f, a keep-alive connection part-way through its next request, is
	// replaced rather than the new one refused.
	l.track(f, http.StateActive)
	l.track(f, http.StateIdle)
	f.(*markedConn).sending.Store(sinceStart())
	g := pipe()
	l.track(g, http.StateNew)
	if _, ok := l.conns[f]; ok {
		t.Fatal("the sending connection f was not replaced")
	}
	if _, ok := l.conns[g]; !ok || len(l.conns) != 3 {
		t.Fatalf("the new connection g was not counted (%d counted)", len(l.conns))
	}
}

// TestR49LeadConnLimitStreamsGoLast: at the cap, a GET stream is replaced only when nothing idle,
// silent or sending is left, the oldest stream first; a request in progress never is.
func TestR49LeadConnLimitStreamsGoLast(t *testing.T) {
	pipe := func() *markedConn {
		server, client := net.Pipe()
		t.Cleanup(func() { server.Close(); client.Close() })
		return &markedConn{Conn: server}
	}
	l := newConnLimit(3)
	busy, older, newer := pipe(), pipe(), pipe()
	for _, conn := range []*markedConn{busy, older, newer} {
		l.track(conn, http.StateNew)
		l.track(conn, http.StateActive)
	}
	older.streaming.Store(true)
	newer.streaming.Store(true)
	silent := pipe()
	l.track(silent, http.StateNew)
	// Its request, not a stream, replaces the oldest stream: nothing else may go.
	l.settle(silent, httptest.NewRequest(http.MethodPost, mcpPath, nil))
	if _, ok := l.conns[older]; ok {
		t.Fatal("the oldest stream was not replaced")
	}
	if _, ok := l.conns[busy]; !ok {
		t.Fatal("a request in progress was replaced")
	}
	next := pipe()
	l.track(next, http.StateNew) // the silent one goes before the remaining stream
	if _, ok := l.conns[silent]; ok {
		t.Fatal("a stream was replaced while a silent connection was open")
	}
	if _, ok := l.conns[newer]; !ok {
		t.Fatal("the newer stream was replaced before a silent connection")
	}
}
