package client_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// recordSleeps makes the client's backoff instant and returns the waits it asked for.
func recordSleeps(c *client.Client) func() []time.Duration {
	var mu sync.Mutex
	var waits []time.Duration
	client.SetSleep(c, func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		waits = append(waits, d)
		mu.Unlock()
		return ctx.Err()
	})
	return func() []time.Duration {
		mu.Lock()
		defer mu.Unlock()
		return append([]time.Duration(nil), waits...)
	}
}

func TestRetryHonoursRetryAfterOn429(t *testing.T) {
	env := newEnv(t, sandbox.Config{})
	waits := recordSleeps(env.client)
	env.emu.InjectFault(sandbox.Fault{Operation: api.ListApps.ID, Status: 429, RetryAfter: "2"})
	if _, err := env.client.ListApps(context.Background()); err != nil {
		t.Fatalf("want success after the 429, got %v", err)
	}
	if got := waits(); len(got) != 1 || got[0] != 2*time.Second {
		t.Errorf("waits = %v, want exactly [2s] from Retry-After", got)
	}
	if n := env.emu.Calls(api.ListApps.ID); n != 2 {
		t.Errorf("calls = %d, want 2", n)
	}
}

func TestRetryHonoursRetryAfterInRealTime(t *testing.T) {
	env := newEnv(t, sandbox.Config{})
	env.emu.InjectFault(sandbox.Fault{Operation: api.ListRegions.ID, Status: 429, RetryAfter: "1"})
	start := time.Now()
	if _, err := env.client.ListRegions(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed < time.Second {
		t.Errorf("retried after %v, before Retry-After: 1 elapsed", elapsed)
	}
}

func TestPostRetriedOn429Only(t *testing.T) {
	env := newEnv(t, sandbox.Config{})
	recordSleeps(env.client)
	env.emu.InjectFault(sandbox.Fault{Operation: api.CreateApp.ID, Status: 429, RetryAfter: "1"})
	if _, err := env.client.CreateApp(context.Background(), client.CreateAppRequest{Name: "after-429", Region: "us-west-2"}); err != nil {
		t.Fatalf("a 429 was not processed, so the POST must be retried: %v", err)
	}
	if n := env.emu.Calls(api.CreateApp.ID); n != 2 {
		t.Errorf("createApp calls = %d, want 2", n)
	}
}

func TestRetry503OnGetThenSucceeds(t *testing.T) {
	env := newEnv(t, sandbox.Config{})
	waits := recordSleeps(env.client)
	env.emu.InjectFault(sandbox.Fault{Operation: api.ListMembers.ID, Status: 503, Times: 2})
	members, err := env.client.ListMembers(context.Background())
	if err != nil || len(members) == 0 {
		t.Fatalf("members = %v, err = %v", members, err)
	}
	if n := env.emu.Calls(api.ListMembers.ID); n != 3 {
		t.Errorf("calls = %d, want 3", n)
	}
	got := waits()
	if len(got) != 2 {
		t.Fatalf("waits = %v", got)
	}
	// Exponential with jitter: attempt n waits in [base·2^(n-1)/2, base·2^(n-1)].
	for i, w := range got {
		full := fastRetry.BaseDelay << i
		if w < full/2 || w > full {
			t.Errorf("wait %d = %v, want within [%v, %v]", i+1, w, full/2, full)
		}
	}
}

func TestRetriesAreBounded(t *testing.T) {
	env := newEnv(t, sandbox.Config{})
	recordSleeps(env.client)
	env.emu.InjectFault(sandbox.Fault{Operation: api.GetApp.ID, Status: 504, Times: -1})
	app := createApp(t, env.client, "bounded")
	_, err := env.client.GetApp(context.Background(), app.ID)
	wantAPIError(t, err, http.StatusGatewayTimeout, "")
	if n := env.emu.Calls(api.GetApp.ID); n != fastRetry.MaxAttempts {
		t.Errorf("calls = %d, want MaxAttempts %d", n, fastRetry.MaxAttempts)
	}
	// A Retry-After beyond the time budget is returned at once instead of waited out.
	env.emu.ClearFaults()
	env.emu.InjectFault(sandbox.Fault{Operation: api.DeleteApp.ID, Status: 503, RetryAfter: "600"})
	before := env.emu.Calls(api.DeleteApp.ID)
	apiErr := wantAPIError(t, errOf(env.client.DeleteApp(context.Background(), app.ID)), http.StatusServiceUnavailable, "")
	if apiErr.RetryAfter != 10*time.Minute || env.emu.Calls(api.DeleteApp.ID) != before+1 {
		t.Errorf("RetryAfter = %v, calls = %d", apiErr.RetryAfter, env.emu.Calls(api.DeleteApp.ID)-before)
	}
}

func TestCreateDeployment502IsNotRetried(t *testing.T) {
	env := newEnv(t, sandbox.Config{})
	recordSleeps(env.client)
	ctx := context.Background()
	app := createApp(t, env.client, "no-retry")
	_, err := env.client.UpdateApp(ctx, app.ID, client.UpdateAppRequest{Spicepod: spicepodYAML})
	mustNoErr(t, err)

	// The API queued the deployment but the answer was lost: retrying would deploy twice.
	env.emu.InjectFault(sandbox.Fault{Operation: api.CreateDeployment.ID, Status: 502, AfterApply: true})
	_, err = env.client.CreateDeployment(ctx, app.ID, client.CreateDeploymentRequest{})
	apiErr := wantAPIError(t, err, http.StatusBadGateway, "")
	// How to check ("List the app's deployments …") is present's remedy: TestRemedyTable.
	if !apiErr.OutcomeUnknown || !strings.Contains(err.Error(), "Outcome unknown") {
		t.Errorf("502 on POST must say the outcome is unknown: %v", err)
	}
	if n := env.emu.Calls(api.CreateDeployment.ID); n != 1 {
		t.Errorf("createDeployment calls = %d, want 1 (never retried)", n)
	}
	if n := env.emu.DeploymentCount("sandbox", app.ID); n != 1 {
		t.Errorf("deployments = %d, want 1", n)
	}

	// 500 on a POST is not retried either.
	env.emu.InjectFault(sandbox.Fault{Operation: api.UpsertSecret.ID, Status: 500})
	_, err = env.client.UpsertSecret(ctx, app.ID, "PG_PASS", "value")
	if apiErr := wantAPIError(t, err, http.StatusInternalServerError, ""); !apiErr.OutcomeUnknown {
		t.Error("500 on POST: outcome must be unknown")
	}
	if n := env.emu.Calls(api.UpsertSecret.ID); n != 1 {
		t.Errorf("upsertSecret calls = %d, want 1", n)
	}
}

// TestPostTimeoutIsNotRetried: the server holds the request, and the client stops waiting only
// then (r51DeterminismHolder), so the request was sent whatever the machine's load.
func TestPostTimeoutIsNotRetried(t *testing.T) {
	env, holder := r51DeterminismEnv(t, sandbox.Config{}, func(h *r51DeterminismHolder, c *client.Config) {
		c.HTTPClient = h.GiveUp()
	})
	recordSleeps(env.client)
	app := createApp(t, env.client, "slow-app")
	_, err := env.client.UpdateApp(context.Background(), app.ID, client.UpdateAppRequest{Spicepod: spicepodYAML})
	mustNoErr(t, err)
	holder.HoldNext(1)
	_, err = env.client.CreateDeployment(context.Background(), app.ID, client.CreateDeploymentRequest{})
	var reqErr *client.RequestError
	if !errors.As(err, &reqErr) || !reqErr.OutcomeUnknown || !reqErr.Sent {
		t.Fatalf("want an outcome-unknown RequestError, got %T %v", err, err)
	}
	if !strings.Contains(err.Error(), "Outcome unknown") {
		t.Errorf("error text: %v", err)
	}
	if n := env.emu.Calls(api.CreateDeployment.ID); n != 1 {
		t.Errorf("calls = %d, want 1", n)
	}
}

// TestWriteWithoutAnAnswerIsOutcomeUnknown: a DELETE, PUT or PATCH that was sent and got no
// answer that a retry made good may have been applied, like a POST: it says so (a DELETE
// retried later answers 404, which reads as a mistyped name otherwise). A GET changed nothing.
// The server applies the request and holds its answer; the client stops waiting only then
// (r51DeterminismHolder), not after a timer that load can make fire before the request is sent.
func TestWriteWithoutAnAnswerIsOutcomeUnknown(t *testing.T) {
	env, holder := r51DeterminismEnv(t, sandbox.Config{Demo: true}, func(h *r51DeterminismHolder, c *client.Config) {
		c.HTTPClient = h.GiveUp()
		c.Retry = client.RetryPolicy{MaxAttempts: 1}
	})
	ctx := context.Background()
	apps, err := env.client.ListApps(ctx)
	mustNoErr(t, err)
	var app int64
	for _, a := range apps {
		if a.Name == "analytics-app" {
			app = a.ID
		}
	}
	for _, tc := range []struct {
		op   *api.Operation
		call func() error
	}{
		{api.DeleteProjectSecret, func() error { return errOf(env.client.DeleteProjectSecret(ctx, app, "PG_PASS")) }},
		{api.UpdateProject, func() error {
			return errOf(env.client.UpdateProject(ctx, app, client.UpdateProjectRequest{Description: ptr("slow")}))
		}},
		{api.UpdateMemberRoles, func() error { return errOf(env.client.UpdateMemberRoles(ctx, 2, []string{"member"})) }},
		{api.GetProject, func() error { return errOf(env.client.GetProject(ctx, app)) }},
	} {
		holder.HoldNext(1)
		err := tc.call()
		if held := r51DeterminismHeld(t, holder); !strings.HasPrefix(held, tc.op.Method+" ") {
			t.Fatalf("%s: the server held %s", tc.op.ID, held)
		}
		var reqErr *client.RequestError
		write := tc.op.Method != http.MethodGet
		if !errors.As(err, &reqErr) || !reqErr.Sent || reqErr.OutcomeUnknown != write || client.MayHaveApplied(err) != write ||
			strings.Contains(err.Error(), "Outcome unknown") != write {
			t.Errorf("%s: want a RequestError with outcome unknown %v, got %v", tc.op.ID, write, err)
		}
	}
	// Sent and lost, then retried and refused before it was sent: still unknown.
	c, err := client.New(client.Config{BaseURL: env.srv.URL, Tokens: client.StaticToken("sandbox"),
		HTTPClient: holder.GiveUp(), Retry: client.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond}})
	mustNoErr(t, err)
	recordSleeps(c)
	holder.HoldNextThen(1, func() {
		env.emu.InjectFault(sandbox.Fault{Operation: api.DeleteProjectSecret.ID, Status: http.StatusServiceUnavailable})
	})
	err = errOf(c.DeleteProjectSecret(ctx, app, "OPENAI_API_KEY"))
	r51DeterminismHeld(t, holder)
	if apiErr := wantAPIError(t, err, http.StatusServiceUnavailable, ""); !apiErr.OutcomeUnknown {
		t.Errorf("a 503 after a lost answer: %v", err)
	}
}

