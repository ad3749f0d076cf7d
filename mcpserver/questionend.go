package mcpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// Over HTTP (2025-era sessions), a question the server asks (elicitation/create) waits for the
// client to POST its answer in the same session. When the session ends first — the client's
// DELETE, or the server ending it (idle, at the cap) — mcp-go forgets the session and would
// answer that POST 404, while the call that asked waits on for its answer (up to ten minutes).
// questionEnder sits before mcp-go's handler: it records the questions each session has been
// asked and not yet answered (forgetting one once mcp-go took its answer), and before a DELETE
// that ends the session reaches mcp-go — the server's own, or a client's that passed the caller
// check and that mcp-go accepts — it answers each of them in the client's stead with an error
// (present.QuestionSessionEnded), so every call that waited ends with its failed result, which
// changed nothing (tools/ask.go). So does an answer mcp-go would drop unread or refuse
// (droppedOverHTTP, postRefused), and the start of a shutdown, after which no answer can arrive:
// a question asked after that ends its call at once (stopCall), and is not written to the client.
// So does a question asked on a stream whose session was ended while it was open (a DELETE that
// came while the call waited on the API): its answer could only be refused (404). A stream the
// session opens while an end is in progress — after failAll took its questions, before mcp-go
// forgot the session, which it still serves meanwhile — is born ended, and so is one it opens
// while a stream born so (or ended by failAll) is still open (such a request holds mcp-go's
// session of old, and may hand it to others): a question asked on a session that is ending or
// ended fails at once, whatever order the DELETE and the request come in.
//
// A question written on its call's own POST stream (as mcp-go writes them) is forgotten when that
// call ends, answered or not (cancelled, timed out, failed), before its result is written: mcp-go
// no longer waits for its answer, and an answer arriving later is refused by the endpoint.
type questionEnder struct {
	next     http.Handler
	mu       sync.Mutex
	open     map[string]map[string]struct{}         // session ID → the ids (responseKey) of its open questions
	streams  map[string]map[*questionWatch]struct{} // session ID → its GET and POST streams open now
	ending   map[string]int                         // session ID → its ends in progress (failAll until mcp-go forgot it)
	stopping bool                                   // the server is shutting down (failEvery): no answer can arrive
	late     map[string]map[string]time.Time        // session ID → questions its ended calls left unanswered, and when
}

// errServerStopping ends the wait of a call asked its question after the shutdown began
// (untilDrained's cause; tools/ask.go gives it as why the question failed).
var errServerStopping = errors.New(present.QuestionServerStopping)

// errSessionEnded ends the wait of a call asked its question after its session ended.
var errSessionEnded = errors.New(present.QuestionSessionEnded)

func newQuestionEnder(next http.Handler) *questionEnder {
	return &questionEnder{next: next, open: map[string]map[string]struct{}{}, streams: map[string]map[*questionWatch]struct{}{},
		ending: map[string]int{}}
}

func (q *questionEnder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := r.Header.Get(server.HeaderKeySessionID)
	if id == "" {
		q.next.ServeHTTP(w, r)
		return
	}
	// The server's own ending of a session (endThrough: idle, at the cap) fails its questions
	// here; a client's DELETE does so in endpoint, once it passed the caller check and mcp-go
	// is sure to accept it (deleteAccepted), so that no other DELETE touches them.
	if _, internal := r.Context().Value(internalEndKey{}).(bool); internal && r.Method == http.MethodDelete {
		defer q.failAll(r.Context(), id, present.QuestionSessionEnded)() // over once mcp-go forgot the session
	}
	switch r.Method {
	case http.MethodGet:
		watch := &questionWatch{ResponseWriter: w, ender: q, session: id}
		q.watch(watch)
		defer q.unwatch(watch)
		w = watch
	case http.MethodPost:
		watch := &questionWatch{ResponseWriter: w, ender: q, session: id}
		watch.call = &callStop{watch: watch}
		q.watch(watch)
		defer q.unwatch(watch)
		defer q.forget(id, watch)
		w, r = watch, r.WithContext(context.WithValue(r.Context(), callStopKey{}, watch.call))
	}
	q.next.ServeHTTP(w, r)
}

