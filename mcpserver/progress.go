package mcpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
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
	// late holds the notifications given up on (not written in time): the call's result may be
	// out already, so a stream that gets one later drops it instead of writing it (sending).
	late  map[string]struct{}
	users int  // requests that hold it (for the session's ledger in progressLedgers)
	stdio bool // the stdio stream's: no answer is dropped there, so none settles (settleProgress)
}

func newProgressLedger() *progressLedger {
	return &progressLedger{pending: map[string]chan struct{}{}, late: map[string]struct{}{}}
}

// maxLateProgress bounds the notifications remembered as given up on; past it the oldest are
// no longer recognised (each one given up on cost its call progressDeliveryWait).
const maxLateProgress = 1024

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

// forget drops a pending notification that was not sent, releasing whoever settles.
func (l *progressLedger) forget(key string, ch chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pending[key] == ch {
		close(ch)
		delete(l.pending, key)
	}
}

// giveUp drops a pending notification not seen written in time, and remembers it as late: it
// may still be on its way, and must not be written after its call's result.
func (l *progressLedger) giveUp(key string, ch chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pending[key] == ch {
		close(ch)
		delete(l.pending, key)
		if len(l.late) >= maxLateProgress {
			clear(l.late)
		}
		l.late[key] = struct{}{}
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

// await waits until the notification is written or progressDeliveryWait passes; then it is
// late (giveUp). A call that ended (cancelled, out of time) waits as well: its last
// notification (the step that stopped) is already on its way, and returning at once would let
// its result overtake it.
func (l *progressLedger) await(key string, ch chan struct{}) {
	t := time.NewTimer(progressDeliveryWait)
	defer t.Stop()
	select {
	case <-ch:
	case <-t.C:
		l.giveUp(key, ch)
	}
}

// eventData is the data of an SSE event carrying a progress notification; nil for others.
func eventData(event []byte) []byte {
	if !bytes.Contains(event, []byte(`"notifications/progress"`)) {
		return nil
	}
	_, data, ok := bytes.Cut(event, []byte("data: "))
	if !ok {
		return nil
	}
	data, _, _ = bytes.Cut(data, []byte("\n"))
	return data
}

// sending notes a JSON-RPC message about to be written (a line on stdout, an SSE event's data).
// false: it is a late progress notification, not to be written. With written (the writer holds
// its stream until the message is out, so a result the released call writes next comes after
// it), a progress notification's waiter is released.
func (l *progressLedger) sending(data []byte, written bool) bool {
	if !bytes.Contains(data, []byte(`"notifications/progress"`)) {
		return true
	}
	var n struct {
		Method string `json:"method"`
		Params struct {
			Token    json.RawMessage `json:"progressToken"`
			Progress json.Number     `json:"progress"`
		} `json:"params"`
	}
	if json.Unmarshal(data, &n) != nil || n.Method != "notifications/progress" {
		return true
	}
	key := progressKey(n.Params.Token, n.Params.Progress.String())
	l.mu.Lock()
	defer l.mu.Unlock()
	if ch, ok := l.pending[key]; ok {
		if written {
			close(ch)
			delete(l.pending, key)
		}
		return true
	}
	if _, ok := l.late[key]; ok {
		delete(l.late, key)
		return false
	}
	return true
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
// sends is awaited until the stdout writer writes it (codeFixingWriter), at most
// progressDeliveryWait each, so a stuck writer cannot hold a call forever; the call's result
// comes after all of them. One not written in time is late: the writer drops it, as the result
// may be out already. A cancelled call or one out of time awaits its notifications the same way.

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
// written (mcp-go writes one event per Write), and dropping a late notification.
type progressWriter struct {
	http.ResponseWriter
	flusher http.Flusher
	ledger  *progressLedger
}

func (p *progressWriter) Write(b []byte) (int, error) {
	data := eventData(b)
	if data != nil && !p.ledger.sending(data, false) {
		return len(b), nil // late: its call's answer may be written already
	}
	n, err := p.ResponseWriter.Write(b)
	if err == nil && data != nil {
		p.ledger.sending(data, true)
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

// stdioStopping writes a call's progress notifications itself once a signal has ended stdio
// serving: mcp-go's notification writer stops with the serving context, so a notification sent
// through it then (the step that stopped: "wait: cancelled …") was never written, and its call
// waited progressDeliveryWait for it before writing its result.
type stdioStopping struct {
	done <-chan struct{} // ServeStdio's context: a signal
	w    io.Writer       // stdout, one message per Write (codeFixingWriter)
}

type stdioStoppingKey struct{}

// write writes the progress notification itself when serving is stopping; false: it is not, and
// mcp-go sends it.
func (s *stdioStopping) write(token any, n int, message string) bool {
	select {
	case <-s.done:
	default:
		return false
	}
	line, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": "notifications/progress",
		"params": map[string]any{"progressToken": token, "progress": n, "message": message}})
	if err != nil {
		return false
	}
	_, _ = s.w.Write(append(line, '\n'))
	return true
}

// Over stdio, mcp-go answers a subscriptions/listen that subscribes nothing (this server
// declares no list changes) at once: it queues the acknowledgement on the session's
// notification channel, which another goroutine writes, and returns the result, which the
// request's goroutine writes, so the result often came first. The 2026-07-28 schema wants the
// acknowledgement to be the first message carrying the subscription's ID. So the stdout writer
// (codeFixingWriter) holds a listen result that comes before its acknowledgement, and writes it
// right after the acknowledgement, or after progressDeliveryWait when none comes (a notification
// writer stopped by a signal), or when serving ends. It cannot wait inside mcp-go's write: that
// holds the lock the acknowledgement's write needs. A held result is not written yet, so at the
// end of input the wait for answers (ids.go, holdEnd) waits for it too. Every listen result
// follows an acknowledgement sent: mcp-go answers with an error when it cannot send one.

// listenAcks orders listen results after their acknowledgements, by subscription ID (as JSON).
// The writer's lock guards it.
type listenAcks struct {
	written map[string]int           // acknowledgements written before their result
	held    map[string][]*heldListen // results waiting for their acknowledgement, oldest first
}

// heldListen is a listen result held until its acknowledgement is written.
type heldListen struct {
	out   []byte
	timer *time.Timer // writes it if no acknowledgement comes in time
}

func newListenAcks() *listenAcks {
	return &listenAcks{written: map[string]int{}, held: map[string][]*heldListen{}}
}

// maxListenAcks bounds the acknowledgements remembered without their result (a result written
// before its acknowledgement, given up on, leaves one behind); past it they are forgotten.
const maxListenAcks = 1024

const subscriptionIDKey = `"io.modelcontextprotocol/subscriptionId"`

// listenMessage tells whether msg, one JSON-RPC message as mcp-go wrote it, is a
// subscriptions/listen acknowledgement (ack) or result (!ack), and its subscription ID.
func listenMessage(msg []byte) (id string, ack, ok bool) {
	if !bytes.Contains(msg, []byte(subscriptionIDKey)) {
		return "", false, false
	}
	type meta struct {
		Subscription json.RawMessage `json:"io.modelcontextprotocol/subscriptionId"`
	}
	var m struct {
		ID     json.RawMessage `json:"id"`
		Method string          `json:"method"`
		Params struct {
			Meta meta `json:"_meta"`
		} `json:"params"`
		Result *struct {
			Meta meta `json:"_meta"`
		} `json:"result"`
	}
	if json.Unmarshal(msg, &m) != nil {
		return "", false, false
	}
	switch {
	case m.Method == "notifications/subscriptions/acknowledged" && m.Params.Meta.Subscription != nil:
		return string(m.Params.Meta.Subscription), true, true
	case m.ID != nil && m.Result != nil && m.Result.Meta.Subscription != nil:
		return string(m.Result.Meta.Subscription), false, true
	}
	return "", false, false
}

// acknowledged records an acknowledgement written, and returns the result it releases (nil: it
// came first, and its result may be written when it comes).
func (l *listenAcks) acknowledged(id string) *heldListen {
	if held := l.held[id]; len(held) > 0 {
		l.drop(id, held[0])
		held[0].timer.Stop()
		return held[0]
	}
	if len(l.written) >= maxListenAcks {
		clear(l.written)
	}
	l.written[id]++
	return nil
}

// ready reports whether a listen result may be written now: its acknowledgement is.
func (l *listenAcks) ready(id string) bool {
	return takeOne(l.written, id)
}

// hold keeps a result until its acknowledgement; expire writes it if none comes in time.
func (l *listenAcks) hold(id string, out []byte, expire func(*heldListen)) {
	h := &heldListen{out: bytes.Clone(out)}
	h.timer = time.AfterFunc(progressDeliveryWait, func() { expire(h) })
	l.held[id] = append(l.held[id], h)
}

// drop forgets a held result; false: it was not held (written already).
func (l *listenAcks) drop(id string, h *heldListen) bool {
	held := l.held[id]
	for i, x := range held {
		if x == h {
			if held = append(held[:i:i], held[i+1:]...); len(held) == 0 {
				delete(l.held, id)
			} else {
				l.held[id] = held
			}
			return true
		}
	}
	return false
}

// takeAll forgets and returns every held result (serving ends).
func (l *listenAcks) takeAll() []*heldListen {
	var all []*heldListen
	for _, held := range l.held {
		for _, h := range held {
			h.timer.Stop()
			all = append(all, h)
		}
	}
	clear(l.held)
	return all
}