// TestServerErrorCodes: only a code the spec documents makes a write's 5xx the API's own
// answer; a gateway's code (a number, or one of its own) leaves the outcome unknown, and its
// `message` is shown when there is no `error`.
func TestServerErrorCodes(t *testing.T) {
	var status int
	var body string
	upstream := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	})
	c, err := client.New(client.Config{BaseURL: upstream.URL, Tokens: client.StaticToken("t0k3n-for-tests"),
		Retry: client.RetryPolicy{MaxAttempts: 1}})
	mustNoErr(t, err)
	ctx := context.Background()
	deploy := func() error { return errOf(c.CreateDeployment(ctx, 101, client.CreateDeploymentRequest{})) }
	fork := func() error {
		return errOf(c.ForkProject(ctx, 101, client.ForkProjectRequest{Name: "forked-app", Region: "us-west-2"}))
	}
	for _, tc := range []struct {
		status  int
		body    string
		call    func() error
		unknown bool
		code    string
		message string
	}{
		{504, `{"message":"Endpoint request timed out","code":504}`, deploy, true, "", "Endpoint request timed out"},
		{502, `{"error":"upstream connect error or disconnect/reset before headers","code":"upstream_reset"}`, deploy, true,
			"upstream_reset", "upstream connect error or disconnect/reset before headers"},
		{500, `{"error":"Internal server error","code":"E500"}`, deploy, true, "E500", "Internal server error"},
		{502, `{"error":"Could not read the source repository","code":"fork_source_repository_unreadable"}`, fork, false,
			"fork_source_repository_unreadable", "Could not read the source repository"},
		{503, `{"message":"Service Unavailable"}`, fork, true, "", "Service Unavailable"},
	} {
		status, body = tc.status, tc.body
		err := tc.call()
		apiErr := wantAPIError(t, err, tc.status, tc.message)
		if apiErr.OutcomeUnknown != tc.unknown || apiErr.Code != tc.code || apiErr.Message != tc.message {
			t.Errorf("%d %s: outcome unknown %v (want %v), code %q, message %q", tc.status, tc.body,
				apiErr.OutcomeUnknown, tc.unknown, apiErr.Code, apiErr.Message)
		}
	}
}

