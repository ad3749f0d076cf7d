package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// hostileSecretNames are path values that, escaped or not, could leave the secret's segment
// behind a path-normalising proxy (issue 11: `delete_secret "../../102"` deleted app 102).
var hostileSecretNames = []string{"../../102", "..", ".", "%2e%2e", "%2E%2E/x", "a/b", "a?b", "a#b", "a%2Fb", `a\b`, "a b", "PG_PASS/.."}

// countingProxy is a recording reverse proxy in front of target: it counts what reaches it.
// demoClientBehindProxy is a client of the demo emulator through countingProxy, whose count
// says how many requests reached the API.
func demoClientBehindProxy(t *testing.T) (*client.Client, *atomic.Int64) {
	t.Helper()
	env := newEnv(t, sandbox.Config{Demo: true})
	proxy, requests := countingProxy(t, env.srv.URL)
	c, err := client.New(client.Config{BaseURL: proxy.URL, Tokens: client.StaticToken("sandbox"), Retry: fastRetry})
	mustNoErr(t, err)
	return c, requests
}

func countingProxy(t *testing.T, target string) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	u, err := url.Parse(target)
	mustNoErr(t, err)
	var n atomic.Int64
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func wantValidationError(t *testing.T, err error, field, msg string) {
	t.Helper()
	var verr *client.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("want *client.ValidationError on %s, got %T: %v", field, err, err)
	}
	if got := strings.Join(verr.Fields[field], "; "); !strings.Contains(got, msg) {
		t.Fatalf("field %s: got %q (all: %v), want %q", field, got, verr.Fields, msg)
	}
}

// TestPathValuesNeverReachTheAPI: a secret name is checked against the API's own rule before
// any request, for every operation that puts one in a path (and the upsert, which sends it in
// the body): nothing reaches a recording proxy in front of the emulator.
func TestPathValuesNeverReachTheAPI(t *testing.T) {
	c, requests := demoClientBehindProxy(t)
	ctx := context.Background()
	const app = 101
	for _, name := range hostileSecretNames {
		_, err := c.GetSecret(ctx, app, name)
		wantValidationError(t, err, "secretName", "must match")
		_, err = c.DeleteSecret(ctx, app, name)
		wantValidationError(t, err, "secretName", "must match")
		_, err = c.UpsertSecret(ctx, app, name, "value")
		wantValidationError(t, err, "name", "Secret name")
	}
	if n := requests.Load(); n != 0 {
		t.Fatalf("%d requests reached the API, want 0", n)
	}
	// The same client reaches the API with a valid name.
	if _, err := c.GetSecret(ctx, app, "PG_PASS"); err != nil || requests.Load() != 1 {
		t.Fatalf("valid name: err = %v, requests = %d", err, requests.Load())
	}
}

