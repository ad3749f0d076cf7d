package mcpserver

import (
	"context"
	"testing"
	"time"
)

// TestR53ClaimsProgressWaitIsAtMostOneSecond: README (Progress over HTTP) says the server
// waits "at most 1 s" until each progress notification is written before the tool goes on,
// and that a cancelled call waits as well. A client that never lets a notification be written
// (it reads no stream, or the stream that took it ended) costs a call at most about a second a
// notification: one never written is given up after progressDeliveryWait, however its call
// ended; an answer settling a session's pending notifications waits at most one such second in
// all, not one per notification, and not at all once its request is gone; and a notification
// written in time releases its sender at once.
func TestR53ClaimsProgressWaitIsAtMostOneSecond(t *testing.T) {
	if progressDeliveryWait != time.Second {
		t.Fatalf("progressDeliveryWait %s: README says at most 1 s", progressDeliveryWait)
	}
	l := newProgressLedger()
	key := progressKeyOf("r53", 1)
	start := time.Now()
	l.await(key, l.expect(key)) // never written
	if took := time.Since(start); took < progressDeliveryWait || took > progressDeliveryWait+time.Second {
		t.Errorf("a notification never written held its call %s", took)
	}

	// Written in time: released at once.
	key = progressKeyOf("r53", 2)
	ch := l.expect(key)
	go l.sending([]byte(`{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"r53","progress":2,"message":"m"}}`), true)
	start = time.Now()
	l.await(key, ch)
	if took := time.Since(start); took > progressDeliveryWait/2 {
		t.Errorf("a notification written at once held its call %s", took)
	}

	// Ten pending, none ever written: an answer settles them within one wait, not ten.
	for n := range 10 {
		l.expect(progressKeyOf("other", n+1))
	}
	ctx := context.WithValue(context.Background(), progressLedgerKey{}, l)
	start = time.Now()
	settleProgress(ctx)
	if took := time.Since(start); took > progressDeliveryWait+time.Second {
		t.Errorf("settling ten notifications never written took %s", took)
	}
	// A request already gone (its client disconnected) settles at once.
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	start = time.Now()
	settleProgress(cancelled)
	if took := time.Since(start); took > progressDeliveryWait/2 {
		t.Errorf("settling for a request gone took %s", took)
	}
}
