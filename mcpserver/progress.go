package mcpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Progress over streamable HTTP. mcp-go v1.2.1 puts a notification on the session's channel,
// and a goroutine of a POST being served takes it off and writes it on that POST's SSE stream.
// When the POST's answer is ready just then, the answer ends the stream first and the
// notification is dropped: often the last one of a call (sent just before the tool returns),
// and so, for a call whose only notification is its last (a wait on a finished deployment),
// all of its progress. So each progress notification is sent and then awaited: the endpoint
// watches the SSE events written on the streams of the request (2026-07-28) or of its session
// (2025 era: every stream of the session reads the one channel), and the sender waits until
// its notification is on one of them, at most progressDeliveryWait. In a 2025-era session
// another request's stream may have taken it, so every answer first settles what is pending.

// progressDeliveryWait bounds the wait for one notification to be written (a notification
// another request's stream took and dropped is never written).
const progressDeliveryWait = time.Second

// progressLedger holds the progress notifications sent and not yet seen written, by key
// (progressKey).
type progressLedger struct {
	mu      sync.Mutex
	pending map[string]chan struct{}
	users   int  // requests that hold it (for the session's ledger in progressLedgers)
	stdio   bool // the stdio stream's: no answer is dropped there, so none settles (settleProgress)
}

func newProgressLedger() *progressLedger {
	return &progressLedger{pending: map[string]chan struct{}{}}
}

// progressKey identifies a notification: its token (as JSON) and its progress count.
func progressKey(token []byte, progress string) string {
	return string(token) + " " + progress
}

// expect records a notification about to be sent; nil when one with the key is already
// pending (a client gave two calls the same token).
func (l *progressLedger) expect(key string) chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, dup := l.pending[key]; dup {
		return nil
	}
	ch := make(chan struct{})
	l.pending[key] = ch
	return ch
}

// forget drops a pending notification (not sent, or not seen in time), releasing whoever
// settles.
func (l *progressLedger) forget(key string, ch chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pending[key] == ch {
		close(ch)
		delete(l.pending, key)
	}
}

// settleProgress holds a request of a 2025-era session, before it answers, until the
// notifications pending when it finished are written or given up: its stream may have taken one
// off the session's queue, and mcp-go drops what a stream holds once its answer is written.
// The request's own progress is already written (await).
func settleProgress(ctx context.Context) {
	l := progressLedgerFrom(ctx)
	if l == nil || l.stdio {
		return
	}
	l.mu.Lock()
	pending := make([]chan struct{}, 0, len(l.pending))
	for _, ch := range l.pending {
		pending = append(pending, ch)
	}
	l.mu.Unlock()
	if len(pending) == 0 {
		return
	}
	t := time.NewTimer(progressDeliveryWait)
	defer t.Stop()
	for _, ch := range pending {
		select {
		case <-ch:
		case <-ctx.Done():
			return
		case <-t.C:
			return
		}
	}
}

// await waits until the notification is written, ctx ends or progressDeliveryWait passes.
func (l *progressLedger) await(ctx context.Context, key string, ch chan struct{}) {
	t := time.NewTimer(progressDeliveryWait)
	defer t.Stop()
	select {
	case <-ch:
	case <-ctx.Done():
		l.forget(key, ch)
	case <-t.C:
		l.forget(key, ch)
	}
}

// saw notes an SSE event written on a stream: a progress notification's waiter is released.
func (l *progressLedger) saw(event []byte) {
	if !bytes.Contains(event, []byte(`"notifications/progress"`)) {
		return
	}
	_, data, ok := bytes.Cut(event, []byte("data: "))
	if !ok {
		return
	}
	data, _, _ = bytes.Cut(data, []byte("\n"))
	l.sawMessage(data)
}

