package mcpserver

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// A call whose question (elicitation/create, 2025 eras) is still unanswered when the call ends
// (cancelled; its time limit never ends it while a question waits) withdraws it: notifications/cancelled naming the
// question's id (MCP: either side may cancel a request it issued), so the person's client stops
// showing a question nobody waits for. mcp-go v1.2.1 numbers the question itself and returns
// no id, so the call tags the question (a private _meta member, tools.WithQuestionTagger); the
// writer (codeFixingWriter) reads the id next to the tag as mcp-go writes the request, and takes
// the tag out: the client never sees it. Over HTTP the streams mcp-go writes questions on do the
// same (httpQuestions, below).

// questionTagKey is the _meta member that tags a question; never written to the client.
const questionTagKey = "spice-cloud-mcp.question-tag"

var questionTagPrefix = []byte(`"_meta":{"` + questionTagKey + `":"`)

// stdioQuestions are the tagged questions of a stdio server: tag -> the question's id as
// written ("" until written; questionEnded for endedQuestionKept when its call ended first).
type stdioQuestions struct {
	mu   sync.Mutex
	ids  map[string]string
	w    *codeFixingWriter
	sent *serverRequests
}

// questionEnded marks the tag of a question whose call ended before mcp-go wrote it.
const questionEnded = "\x00ended"

func (q *stdioQuestions) forget(tag string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.ids[tag] == questionEnded {
		delete(q.ids, tag)
	}
}

// Tag implements tools.QuestionTagger.
func (q *stdioQuestions) Tag(params *mcp.ElicitationParams) func(unanswered bool) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil || params.Meta != nil {
		return func(bool) {}
	}
	tag := hex.EncodeToString(b)
	params.Meta = &mcp.Meta{AdditionalFields: map[string]any{questionTagKey: tag}}
	q.mu.Lock()
	q.ids[tag] = ""
	q.mu.Unlock()
	return func(unanswered bool) {
		q.mu.Lock()
		id := q.ids[tag]
		if unanswered && id == "" { // not written yet: dropped should mcp-go write it still
			q.ids[tag] = questionEnded
			time.AfterFunc(endedQuestionKept, func() { q.forget(tag) })
		} else {
			delete(q.ids, tag)
		}
		q.mu.Unlock()
		if !unanswered || id == "" {
			return
		}
		key, ok := responseKey([]byte(id))
		if !ok || !q.sent.answered(key) { // answered meanwhile, or failed at the end of input
			return
		}
		line, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": "notifications/cancelled",
			"params": map[string]any{"requestId": json.RawMessage(id), "reason": present.QuestionWithdrawn}})
		if err == nil {
			_, _ = q.w.Write(append(line, '\n'))
		}
	}
}

// untag records the id of the tagged question msg (as mcp-go writes it) and returns msg
// without its tag, or nil when its call has ended (the question is then not written); any other
// message as it is (a tag is random, known only while its question is asked). q.mu is held
// throughout, as httpQuestions.untag holds it: a call that ends meanwhile either finds the id
// (and withdraws the question, after it is written: the writer is held) or has marked the tag
// ended first (and the question is not written). It once let go between reading the tag and
// noting the id, and a call ending in between had its question written and never withdrawn.
// Lock order: the writer's (codeFixingWriter.mu), then q.mu; a call's end takes q.mu alone and
// writes its withdrawal after letting go of it.
func (q *stdioQuestions) untag(msg []byte) []byte {
	i := bytes.Index(msg, questionTagPrefix)
	if i < 0 {
		return msg
	}
	rest := msg[i+len(questionTagPrefix):]
	end := bytes.IndexByte(rest, '"')
	if end < 0 || !bytes.HasPrefix(rest[end:], []byte(`"}`)) {
		return msg
	}
	tag := string(rest[:end])
	q.mu.Lock()
	defer q.mu.Unlock()
	id, open := q.ids[tag]
	if !open {
		// No question being asked has it: one whose call ended long ago (endedQuestionKept), which
		// is not asked now either; anything else with the tag's text is left as it is.
		if taggedRequest(msg) {
			return nil
		}
		return msg
	}
	if id == questionEnded { // its call ended before it was written: never asked
		delete(q.ids, tag)
		return nil
	}
	cut := i + len(questionTagPrefix) + end + len(`"}`)
	if cut < len(msg) && msg[cut] == ',' {
		cut++
	}
	out := append(append(make([]byte, 0, len(msg)), msg[:i]...), msg[cut:]...)
	if s, ok := inspectMessage(bytes.TrimRight(out, " \t\r\n")); ok && s.id.found() && s.method.found() {
		q.ids[tag] = string(out[s.id.start:s.id.end])
	}
	return out
}

