package mcpserver

// R52DeterminismSending says whether h's connection limit has seen the connection whose client
// end has the local address clientAddr begin sending a request it has not finished (test-only
// seam): a test waits for it instead of sleeping while the server reads.
func R52DeterminismSending(h *HTTPServer, clientAddr string) bool {
	h.conns.mu.Lock()
	defer h.conns.mu.Unlock()
	for c := range h.conns.conns {
		if c.RemoteAddr().String() == clientAddr {
			return sendingSince(c) != 0
		}
	}
	return false
}

// R52DeterminismStopping says whether h's shutdown has begun failing questions: every question
// asked from then on fails at once (test-only seam, a condition in place of a sleep).
func R52DeterminismStopping(h *HTTPServer) bool {
	h.questions.mu.Lock()
	defer h.questions.mu.Unlock()
	return h.questions.stopping
}
