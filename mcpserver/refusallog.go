package mcpserver

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// refusalLogWindow is how often one kind of refusal is logged at most: a flood of refusals, one
// line each, would flood the operator's log (stderr), and the first line of a burst says all the
// others would.
const refusalLogWindow = 10 * time.Second

// refusalLogger returns logger's refusal log: the first line of each message, then at most one
// per refusalLogWindow, which counts the lines left out since the one before ("unlogged"). A nil
// logger logs nothing.
func refusalLogger(logger *slog.Logger) *slog.Logger {
	if logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(refusalHandler{Handler: logger.Handler(), state: &refusalState{last: map[string]time.Time{}, unlogged: map[string]int{}}})
}

// refusalHandler is refusalLogger's handler. Its messages are the server's own constants, so its
// maps stay as small as their number.
type refusalHandler struct {
	slog.Handler
	state *refusalState
}

type refusalState struct {
	mu       sync.Mutex
	last     map[string]time.Time // when each message was last logged
	unlogged map[string]int       // each message's lines left out since
}

func (h refusalHandler) Handle(ctx context.Context, r slog.Record) error {
	s := h.state
	s.mu.Lock()
	last, seen := s.last[r.Message]
	if seen && time.Since(last) < refusalLogWindow {
		s.unlogged[r.Message]++
		s.mu.Unlock()
		return nil
	}
	n := s.unlogged[r.Message]
	s.last[r.Message] = time.Now()
	delete(s.unlogged, r.Message)
	s.mu.Unlock()
	if n > 0 {
		r = r.Clone()
		r.AddAttrs(slog.Int("unlogged", n))
	}
	return h.Handler.Handle(ctx, r)
}

func (h refusalHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return refusalHandler{Handler: h.Handler.WithAttrs(attrs), state: h.state}
}

func (h refusalHandler) WithGroup(name string) slog.Handler {
	return refusalHandler{Handler: h.Handler.WithGroup(name), state: h.state}
}

// logRefusal logs, at info, a request refused for the caller's own doing: why (the message), its
// status, the client's address, and the attributes (the flag that governs it, where one does).
// Never a header's value: it may hold a credential.
func logRefusal(logger *slog.Logger, r *http.Request, status int, why string, attrs ...any) {
	logger.Info(why, append([]any{"status", status, "remote", r.RemoteAddr}, attrs...)...)
}