// sawMessage notes a JSON-RPC message written (a line on stdout, an SSE event's data): a
// progress notification's waiter is released.
func (l *progressLedger) sawMessage(data []byte) {
	if !bytes.Contains(data, []byte(`"notifications/progress"`)) {
		return
	}
	var n struct {
		Method string `json:"method"`
		Params struct {
			Token    json.RawMessage `json:"progressToken"`
			Progress json.Number     `json:"progress"`
		} `json:"params"`
	}
	if json.Unmarshal(data, &n) != nil || n.Method != "notifications/progress" {
		return
	}
	key := progressKey(n.Params.Token, n.Params.Progress.String())
	l.mu.Lock()
	defer l.mu.Unlock()
	if ch, ok := l.pending[key]; ok {
		close(ch)
		delete(l.pending, key)
	}
}

// progressLedgers are the 2025-era sessions' ledgers while a request of the session is served.
// Session IDs are random, so one table serves every HTTPServer of the process.
type progressLedgers struct {
	mu        sync.Mutex
	bySession map[string]*progressLedger
}

var sessionLedgers = progressLedgers{bySession: map[string]*progressLedger{}}

// acquire returns the session's ledger and the function that releases it.
func (p *progressLedgers) acquire(session string) (*progressLedger, func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	l := p.bySession[session]
	if l == nil {
		l = newProgressLedger()
		p.bySession[session] = l
	}
	l.users++
	return l, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if l.users--; l.users == 0 {
			delete(p.bySession, session)
		}
	}
}

type progressLedgerKey struct{}

// Over stdio, mcp-go writes a call's result from the worker serving the call, and its progress
// notifications from another goroutine that takes them off the session's queue, so a result
// could overtake its last notifications (a client then finds a notification for a token it no
// longer knows). The stdio stream has one ledger (withStdioProgress): each notification a call
// sends is awaited until the stdout writer wrote it (codeFixingWriter), at most
// progressDeliveryWait each, so a stuck writer cannot hold a call forever; the call's result
// comes after all of them.

// withStdioProgress gives every request of the stdio stream the stream's ledger.
func withStdioProgress(ledger *progressLedger) func(context.Context) context.Context {
	return func(ctx context.Context) context.Context {
		return context.WithValue(ctx, progressLedgerKey{}, ledger)
	}
}

// progressLedgerFrom is the ledger of the HTTP request being served, or of the stdio stream.
func progressLedgerFrom(ctx context.Context) *progressLedger {
	l, _ := ctx.Value(progressLedgerKey{}).(*progressLedger)
	return l
}

// trackProgress makes w report the progress notifications written on it to the ledger of the
// request (2026-07-28) or of its session (session, 2025 era), which r's context then carries.
// Only a response that can stream carries notifications; others are left as they are.
func trackProgress(w http.ResponseWriter, r *http.Request, modern bool, session string) (http.ResponseWriter, *http.Request, func()) {
	flusher, ok := w.(http.Flusher)
	if !ok || (!modern && session == "") {
		return w, r, func() {}
	}
	ledger, release := newProgressLedger(), func() {}
	if !modern {
		ledger, release = sessionLedgers.acquire(session)
	}
	r = r.WithContext(context.WithValue(r.Context(), progressLedgerKey{}, ledger))
	return &progressWriter{ResponseWriter: w, flusher: flusher, ledger: ledger}, r, release
}

// progressWriter passes an SSE stream through, reporting each event to the ledger once it is
// written (mcp-go writes one event per Write).
type progressWriter struct {
	http.ResponseWriter
	flusher http.Flusher
	ledger  *progressLedger
}

func (p *progressWriter) Write(b []byte) (int, error) {
	n, err := p.ResponseWriter.Write(b)
	if err == nil {
		p.ledger.saw(b)
	}
	return n, err
}

func (p *progressWriter) Flush() { p.flusher.Flush() }

func (p *progressWriter) Unwrap() http.ResponseWriter { return p.ResponseWriter }

// progressKeyOf is the key of the n-th notification of token.
func progressKeyOf(token any, n int) string {
	raw, err := json.Marshal(token)
	if err != nil {
		return ""
	}
	return progressKey(raw, strconv.Itoa(n))
}