func TestConnectionFailures(t *testing.T) {
	// A port nobody listens on: GETs are retried, then reported; POSTs are reported as not sent.
	addr := testutil.RefusedAddr(t)
	c, err := client.New(client.Config{BaseURL: "http://" + addr, Tokens: client.StaticToken("t"), Retry: fastRetry})
	mustNoErr(t, err)
	waits := recordSleeps(c)

	_, err = c.ListApps(context.Background())
	var reqErr *client.RequestError
	if !errors.As(err, &reqErr) || reqErr.Sent || reqErr.OutcomeUnknown || reqErr.Host != addr {
		t.Fatalf("GET: %T %v", err, err)
	}
	if n := len(waits()); n != fastRetry.MaxAttempts-1 {
		t.Errorf("GET retried %d times, want %d", n, fastRetry.MaxAttempts-1)
	}
	_, err = c.CreateApp(context.Background(), client.CreateAppRequest{Name: "never-sent", Region: "us-west-2"})
	if !errors.As(err, &reqErr) || reqErr.Sent || !strings.Contains(err.Error(), "not sent, so nothing changed") {
		t.Errorf("POST: %v", err)
	}
	if n := len(waits()); n != fastRetry.MaxAttempts-1 {
		t.Errorf("POST was retried")
	}
}