// TestLostAnswerDeleteIsDeleted: a DELETE applied by the API whose answer was lost (a 502 after
// applying, or no answer in time) is retried, finds the target gone, and reports success with
// Deleted.EarlierAttempt. No answer in time is the server holding the applied request until the
// client stops waiting (r51DeterminismHolder): a 300 ms timeout could fire before it was applied.
func TestLostAnswerDeleteIsDeleted(t *testing.T) {
	env, holder := r51DeterminismEnv(t, sandbox.Config{Demo: true}, func(h *r51DeterminismHolder, c *client.Config) {
		c.HTTPClient = h.GiveUp()
	})
	recordSleeps(env.client)
	ctx := context.Background()
	app := createApp(t, env.client, "lost-answer")
	for _, name := range []string{"LOST_502", "LOST_TIMEOUT", "KEPT"} {
		_, err := env.client.UpsertSecret(ctx, app.ID, name, "v")
		mustNoErr(t, err)
	}

	lose := map[string]func(){
		"502": func() {
			env.emu.InjectFault(sandbox.Fault{Operation: api.DeleteSecret.ID, Status: http.StatusBadGateway, AfterApply: true})
		},
		"timeout": func() { holder.HoldNext(1) },
	}
	for kind, name := range map[string]string{"502": "LOST_502", "timeout": "LOST_TIMEOUT"} {
		before := env.emu.Calls(api.DeleteSecret.ID)
		lose[kind]()
		d, err := env.client.DeleteSecret(ctx, app.ID, name)
		if err != nil || !d.EarlierAttempt {
			t.Errorf("%s: Deleted = %+v, err = %v; want success with EarlierAttempt", kind, d, err)
		}
		if n := env.emu.Calls(api.DeleteSecret.ID) - before; n != 2 {
			t.Errorf("%s: %d attempts, want 2", kind, n)
		}
		if kind == "timeout" {
			r51DeterminismHeld(t, holder)
		}
	}
	// A plain delete says nothing of earlier attempts; a 404 without a lost answer stays an error.
	d, err := env.client.DeleteSecret(ctx, app.ID, "KEPT")
	if err != nil || d.EarlierAttempt {
		t.Errorf("plain delete: %+v, %v", d, err)
	}
	_, err = env.client.DeleteSecret(ctx, app.ID, "KEPT")
	wantAPIError(t, err, http.StatusNotFound, "Secret not found")

	// Apps and members too.
	env.emu.InjectFault(sandbox.Fault{Operation: api.DeleteApp.ID, Status: http.StatusBadGateway, AfterApply: true})
	if d, err := env.client.DeleteApp(ctx, app.ID); err != nil || !d.EarlierAttempt {
		t.Errorf("deleteApp: %+v, %v", d, err)
	}
	added, err := env.client.AddMember(ctx, client.AddMemberRequest{Username: "jdoe"})
	mustNoErr(t, err)
	env.emu.InjectFault(sandbox.Fault{Operation: api.RemoveMember.ID, Status: http.StatusGatewayTimeout, AfterApply: true})
	if d, err := env.client.RemoveMember(ctx, added.UserID); err != nil || !d.EarlierAttempt {
		t.Errorf("removeMember: %+v, %v", d, err)
	}
}

