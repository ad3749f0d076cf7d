package mcpserver

// R56SessionHeld reports whether h keeps state for session id (test-only seam: a session the
// server ended to make room is no longer held, though its client is still served).
func R56SessionHeld(h *HTTPServer, id string) bool {
	h.sessions.mu.Lock()
	defer h.sessions.mu.Unlock()
	_, ok := h.sessions.byID[id]
	return ok
}
