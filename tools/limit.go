package tools

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// A tool call's time limit (Env.CallTimeout) bounds the work it does with the API: every
// request, retry, backoff and polling wait. A person's time is not part of it: while a call
// waits for someone (a secret entered on a page), the limit is paused and what was left of it
// resumes afterwards. The limit is a context whose deadline moves only then, so the client's
// retry loop and net/http see an ordinary deadline.

type limitKey struct{}

// callStartKey carries a tool call's start (BeginCall).
type callStartKey struct{}

// callStart is when a tool call began and its time limit for its arguments; spent is how much
// of it went before the call first ran (the per-call scope check), read once.
type callStart struct {
	at    time.Time
	limit time.Duration
	once  sync.Once
	spent time.Duration
}

// BeginCall marks ctx as one call of t with raw, before anything is done for it: a token
// failure met by an exchange made for it is its own (client.WithCall), and its time limit runs
// from now, so what is done for it before Call — the per-call scope check (HiddenReason), which
// may ask the token endpoint, retries included — counts against that limit. Call without it
// starts the limit when it runs.
func (env *Env) BeginCall(ctx context.Context, t Tool, raw json.RawMessage) context.Context {
	limit := env.callTimeout()
	if t.limitFor != nil {
		limit = t.limitFor(limit, raw)
	}
	return context.WithValue(client.WithCall(ctx), callStartKey{}, &callStart{at: time.Now(), limit: limit})
}

// A resource read, a completion and a prompt are no tool calls, but they stand on tools: each
// checks the tools it needs as a call does (HiddenReason, which may ask the token endpoint), a
// resource renders its tool, a completion of app names lists the apps. Each runs under a tool
// call's time limit (Env.CallTimeout) from its start, over all it does, so an endpoint that does
// not answer holds it no longer than it holds a call.

type requestKey struct{}

// requestLimit is the time limit of one request begun with BeginRequest.
type requestLimit struct {
	what   string // what a text calls it: "resource read", "completion", "prompt"
	limit  time.Duration
	caller context.Context // the request's own context: ended, the caller gave up, not the limit
	ctx    context.Context // the limit
}

// BeginRequest bounds ctx, one request of what ("resource read", "completion", "prompt"), by a
// tool call's time limit from now; cancel releases it. A token failure met by an exchange made
// for it is its own (client.WithCall), as for a call; a tool it renders (Tool.Render) stays in
// this limit and names it when it ends (timedOut), as RequestTimedOut does for its other errors.
func (env *Env) BeginRequest(ctx context.Context, what string) (context.Context, context.CancelFunc) {
	caller := env.withWaits(client.WithCall(ctx))
	r := &requestLimit{what: what, limit: env.callTimeout(), caller: caller}
	limited, cancel := withTimeLimit(caller, r.limit)
	r.ctx = limited
	return context.WithValue(limited, requestKey{}, r), cancel
}

// ended reports whether the request's time limit stopped it (the caller did not end it first).
func (r *requestLimit) ended() bool {
	return r.caller.Err() == nil && errors.Is(r.ctx.Err(), context.DeadlineExceeded)
}

// RequestTimedOut names the time limit of the request ctx belongs to (BeginRequest) in err when
// that limit stopped it, as a tool call's is named in its error (a bare deadline becomes a
// *client.DeadlineError); any other err, or one the caller's own end caused, as it is.
func RequestTimedOut(ctx context.Context, err error) error {
	r, ok := ctx.Value(requestKey{}).(*requestLimit)
	if !ok || err == nil || !errors.Is(err, context.DeadlineExceeded) || !r.ended() {
		return err
	}
	var dl *client.DeadlineError
	if errors.As(err, &dl) {
		dl.Limit, dl.Of = r.limit, r.what
		return err
	}
	return &client.DeadlineError{Limit: r.limit, Of: r.what}
}

// RequestStopped is, when the time limit of the request ctx belongs to (BeginRequest) ran out
// (not the caller's own end), the error that says so naming that limit: the token endpoint's
// when an exchange made for it was what the limit stopped, else the limit alone; nil otherwise.
// A check of scopes and roles cut by the limit fails nothing (they count as unknown, as for a
// token that shows none): this is how a request that must not act on that says why it stopped.
func RequestStopped(ctx context.Context) error {
	r, ok := ctx.Value(requestKey{}).(*requestLimit)
	if !ok || !r.ended() {
		return nil
	}
	dl := client.CallTokenStopped(ctx)
	if dl == nil {
		dl = &client.DeadlineError{}
	}
	dl.Limit, dl.Of = r.limit, r.what
	return dl
}

// ListingHidden is Hidden for one listing (tools/list, resources/list,
// resources/templates/list, prompts/list; method names it in the log) under a tool call's time
// limit from now (BeginRequest), so a token endpoint that does not answer holds it no longer
// than a call, nor holds the token exchange longer. A listing must answer (a client with no
// tool list is stuck): when the limit runs out before the token's scopes and role are read,
// they count as unknown, as for a token that shows none, so the listing holds what the
// operator's flags allow and the API decides at call time; a warning is logged.
func (env *Env) ListingHidden(ctx context.Context, method string) map[string]string {
	ctx, cancel := env.BeginRequest(ctx, "listing")
	defer cancel()
	hidden := env.Hidden(ctx)
	if err := RequestStopped(ctx); err != nil && env.Logger != nil {
		env.Logger.Warn(present.ListingScopesUnknown, "method", method, "err", err.Error())
	}
	return hidden
}

// requestOf is what the request ctx belongs to calls itself (BeginRequest); "" in a tool call.
func requestOf(ctx context.Context) string {
	if r, ok := ctx.Value(requestKey{}).(*requestLimit); ok {
		return r.what
	}
	return ""
}