// TestRetriesStayInsideTheDeadline: the context's deadline bounds a call across attempts and
// waits; a wait that would pass it is not started, and the error says why.
func TestRetriesStayInsideTheDeadline(t *testing.T) {
	env := newEnv(t, sandbox.Config{Demo: true}, func(c *client.Config) {
		c.Retry = client.RetryPolicy{MaxAttempts: 10, MaxElapsed: time.Hour, BaseDelay: 10 * time.Millisecond, MaxDelay: 50 * time.Millisecond}
	})
	// "At once" is that no wait was started, not a time bound the machine's load decides.
	waitsOf := func(c *client.Client) func() []time.Duration {
		var mu sync.Mutex
		var waits []time.Duration
		client.SetSleep(c, func(ctx context.Context, d time.Duration) error {
			mu.Lock()
			waits = append(waits, d)
			mu.Unlock()
			return client.R51DeterminismSleep(ctx, d) // the client's own wait
		})
		return func() []time.Duration {
			mu.Lock()
			defer mu.Unlock()
			return slices.Clone(waits)
		}
	}
	waits := waitsOf(env.client)

	t.Run("Retry-After beyond the deadline", func(t *testing.T) {
		env.emu.InjectFault(sandbox.Fault{Operation: api.GetApp.ID, Status: http.StatusServiceUnavailable, RetryAfter: "1800"})
		ctx := r52DeterminismDeadlineIn(t, 5*time.Second) // judged against, never reached
		_, err := env.client.GetApp(ctx, 101)
		var dl *client.DeadlineError
		var apiErr *client.APIError
		if !errors.As(err, &dl) || !dl.RetryAfter || dl.Wait != 30*time.Minute || !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
			t.Fatalf("want a DeadlineError after a 503 with Retry-After 30m, got %T %v", err, err)
		}
		if w := waits(); len(w) != 0 {
			t.Errorf("waited %v before giving up, want at once", w)
		}
		if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "stopped retrying") {
			t.Errorf("err = %v", err)
		}
	})

	t.Run("backoff beyond the deadline", func(t *testing.T) {
		c, err := client.New(client.Config{BaseURL: env.srv.URL, Tokens: client.StaticToken("sandbox"),
			Retry: client.RetryPolicy{MaxAttempts: 5, MaxElapsed: time.Hour, BaseDelay: 20 * time.Second, MaxDelay: 20 * time.Second}})
		mustNoErr(t, err)
		waits := waitsOf(c)
		env.emu.InjectFault(sandbox.Fault{Operation: api.ListMembers.ID, Status: http.StatusBadGateway})
		ctx := r52DeterminismDeadlineIn(t, 2*time.Second) // judged against, never reached
		_, err = c.ListMembers(ctx)
		var dl *client.DeadlineError
		if !errors.As(err, &dl) || dl.RetryAfter || dl.Wait < 10*time.Second {
			t.Fatalf("want a DeadlineError for the backoff, got %T %v", err, err)
		}
		if w := waits(); len(w) != 0 {
			t.Errorf("waited %v before giving up, want at once", w)
		}
	})

	// Failing attempts go on until the deadline, which ends the one in flight and reports the
	// last failure. Its deadline is a condition (r51DeterminismDeadline ends once the server
	// holds the second attempt), not 1 s that a loaded machine could spend before the first
	// attempt failed.
	t.Run("retries until the deadline", func(t *testing.T) {
		env, holder := r51DeterminismEnv(t, sandbox.Config{Demo: true}, func(_ *r51DeterminismHolder, c *client.Config) {
			c.Retry = client.RetryPolicy{MaxAttempts: 10, MaxElapsed: time.Hour, BaseDelay: 10 * time.Millisecond, MaxDelay: 50 * time.Millisecond}
		})
		client.SetSleep(env.client, func(ctx context.Context, d time.Duration) error {
			holder.HoldNext(1) // the next attempt gets no answer
			return client.R51DeterminismSleep(ctx, d)
		})
		env.emu.InjectFault(sandbox.Fault{Operation: api.ListApps.ID, Status: http.StatusServiceUnavailable})
		ctx := r51DeterminismNewDeadline()
		done := make(chan error, 1)
		go func() { _, err := env.client.ListApps(ctx); done <- err }()
		r51DeterminismHeld(t, holder)
		ctx.Expire()
		var err error
		select {
		case err = <-done:
		case <-time.After(r51DeterminismGuard):
			t.Fatal("the call went on after its deadline (the server never answers)")
		}
		var dl *client.DeadlineError
		var apiErr *client.APIError
		if !errors.As(err, &dl) || dl.OutcomeUnknown || !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("want a DeadlineError with the last 503, got %T %v", err, err)
		}
		if n := env.emu.Calls(api.ListApps.ID); n != 2 {
			t.Errorf("calls = %d, want 2", n)
		}
	})

	// The deadline passes once the server holds the delete it applied (r51DeterminismHolder), not
	// after 200 ms that a loaded machine could spend before the request was written: then the
	// change was never sent and its outcome is known.
	t.Run("a change in flight", func(t *testing.T) {
		env, holder := r51DeterminismEnv(t, sandbox.Config{Demo: true}, nil)
		app := createApp(t, env.client, "in-flight")
		holder.HoldNext(1)
		ctx := r51DeterminismNewDeadline()
		done := make(chan error, 1)
		go func() { _, err := env.client.DeleteApp(ctx, app.ID); done <- err }()
		r51DeterminismHeld(t, holder)
		ctx.Expire()
		var err error
		select {
		case err = <-done:
		case <-time.After(r51DeterminismGuard):
			t.Fatal("the delete went on after its deadline (the server never answers)")
		}
		var dl *client.DeadlineError
		if !errors.As(err, &dl) || !dl.OutcomeUnknown || !strings.Contains(err.Error(), "Outcome unknown") {
			t.Fatalf("want an outcome-unknown DeadlineError, got %T %v", err, err)
		}
	})
}
