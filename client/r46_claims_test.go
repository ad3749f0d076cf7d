package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
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

// TestR46ClaimsListAnswersWithoutTheirListAreUnusable: README (The client, Errors) says a 2xx
// without what the operation documents is a *ResponseError, "a read without the fields its
// schema requires" included. Each list's envelope requires its list (ProjectList: projects,
// OrgList: orgs, …), but an answer without it — `{}` from a gateway, or an error body sent with
// 200 — was read as an empty list: list_apps said the organization has no apps, an app had no
// deployments, a member list was empty. An empty list, `[]`, is still one.
func TestR46ClaimsListAnswersWithoutTheirListAreUnusable(t *testing.T) {
	var body string
	up := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	})
	c := fakeClient(t, up.URL, client.StaticToken("t"))
	ctx := context.Background()
	reads := []struct {
		key  string
		read func() error
	}{
		{"orgs", func() error { return errOf(c.ListOrgs(ctx)) }},
		{"regions", func() error { return errOf(c.ListRegions(ctx, "")) }},
		{"clusters", func() error { return errOf(c.ListClusters(ctx)) }},
		{"images", func() error { return errOf(c.ListContainerImages(ctx, "")) }},
		{"projects", func() error { return errOf(c.ListProjects(ctx)) }},
		{"apps", func() error { return errOf(c.ListApps(ctx)) }},
		{"deployments", func() error { return errOf(c.ListProjectDeployments(ctx, 5, client.ListDeploymentsOptions{})) }},
		{"deployments", func() error { return errOf(c.ListDeployments(ctx, 5, client.ListDeploymentsOptions{})) }},
		{"logs", func() error { return errOf(c.GetProjectDeploymentLogs(ctx, 5, 7, client.DeploymentLogsOptions{})) }},
		{"logs", func() error { return errOf(c.GetDeploymentLogs(ctx, 5, 7, client.DeploymentLogsOptions{})) }},
		{"forks", func() error { return errOf(c.ListProjectForks(ctx, 5)) }},
		{"instances", func() error { return errOf(c.ListProjectInstances(ctx, 5)) }},
		{"lines", func() error { return errOf(c.GetProjectInstanceLogs(ctx, 5, "pod-1", 10)) }},
		{"secrets", func() error { return errOf(c.ListProjectSecrets(ctx, 5)) }},
		{"secrets", func() error { return errOf(c.ListSecrets(ctx, 5)) }},
		{"members", func() error { return errOf(c.ListMembers(ctx)) }},
	}
	for _, r := range reads {
		for _, answer := range []string{`{}`, `{"error":"Service Unavailable","message":"try later"}`, `{"` + r.key + `":null}`} {
			body = answer
			err := r.read()
			var re *client.ResponseError
			if !errors.As(err, &re) || !strings.Contains(err.Error(), r.key) {
				t.Errorf("%s answered 200 %s: want a *ResponseError naming %q, got %v", r.key, answer, r.key, err)
			}
		}
		body = `{"` + r.key + `":[],"default":"x"}`
		if err := r.read(); err != nil {
			t.Errorf("%s answered 200 with an empty list: %v", r.key, err)
		}
	}
}

// TestR46ClaimsLostDeleteAnswerCountsOnlyTheTargetGone: README (The client, Lost answers to a
// DELETE) says that when a DELETE's answer was lost and the retry gets 404, "the first attempt
// went through: the call succeeds". For a secret, the 404 may name its app instead ("Project not
// found", "App not found": a wrong ID, or an app deleted meanwhile), and then the first attempt
// deleted nothing: the call was reported as "deleted (the first attempt went through…)". Only
// the target's own 404 ("Secret not found") says it is gone.
func TestR46ClaimsLostDeleteAnswerCountsOnlyTheTargetGone(t *testing.T) {
	var mu sync.Mutex
	attempts := 0
	var second string
	up := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		attempts++
		n := attempts
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable) // a proxy's: the answer is lost
			return
		}
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(second))
	})
	c := fakeClient(t, up.URL, client.StaticToken("t"))
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		del    func() (client.Deleted, error)
		answer string
		gone   bool
	}{
		{"project secret, project gone", func() (client.Deleted, error) { return c.DeleteProjectSecret(ctx, 5, "PG_PASS") }, `{"error":"Project not found"}`, false},
		{"project secret, secret gone", func() (client.Deleted, error) { return c.DeleteProjectSecret(ctx, 5, "PG_PASS") }, `{"error":"Secret not found"}`, true},
		{"app secret, app gone", func() (client.Deleted, error) { return c.DeleteSecret(ctx, 5, "PG_PASS") }, `{"error":"App not found"}`, false},
		{"app secret, secret gone", func() (client.Deleted, error) { return c.DeleteSecret(ctx, 5, "PG_PASS") }, `{"error":"Secret not found"}`, true},
		{"project, gone", func() (client.Deleted, error) { return c.DeleteProject(ctx, 5) }, `{"error":"Project not found"}`, true},
	} {
		mu.Lock()
		attempts, second = 0, tc.answer
		mu.Unlock()
		d, err := tc.del()
		if tc.gone && (err != nil || !d.EarlierAttempt) {
			t.Errorf("%s: want success by an earlier attempt, got %+v, %v", tc.name, d, err)
		}
		if !tc.gone && (err == nil || d.EarlierAttempt) {
			t.Errorf("%s: a 404 naming another object was taken for the target gone: %+v, %v", tc.name, d, err)
		}
	}
}

// TestR46ClaimsTokenNoHeaderCanCarryIsUnusable: README (The client, Auth) says "a success
// without a usable token (no access_token, or a token_type other than Bearer) is a *TokenError
// too, so its tool call logs reason oauth_token at warn". An access_token no Authorization
// header can carry (a line break, a control character: a hostile or broken endpoint) or one of
// only spaces is no usable token either; it was cached for its lifetime and every API call
// then failed "not sent", four attempts each, as if the API were unreachable.
func TestR46ClaimsTokenNoHeaderCanCarryIsUnusable(t *testing.T) {
	var token string
	up := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/api/oauth/token" {
			b, _ := json.Marshal(map[string]any{"access_token": token, "token_type": "Bearer", "expires_in": 3600})
			_, _ = w.Write(b)
			return
		}
		_, _ = w.Write([]byte(`{"projects":[]}`))
	})
	for _, tok := range []string{"tok-r46\r\nX-Injected: 1", "tok-r46\x00", "tok\x7f-r46", "   "} {
		token = tok
		cc := client.NewClientCredentials("id-r46", "secret-r46-value", up.URL+"/api/oauth/token")
		c, err := client.New(client.Config{BaseURL: up.URL, Tokens: cc, Retry: fastRetry})
		mustNoErr(t, err)
		before := len(up.received())
		_, err = c.ListProjects(context.Background())
		var te *client.TokenError
		if !errors.As(err, &te) {
			t.Errorf("access_token %q: want a *TokenError, got %T: %v", tok, err, err)
		}
		if got := up.received()[before:]; len(got) != 1 {
			t.Errorf("access_token %q: want only the token request, got %q", tok, got)
		}
	}
}