// watch records w as one of its session's open streams, unwatch forgets it. A stream opened
// while its session is ending, or while one of its streams that are ended is open, is born ended
// (failAll).
func (q *questionEnder) watch(w *questionWatch) {
	q.mu.Lock()
	defer q.mu.Unlock()
	w.ended = q.ending[w.session] > 0
	for other := range q.streams[w.session] {
		w.ended = w.ended || other.ended
	}
	if q.streams[w.session] == nil {
		q.streams[w.session] = map[*questionWatch]struct{}{}
	}
	q.streams[w.session][w] = struct{}{}
}

func (q *questionEnder) unwatch(w *questionWatch) {
	q.mu.Lock()
	defer q.mu.Unlock()
	delete(q.streams[w.session], w)
	if len(q.streams[w.session]) == 0 {
		delete(q.streams, w.session)
	}
}

// callStop ends the wait of the call a POST carries (untilDrained sets it while the call runs).
type callStop struct {
	mu    sync.Mutex
	stop  context.CancelCauseFunc
	watch *questionWatch // the POST's stream
}

type callStopKey struct{}

func (c *callStop) set(stop context.CancelCauseFunc) {
	c.mu.Lock()
	c.stop = stop
	c.mu.Unlock()
}

// end ends the call, if it runs, with cause; it reports whether one did.
func (c *callStop) end(cause error) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stop == nil {
		return false
	}
	c.stop(cause)
	return true
}

// stopCall, put in a call's context (untilDrained), lets the question it asks end it when the
// server is shutting down. The returned func is called when the call ends, before its result is
// written: the questions it asked are forgotten then (mcp-go no longer waits for their answer).
func stopCall(ctx context.Context, stop context.CancelCauseFunc) func() {
	c, _ := ctx.Value(callStopKey{}).(*callStop)
	if c == nil {
		return func() {}
	}
	c.set(stop)
	return func() {
		c.set(nil)
		c.watch.ender.forget(c.watch.session, c.watch)
	}
}

// lateAnswer reports whether key is a question of the session whose call ended without its answer
// within endedQuestionKept (its withdrawal sent: questionwithdraw.go), and forgets it. MCP asks
// the sender of a cancellation to ignore a response that arrives after it; the official go-sdk
// client (v1.8.0) answers a withdrawn question with an error anyway, and fails its whole
// connection on a 400 whose body holds no JSON-RPC error it can read.
func (q *questionEnder) lateAnswer(session string, key []byte) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	at, late := q.late[session][string(key)]
	delete(q.late[session], string(key))
	if len(q.late[session]) == 0 {
		delete(q.late, session)
	}
	return late && time.Since(at) <= endedQuestionKept
}

// isOpen reports whether the session's question key waits for its answer.
func (q *questionEnder) isOpen(session string, key []byte) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	_, open := q.open[session][string(key)]
	return open
}

