package mcpserver

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
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

// TestR51HttpmodeDisplacedStreamClosesEvenIfItsHandlerIsStuck: a stream displaced at the cap
// is asked to end (so its handler can tell the client to reopen); should the handler not end
// (stuck writing to a client that does not read), the connection is closed a second later all
// the same, so a displaced stream never keeps holding a connection.
func TestR51HttpmodeDisplacedStreamClosesEvenIfItsHandlerIsStuck(t *testing.T) {
	t.Parallel() // waits about 1 s on a pipe of its own; its guard (5 s) is no timing
	server, client := net.Pipe()
	t.Cleanup(func() { server.Close(); client.Close() })
	m := &markedConn{Conn: server}
	asked := make(chan struct{})
	var stop context.CancelFunc = func() { close(asked) } // ends nothing
	m.stopStream.Store(&stop)
	m.streaming.Store(true)
	displaceStream(m)
	<-asked
	_ = client.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := client.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("the displaced stream's connection: %v, want it closed", err)
	}
}
