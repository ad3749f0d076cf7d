package mcpserver

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// DefaultShutdownGrace is how long, after SIGINT or SIGTERM, the HTTP server lets calls in
// progress finish before it cancels them (HTTPOptions.ShutdownGrace). With shutdownAnswer it
// stays inside Kubernetes' default terminationGracePeriodSeconds of 30.
const DefaultShutdownGrace = 20 * time.Second

// shutdownAnswer is how long cancelled calls get to send their answer (a cancelled call
// answers at once: it says what may have been applied) before their connections are closed.
const shutdownAnswer = 5 * time.Second

// drain is what the HTTP server tells the calls it serves about its shutdown: ctx ends when
// the grace period is over, and calls counts those in progress.
type drain struct {
	ctx   context.Context
	calls atomic.Int64
}

type drainKey struct{}

// withDrain puts d in every request's context (an HTTPContextFunc).
func withDrain(d *drain, next server.HTTPContextFunc) server.HTTPContextFunc {
	return func(ctx context.Context, r *http.Request) context.Context {
		return context.WithValue(next(ctx, r), drainKey{}, d)
	}
}

// untilDrained returns ctx, cancelled when the server it came through stops waiting for calls
// in progress. Only the handler's context ends: the request's stays open, so mcp-go still
// writes the answer the cancelled call gives (it drops the answer of a request whose own
// context ended). Over stdio there is no drain: the whole context ends at once.
func untilDrained(ctx context.Context) (context.Context, func()) {
	d, _ := ctx.Value(drainKey{}).(*drain)
	if d == nil {
		return ctx, func() {}
	}
	d.calls.Add(1)
	ctx, cancel := context.WithCancelCause(ctx)
	stop := context.AfterFunc(d.ctx, func() { cancel(nil) })
	// A question the call asks once the shutdown began ends it at once (questionend.go), with
	// errServerStopping as the cause.
	unwatch := stopCall(ctx, cancel)
	return ctx, func() {
		unwatch()
		stop()
		cancel(nil)
		d.calls.Add(-1)
	}
}

// Middlewares that make tool calls, resource reads and prompts end with the grace period.
func drainTools(next server.ToolHandlerFunc) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		ctx, done := untilDrained(ctx)
		defer done()
		return next(ctx, req)
	}
}

func drainResources(next server.ResourceHandlerFunc) server.ResourceHandlerFunc {
	return func(ctx context.Context, req mcp.ReadResourceRequest) ([]mcp.ResourceContents, error) {
		ctx, done := untilDrained(ctx)
		defer done()
		return next(ctx, req)
	}
}

func drainPrompts(next server.PromptHandlerFunc) server.PromptHandlerFunc {
	return func(ctx context.Context, req mcp.GetPromptRequest) (*mcp.GetPromptResult, error) {
		ctx, done := untilDrained(ctx)
		defer done()
		return next(ctx, req)
	}
}

// shutdown ends serving after SIGINT or SIGTERM (ctx's cause): the listener closes at once, so
// no new connection or request is accepted, and the open MCP sessions and their streams end;
// calls in progress get the grace period to finish, then are cancelled and answer with what
// they did ("Cancelled while the Spice.ai API was handling POST …: it may have been applied"),
// through their open responses. Connections still busy shutdownAnswer later are closed.
func (h *HTTPServer) shutdown(ctx context.Context) error {
	h.logger.Info("shutting down: no new requests; calls in progress may finish before the grace period ends, then are cancelled",
		"reason", context.Cause(ctx).Error(), "calls", h.drain.calls.Load(), "grace", h.grace)
	stopped := make(chan error, 1)
	go func() { stopped <- h.http.Shutdown(context.Background()) }()
	closing, cancel := context.WithTimeout(context.Background(), shutdownAnswer)
	defer cancel()
	// No answer to a question can arrive any more (no new requests), and closing the sessions
	// forgets the questions: each fails now, so its call ends with its failed result (nothing
	// changed) instead of waiting out the grace period.
	h.questions.failEvery(closing, present.QuestionServerStopping)
	if err := h.mcp.Shutdown(closing); err != nil {
		h.logger.Warn("closing MCP sessions", "err", err)
	}
	h.sessions.endStreams()
	grace := time.NewTimer(h.grace)
	defer grace.Stop()
	select {
	case err := <-stopped:
		return err
	case <-grace.C:
	}
	h.logger.Info("grace period over: cancelling the calls in progress", "calls", h.drain.calls.Load())
	h.stopCalls()
	answer := time.NewTimer(shutdownAnswer)
	defer answer.Stop()
	select {
	case err := <-stopped:
		return err
	case <-answer.C:
	}
	h.logger.Warn("requests still open after their calls were cancelled: closing their connections", "calls", h.drain.calls.Load())
	if err := h.http.Close(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
