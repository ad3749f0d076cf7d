package mcpserver

import "testing"

// TestLateProgressIsNotWritten: a progress notification given up on (not written within
// progressDeliveryWait) may be behind its call's result, so the stream that gets it later drops
// it; one written in time releases its waiter and is written.
func TestLateProgressIsNotWritten(t *testing.T) {
	t.Parallel() // waits out progressDeliveryWait (1 s) on a ledger of its own, bounding no time
	l := newProgressLedger()
	note := func(n string) []byte {
		return []byte(`{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t","progress":` + n + `,"message":"m"}}`)
	}
	onTime := l.expect(progressKeyOf("t", 1))
	if !l.sending(note("1"), false) {
		t.Error("a pending notification was dropped before it was written")
	}
	if !l.sending(note("1"), true) {
		t.Error("a pending notification was dropped")
	}
	select {
	case <-onTime:
	default:
		t.Error("writing a notification did not release its waiter")
	}

	key := progressKeyOf("t", 2)
	l.await(key, l.expect(key)) // nothing writes it: given up after progressDeliveryWait
	if l.sending(note("2"), true) {
		t.Error("a notification given up on was written after its call's result could be")
	}
	if !l.sending(note("2"), true) {
		t.Error("a late notification is dropped once only (another with its key is the client's own)")
	}
	if !l.sending([]byte(`{"jsonrpc":"2.0","id":1,"result":{}}`), true) {
		t.Error("a result was dropped")
	}
}