// Over streamable HTTP (2025 eras) mcp-go writes a call's question on the call's own POST
// stream (its SSE response), or, should that stream not take it, on the session's GET stream:
// every stream the endpoint serves goes through a questionStream, which reads the id of a
// tagged question as mcp-go writes it and takes the tag out, and the call withdraws the question
// on the stream that carried it, before its result. mcp-go hands the question to the stream's
// writer on another goroutine, so a call may end before its question is written: that question
// is then never written at all.

// httpQuestions are the tagged questions of an HTTP server's calls in progress.
type httpQuestions struct {
	mu    sync.Mutex
	tags  map[string]*httpQuestion
	gets  map[string]*questionStream // each 2025-era session's open GET stream, by session ID
	ender *questionEnder             // the sessions' open questions; nil: none kept
}

// openGET records stream as the GET stream of session until the returned func is called.
func (q *httpQuestions) openGET(session string, stream *questionStream) func() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.gets == nil {
		q.gets = map[string]*questionStream{}
	}
	q.gets[session] = stream
	return func() {
		q.mu.Lock()
		defer q.mu.Unlock()
		if q.gets[session] == stream {
			delete(q.gets, session)
		}
	}
}

// alsoOn is the session's GET stream when a question went out on another of the session's
// streams (a call's own response), else nil. The official go-sdk client (v1.8.0) closes a
// cancelled call's response stream yet keeps showing its question until answered: a withdrawal
// written there alone never reached it (TestR50E2eCancelledCallWithdrawsItsQuestion).
func (q *httpQuestions) alsoOn(stream *questionStream) *questionStream {
	q.mu.Lock()
	defer q.mu.Unlock()
	if get := q.gets[stream.session]; stream.session != "" && get != stream {
		return get
	}
	return nil
}

// httpQuestion is a tagged question: its id and stream once written; ended once its call ended
// without its answer before it was written (it is dropped when written).
type httpQuestion struct {
	id     string
	stream *questionStream
	ended  bool
}

// endedQuestionKept is how long a question whose call ended before it was written is
// remembered, to drop it should mcp-go write it still. mcp-go may write it later: one queued for
// the session's GET stream waits there until a GET stream opens. A question written with a tag
// no longer remembered is dropped too (untag).
const endedQuestionKept = time.Minute

// Tag implements tools.QuestionTagger.
func (q *httpQuestions) Tag(params *mcp.ElicitationParams) func(unanswered bool) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil || params.Meta != nil {
		return func(bool) {}
	}
	tag := hex.EncodeToString(b)
	params.Meta = &mcp.Meta{AdditionalFields: map[string]any{questionTagKey: tag}}
	asked := &httpQuestion{}
	q.mu.Lock()
	if q.tags == nil {
		q.tags = map[string]*httpQuestion{}
	}
	q.tags[tag] = asked
	q.mu.Unlock()
	return func(unanswered bool) {
		q.mu.Lock()
		id, stream := asked.id, asked.stream
		if unanswered && id == "" {
			asked.ended = true
			time.AfterFunc(endedQuestionKept, func() { q.forget(tag) })
		} else {
			delete(q.tags, tag)
		}
		q.mu.Unlock()
		if unanswered && id != "" {
			if q.ender != nil {
				// Late before the client can learn of it: its answer to the withdrawal is taken
				// quietly, not handed to mcp-go, which no longer waits and would refuse it (400).
				q.ender.withdrawn(stream.session, []byte(id))
			}
			stream.withdraw(id)
			if get := q.alsoOn(stream); get != nil {
				get.withdraw(id)
			}
		}
	}
}

func (q *httpQuestions) forget(tag string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	delete(q.tags, tag)
}

