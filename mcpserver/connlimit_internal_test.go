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

// ShareLoopback gives loopback client addresses a share of h's connections and sessions of their own, as
// every other address has (test-only seam: tests play several client addresses on 127/8).
func ShareLoopback(h *HTTPServer) {
	h.conns.mu.Lock()
	h.conns.loopbackShares = true
	h.conns.mu.Unlock()
	h.sessions.mu.Lock()
	h.sessions.loopbackShares = true // and of its sessions (--http-max-sessions-per-client)
	h.sessions.mu.Unlock()
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

// addrConn is a connection whose client address is addr.
type addrConn struct {
	net.Conn
	addr net.Addr
}

func (c addrConn) RemoteAddr() net.Addr { return c.addr }

// TestR53HttpmodeAddressOfGroupsIPv6By64: an IPv4 address counts alone (an IPv4-mapped IPv6 one
// as its IPv4 address), an IPv6 address by its /64, which one host usually holds whole, and a
// loopback address has no share of its own.
func TestR53HttpmodeAddressOfGroupsIPv6By64(t *testing.T) {
	of := func(ip string) string {
		return addressOf(addrConn{addr: &net.TCPAddr{IP: net.ParseIP(ip), Port: 1}})
	}
	if a, b := of("2001:db8:1:2::1"), of("2001:db8:1:2:ffff::9"); a != b || a != "2001:db8:1:2::/64" {
		t.Errorf("one /64: %q and %q", a, b)
	}
	if a, b := of("2001:db8:1:2::1"), of("2001:db8:1:3::1"); a == b {
		t.Errorf("two /64s counted as one: %q", a)
	}
	if a, b := of("192.0.2.1"), of("::ffff:192.0.2.1"); a != b || a != "192.0.2.1" {
		t.Errorf("IPv4 and IPv4-mapped: %q and %q", a, b)
	}
	if a, b := of("192.0.2.1"), of("192.0.2.2"); a == b {
		t.Errorf("two IPv4 addresses counted as one: %q", a)
	}
	// This machine's addresses have no share of their own: its users, or a proxy on it.
	l := newConnLimit(4)
	l.perAddress = 2
	for _, ip := range []string{"127.0.0.1", "::1"} {
		l.byAddress[of(ip)] = 3
		if l.overShareLocked(of(ip)) {
			t.Errorf("%s: held to a share of its own", ip)
		}
	}
	l.byAddress[of("192.0.2.1")] = 3
	if !l.overShareLocked(of("192.0.2.1")) {
		t.Error("192.0.2.1 beyond its share: not held to it")
	}
}
