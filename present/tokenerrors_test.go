package present

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestTokenEndpointFailures: a failed OAuth token request, from the emulator through the real
// client, is worded by what the endpoint answered. Only a 400/401 blames the credentials; a
// 429 or 5xx that outlasted the retries says the endpoint is unavailable and to try again
// later, naming SPICE_OAUTH_TOKEN_URL only as where it was asked. The secret never shows.
func TestTokenEndpointFailures(t *testing.T) {
	const secret = "ci-secret-123456-canary"
	for _, tc := range []struct {
		name   string
		fault  *sandbox.Fault
		secret string
		scopes []string
		closed bool // the token endpoint does not answer
		limit  time.Duration
		want   []string
		not    []string
	}{
		{name: "persistent 503", fault: &sandbox.Fault{Status: 503, Times: -1},
			want: []string{"The OAuth token endpoint is unavailable: asked 2 times at %s (from SPICE_OAUTH_TOKEN_URL), it answered 503 Service Unavailable. This",
				"This says nothing about the client credentials. No token was issued, so nothing was sent to the Spice.ai API.",
				"What to do: Try again later."},
			not: []string{"SPICE_CLIENT_ID", "SPICE_CLIENT_SECRET", "check"}},
		{name: "persistent 429 with Retry-After", fault: &sandbox.Fault{Status: 429, RetryAfter: "1", Times: -1},
			want: []string{"The OAuth token endpoint is unavailable: asked 2 times", "429 Too Many Requests", "What to do: Try again later (it asked to wait 1 s)."},
			not:  []string{"SPICE_CLIENT_SECRET"}},
		{name: "Retry-After beyond the time limit", fault: &sandbox.Fault{Status: 429, RetryAfter: "3", Times: -1}, limit: time.Second,
			want: []string{"The OAuth token endpoint is unavailable: asked once", "Stopped without retrying: the OAuth token endpoint asked to wait 3 s, which ends after"},
			not:  []string{"SPICE_CLIENT_SECRET"}},
		{name: "invalid_client", secret: "wrong-" + secret,
			want: []string{"The OAuth token endpoint refused the client credentials: 401 Unauthorized: invalid_client: Client authentication failed. No token",
				"What to do: Ask the user to check SPICE_CLIENT_ID and SPICE_CLIENT_SECRET"},
			not: []string{"unavailable"}},
		{name: "invalid_scope", scopes: []string{"apps:reed"},
			want: []string{"The OAuth token endpoint refused the requested scopes: 400 Bad Request: invalid_scope", "What to do: Each scope in SPICE_OAUTH_SCOPES must be one the OAuth client was granted: ask the user to correct it"},
			not:  []string{"SPICE_CLIENT_SECRET", "unavailable"}},
		{name: "no answer", closed: true,
			want: []string{"The OAuth token request to %s (from SPICE_OAUTH_TOKEN_URL) got no answer (tried 2 times): ", "connection refused",
				"What to do: Nothing accepted the connection at", "an address on this machine"},
			not: []string{"SPICE_CLIENT_SECRET", "firewall"}},
		{name: "404", fault: &sandbox.Fault{Status: 404},
			want: []string{"The OAuth token endpoint at %s (from SPICE_OAUTH_TOKEN_URL) answered 404 Not Found. No token", "What to do: Ask the user to check that SPICE_OAUTH_TOKEN_URL is the token endpoint"},
			not:  []string{"SPICE_CLIENT_SECRET", "unavailable"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			emu := sandbox.New(sandbox.Config{OAuthClients: []sandbox.OAuthClient{{ID: "ci", Secret: secret, Org: "sandbox", Scopes: []string{"*"}}}})
			srv := httptest.NewServer(emu)
			t.Cleanup(srv.Close)
			if tc.fault != nil {
				tc.fault.Operation = "oauthToken"
				emu.InjectFault(*tc.fault)
			}
			if tc.secret == "" {
				tc.secret = secret
			}
			tokenURL := srv.URL + "/api/oauth/token"
			if tc.closed {
				tokenURL = "http://" + testutil.RefusedAddr(t) + "/api/oauth/token"
			}
			cc := client.NewClientCredentials("ci", tc.secret, tokenURL)
			cc.Scopes = tc.scopes
			c, err := client.New(client.Config{BaseURL: srv.URL, Tokens: cc,
				Retry: client.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			if tc.limit > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tc.limit)
				defer cancel()
			}
			_, err = c.ListProjects(ctx)
			if err == nil {
				t.Fatal("want an error")
			}
			got := Error(err)
			if testing.Verbose() {
				t.Log(got)
			}
			for _, w := range tc.want {
				if w = strings.ReplaceAll(w, "%s", tokenURL); !strings.Contains(got, w) {
					t.Errorf("missing %q in:\n%s", w, got)
				}
			}
			for _, n := range append(tc.not, secret, "access_token") {
				if strings.Contains(got, n) {
					t.Errorf("%q in:\n%s", n, got)
				}
			}
		})
	}
}

