package client_test

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR46ClaimsOAuthScopesSplitOnAnyWhitespace: README (Environment variables) says
// SPICE_OAUTH_SCOPES is "space- or comma-separated". A list written one scope a line (a YAML
// block, a Kubernetes Secret, an .env file with a tab) was sent as one scope holding a line
// break ("apps:read\napps:write"), which the token endpoint refuses as invalid_scope, blaming
// scopes the client was granted. The scope parameter must carry each scope once, separated by
// one space (RFC 6749 §3.3).
func TestR46ClaimsOAuthScopesSplitOnAnyWhitespace(t *testing.T) {
	var mu sync.Mutex
	var scopes []string
	up := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/api/oauth/token" {
			_ = r.ParseForm()
			mu.Lock()
			scopes = append(scopes, r.PostForm.Get("scope"))
			mu.Unlock()
			_, _ = w.Write([]byte(`{"access_token":"tok-r46","token_type":"Bearer","expires_in":3600}`))
			return
		}
		_, _ = w.Write([]byte(`{"projects":[]}`))
	})
	for value, want := range map[string]string{
		"apps:read\napps:write":               "apps:read apps:write",
		"apps:read\r\napps:write\r\n":         "apps:read apps:write",
		"apps:read\tapps:write, secrets:read": "apps:read apps:write secrets:read",
		"apps:read,\n  apps:write":            "apps:read apps:write",
	} {
		env := map[string]string{"SPICE_CLIENT_ID": "id-r46", "SPICE_CLIENT_SECRET": "secret-r46-value",
			"SPICE_OAUTH_TOKEN_URL": up.URL + "/api/oauth/token", "SPICE_API_URL": up.URL, "SPICE_OAUTH_SCOPES": value}
		cfg, err := client.ConfigFromEnv(func(k string) string { return env[k] }, "test")
		mustNoErr(t, err)
		c, err := client.New(cfg)
		mustNoErr(t, err)
		mu.Lock()
		scopes = nil
		mu.Unlock()
		if _, err := c.ListProjects(context.Background()); err != nil {
			t.Errorf("SPICE_OAUTH_SCOPES=%q: %v", value, err)
			continue
		}
		mu.Lock()
		got := scopes
		mu.Unlock()
		if len(got) != 1 || got[0] != want {
			t.Errorf("SPICE_OAUTH_SCOPES=%q: the token request's scope was %q, want %q", value, got, want)
		}
	}
}
