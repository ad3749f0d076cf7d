package client_test

import (
	"context"
	"net/http"
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
	now := time.Now()
	var mu sync.Mutex
	client.SetTokenClock(cc, func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
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