// TestReusedTokenFailure: a call that comes while a failed token request still answers for
// the calls after it (its Retry-After, else 5 s) does not say it asked: it says the failure is
// that of a moment ago, that it did not ask again, and when the endpoint will be asked.
func TestReusedTokenFailure(t *testing.T) {
	for _, tc := range []struct {
		retryAfter string
		want       []string
	}{
		{"", []string{"asked 2 times at ", " less than a second ago, it answered 503 Service Unavailable.",
			"This call did not ask again: that failure answers every call until the endpoint is asked again, in 5 s.",
			"What to do: Try again in 5 s or later."}},
		// In 1 s, or in the milliseconds left of it when the second call came a moment after
		// the failure (a loaded machine: "in 944 ms"); below as the 5 s default's "in 5 s".
		{"1", []string{" less than a second ago, it answered 503", "asked again, in %s.", "What to do: Try again in %s or later."}},
	} {
		emu := sandbox.New(sandbox.Config{OAuthClients: []sandbox.OAuthClient{{ID: "ci", Secret: "s3cret-value", Org: "sandbox", Scopes: []string{"*"}}}})
		srv := httptest.NewServer(emu)
		t.Cleanup(srv.Close)
		emu.InjectFault(sandbox.Fault{Operation: "oauthToken", Status: 503, RetryAfter: tc.retryAfter, Times: -1})
		c, err := client.New(client.Config{BaseURL: srv.URL, Tokens: client.NewClientCredentials("ci", "s3cret-value", srv.URL+"/api/oauth/token"),
			Retry: client.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond, MaxElapsed: 3 * time.Second}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.ListProjects(context.Background()); err == nil || strings.Contains(Error(err), "ago") {
			t.Fatalf("the first call: %v", err)
		}
		_, err = c.ListProjects(context.Background())
		got := Error(err)
		for _, w := range tc.want {
			if strings.Contains(w, "%s") {
				w = fmt.Sprintf(w, r58TesttimeWithinASecond(got))
			}
			if !strings.Contains(got, w) {
				t.Errorf("Retry-After %q: missing %q in:\n%s", tc.retryAfter, w, got)
			}
		}
		if strings.Contains(got, "it asked to wait") || strings.Contains(strings.ToLower(got), "try again later") {
			t.Errorf("Retry-After %q: worded as a fresh failure:\n%s", tc.retryAfter, got)
		}
	}
}

// TestWhoamiTokenFailureStaysOneItem: whoami's credentials item quotes the token failure on
// its own line of the list, remedy included.
func TestWhoamiTokenFailureStaysOneItem(t *testing.T) {
	got := Whoami(WhoamiView{Credentials: "OAuth client credentials (SPICE_CLIENT_ID)", HasCredentials: true,
		TokenError: &client.TokenError{URL: "https://spice.ai/api/oauth/token", StatusCode: 503, Attempts: 4}})
	first, _, _ := strings.Cut(got, "\n")
	if !strings.Contains(first, "could not obtain a token: The OAuth token endpoint is unavailable") || !strings.Contains(first, "What to do: Try again later.)") {
		t.Errorf("first line: %s", first)
	}
}

// TestTokenErrorNamesTheDefaultEndpoint: a failure at the built-in token endpoint does not
// say its URL came from SPICE_OAUTH_TOKEN_URL, which the operator may never have set.
func TestTokenErrorNamesTheDefaultEndpoint(t *testing.T) {
	got := tokenErrorText(&client.TokenError{URL: client.DefaultTokenURL, Err: errors.New("dial tcp: connection refused"), Attempts: 1}, errorStyle{})
	if strings.Contains(got, "(from SPICE_OAUTH_TOKEN_URL)") || !strings.Contains(got, "https://spice.ai/api/oauth/token (the default; SPICE_OAUTH_TOKEN_URL sets another) got no answer") {
		t.Errorf("default endpoint:\n%s", got)
	}
	got = tokenErrorText(&client.TokenError{URL: "https://auth.example.com/token", Err: errors.New("dial tcp: connection refused"), Attempts: 1}, errorStyle{})
	if !strings.Contains(got, "(from SPICE_OAUTH_TOKEN_URL) got no answer") {
		t.Errorf("configured endpoint:\n%s", got)
	}
}

// r58TesttimeWithinASecond is the wait text says the endpoint is asked again in ("asked again,
// in 1 s." or "in 944 ms."), when it is at most a second; else "1 s", which then fails.
func r58TesttimeWithinASecond(text string) string {
	_, after, _ := strings.Cut(text, "asked again, in ")
	wait, _, _ := strings.Cut(after, ".")
	if ms, ok := strings.CutSuffix(wait, " ms"); ok {
		if n, err := strconv.Atoi(ms); err == nil && n >= 1 && n <= 1000 {
			return wait
		}
	}
	return "1 s"
}
