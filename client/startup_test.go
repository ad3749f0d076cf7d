package client_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestListOrgsIgnoresAWrongDefaultOrg: with SPICE_ORG naming an organization the caller cannot
// reach, every organization-scoped call is refused (403 org_forbidden) but the list of the
// caller's organizations, the remedy, still answers.
func TestListOrgsIgnoresAWrongDefaultOrg(t *testing.T) {
	env := newEnv(t, sandbox.Config{}, func(c *client.Config) { c.Org = "nope" })
	ctx := context.Background()
	var ae *client.APIError
	if _, err := env.client.ListApps(ctx); !errors.As(err, &ae) || ae.Code != "org_forbidden" {
		t.Fatalf("listApps in an unknown organization: %v", err)
	}
	orgs, err := env.client.ListOrgs(ctx)
	if err != nil || len(orgs) == 0 {
		t.Fatalf("listOrgs with a wrong default organization: %v %v", orgs, err)
	}
}

// TestBaseURLWithAPathIsRefused: operation paths start with /v1, so a base URL with a path
// (…/v1) would send /v1/v1/…; only one trailing "/" is tolerated.
func TestBaseURLWithAPathIsRefused(t *testing.T) {
	for _, bad := range []string{"https://api.spice.ai/v1", "https://api.spice.ai/v1/", "https://api.spice.ai/api", "https://api.spice.ai//"} {
		_, err := client.New(client.Config{BaseURL: bad})
		if err == nil || !strings.Contains(err.Error(), "SPICE_API_URL") || !strings.Contains(err.Error(), "without a path") {
			t.Errorf("base URL %q: %v", bad, err)
		}
	}
	for _, good := range []string{"https://api.spice.ai", "https://api.spice.ai/", "http://127.0.0.1:8787"} {
		c, err := client.New(client.Config{BaseURL: good})
		if err != nil {
			t.Errorf("base URL %q refused: %v", good, err)
		} else if strings.HasSuffix(c.BaseURL(), "/") {
			t.Errorf("base URL %q kept as %q", good, c.BaseURL())
		}
	}
}

// TestURLPortRule: SPICE_API_URL and SPICE_OAUTH_TOKEN_URL take no port or one from 1 to
// 65535; a ":" with nothing after it (url.Port() reads it as "") is refused as no port written.
func TestURLPortRule(t *testing.T) {
	for _, tc := range []struct {
		port string
		ok   bool
	}{{"", true}, {":1", true}, {":65535", true}, {":", false}, {":0", false}, {":65536", false}, {":99999", false}} {
		for _, host := range []string{"127.0.0.1", "[::1]", "api.example.com"} {
			base := "http://" + host + tc.port
			_, err := client.New(client.Config{BaseURL: base})
			if (err == nil) != tc.ok || (err != nil && err.Error() != "invalid API base URL (SPICE_API_URL): want http(s)://host[:port], a port from 1 to 65535") {
				t.Errorf("base URL %q: %v, want ok %v", base, err, tc.ok)
			}
			if _, err := client.New(client.Config{BaseURL: base + "/"}); (err == nil) != tc.ok {
				t.Errorf("base URL %q: %v, want ok %v", base+"/", err, tc.ok)
			}
			err = client.CheckTokenURL(base + "/token")
			if (err == nil) != tc.ok || (err != nil && !strings.Contains(err.Error(), "a port from 1 to 65535")) {
				t.Errorf("token URL %q: %v, want ok %v", base+"/token", err, tc.ok)
			}
		}
	}
}

// TestTokenURLIsCheckedAndNeverEchoed: SPICE_OAUTH_TOKEN_URL is refused at start-up unless it is
// an http(s) URL without credentials, query or fragment, and a token URL that carries them (set
// in code) never reaches an error.
func TestTokenURLIsCheckedAndNeverEchoed(t *testing.T) {
	env := func(url string) func(string) string {
		return func(k string) string {
			return map[string]string{"SPICE_CLIENT_ID": "x", "SPICE_CLIENT_SECRET": "y", "SPICE_OAUTH_TOKEN_URL": url}[k]
		}
	}
	for _, bad := range []string{"bogus", "ftp://h/token", "http://user:secretpw@127.0.0.1:1/token",
		"http://127.0.0.1:1/token?client_secret=qsecret", "http://127.0.0.1:1/token#frag"} {
		_, err := client.ConfigFromEnv(env(bad), "v")
		if err == nil || !strings.Contains(err.Error(), "SPICE_OAUTH_TOKEN_URL") {
			t.Errorf("token URL %q accepted: %v", bad, err)
		} else if strings.Contains(err.Error(), "secretpw") || strings.Contains(err.Error(), "qsecret") || strings.Contains(err.Error(), "bogus") {
			t.Errorf("the error echoes the URL: %v", err)
		}
	}
	if _, err := client.ConfigFromEnv(env("https://spice.example/api/oauth/token"), "v"); err != nil {
		t.Errorf("a plain token URL: %v", err)
	}

	cc := client.NewClientCredentials("x", "y", "http://user:secretpw@127.0.0.1:1/token?client_secret=qsecret")
	c, err := client.New(client.Config{BaseURL: "http://127.0.0.1:1", Tokens: cc, Retry: fastRetry})
	mustNoErr(t, err)
	_, err = c.ListApps(context.Background())
	if err == nil || strings.Contains(err.Error(), "secretpw") || strings.Contains(err.Error(), "qsecret") || strings.Contains(err.Error(), "user") {
		t.Fatalf("want an error without the URL's credentials, got %v", err)
	}
	if !strings.Contains(err.Error(), "http://127.0.0.1:1/token") {
		t.Errorf("the error should name the token endpoint: %v", err)
	}
}

// TestInvalidScopeNamesTheScopesVariable: an OAuth scope the client was not granted is
// SPICE_OAUTH_SCOPES's fault, not the id's or the secret's.
func TestInvalidScopeNamesTheScopesVariable(t *testing.T) {
	oc := sandbox.OAuthClient{ID: "ci-client", Secret: "ci-client-secret-value", Org: "sandbox", Scopes: []string{"apps:read"}}
	env := newEnv(t, sandbox.Config{OAuthClients: []sandbox.OAuthClient{oc}}, func(c *client.Config) {
		cc := client.NewClientCredentials(oc.ID, oc.Secret, c.BaseURL+"/api/oauth/token")
		cc.Scopes = []string{"apps:reed"}
		c.Tokens = cc
	})
	_, err := env.client.ListApps(context.Background())
	if err == nil || !strings.Contains(err.Error(), "invalid_scope") || !strings.Contains(err.Error(), "SPICE_OAUTH_SCOPES") ||
		strings.Contains(err.Error(), "SPICE_CLIENT_SECRET") {
		t.Fatalf("want invalid_scope naming SPICE_OAUTH_SCOPES, got %v", err)
	}
}
