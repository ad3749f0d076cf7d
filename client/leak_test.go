package client_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestNoCredentialOrSecretInErrorsOrLogs drives successes and failures with debug logging on and
// checks that neither any error text nor any log line carries the bearer token, the OAuth client
// secret, an API key or a secret value.
func TestNoCredentialOrSecretInErrorsOrLogs(t *testing.T) {
	const (
		bearer       = "canary-bearer-token-4f1b"
		secretValue  = "canary-secret-value-9d2c"
		oauthSecret  = "canary-oauth-secret-7e3a"
		wrongBearer  = "canary-wrong-bearer-1a2b"
		wrongOAuthID = "canary-client"
	)
	logs := &testutil.SyncBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	env := newEnv(t, sandbox.Config{
		Tokens:       []sandbox.Token{{Value: bearer, Org: "sandbox", Scopes: []string{"*"}}},
		OAuthClients: []sandbox.OAuthClient{{ID: wrongOAuthID, Secret: "the-real-one", Org: "sandbox", Scopes: []string{"*"}}},
	}, func(c *client.Config) {
		c.Tokens = client.StaticToken(bearer)
		c.Logger = logger
	})
	recordSleeps(env.client)
	ctx := context.Background()
	var errs []error
	note := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}

	app := createApp(t, env.client, "canary-app")
	_, err := env.client.UpsertSecret(ctx, app.ID, "PG_PASS", secretValue)
	mustNoErr(t, err)
	keys, err := env.client.GetAPIKeys(ctx, app.ID)
	mustNoErr(t, err)
	regenerated, err := env.client.RegenerateAPIKey(ctx, app.ID, client.KeySecondary)
	mustNoErr(t, err)
	canaries := []string{bearer, secretValue, oauthSecret, wrongBearer, keys.APIKey, keys.APIKey2, regenerated.APIKey2}

	// Failures of every kind, each carrying a credential in its request.
	env.emu.InjectFault(sandbox.Fault{Operation: api.UpsertSecret.ID, Status: 500})
	_, err = env.client.UpsertSecret(ctx, app.ID, "PG_PASS", secretValue)
	note(err)
	_, err = env.client.UpsertSecret(ctx, 999999, "PG_PASS", secretValue)
	note(err)
	_, err = env.client.UpsertSecret(ctx, app.ID, "1-bad-name", secretValue)
	note(err)
	env.emu.InjectFault(sandbox.Fault{Operation: api.GetAPIKeys.ID, Status: 503, Times: -1})
	_, err = env.client.GetAPIKeys(ctx, app.ID)
	note(err)
	env.emu.ClearFaults()
	_, err = env.withToken(t, wrongBearer).ListApps(ctx)
	note(err)
	oauth, err := client.New(client.Config{BaseURL: env.srv.URL, Logger: logger,
		Tokens: client.NewClientCredentials(wrongOAuthID, oauthSecret, env.srv.URL+"/api/oauth/token")})
	mustNoErr(t, err)
	_, err = oauth.ListApps(ctx)
	note(err)
	env.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateAPIKey.ID, Latency: time.Second})
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	_, err = env.client.RegenerateAPIKey(short, app.ID, client.KeyPrimary)
	cancel()
	note(err)

	if len(errs) < 7 {
		t.Fatalf("expected 7 failures, got %d: %v", len(errs), errs)
	}
	if !strings.Contains(logs.String(), `"level":"DEBUG"`) {
		t.Fatal("debug logging produced nothing; the log check would be vacuous")
	}
	for _, canary := range canaries {
		for _, err := range errs {
			if strings.Contains(err.Error(), canary) {
				t.Errorf("error leaks %q: %v", canary, err)
			}
		}
		if strings.Contains(logs.String(), canary) {
			t.Errorf("logs leak %q", canary)
		}
	}
}
