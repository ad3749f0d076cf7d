package mcpserver

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is an io.Writer tests can read while another goroutine writes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

const (
	listenAckLine    = `{"jsonrpc":"2.0","method":"notifications/subscriptions/acknowledged","params":{"_meta":{"io.modelcontextprotocol/subscriptionId":7},"notifications":{}}}` + "\n"
	listenResultLine = `{"jsonrpc":"2.0","id":7,"result":{"_meta":{"io.modelcontextprotocol/subscriptionId":7},"resultType":"complete"}}` + "\n"
)

// TestListenResultHeldUntilAcknowledged: the stdio writer writes a listen result that comes
// before its acknowledgement right after the acknowledgement, one that comes after at once, and
// one whose acknowledgement never comes after progressDeliveryWait or when serving ends, without
// holding mcp-go's write meanwhile.
func TestListenResultHeldUntilAcknowledged(t *testing.T) {
	t.Parallel() // its last case waits out a 1 s timer (a lower bound; the 5 s guard is no timing)
	t.Run("result first", func(t *testing.T) {
		out := &lockedBuffer{}
		w := &codeFixingWriter{w: out, listens: newListenAcks()}
		if _, err := w.Write([]byte(listenResultLine)); err != nil {
			t.Fatal(err)
		}
		if got := out.String(); got != "" {
			t.Fatalf("the result was written before its acknowledgement: %q", got)
		}
		var key string
		var held *heldListen
		w.mu.Lock()
		for id, hs := range w.listens.held {
			key, held = id, hs[0]
		}
		w.mu.Unlock()
		if held == nil {
			t.Fatal("the result is not held")
		}
		_, _ = w.Write([]byte(listenAckLine))
		if got := out.String(); got != listenAckLine+listenResultLine {
			t.Fatalf("want the acknowledgement, then the result: %q", got)
		}
		w.mu.Lock()
		if len(w.listens.held) != 0 {
			t.Errorf("still held after its acknowledgement: %v", w.listens.held)
		}
		w.mu.Unlock()
		// Its timer, firing now however late (Stop lost the race), writes nothing more: what
		// waiting progressDeliveryWait for it checked, without the wait.
		w.expireListen(key, held)
		if got := out.String(); got != listenAckLine+listenResultLine {
			t.Fatalf("written again: %q", got)
		}
	})
	t.Run("acknowledgement first", func(t *testing.T) {
		out := &lockedBuffer{}
		w := &codeFixingWriter{w: out, listens: newListenAcks()}
		_, _ = w.Write([]byte(listenAckLine))
		_, _ = w.Write([]byte(listenResultLine))
		if got := out.String(); got != listenAckLine+listenResultLine {
			t.Fatalf("want the acknowledgement, then the result: %q", got)
		}
	})
	t.Run("no acknowledgement", func(t *testing.T) {
		out := &lockedBuffer{}
		w := &codeFixingWriter{w: out, listens: newListenAcks()}
		start := time.Now()
		_, _ = w.Write([]byte(listenResultLine))
		for out.String() == "" && time.Since(start) < 5*progressDeliveryWait {
			time.Sleep(10 * time.Millisecond)
		}
		if got, took := out.String(), time.Since(start); got != listenResultLine || took < progressDeliveryWait {
			t.Fatalf("after %v: %q", took, got)
		}
		// Other messages go on meanwhile.
		_, _ = w.Write([]byte(listenResultLine))
		_, _ = w.Write([]byte(`{"jsonrpc":"2.0","id":8,"result":{}}` + "\n"))
		if got := out.String(); !strings.HasSuffix(got, `"id":8,"result":{}}`+"\n") || strings.Count(got, `"id":7`) != 1 {
			t.Fatalf("a held result held up the others: %q", got)
		}
		w.releaseListens() // serving ends
		if got := out.String(); strings.Count(got, `"id":7`) != 2 {
			t.Fatalf("a held result was not written when serving ended: %q", got)
		}
	})
}
