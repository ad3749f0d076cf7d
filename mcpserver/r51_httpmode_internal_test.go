package mcpserver

import (
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestR51HttpmodeWaitingBeyondTheCapIsBounded: connections that arrive while only GET streams
// could make room wait beyond the cap for their request, at most waitingMax of them (each may
// hold a header's worth of memory): one more replaces the one waiting the longest, never a
// stream or a request in progress, and a stream request among them is refused, closing none.
func TestR51HttpmodeWaitingBeyondTheCapIsBounded(t *testing.T) {
	pipe := func() *markedConn {
		server, client := net.Pipe()
		t.Cleanup(func() { server.Close(); client.Close() })
		return &markedConn{Conn: server}
	}
	l := newConnLimit(32) // waitingMax 2
	var streams []*markedConn
	for range l.max {
		c := pipe()
		l.track(c, http.StateNew)
		l.track(c, http.StateActive)
		c.streaming.Store(true)
		streams = append(streams, c)
	}
	first, second, third := pipe(), pipe(), pipe()
	for _, c := range []*markedConn{first, second, third} {
		l.track(c, http.StateNew)
	}
	if _, ok := l.conns[first]; ok || l.waiting != l.waitingMax() || len(l.conns) != l.max+l.waitingMax() {
		t.Fatalf("waiting beyond the cap: first kept %v, %d waiting, %d open", ok, l.waiting, len(l.conns))
	}
	if l.settle(second, httptest.NewRequest(http.MethodGet, mcpPath, nil)) {
		t.Error("a stream request waiting beyond a cap full of streams was admitted")
	}
	if !l.settle(third, httptest.NewRequest(http.MethodGet, "/healthz", nil)) {
		t.Error("a /healthz waiting beyond a cap full of streams was refused")
	}
	if l.waiting != 0 || l.counted() != l.max {
		t.Errorf("after settling: %d waiting, %d counted, want 0 and %d", l.waiting, l.counted(), l.max)
	}
	for i, c := range streams {
		if _, ok := l.conns[c]; ok == (i == 0) {
			t.Errorf("stream %d counted %v: only the oldest should have made room", i, ok)
		}
	}
}
