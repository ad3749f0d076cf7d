package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

var oauthClient = sandbox.OAuthClient{ID: "ci-client", Secret: "ci-client-secret-value", Org: "sandbox", Scopes: []string{"*"}}

func newOAuthEnv(t *testing.T, ttl time.Duration) (*testEnv, *client.ClientCredentials) {
	t.Helper()
	var cc *client.ClientCredentials
	env := newEnv(t, sandbox.Config{OAuthClients: []sandbox.OAuthClient{oauthClient}, TokenTTL: ttl}, func(c *client.Config) {
		cc = client.NewClientCredentials(oauthClient.ID, oauthClient.Secret, c.BaseURL+"/api/oauth/token")
		c.Tokens = cc
	})
	return env, cc
}

func TestOAuthOneTokenRequestUnderConcurrency(t *testing.T) {
	env, _ := newOAuthEnv(t, time.Hour)
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		wg.Go(func() {
			_, err := env.client.ListApps(context.Background())
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := env.emu.Calls("oauthToken"); n != 1 {
		t.Errorf("token requests = %d, want exactly 1", n)
	}
	if n := env.emu.Calls(api.ListApps.ID); n != 50 {
		t.Errorf("listApps calls = %d, want 50", n)
	}
}

func TestOAuthRefreshesBeforeExpiry(t *testing.T) {
	env, cc := newOAuthEnv(t, time.Hour)
	advance := fakeTokenClock(cc)
	ctx := context.Background()

	first, err := cc.Token(ctx)
	mustNoErr(t, err)
	advance(58 * time.Minute) // 2 minutes left: still cached
	if tok, _ := cc.Token(ctx); tok != first {
		t.Error("token refreshed too early")
	}
	advance(90 * time.Second) // 30 s left: inside the 60 s refresh window
	second, err := cc.Token(ctx)
	mustNoErr(t, err)
	if second == first {
		t.Error("a token 30 s from expiry was not refreshed")
	}
	if n := env.emu.Calls("oauthToken"); n != 2 {
		t.Errorf("token requests = %d, want 2", n)
	}
	if _, err := env.client.ListApps(ctx); err != nil {
		t.Errorf("refreshed token rejected: %v", err)
	}
}

func TestOAuthTokenRejectedByAPIIsRenewedOnce(t *testing.T) {
	env, _ := newOAuthEnv(t, time.Hour)
	ctx := context.Background()
	_, err := env.client.ListApps(ctx)
	mustNoErr(t, err)
	// The API's clock says the token has expired although ours does not: renew and retry once.
	env.clock.Advance(2 * time.Hour)
	_, err = env.client.ListApps(ctx)
	mustNoErr(t, err)
	if n := env.emu.Calls("oauthToken"); n != 2 {
		t.Errorf("token requests = %d, want 2", n)
	}
}

func TestOAuthBadCredentials(t *testing.T) {
	env := newEnv(t, sandbox.Config{OAuthClients: []sandbox.OAuthClient{oauthClient}}, func(c *client.Config) {
		c.Tokens = client.NewClientCredentials(oauthClient.ID, "wrong-secret-canary", c.BaseURL+"/api/oauth/token")
	})
	_, err := env.client.ListApps(context.Background())
	if err == nil || !strings.Contains(err.Error(), "401") || !strings.Contains(err.Error(), "SPICE_CLIENT_SECRET") {
		t.Fatalf("want a 401 naming the variables, got %v", err)
	}
	if strings.Contains(err.Error(), "wrong-secret-canary") {
		t.Error("the client secret leaked into the error")
	}
}

func TestStaticTokenErrors(t *testing.T) {
	env := newEnv(t, sandbox.Config{Tokens: []sandbox.Token{{Value: "old", Org: "sandbox", Scopes: []string{"*"}, ExpiresAt: epoch.Add(-time.Hour)}}})
	_, err := env.client.ListApps(context.Background()) // "sandbox" is not configured here
	wantAPIError(t, err, http.StatusUnauthorized, "Invalid token format")
	_, err = env.withToken(t, "old").ListApps(context.Background())
	wantAPIError(t, err, http.StatusUnauthorized, "Token expired") // its remedy: present's TestRemedyTable

	noCreds, err := client.New(client.Config{BaseURL: env.srv.URL})
	mustNoErr(t, err)
	if _, err := noCreds.ListApps(context.Background()); err != client.ErrNoCredentials || !strings.Contains(err.Error(), "SPICE_API_TOKEN") {
		t.Errorf("no credentials: %v", err)
	}
	if _, err := noCreds.Health(context.Background()); err != nil {
		t.Errorf("health needs no token: %v", err)
	}
}

func TestUserAgentAndHeaders(t *testing.T) {
	var got http.Header
	env := newEnv(t, sandbox.Config{})
	srv := env.srv
	c, err := client.New(client.Config{BaseURL: srv.URL, Tokens: client.StaticToken("sandbox"), Version: "1.2.3",
		HTTPClient: &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			got = r.Header.Clone()
			return http.DefaultTransport.RoundTrip(r)
		})}})
	mustNoErr(t, err)
	_, err = c.CreateApp(context.Background(), client.CreateAppRequest{Name: "ua-app", Region: "us-west-2"})
	mustNoErr(t, err)
	for key, want := range map[string]string{"User-Agent": "spice-cloud-mcp/1.2.3", "Content-Type": "application/json",
		"Accept": "application/json", "Authorization": "Bearer sandbox"} {
		if got.Get(key) != want {
			t.Errorf("%s = %q, want %q", key, got.Get(key), want)
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestConfigFromEnv(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	cfg, err := client.ConfigFromEnv(env(map[string]string{"SPICE_API_TOKEN": "pat", "SPICE_CLIENT_ID": "id", "SPICE_CLIENT_SECRET": "s"}), "v")
	mustNoErr(t, err)
	if client.CredentialKind(cfg.Tokens) != "pat" {
		t.Errorf("a PAT wins over client credentials: %T", cfg.Tokens)
	}
	cfg, err = client.ConfigFromEnv(env(map[string]string{"SPICE_CLIENT_ID": "id", "SPICE_CLIENT_SECRET": "s",
		"SPICE_OAUTH_TOKEN_URL": "http://127.0.0.1:1/token", "SPICE_API_URL": "http://127.0.0.1:2"}), "v")
	mustNoErr(t, err)
	cc, ok := cfg.Tokens.(*client.ClientCredentials)
	if !ok || cc.TokenURL != "http://127.0.0.1:1/token" || cfg.BaseURL != "http://127.0.0.1:2" {
		t.Errorf("oauth config = %+v / %+v", cfg, cc)
	}
	cfg, err = client.ConfigFromEnv(env(nil), "v")
	mustNoErr(t, err)
	if cfg.Tokens != nil {
		t.Errorf("no credentials: %T", cfg.Tokens)
	}
	if _, err := client.ConfigFromEnv(env(map[string]string{"SPICE_CLIENT_ID": "id"}), "v"); err == nil || !strings.Contains(err.Error(), "SPICE_CLIENT_SECRET") {
		t.Errorf("half OAuth config: %v", err)
	}
	for _, bad := range []string{"ftp://x", "api.spice.ai", "https://user:pw@api.spice.ai", "https://api.spice.ai/?token=x"} {
		if _, err := client.New(client.Config{BaseURL: bad}); err == nil {
			t.Errorf("base URL %q accepted", bad)
		} else if strings.Contains(err.Error(), "pw@") || strings.Contains(err.Error(), "token=x") {
			t.Errorf("error leaks URL credentials: %v", err)
		}
	}
	c, err := client.New(client.Config{})
	mustNoErr(t, err)
	if c.BaseURL() != client.DefaultBaseURL {
		t.Errorf("default base URL = %s", c.BaseURL())
	}
}

// TestOAuthTokenRequestRetries: the token request creates nothing, so it is retried as an
// idempotent API call is (429, 502, 503, 504), honouring Retry-After; only a 400/401 blames the
// credentials, and a 429 or 5xx that outlasts the retries says the endpoint is unavailable.
func TestOAuthTokenRequestRetries(t *testing.T) {
	for _, tc := range []struct {
		name        string
		fault       sandbox.Fault
		ok          bool
		calls       int             // token requests
		waits       []time.Duration // nil: not checked (backoff with jitter)
		credentials bool            // the error blames the credentials
		want        string
	}{
		{name: "one 503", fault: sandbox.Fault{Status: 503}, ok: true, calls: 2},
		{name: "one 502", fault: sandbox.Fault{Status: 502}, ok: true, calls: 2},
		{name: "one 504", fault: sandbox.Fault{Status: 504}, ok: true, calls: 2},
		{name: "429 Retry-After", fault: sandbox.Fault{Status: 429, RetryAfter: "2", Times: 2}, ok: true, calls: 3,
			waits: []time.Duration{2 * time.Second, 2 * time.Second}},
		{name: "persistent 503", fault: sandbox.Fault{Status: 503, Times: -1}, calls: fastRetry.MaxAttempts,
			want: "the token endpoint %s is unavailable: 503 Service unavailable after 4 attempts; try again later"},
		{name: "persistent 429", fault: sandbox.Fault{Status: 429, RetryAfter: "1", Times: -1}, calls: fastRetry.MaxAttempts,
			waits: []time.Duration{time.Second, time.Second, time.Second}, want: "is unavailable: 429"},
		{name: "500 is not retried", fault: sandbox.Fault{Status: 500}, calls: 1, want: "is unavailable: 500"},
		{name: "404 says what it answered", fault: sandbox.Fault{Status: 404}, calls: 1, want: "%s answered 404 Not Found"},
		{name: "400 blames the credentials", fault: sandbox.Fault{Status: 400}, calls: 1, credentials: true, want: "400"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env, cc := newOAuthEnv(t, time.Hour)
			var mu sync.Mutex
			var waits []time.Duration
			client.SetTokenSleep(cc, func(ctx context.Context, d time.Duration) error {
				mu.Lock()
				waits = append(waits, d)
				mu.Unlock()
				return ctx.Err()
			})
			tc.fault.Operation = "oauthToken"
			env.emu.InjectFault(tc.fault)
			_, err := env.client.ListApps(context.Background())
			if n := env.emu.Calls("oauthToken"); n != tc.calls {
				t.Errorf("token requests = %d, want %d", n, tc.calls)
			}
			if tc.waits != nil && !slices.Equal(waits, tc.waits) {
				t.Errorf("waits = %v, want %v", waits, tc.waits)
			}
			if tc.ok {
				mustNoErr(t, err)
				return
			}
			var te *client.TokenError
			if !errors.As(err, &te) {
				t.Fatalf("want a *client.TokenError, got %T: %v", err, err)
			}
			if te.Credentials() != tc.credentials || strings.Contains(err.Error(), "SPICE_CLIENT_SECRET") != tc.credentials {
				t.Errorf("blames the credentials: %v, want %v: %v", te.Credentials(), tc.credentials, err)
			}
			if want := strings.ReplaceAll(tc.want, "%s", env.srv.URL+"/api/oauth/token"); !strings.Contains(err.Error(), want) {
				t.Errorf("error = %v\nwant %q", err, want)
			}
			if te.Attempts != tc.calls || strings.Contains(err.Error(), oauthClient.Secret) {
				t.Errorf("attempts = %d, want %d; error: %v", te.Attempts, tc.calls, err)
			}
			if n := env.emu.Calls(api.ListApps.ID); n != 0 {
				t.Errorf("the API was called %d times without a token", n)
			}
		})
	}
}

// TestOAuthInvalidClientIsNotRetried: a 401 invalid_client is the credentials' fault, at once.
func TestOAuthInvalidClientIsNotRetried(t *testing.T) {
	env := newEnv(t, sandbox.Config{OAuthClients: []sandbox.OAuthClient{oauthClient}}, func(c *client.Config) {
		c.Tokens = client.NewClientCredentials(oauthClient.ID, "wrong-secret-canary", c.BaseURL+"/api/oauth/token")
	})
	_, err := env.client.ListApps(context.Background())
	var te *client.TokenError
	if !errors.As(err, &te) || te.StatusCode != 401 || te.Code != "invalid_client" || !te.Credentials() || te.Unavailable() {
		t.Fatalf("want a 401 invalid_client *TokenError, got %v", err)
	}
	if n := env.emu.Calls("oauthToken"); n != 1 {
		t.Errorf("token requests = %d, want 1", n)
	}
}

// TestOAuthRetryAfterBeyondDeadline: a Retry-After that would end after the call's deadline is
// not waited out: the call stops at once with a *DeadlineError whose Last is the *TokenError.
// "At once" is that no wait was started (the sleep hook), not a time bound: a token request
// under load took long enough for one.
func TestOAuthRetryAfterBeyondDeadline(t *testing.T) {
	env, cc := newOAuthEnv(t, time.Hour)
	cc.Retry = client.RetryPolicy{MaxAttempts: 4, MaxElapsed: 2 * time.Hour} // a Retry-After of an hour is within it
	var waits []time.Duration
	client.SetTokenSleep(cc, func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		return client.R51DeterminismSleep(ctx, d)
	})
	env.emu.InjectFault(sandbox.Fault{Operation: "oauthToken", Status: 429, RetryAfter: "3600", Times: -1})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := env.client.ListApps(ctx)
	var dl *client.DeadlineError
	var te *client.TokenError
	if !errors.As(err, &dl) || dl.Operation != client.TokenOperation || dl.Wait != time.Hour || !dl.RetryAfter ||
		!errors.As(err, &te) || te.StatusCode != 429 || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want a token *DeadlineError after a 429, got %v", err)
	}
	if len(waits) != 0 {
		t.Errorf("waited %v before giving up", waits)
	}
	if n := env.emu.Calls("oauthToken"); n != 1 {
		t.Errorf("token requests = %d, want 1", n)
	}
}

