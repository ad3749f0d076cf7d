package mcpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// Over HTTP (2025-era sessions), a question the server asks (elicitation/create) waits for the
// client to POST its answer in the same session. When the session ends first — the client's
// DELETE, or the server ending it (idle, at the cap) — mcp-go forgets the session and would
// answer that POST 404, while the call that asked waits on for its answer (up to ten minutes).
// questionEnder sits before mcp-go's handler: it records the questions each session has been
// asked and not yet answered, and before a session's DELETE reaches mcp-go it answers each of
// them in the client's stead with an error (present.QuestionSessionEnded), so every call that
// waited ends with its failed result, which changed nothing (tools/ask.go).
type questionEnder struct {
	next http.Handler
	mu   sync.Mutex
	open map[string]map[string]struct{} // session ID → the ids (responseKey) of its open questions
}

func newQuestionEnder(next http.Handler) *questionEnder {
	return &questionEnder{next: next, open: map[string]map[string]struct{}{}}
}

func (q *questionEnder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := r.Header.Get(server.HeaderKeySessionID)
	if id == "" {
		q.next.ServeHTTP(w, r)
		return
	}
	if r.Method == http.MethodDelete {
		q.failAll(r, id)
	}
	if r.Method == http.MethodPost || r.Method == http.MethodGet {
		w = questionWatch{ResponseWriter: w, ender: q, session: id}
	}
	q.next.ServeHTTP(w, r)
}

// asked records the questions among the SSE events p that the session's stream carries.
func (q *questionEnder) asked(session string, p []byte) {
	for rest := p; ; {
		i := bytes.Index(rest, []byte("data: "))
		if i < 0 {
			return
		}
		rest = rest[i+len("data: "):]
		line := rest
		if j := bytes.IndexByte(rest, '\n'); j >= 0 {
			line, rest = rest[:j], rest[j:]
		}
		s, ok := inspectMessage(line)
		if !ok || !s.id.found() || !s.method.found() || !methodIs(line, s.method, string(mcp.MethodElicitationCreate)) {
			continue
		}
		if key, ok := responseKey(line[s.id.start:s.id.end]); ok {
			q.mu.Lock()
			if q.open[session] == nil {
				q.open[session] = map[string]struct{}{}
			}
			q.open[session][string(key)] = struct{}{}
			q.mu.Unlock()
		}
	}
}

// answered forgets the question a client's response in the session answers (endpoint: it has
// the body read).
func (q *questionEnder) answered(session string, msg []byte) {
	s, ok := inspectMessage(msg)
	if !ok || !s.id.found() {
		return
	}
	key, ok := responseKey(msg[s.id.start:s.id.end])
	if !ok {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	delete(q.open[session], string(key))
	if len(q.open[session]) == 0 {
		delete(q.open, session)
	}
}

// failAll answers every open question of the session, which is ending, with an error.
func (q *questionEnder) failAll(r *http.Request, session string) {
	q.mu.Lock()
	open := q.open[session]
	delete(q.open, session)
	q.mu.Unlock()
	for key := range open {
		details, _ := json.Marshal(mcp.NewJSONRPCErrorDetails(mcp.INTERNAL_ERROR, present.QuestionSessionEnded, nil))
		body := append(append(append([]byte(`{"jsonrpc":"2.0","id":`), key...), `,"error":`...), details...)
		body = append(body, '}')
		ctx := context.WithValue(context.WithoutCancel(r.Context()), internalEndKey{}, true)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, mcpPath, bytes.NewReader(body))
		if err != nil {
			continue
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		req.Header.Set(server.HeaderKeySessionID, session)
		if v := r.Header.Get(mcp.HeaderProtocolVersion); v != "" {
			req.Header.Set(mcp.HeaderProtocolVersion, v)
		}
		q.next.ServeHTTP(discardResponse{header: http.Header{}}, req)
	}
}

// questionWatch records the questions written on a session's stream.
type questionWatch struct {
	http.ResponseWriter
	ender   *questionEnder
	session string
}

func (w questionWatch) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte(mcp.MethodElicitationCreate)) {
		w.ender.asked(w.session, p)
	}
	return w.ResponseWriter.Write(p)
}

func (w questionWatch) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w questionWatch) Unwrap() http.ResponseWriter { return w.ResponseWriter }
