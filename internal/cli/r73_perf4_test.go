package cli

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// r73Perf4Answer is a canned answer, and the deadline of the last request it answered.
type r73Perf4Answer struct{ deadline time.Time }

func (a *r73Perf4Answer) RoundTrip(r *http.Request) (*http.Response, error) {
	a.deadline, _ = r.Context().Deadline()
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("{}")), Request: r}, nil
}

func r73Perf4Get(t *testing.T, hc *http.Client, ctx context.Context) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, sandboxBaseURL+"/v1/apps", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
}

// A request to the in-process emulator within a call's time limit (under a minute) is bounded
// by that limit alone. Bounded by http.Client.Timeout, as before, it got a goroutine, a timer,
// two channels and their closures, net/http's way with a RoundTripper not its own: 15
// allocations more a request (the --sandbox client's ListProjects within 30 s: 120 -> 105).
func TestR73Perf4SandboxRequestWithinCallLimitCostsNoTimer(t *testing.T) {
	answer := &r73Perf4Answer{}
	emu := lazyTransport(func() http.RoundTripper { return answer })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client := sandboxHTTPClient(emu)
	timed := &http.Client{Transport: emu, Timeout: sandboxRequestLimit} // the old way
	got := testing.AllocsPerRun(50, func() { r73Perf4Get(t, client, ctx) })
	old := testing.AllocsPerRun(50, func() { r73Perf4Get(t, timed, ctx) })
	if got > old-8 {
		t.Errorf("a request within a 30 s limit allocates %.0f times, bounded by Client.Timeout %.0f: want 8 fewer at least (no goroutine, timer, channels)", got, old)
	}
	if end, _ := ctx.Deadline(); !answer.deadline.Equal(end) {
		t.Errorf("the request's deadline is %v, want the call's %v", answer.deadline, end)
	}
}

// The minute still bounds a request without a sooner limit, as its context's deadline.
func TestR73Perf4SandboxRequestBoundedByAMinute(t *testing.T) {
	answer := &r73Perf4Answer{}
	before := time.Now()
	r73Perf4Get(t, sandboxHTTPClient(lazyTransport(func() http.RoundTripper { return answer })), context.Background())
	if answer.deadline.IsZero() || answer.deadline.Before(before.Add(sandboxRequestLimit)) || answer.deadline.After(time.Now().Add(sandboxRequestLimit)) {
		t.Errorf("a request without a limit has the deadline %v, want a minute after it was sent (%v)", answer.deadline, before.Add(sandboxRequestLimit))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	r73Perf4Get(t, sandboxHTTPClient(lazyTransport(func() http.RoundTripper { return answer })), ctx)
	if end, _ := ctx.Deadline(); !answer.deadline.Before(end) {
		t.Errorf("a request with a limit of 2 minutes has the deadline %v, want a minute's", answer.deadline)
	}
}