// TestOAuthUnreachableEndpointIsRetried: a connection failure is retried, then named.
func TestOAuthUnreachableEndpointIsRetried(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	tokenURL := closed.URL + "/api/oauth/token"
	closed.Close()
	env := newEnv(t, sandbox.Config{}, func(c *client.Config) {
		c.Tokens = client.NewClientCredentials("id", "unreachable-secret-canary", tokenURL)
	})
	_, err := env.client.ListApps(context.Background())
	var te *client.TokenError
	if !errors.As(err, &te) || te.StatusCode != 0 || te.Err == nil || te.Attempts != fastRetry.MaxAttempts {
		t.Fatalf("want a *TokenError without an answer after %d attempts, got %v", fastRetry.MaxAttempts, err)
	}
	if !strings.Contains(err.Error(), tokenURL) || strings.Contains(err.Error(), "unreachable-secret-canary") {
		t.Errorf("error = %v", err)
	}
}

// TestOAuthUnavailableEndpointIsAskedOnceForAllWaitingCalls: calls that waited for an exchange,
// and calls that come within a few seconds of it (a tool checks the token's scopes, then calls
// the API), share its failure, so an endpoint that stays unavailable gets one round of retries,
// not one per call (which would also keep the last caller waiting for all the others' rounds).
func TestOAuthUnavailableEndpointIsAskedOnceForAllWaitingCalls(t *testing.T) {
	env, cc := newOAuthEnv(t, time.Hour)
	advance := fakeTokenClock(cc)
	env.emu.InjectFault(sandbox.Fault{Operation: "oauthToken", Status: 503, Latency: 100 * time.Millisecond, Times: -1})
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Go(func() {
			_, err := env.client.ListApps(context.Background())
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		var te *client.TokenError
		if !errors.As(err, &te) || !te.Unavailable() {
			t.Errorf("want the unavailable *TokenError, got %v", err)
		}
	}
	if n := env.emu.Calls("oauthToken"); n != fastRetry.MaxAttempts {
		t.Errorf("token requests = %d, want %d (one round of retries)", n, fastRetry.MaxAttempts)
	}
	// The calls that follow at once get the same answer without asking; a call seconds later
	// asks again.
	env.emu.ClearFaults()
	advance(4 * time.Second)
	var te *client.TokenError
	if _, err := env.client.ListApps(context.Background()); !errors.As(err, &te) || !te.Unavailable() {
		t.Errorf("a call right after: %v", err)
	}
	// It says that it is the failure of 4 s ago, not asked again, and when the endpoint will be.
	if te == nil || !te.Reused || te.Age != 4*time.Second || te.NextIn != time.Second || !strings.Contains(te.Error(), "not asked again") {
		t.Errorf("a reused failure: %+v", te)
	}
	if n := env.emu.Calls("oauthToken"); n != fastRetry.MaxAttempts {
		t.Errorf("token requests = %d, want %d", n, fastRetry.MaxAttempts)
	}
	advance(2 * time.Second)
	if _, err := env.client.ListApps(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestOAuthRetryAfterHoldsForLaterCalls: an endpoint's Retry-After longer than the few seconds
// a failure is reused for holds for the calls after it, also when a caller's deadline stopped
// the retries.
func TestOAuthRetryAfterHoldsForLaterCalls(t *testing.T) {
	env, cc := newOAuthEnv(t, time.Hour)
	advance := fakeTokenClock(cc)
	env.emu.InjectFault(sandbox.Fault{Operation: "oauthToken", Status: 429, RetryAfter: "3", Times: -1})
	// A deadline 1 s off that never passes: the 3 s wait is refused for it, whatever the load
	// (a real 1 s deadline could end the first request before its 429 was read).
	ctx := r52DeterminismDeadlineIn(t, time.Second)
	var dl *client.DeadlineError
	if _, err := env.client.ListApps(ctx); !errors.As(err, &dl) {
		t.Fatalf("want a *DeadlineError, got %v", err)
	}
	env.emu.ClearFaults()
	advance(2 * time.Second)
	var te *client.TokenError
	if _, err := env.client.ListApps(context.Background()); !errors.As(err, &te) || te.StatusCode != 429 || errors.As(err, &dl) {
		t.Errorf("within Retry-After: %v", err)
	}
	if n := env.emu.Calls("oauthToken"); n != 1 {
		t.Errorf("token requests = %d, want 1", n)
	}
	advance(2 * time.Second)
	if _, err := env.client.ListApps(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestOAuthFailureIsReusedForItsRetryAfter: a failure the endpoint said to wait 1 s after
// answers for the calls within that second, not for the 5 s a failure without Retry-After
// does: a call 1.5 s later asks again (and gets its token).
func TestOAuthFailureIsReusedForItsRetryAfter(t *testing.T) {
	env, cc := newOAuthEnv(t, time.Hour)
	advance := fakeTokenClock(cc)
	client.SetTokenSleep(cc, func(ctx context.Context, _ time.Duration) error { return ctx.Err() })
	env.emu.InjectFault(sandbox.Fault{Operation: "oauthToken", Status: 503, RetryAfter: "1", Times: fastRetry.MaxAttempts})
	var te *client.TokenError
	if _, err := env.client.ListApps(context.Background()); !errors.As(err, &te) || te.Reused || te.RetryAfter != time.Second {
		t.Fatalf("want a fresh unavailable *TokenError, got %v", err)
	}
	advance(500 * time.Millisecond)
	if _, err := env.client.ListApps(context.Background()); !errors.As(err, &te) || !te.Reused || te.NextIn != 500*time.Millisecond {
		t.Errorf("within the Retry-After: %v", err)
	}
	advance(time.Second)
	if _, err := env.client.ListApps(context.Background()); err != nil {
		t.Errorf("after the Retry-After the endpoint is asked again: %v", err)
	}
	if n := env.emu.Calls("oauthToken"); n != fastRetry.MaxAttempts+1 {
		t.Errorf("token requests = %d, want %d", n, fastRetry.MaxAttempts+1)
	}
}

// TestOAuthFailureIsTheCallsOwn: within one call (client.WithCall: a tool asks for its token
// for the scope checks, then for its requests) the failure its own exchange met is not
// reported as reused from another call; another call within the Retry-After gets it reused.
func TestOAuthFailureIsTheCallsOwn(t *testing.T) {
	env, cc := newOAuthEnv(t, time.Hour)
	fakeTokenClock(cc)
	client.SetTokenSleep(cc, func(ctx context.Context, _ time.Duration) error { return ctx.Err() })
	env.emu.InjectFault(sandbox.Fault{Operation: "oauthToken", Status: 503, RetryAfter: "1", Times: -1})
	call := client.WithCall(context.Background())
	var te *client.TokenError
	for i := range 2 {
		if _, err := env.client.ListApps(call); !errors.As(err, &te) || te.Reused {
			t.Errorf("request %d of the call that asked: %v", i+1, err)
		}
	}
	if _, err := env.client.ListApps(client.WithCall(context.Background())); !errors.As(err, &te) || !te.Reused {
		t.Errorf("another call: %v", err)
	}
}

// TestOAuthDeadlineIsTheCallsOwn: when the call's deadline stopped the retries of its own
// exchange (a scope check made it), each of its later requests gets that *DeadlineError again,
// a copy of its own, not the bare *TokenError; marking the call again (WithCall on a marked
// ctx, as Tool.Call does) keeps it the same call.
func TestOAuthDeadlineIsTheCallsOwn(t *testing.T) {
	// A Retry-After of an hour against a deadline of a minute: beyond it whatever the machine's
	// load (a deadline of 1 s could pass before the endpoint's first answer).
	env, cc := newOAuthEnv(t, time.Hour)
	cc.Retry = client.RetryPolicy{MaxAttempts: 4, MaxElapsed: 2 * time.Hour}
	env.emu.InjectFault(sandbox.Fault{Operation: "oauthToken", Status: 503, RetryAfter: "3600", Times: -1})
	ctx, cancel := context.WithTimeout(client.WithCall(context.Background()), time.Minute)
	defer cancel()
	var first *client.DeadlineError
	for i, call := range []context.Context{ctx, client.WithCall(ctx), client.WithCall(ctx)} {
		_, err := env.client.ListApps(call)
		var dl *client.DeadlineError
		var te *client.TokenError
		if !errors.As(err, &dl) || dl.Wait != time.Hour || !errors.As(err, &te) || te.Reused || dl == first {
			t.Fatalf("request %d of the call: %v", i+1, err)
		}
		if first == nil {
			first = dl
		}
	}
	if n := env.emu.Calls("oauthToken"); n != 1 {
		t.Errorf("token requests = %d, want 1", n)
	}
}

// TestOAuthRetryAfterReuseIsBounded: a Retry-After of a day keeps the failure for a minute at
// most (maxFailureReuse), not a day.
func TestOAuthRetryAfterReuseIsBounded(t *testing.T) {
	env, cc := newOAuthEnv(t, time.Hour)
	advance := fakeTokenClock(cc)
	client.SetTokenSleep(cc, func(ctx context.Context, _ time.Duration) error { return ctx.Err() })
	env.emu.InjectFault(sandbox.Fault{Operation: "oauthToken", Status: 503, RetryAfter: "86400", Times: 1})
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := env.client.ListApps(ctx); err == nil {
		t.Fatal("want the endpoint's 503")
	}
	advance(61 * time.Second)
	if _, err := env.client.ListApps(context.Background()); err != nil {
		t.Errorf("a minute later the endpoint is asked again: %v", err)
	}
}

// TestOAuthTokenErrorRedactsTheSecret: an endpoint that echoes the client secret in its error
// does not get it into the error.
func TestOAuthTokenErrorRedactsTheSecret(t *testing.T) {
	const secret = "echoed-client-secret-canary"
	for _, status := range []int{401, 503} {
		endpoint := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(`{"error":"invalid_client","error_description":"bad secret ` + secret + `"}`))
		})
		c := fakeClient(t, newFakeUpstream(t, nil).URL, client.NewClientCredentials("id", secret, endpoint.URL+"/api/oauth/token"))
		err := errOf(c.ListProjects(context.Background()))
		if err == nil || strings.Contains(err.Error(), secret) || !strings.Contains(err.Error(), "bad secret [REDACTED]") {
			t.Errorf("%d: %v", status, err)
		}
	}
}

// fakeTokenClock sets the token source's clock to one that stands still until advanced.
func fakeTokenClock(cc *client.ClientCredentials) (advance func(time.Duration)) {
	now := time.Now()
	var mu sync.Mutex
	client.SetTokenClock(cc, func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
	return func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
}

// TestOAuthTokenErrorRedactsEchoedSpellings: the client secret echoed HTML-escaped,
// percent-encoded or in base64 by the token endpoint (or a proxy before it) is redacted too.
func TestOAuthTokenErrorRedactsEchoedSpellings(t *testing.T) {
	const secret = "echoed+client/secret&<canary>"
	for _, echoed := range []string{
		"echoed+client/secret&amp;&lt;canary&gt;",
		"echoed%2Bclient%2Fsecret%26%3Ccanary%3E",
		"echoed%2bclient/secret%26%3ccanary%3e",
		"ZWNob2VkK2NsaWVudC9zZWNyZXQmPGNhbmFyeT4=",
	} {
		endpoint := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"invalid_client","error_description":"bad secret ` + echoed + `"}`))
		})
		c := fakeClient(t, newFakeUpstream(t, nil).URL, client.NewClientCredentials("id", secret, endpoint.URL+"/api/oauth/token"))
		err := errOf(c.ListProjects(context.Background()))
		if err == nil || strings.Contains(err.Error(), echoed) || !strings.Contains(err.Error(), "bad secret [REDACTED]") {
			t.Errorf("%s: %v", echoed, err)
		}
	}
}