// withdrawn notes the session's question id, which its call, ended, withdraws, as late
// (lateAnswer) if still open, before the withdrawal is written: the official go-sdk client
// answers a withdrawn question at once, and that answer could otherwise come before the call's
// end forgets the question (forget), be handed to mcp-go, and be refused (400), failing the
// client's connection (TestR50E2eCancelledCallWithdrawsItsQuestion, under load).
func (q *questionEnder) withdrawn(session string, id []byte) {
	key, ok := responseKey(id)
	if !ok {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if _, open := q.open[session][string(key)]; !open {
		return
	}
	delete(q.open[session], string(key))
	if len(q.open[session]) == 0 {
		delete(q.open, session)
	}
	if q.late == nil {
		q.late = map[string]map[string]time.Time{}
	}
	if q.late[session] == nil {
		q.late[session] = map[string]time.Time{}
	}
	q.late[session][string(key)] = time.Now()
}

// forget forgets the questions written on the stream of w, a POST whose call has ended. One
// still open is noted as late for a while (lateAnswer).
func (q *questionEnder) forget(session string, w *questionWatch) {
	q.mu.Lock()
	defer q.mu.Unlock()
	now := time.Now()
	for _, key := range w.asked {
		if _, open := q.open[session][key]; open {
			if q.late == nil {
				q.late = map[string]map[string]time.Time{}
			}
			if q.late[session] == nil {
				q.late[session] = map[string]time.Time{}
			}
			q.late[session][key] = now
		}
		delete(q.open[session], key)
	}
	for key, at := range q.late[session] {
		if now.Sub(at) > endedQuestionKept {
			delete(q.late[session], key)
		}
	}
	if len(q.late[session]) == 0 {
		delete(q.late, session)
	}
	w.asked = nil
	if len(q.open[session]) == 0 {
		delete(q.open, session)
	}
}

// asked records the questions among the SSE events p that the session's stream w carries, and
// returns p without those that must not be written (p itself, nearly always). One asked after
// the shutdown began, or after the session ended while w was open (failAll), is neither recorded
// nor written: it ends its call at once (or, written on a GET stream, fails as failAll fails the
// others). The check and failAll hold one lock: a question is either open when failAll takes
// the session's questions, or finds the session ended.
func (q *questionEnder) asked(w *questionWatch, p []byte) []byte {
	session := w.session
	out := p
	for at := 0; ; {
		i := bytes.Index(p[at:], []byte("data: "))
		if i < 0 {
			return out
		}
		start := at + i + len("data: ")
		end := len(p)
		if j := bytes.IndexByte(p[start:], '\n'); j >= 0 {
			end = start + j
		}
		line := p[start:end]
		at = end
		s, ok := inspectMessage(line)
		if !ok || !s.id.found() || !s.method.found() || !methodIs(line, s.method, string(mcp.MethodElicitationCreate)) {
			continue
		}
		key, ok := responseKey(line[s.id.start:s.id.end])
		if !ok {
			continue
		}
		q.mu.Lock()
		stopping, ended := q.stopping, w.ended
		if !stopping && !ended {
			if q.open[session] == nil {
				q.open[session] = map[string]struct{}{}
			}
			q.open[session][string(key)] = struct{}{}
			if w.call != nil {
				w.asked = append(w.asked, string(key))
			}
		}
		q.mu.Unlock()
		if !stopping && !ended {
			continue
		}
		cause, why := errSessionEnded, present.QuestionSessionEnded
		if stopping {
			cause, why = errServerStopping, present.QuestionServerStopping
		}
		if w.call == nil || !w.call.end(cause) {
			go q.post(context.Background(), session, key, why)
		}
		out = withoutEvent(out, line)
	}
}

// withoutEvent is the SSE events p without the one whose data line is line (a slice of p's
// original text, or equal to one in p).
func withoutEvent(p, line []byte) []byte {
	i := bytes.Index(p, line)
	if i < 0 {
		return p
	}
	start := bytes.LastIndex(p[:i], []byte("\n\n"))
	if start < 0 {
		start = 0
	} else {
		start += 2
	}
	end := len(p)
	if j := bytes.Index(p[i:], []byte("\n\n")); j >= 0 {
		end = i + j + 2
	}
	return append(append([]byte{}, p[:start]...), p[end:]...)
}

// answered forgets the question that a client's response in the session, which mcp-go has
// delivered, answers (endpoint: it has the body read).
func (q *questionEnder) answered(session string, msg []byte) {
	if key, ok := answerKey(msg); ok {
		q.take(session, key)
	}
}

// answerKey is the key (responseKey) of the question the response msg answers.
func answerKey(msg []byte) ([]byte, bool) {
	s, ok := inspectMessage(msg)
	if !ok || !s.id.found() {
		return nil, false
	}
	return responseKey(msg[s.id.start:s.id.end])
}

// take forgets the open question key of the session and reports whether it was open.
func (q *questionEnder) take(session string, key []byte) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	_, open := q.open[session][string(key)]
	delete(q.open[session], string(key))
	if len(q.open[session]) == 0 {
		delete(q.open, session)
	}
	return open
}

// fail answers the session's open question key, if it is open, with an error giving why.
func (q *questionEnder) fail(ctx context.Context, session string, key []byte, why string) {
	if q.take(session, key) {
		q.post(ctx, session, key, why)
	}
}

