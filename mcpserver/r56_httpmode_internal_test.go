package mcpserver

import "time"

// R56SessionHeld reports whether h keeps state for session id (test-only seam: a session the
// server ended to make room is no longer held, though its client is still served).
func R56SessionHeld(h *HTTPServer, id string) bool {
	h.sessions.mu.Lock()
	defer h.sessions.mu.Unlock()
	_, ok := h.sessions.byID[id]
	return ok
}

// R56SessionClock makes h's sessions read the time from now, and returns a sweep that ends the
// sessions idle past the TTL at once, as the periodic sweep does (test-only seam: the TTL is
// tested on an injected clock, not by waiting).
func R56SessionClock(h *HTTPServer, now func() time.Time) (sweep func()) {
	h.sessions.mu.Lock()
	h.sessions.now = now
	h.sessions.mu.Unlock()
	return h.sessions.sweep
}