// beforeCall bounds what is done for a call begun with BeginCall before it runs by what is left
// of its time limit; without BeginCall, ctx as it is.
func beforeCall(ctx context.Context) (context.Context, context.CancelFunc) {
	s, ok := ctx.Value(callStartKey{}).(*callStart)
	if !ok {
		return ctx, func() {}
	}
	return withTimeLimit(ctx, s.limit-time.Since(s.at))
}

// limitSeenKey carries a *limitSeen: the time limit a call ran under, for what its caller does
// for it afterwards (a failed call's remedy reads the token: errorText).
type limitSeenKey struct{}

type limitSeen struct{ limit context.Context }

// seeLimit returns ctx carrying a holder of the time limit the call will run under.
func seeLimit(ctx context.Context) (context.Context, *limitSeen) {
	seen := &limitSeen{}
	return context.WithValue(ctx, limitSeenKey{}, seen), seen
}

// ranUnder records the call's time limit in the holder seeLimit put in ctx, if any.
func ranUnder(ctx, limit context.Context) {
	if seen, ok := ctx.Value(limitSeenKey{}).(*limitSeen); ok {
		seen.limit = limit
	}
}

// end is when the call's time limit ended or ends; ok is false when the call set none (it
// was refused before it started its clock).
func (s *limitSeen) end() (at time.Time, ok bool) {
	if s.limit == nil {
		return time.Time{}, false
	}
	return s.limit.Deadline()
}

// spentBefore is the part of the call's time limit used before the call first ran (0 without
// BeginCall). It is measured once: a call that runs again with a person's answers (callAsking)
// does not count the time they took.
func spentBefore(ctx context.Context) time.Duration {
	s, ok := ctx.Value(callStartKey{}).(*callStart)
	if !ok {
		return 0
	}
	s.once.Do(func() { s.spent = time.Since(s.at) })
	return s.spent
}

// limitCtx is a context that ends with context.DeadlineExceeded when its remaining time has
// run while not paused, or with its parent.
type limitCtx struct {
	context.Context // the parent: values, and its deadline when that is earlier

	mu        sync.Mutex
	done      chan struct{}
	err       error
	remaining time.Duration // what is left, as of since
	since     time.Time     // when the remaining time last started running
	paused    int           // nested pauses
	timer     *time.Timer
	stop      func() bool // stops the parent watch
}

// withTimeLimit returns a context that ends limit after now, not counting paused time.
func withTimeLimit(parent context.Context, limit time.Duration) (context.Context, context.CancelFunc) {
	c := &limitCtx{Context: parent, done: make(chan struct{}), remaining: limit, since: time.Now()}
	// Held while the watches are set: a limit already spent (0 or less) or a parent already
	// done fires them at once, and they must find both set.
	c.mu.Lock()
	c.timer = time.AfterFunc(limit, c.expire)
	c.stop = context.AfterFunc(parent, func() { c.end(parent.Err()) })
	if limit <= 0 {
		// A limit already spent ends the context before it is returned, not when the timer's
		// goroutine runs: a fast request (the in-process sandbox answers in a millisecond)
		// would slip through in between. Ended under the lock the watches wait on, so a parent
		// already done keeps its own reason whichever watch fires first.
		c.err = parent.Err()
		if c.err == nil {
			c.err = context.DeadlineExceeded
		}
		c.timer.Stop()
		c.stop()
		close(c.done)
	}
	c.mu.Unlock()
	return c, func() { c.end(context.Canceled) }
}

func (c *limitCtx) Done() <-chan struct{} { return c.done }

func (c *limitCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Deadline is when the limit ends if nothing pauses it (while paused: if it resumed now), or
// the parent's deadline when that is earlier.
func (c *limitCtx) Deadline() (time.Time, bool) {
	c.mu.Lock()
	at := c.since.Add(c.remaining)
	if c.paused > 0 {
		at = time.Now().Add(c.remaining)
	}
	c.mu.Unlock()
	if d, ok := c.Context.Deadline(); ok && d.Before(at) {
		return d, true
	}
	return at, true
}

func (c *limitCtx) Value(key any) any {
	if key == (limitKey{}) {
		return c
	}
	return c.Context.Value(key)
}

// expire ends the context when the timer fires, unless a pause or a resume moved the end.
func (c *limitCtx) expire() {
	c.mu.Lock()
	due := c.paused == 0 && !time.Now().Before(c.since.Add(c.remaining))
	c.mu.Unlock()
	if due {
		c.end(context.DeadlineExceeded)
	}
}

func (c *limitCtx) end(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return
	}
	c.err = err
	c.timer.Stop()
	c.stop()
	close(c.done)
}

// pauseTimeLimit stops the call's time limit while the caller waits for a person; the returned
// function resumes it (call it once, e.g. with defer). Without a limit in ctx it does nothing.
func pauseTimeLimit(ctx context.Context) (resume func()) {
	c, ok := ctx.Value(limitKey{}).(*limitCtx)
	if !ok {
		return func() {}
	}
	c.mu.Lock()
	if c.paused == 0 && c.err == nil {
		c.remaining -= time.Since(c.since)
		c.timer.Stop()
	}
	c.paused++
	c.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			c.mu.Lock()
			spent := false
			c.paused--
			if c.paused == 0 && c.err == nil {
				c.since = time.Now()
				spent = c.remaining <= 0
				c.timer.Reset(max(c.remaining, 0))
			}
			c.mu.Unlock()
			if spent {
				// As withTimeLimit: a limit already spent ends the context now.
				c.end(context.DeadlineExceeded)
			}
		})
	}
}