// untag returns the SSE event ev without the tag of the question it carries, noting the
// question's id and the stream that carries it; nil when the question's call has ended (the
// question is not written); ev itself when it holds no tag of a question being asked. stream.mu
// is held until ev is written, so that the question's withdrawal waits for it.
func (q *httpQuestions) untag(ev []byte, stream *questionStream) []byte {
	i := bytes.Index(ev, questionTagPrefix)
	if i < 0 {
		return ev
	}
	rest := ev[i+len(questionTagPrefix):]
	end := bytes.IndexByte(rest, '"')
	if end < 0 || !bytes.HasPrefix(rest[end:], []byte(`"}`)) {
		return ev
	}
	tag := string(rest[:end])
	q.mu.Lock()
	defer q.mu.Unlock()
	asked, open := q.tags[tag]
	if !open {
		// No question being asked has it: one whose call ended long ago (endedQuestionKept), which
		// mcp-go kept for a GET stream until one opened, is not asked now either; anything else
		// with the tag's text is left as it is.
		if data := sseData(ev); taggedRequest(data) {
			return nil
		}
		return ev
	}
	if asked.ended {
		delete(q.tags, tag)
		return nil
	}
	cut := i + len(questionTagPrefix) + end + len(`"}`)
	if cut < len(ev) && ev[cut] == ',' {
		cut++
	}
	out := append(append(make([]byte, 0, len(ev)), ev[:i]...), ev[cut:]...)
	data := sseData(out)
	if s, ok := inspectMessage(bytes.TrimRight(data, " \t\r\n")); ok && s.id.found() && s.method.found() {
		asked.id, asked.stream = string(data[s.id.start:s.id.end]), stream
	}
	return out
}

// sseData is the data of the SSE event ev (ev itself when it has no data field).
func sseData(ev []byte) []byte {
	if j := bytes.Index(ev, []byte("data: ")); j >= 0 {
		return ev[j+len("data: "):]
	}
	return ev
}

// taggedRequest reports whether msg, which holds a question's tag, is a request (a question
// mcp-go writes), not some other message whose text holds the tag's.
func taggedRequest(msg []byte) bool {
	s, ok := inspectMessage(bytes.TrimRight(msg, " \t\r\n"))
	return ok && s.id.found() && s.method.found()
}

// errStreamEnded fails a write to a response whose request has been served.
var errStreamEnded = errors.New("the response has ended: its request has been served")

// questionStream is a response of the HTTP endpoint whose writes (each a whole message or SSE
// event, as mcp-go writes them) are serialized with the withdrawals of the questions it carried.
type questionStream struct {
	http.ResponseWriter
	questions *httpQuestions
	session   string // the 2025-era session of the call it answers (questions asked there)
	mu        sync.Mutex
	closed    bool // its request has been served: nothing more is written
}

// close ends the writes, once the request has been served (a withdrawal may come later, from a
// call whose question went out on a GET stream that has ended).
func (s *questionStream) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
}

func (s *questionStream) Write(p []byte) (int, error) {
	// The question's id is noted (untag) with the stream held until it is written: a withdrawal,
	// which takes the stream too, comes after the question, never before.
	s.mu.Lock()
	defer s.mu.Unlock()
	out := p
	if bytes.Contains(p, questionTagPrefix) {
		if out = s.questions.untag(p, s); out == nil {
			return len(p), nil // the question of a call that has ended: never asked
		}
	}
	if s.closed {
		return 0, errStreamEnded
	}
	if _, err := s.ResponseWriter.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (s *questionStream) Flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f, ok := s.ResponseWriter.(http.Flusher); ok && !s.closed {
		f.Flush()
	}
}

func (s *questionStream) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// withdraw writes, as an SSE event, the notifications/cancelled that withdraws the question id.
// A stream already closed (the client went away) takes nothing, which is all right: that
// client is no longer shown the question by this server's stream.
func (s *questionStream) withdraw(id string) {
	msg, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": "notifications/cancelled",
		"params": map[string]any{"requestId": json.RawMessage(id), "reason": present.QuestionWithdrawn}})
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	if _, err := s.ResponseWriter.Write([]byte("event: message\ndata: " + string(msg) + "\n\n")); err == nil {
		if f, ok := s.ResponseWriter.(http.Flusher); ok {
			f.Flush()
		}
	}
}
