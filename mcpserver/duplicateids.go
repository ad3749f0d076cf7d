package mcpserver

import (
	"bytes"
	"net/http"
	"sync"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// A 2025-era HTTP session's requests in progress, by id. mcp-go keys a request's cancellation by
// its session and id (inflightKey) until the request has answered: a second request with the id
// of one in progress took the older's place, and once it ended it removed the entry, so the
// older could no longer be cancelled (a notifications/cancelled reached the newer, or nothing).
// JSON-RPC and MCP want the ids of a session's requests in progress unique: the newer is refused
// (-32600, HTTP 400) and never run. Over stdio idReader.duplicate does the same; 2026-07-28
// requests get stand-ins of their own (moderncalls.go).
type sessionCalls struct {
	mu    sync.Mutex
	calls map[string]struct{} // session ID, NUL, the id's canonical spelling (canonicalID)
}

// enter records the request msg (a POST's body, as sent) of session while mcp-go serves it. ok
// is false, with the answer to write, when its id is that of a request of session in progress;
// leave is called once mcp-go answers (nil when msg is no request with an id); calling it again
// does nothing.
func (c *sessionCalls) enter(session string, msg []byte) (answer []byte, leave func()) {
	s, ok := inspectMessage(msg)
	if !ok || !s.method.notNull(msg) || s.badMember != "" || !s.id.found() || s.result.notNull(msg) {
		return nil, nil
	}
	id := msg[s.id.start:s.id.end]
	if !validID(id) {
		return nil, nil
	}
	key := session + "\x00" + string(canonicalID(id))
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, busy := c.calls[key]; busy {
		return invalidRequest(id, present.RequestIDInProgress(string(id))), nil
	}
	if c.calls == nil {
		c.calls = map[string]struct{}{}
	}
	c.calls[key] = struct{}{}
	return nil, sync.OnceFunc(func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		delete(c.calls, key)
	})
}

// idFreeingResponse frees its request's id (leave) just before the request's answer is written:
// a client that has read the answer may send the id again at once, and must find it free
// (README). mcp-go writes the answer whole, as the body or as one SSE event, after the request's
// notifications and questions; the id is then as mcp-go echoes it (a stand-in, ids.go). A
// request that ends unanswered frees its id when served (leave is called again then: once).
type idFreeingResponse struct {
	http.ResponseWriter
	key   []byte // the id's canonical spelling, as mcp-go was handed it
	leave func()
}

// freeOnAnswer wraps w so that leave is called once the answer to msg, the request as handed to
// mcp-go, is about to be written; leave must be safe to call more than once.
func freeOnAnswer(w http.ResponseWriter, msg []byte, leave func()) http.ResponseWriter {
	s, ok := inspectMessage(msg)
	if !ok || !s.id.found() || !validID(msg[s.id.start:s.id.end]) {
		return w
	}
	return idFreeingResponse{ResponseWriter: w, key: canonicalID(msg[s.id.start:s.id.end]), leave: leave}
}

func (f idFreeingResponse) Write(p []byte) (int, error) {
	if f.answers(p) {
		f.leave()
	}
	return f.ResponseWriter.Write(p)
}

// answers reports whether p, a JSON body or an SSE event, is a response with the request's id.
func (f idFreeingResponse) answers(p []byte) bool {
	data := bytes.TrimSpace(p)
	if !bytes.HasPrefix(data, []byte("{")) {
		_, event, ok := bytes.Cut(p, []byte("data: "))
		if !ok {
			return false
		}
		event, _, _ = bytes.Cut(event, []byte("\n"))
		data = bytes.TrimSpace(event)
	}
	s, ok := inspectMessage(data)
	if !ok || s.method.notNull(data) || !s.id.found() || !validID(data[s.id.start:s.id.end]) {
		return false
	}
	return bytes.Equal(canonicalID(data[s.id.start:s.id.end]), f.key)
}

func (f idFreeingResponse) Flush() {
	if fl, ok := f.ResponseWriter.(http.Flusher); ok {
		fl.Flush()
	}
}

func (f idFreeingResponse) Unwrap() http.ResponseWriter { return f.ResponseWriter }
