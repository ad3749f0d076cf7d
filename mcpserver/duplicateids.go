package mcpserver

import (
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
// leave is called once mcp-go has answered (nil when msg is no request with an id).
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
	return nil, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		delete(c.calls, key)
	}
}
