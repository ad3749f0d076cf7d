package client_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// Lost answers without a clock: the server applies a request and keeps its answer, and the
// client stops waiting only once the server holds it. A timeout of 100 ms did the same on an
// idle machine; under load it fired before the request was written or before the server read
// it, and the test then proved nothing about a request that was sent.

// r51DeterminismGuard only bounds a test that went wrong (nothing held, nothing returned);
// no test passes or fails by how long anything took within it.
const r51DeterminismGuard = 30 * time.Second

// r51DeterminismIDHeader ties a request the server holds to the attempt of the client's that
// sent it (r51DeterminismHolder.GiveUp); the server takes it off before the emulator sees it.
const r51DeterminismIDHeader = "X-R51-Determinism-Attempt"

// r51DeterminismHolder sits between the client and the emulator. A request it is told to hold
// is applied, its answer dropped, and then left unanswered until the client goes away; Held
// tells the test each time it holds one.
type r51DeterminismHolder struct {
	next    http.Handler
	Held    chan string // the method and path of each request held, once it was applied
	release chan struct{}

	mu        sync.Mutex
	hold      int
	afterHold func()                             // runs once a request is applied, before its client gives up
	waiting   map[string]context.CancelCauseFunc // attempts of GiveUp's still without an answer
	seq       int
}

// HoldNext makes the holder hold the next n requests.
func (h *r51DeterminismHolder) HoldNext(n int) { h.HoldNextThen(n, nil) }

// HoldNextThen is HoldNext, and then runs once the first of them is applied, before its
// client gives up (to set up what its retry meets).
func (h *r51DeterminismHolder) HoldNextThen(n int, then func()) {
	h.mu.Lock()
	h.hold += n
	h.afterHold = then
	h.mu.Unlock()
}

func (h *r51DeterminismHolder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := r.Header.Get(r51DeterminismIDHeader)
	r.Header.Del(r51DeterminismIDHeader)
	h.mu.Lock()
	hold := h.hold > 0
	if hold {
		h.hold--
	}
	h.mu.Unlock()
	if !hold {
		h.next.ServeHTTP(w, r)
		return
	}
	h.next.ServeHTTP(httptest.NewRecorder(), r) // applied; the answer never leaves
	h.Held <- r.Method + " " + r.URL.Path
	h.mu.Lock()
	giveUp, then := h.waiting[id], h.afterHold
	h.afterHold = nil
	h.mu.Unlock()
	if then != nil {
		then()
	}
	if giveUp != nil {
		giveUp(r51DeterminismNoAnswer{})
	}
	select {
	case <-r.Context().Done():
	case <-h.release:
	}
}

// r51DeterminismNoAnswer is why GiveUp's transport stopped waiting: a timeout, as a client's
// would be, set off by the server holding the request instead of by a timer.
type r51DeterminismNoAnswer struct{}

func (r51DeterminismNoAnswer) Error() string {
	return "no answer: stopped waiting once the server held the request"
}
func (r51DeterminismNoAnswer) Timeout() bool { return true }

// GiveUp is an HTTP client that stops waiting for an answer as soon as the holder holds its
// request, as a client timeout would.
func (h *r51DeterminismHolder) GiveUp() *http.Client {
	return &http.Client{Transport: r51DeterminismGiveUp{h}, Timeout: r51DeterminismGuard}
}

type r51DeterminismGiveUp struct{ h *r51DeterminismHolder }

func (g r51DeterminismGiveUp) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancelCause(req.Context())
	g.h.mu.Lock()
	g.h.seq++
	id := strconv.Itoa(g.h.seq)
	g.h.waiting[id] = cancel
	g.h.mu.Unlock()
	done := func() {
		g.h.mu.Lock()
		delete(g.h.waiting, id)
		g.h.mu.Unlock()
		cancel(nil)
	}
	sent := req.Clone(ctx)
	sent.Header.Set(r51DeterminismIDHeader, id)
	resp, err := http.DefaultTransport.RoundTrip(sent)
	if err != nil {
		done()
		return nil, err
	}
	resp.Body = r51DeterminismBody{resp.Body, done}
	return resp, nil
}

// r51DeterminismBody ends its attempt when read to the end and closed.
type r51DeterminismBody struct {
	io.ReadCloser
	done func()
}

func (b r51DeterminismBody) Close() error {
	err := b.ReadCloser.Close()
	b.done()
	return err
}

// r51DeterminismEnv is newEnv with the holder between the client and the emulator; configure
// may use the holder (its GiveUp client).
func r51DeterminismEnv(t *testing.T, cfg sandbox.Config, configure func(*r51DeterminismHolder, *client.Config)) (*testEnv, *r51DeterminismHolder) {
	t.Helper()
	clock := sandbox.NewManualClock(epoch)
	if cfg.Clock == nil {
		cfg.Clock = clock
	}
	emu := sandbox.New(cfg)
	h := &r51DeterminismHolder{next: spec.Handler(emu), Held: make(chan string, 16), release: make(chan struct{}),
		waiting: map[string]context.CancelCauseFunc{}}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(h.release) }) // runs first: no held request keeps Close waiting
	ccfg := client.Config{BaseURL: srv.URL, Tokens: client.StaticToken("sandbox"), Version: "test", Retry: fastRetry}
	if configure != nil {
		configure(h, &ccfg)
	}
	c, err := client.New(ccfg)
	if err != nil {
		t.Fatalf("client.New: %v", err)
	}
	return &testEnv{emu: emu, clock: clock, srv: srv, client: c}, h
}

// r51DeterminismHeld waits for the holder to hold a request (the guard only ends a broken test).
func r51DeterminismHeld(t *testing.T, h *r51DeterminismHolder) string {
	t.Helper()
	select {
	case req := <-h.Held:
		return req
	case <-time.After(r51DeterminismGuard):
		t.Fatal("the server never held a request")
		return ""
	}
}

// r51DeterminismDeadline is a context whose deadline passes when the test says (Expire), not at
// a time: Deadline reports one far off, so no wait is refused for it, and once expired it is
// done with context.DeadlineExceeded, as a real deadline's context is.
type r51DeterminismDeadline struct {
	context.Context
	done chan struct{}
	once sync.Once
}

func r51DeterminismNewDeadline() *r51DeterminismDeadline {
	return &r51DeterminismDeadline{Context: context.Background(), done: make(chan struct{})}
}

func (d *r51DeterminismDeadline) Expire() { d.once.Do(func() { close(d.done) }) }

func (d *r51DeterminismDeadline) Deadline() (time.Time, bool) { return time.Now().Add(time.Hour), true }

func (d *r51DeterminismDeadline) Done() <-chan struct{} { return d.done }

func (d *r51DeterminismDeadline) Err() error {
	select {
	case <-d.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}