// failAll answers every open question of the session with an error giving why: the session is
// ending. Its streams open now, and those it opens until the returned func is called (once mcp-go
// forgot the session: its DELETE returned) or while one of those is still open, are ended: a
// question asked on them fails at once (asked). Marking the session as ending and taking its
// questions hold the lock questions are recorded under, before any is answered: a question is
// either taken here or finds its stream ended.
func (q *questionEnder) failAll(ctx context.Context, session, why string) (over func()) {
	q.mu.Lock()
	q.ending[session]++
	open := q.open[session]
	delete(q.open, session)
	for w := range q.streams[session] {
		w.ended = true // a question asked on it from now on fails at once (asked)
	}
	q.mu.Unlock()
	for key := range open {
		q.post(ctx, session, []byte(key), why)
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			q.mu.Lock()
			defer q.mu.Unlock()
			if q.ending[session]--; q.ending[session] <= 0 {
				delete(q.ending, session)
			}
		})
	}
}

// failEvery answers every open question of every session with an error giving why (the server
// is shutting down).
func (q *questionEnder) failEvery(ctx context.Context, why string) {
	q.mu.Lock()
	q.stopping = true
	sessions := make([]string, 0, len(q.open))
	for session := range q.open {
		sessions = append(sessions, session)
	}
	q.mu.Unlock()
	for _, session := range sessions {
		q.failAll(ctx, session, why)() // stopping fails every question asked from now on
	}
}

// post sends mcp-go, in the client's stead, an error answering the session's question key.
func (q *questionEnder) post(ctx context.Context, session string, key []byte, why string) {
	details, _ := json.Marshal(mcp.NewJSONRPCErrorDetails(mcp.INTERNAL_ERROR, why, nil))
	body := append(append(append([]byte(`{"jsonrpc":"2.0","id":`), key...), `,"error":`...), details...)
	body = append(body, '}')
	ctx = context.WithValue(context.WithoutCancel(ctx), internalEndKey{}, true)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, mcpPath, bytes.NewReader(body))
	if err != nil {
		return
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set(server.HeaderKeySessionID, session)
	q.next.ServeHTTP(discardResponse{header: http.Header{}}, req)
}

// questionWatch records the questions written on a session's stream.
type questionWatch struct {
	http.ResponseWriter
	ender   *questionEnder
	session string
	call    *callStop // a POST's: the call it carries; nil on a GET stream
	asked   []string  // a POST's: the keys of the questions written on its stream (ender.mu)
	ended   bool      // its session ended, or was ending, while it was open (ender.mu)
}

func (w *questionWatch) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte(mcp.MethodElicitationCreate)) {
		if kept := w.ender.asked(w, p); len(kept) < len(p) {
			if len(kept) > 0 {
				if _, err := w.ResponseWriter.Write(kept); err != nil {
					return 0, err
				}
			}
			return len(p), nil
		}
	}
	return w.ResponseWriter.Write(p)
}

func (w *questionWatch) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *questionWatch) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// droppedOverHTTP readies a 2025-era client's response posted over HTTP that mcp-go v1.2.1 would
// acknowledge (202) and drop unread, leaving its question to wait for ever: one whose result and
// error are each missing, null, {} or [] (mcp-go's isJSONEmpty, blanks allowed, member names
// matched as encoding/json matches them). unansweredOverHTTP (ids.go) readies those it knows as
// over stdio (a result {} alone is a declined answer); every other one fails its question
// (present.AnswerEmpty). nil: msg goes on as it is.
func droppedOverHTTP(msg []byte) []byte {
	if fixed := unansweredOverHTTP(msg); fixed != nil {
		return fixed
	}
	var m struct { // as mcp-go's handlePost reads it
		ID     json.RawMessage `json:"id"`
		Result json.RawMessage `json:"result,omitempty"`
		Error  json.RawMessage `json:"error,omitempty"`
		Method mcp.MCPMethod   `json:"method,omitempty"`
	}
	if json.Unmarshal(msg, &m) != nil || m.ID == nil || m.Method != "" || !emptyToMCPGo(m.Result) || !emptyToMCPGo(m.Error) {
		return nil
	}
	return errorResponse(bytes.TrimSpace(m.ID), present.AnswerEmpty)
}