// TestCancellationStopsAtOnce: a cancelled call returns without waiting for what it was waiting
// on. Proven by conditions, not by a time bound: during a request, the server holds it
// unanswered until the client goes away, so only the cancellation can end the call; during a
// backoff of half an hour or more, the client's own wait must end by the cancellation, not by
// its timer. (Bounds of 50 ms failed under load: 675 ms.)
func TestCancellationStopsAtOnce(t *testing.T) {
	t.Run("during a request", func(t *testing.T) {
		env, holder := r51DeterminismEnv(t, sandbox.Config{}, nil)
		holder.HoldNext(1)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { _, err := env.client.ListApps(ctx); done <- err }()
		r51DeterminismHeld(t, holder)
		cancel()
		select {
		case err := <-done:
			var cancelled *client.CancelledError
			if !errors.Is(err, context.Canceled) || !errors.As(err, &cancelled) {
				t.Errorf("err = %T %v, want a CancelledError (context.Canceled)", err, err)
			}
		case <-time.After(r51DeterminismGuard):
			t.Fatal("did not return after cancel (the server never answers)")
		}
	})

	t.Run("during backoff", func(t *testing.T) {
		env := newEnv(t, sandbox.Config{}, func(c *client.Config) {
			c.Retry = client.RetryPolicy{MaxAttempts: 5, MaxElapsed: 3 * time.Hour, BaseDelay: time.Hour, MaxDelay: time.Hour}
		})
		waiting := make(chan time.Duration, 1)
		waited := make(chan error, 1)
		client.SetSleep(env.client, func(ctx context.Context, d time.Duration) error {
			waiting <- d
			err := client.R51DeterminismSleep(ctx, d) // the client's own wait, its timer d
			waited <- err
			return err
		})
		env.emu.InjectFault(sandbox.Fault{Operation: api.ListMembers.ID, Status: 503, Times: -1})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { _, err := env.client.ListMembers(ctx); done <- err }()
		select {
		case d := <-waiting:
			if d < 30*time.Minute {
				t.Fatalf("backoff %v: want at least half of BaseDelay (1h)", d)
			}
		case <-time.After(r51DeterminismGuard):
			t.Fatal("the call never backed off")
		}
		cancel()
		select {
		case err := <-done:
			var cancelled *client.CancelledError
			if !errors.Is(err, context.Canceled) || !errors.As(err, &cancelled) {
				t.Errorf("err = %T %v, want a CancelledError (context.Canceled)", err, err)
			}
		case <-time.After(r51DeterminismGuard):
			t.Fatal("did not return after cancel: it waits out a backoff of half an hour or more")
		}
		if err := <-waited; !errors.Is(err, context.Canceled) {
			t.Errorf("the backoff ended with %v, want context.Canceled (not its timer)", err)
		}
		if n := env.emu.Calls(api.ListMembers.ID); n != 1 {
			t.Errorf("calls = %d, want 1: nothing is sent after the cancellation", n)
		}
	})
}