// emptyToMCPGo is mcp-go v1.2.1's isJSONEmpty (streamable_http.go): nothing, blanks, null, or an
// object or array with nothing but blanks inside.
func emptyToMCPGo(v json.RawMessage) bool {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || string(v) == "null" {
		return true
	}
	if v[0] != '{' && v[0] != '[' {
		return false
	}
	inner := bytes.TrimLeftFunc(v[1:], unicode.IsSpace)
	return len(inner) > 0 && (v[0] == '{' && inner[0] == '}' || v[0] == '[' && inner[0] == ']')
}

// batchedResponses is the responses among the messages of the JSON-RPC batch msg (none when msg
// is not a batch).
func batchedResponses(msg []byte) [][]byte {
	trimmed := bytes.TrimLeft(msg, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '[' {
		return nil
	}
	var batch []json.RawMessage
	if json.Unmarshal(trimmed, &batch) != nil {
		return nil
	}
	var out [][]byte
	for _, m := range batch {
		if isResponse(m) {
			out = append(out, m)
		}
	}
	return out
}

// deleteAccepted reports whether mcp-go ends the session of a 2025-era DELETE that passed the
// caller check: it refuses one whose MCP-Protocol-Version is 2026-07-28 (405) or unsupported (400).
func deleteAccepted(r *http.Request) bool {
	v := r.Header.Get(mcp.HeaderProtocolVersion)
	return !mcp.IsModernProtocol(v) && (v == "" || mcp.IsValidProtocolVersion(v))
}

// postRefused reports whether mcp-go refuses a 2025-era POST before reading its message: a
// Content-Type other than application/json, or an unsupported MCP-Protocol-Version (400).
func postRefused(r *http.Request) bool {
	media, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	v := r.Header.Get(mcp.HeaderProtocolVersion)
	return err != nil || media != "application/json" || v != "" && !mcp.IsValidProtocolVersion(v)
}

// statusRecorder keeps the status of the answer written through it.
type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.code == 0 {
		s.code = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(p []byte) (int, error) {
	if s.code == 0 {
		s.code = http.StatusOK
	}
	return s.ResponseWriter.Write(p)
}

func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// mcpGoLogger is logger as mcp-go's HTTP transport gets it: its "Failed to handle sampling
// response" — an answer it could not deliver, which the endpoint refuses itself (answers no
// question the session waits on) but for one whose call ended just as it came — and its
// "Failed to write …" of a client whose connection is gone (it went away, stopped reading until
// its stream was cut off, or the server is shutting down) log at info, as the caller's doings
// do, not at error (which is for a bug: a write that fails otherwise stays an error).
func mcpGoLogger(logger *slog.Logger) *slog.Logger {
	return slog.New(answerRefusalAtInfo{logger.Handler()})
}

type answerRefusalAtInfo struct{ slog.Handler }

const mcpGoAnswerRefused = "Failed to handle sampling response"

func (h answerRefusalAtInfo) Handle(ctx context.Context, r slog.Record) error {
	if r.Level == slog.LevelError && (r.Message == mcpGoAnswerRefused || strings.HasPrefix(r.Message, "Failed to write") && connectionGone(r)) {
		if !h.Handler.Enabled(ctx, slog.LevelInfo) {
			return nil
		}
		r.Level = slog.LevelInfo
	}
	return h.Handler.Handle(ctx, r)
}

// connectionGone reports whether r's "err" is a write to a connection that is closed, reset or
// past its write deadline.
func connectionGone(r slog.Record) bool {
	gone := false
	r.Attrs(func(a slog.Attr) bool {
		if err, ok := a.Value.Any().(error); ok && a.Key == "err" {
			gone = errors.Is(err, net.ErrClosed) || errors.Is(err, syscall.EPIPE) ||
				errors.Is(err, syscall.ECONNRESET) || errors.Is(err, os.ErrDeadlineExceeded)
		}
		return !gone
	})
	return gone
}

func (h answerRefusalAtInfo) WithAttrs(attrs []slog.Attr) slog.Handler {
	return answerRefusalAtInfo{h.Handler.WithAttrs(attrs)}
}

func (h answerRefusalAtInfo) WithGroup(name string) slog.Handler {
	return answerRefusalAtInfo{h.Handler.WithGroup(name)}
}
