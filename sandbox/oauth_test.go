package sandbox

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

func oauthHarness(t *testing.T) *harness {
	return newHarness(t, Config{
		Orgs:         []Org{{ID: 42, Slug: "acme", Owner: "alice"}},
		OAuthClients: []OAuthClient{{ID: "ci", Secret: "s3cret", Org: "acme", Scopes: []string{"apps:write", "deployments:write"}}},
		TokenTTL:     10 * time.Minute,
	})
}

func (h *harness) tokenRequest(contentType, body string, prepare ...func(*http.Request)) *result {
	h.t.Helper()
	return h.send("POST", "/api/oauth/token", body, func(r *http.Request) {
		r.Header.Set("Content-Type", contentType)
		for _, p := range prepare {
			p(r)
		}
	})
}

func decodeClaims(t *testing.T, token string) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not JWT-shaped: %q", token)
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims map[string]any
	if err := json.Unmarshal(raw, &claims); err != nil {
		t.Fatal(err)
	}
	return claims
}

func TestOAuthTokenFormAndJSON(t *testing.T) {
	h := oauthHarness(t)
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {"ci"}, "client_secret": {"s3cret"}}.Encode()
	bodies := map[string]string{
		"application/x-www-form-urlencoded": form,
		"application/json":                  `{"grant_type":"client_credentials","client_id":"ci","client_secret":"s3cret","extra":1}`,
	}
	for contentType, body := range bodies {
		res := h.tokenRequest(contentType, body)
		h.expect(res, http.StatusOK, "")
		if res.obj()["token_type"] != "Bearer" || res.obj()["expires_in"] != 600.0 || res.header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: %s", contentType, res.raw)
		}
		token := res.obj()["access_token"].(string)
		claims := decodeClaims(t, token)
		if claims["iss"] != "sandbox" || claims["sub"] != "ci" || claims["client_id"] != "ci" || claims["org"] != "acme" ||
			claims["org_id"] != 42.0 || claims["scope"] != "apps:write deployments:write" || claims["jti"] == "" ||
			claims["iat"] != float64(testStart.Unix()) || claims["exp"] != float64(testStart.Add(10*time.Minute).Unix()) {
			t.Errorf("claims: %v", claims)
		}
		h.expect(h.do("GET", "/v1/apps", token, nil), http.StatusOK, "")
		h.expect(h.do("GET", "/v1/members", token, nil), http.StatusForbidden, "Insufficient scope. Required: members:read")
	}
	// HTTP Basic client authentication.
	res := h.tokenRequest("application/x-www-form-urlencoded", "grant_type=client_credentials", func(r *http.Request) { r.SetBasicAuth("ci", "s3cret") })
	h.expect(res, http.StatusOK, "")
	if h.e.Calls("oauthToken") != 3 {
		t.Errorf("oauthToken calls = %d", h.e.Calls("oauthToken"))
	}
}

func TestOAuthTokenErrors(t *testing.T) {
	h := oauthHarness(t)
	cases := []struct {
		contentType, body string
		status            int
		code              string
	}{
		{"application/x-www-form-urlencoded", "grant_type=client_credentials&client_id=ci&client_secret=wrong", 401, "invalid_client"},
		{"application/json", `{"grant_type":"client_credentials","client_id":"nobody","client_secret":"x"}`, 401, "invalid_client"},
		{"application/x-www-form-urlencoded", "grant_type=password&client_id=ci&client_secret=s3cret", 400, "unsupported_grant_type"},
		{"application/x-www-form-urlencoded", "client_id=ci&client_secret=s3cret", 400, "invalid_request"},
		{"application/x-www-form-urlencoded", "grant_type=client_credentials&client_id=ci", 400, "invalid_request"},
		{"application/json", `{"grant_type":`, 400, "invalid_request"},
		{"application/json", `{"grant_type":"client_credentials","client_id":1,"client_secret":"s3cret"}`, 400, "invalid_request"},
		{"application/x-www-form-urlencoded", "grant_type=client_credentials&client_id=ci&client_secret=s3cret&scope=members:read", 400, "invalid_scope"},
	}
	for _, tc := range cases {
		res := h.tokenRequest(tc.contentType, tc.body)
		h.expect(res, tc.status, tc.code)
		if strings.Contains(string(res.raw), "s3cret") {
			t.Errorf("secret echoed: %s", res.raw)
		}
	}
}

func TestOAuthScopeNarrowingAndExpiry(t *testing.T) {
	h := oauthHarness(t)
	res := h.tokenRequest("application/json", `{"grant_type":"client_credentials","client_id":"ci","client_secret":"s3cret","scope":"apps:read"}`)
	h.expect(res, http.StatusOK, "")
	token := res.obj()["access_token"].(string)
	if got := decodeClaims(t, token)["scopes"]; !slices.Equal(list(got), []any{"apps:read"}) {
		t.Errorf("narrowed scopes: %v", got)
	}
	h.expect(h.do("GET", "/v1/apps", token, nil), http.StatusOK, "")
	h.expect(h.do("POST", "/v1/apps", token, map[string]any{"name": "narrow-app", "region": "us-west-2"}), http.StatusForbidden, "Insufficient scope. Required: apps:write")

	h.clock.Advance(10*time.Minute - time.Millisecond)
	h.expect(h.do("GET", "/v1/apps", token, nil), http.StatusOK, "")
	h.clock.Advance(time.Millisecond)
	h.expect(h.do("GET", "/v1/apps", token, nil), http.StatusUnauthorized, "Token expired")
}

func TestIssueToken(t *testing.T) {
	h := newHarness(t, Config{})
	token := h.e.IssueToken("sandbox", []string{"apps:read", "secrets:read"}, time.Hour)
	claims := decodeClaims(t, token)
	if claims["org"] != "sandbox" || claims["org_id"] != 1.0 || claims["sub"] != "sandbox" || claims["scope"] != "apps:read secrets:read" ||
		claims["exp"] != float64(testStart.Add(time.Hour).Unix()) {
		t.Errorf("claims: %v", claims)
	}
	if forever := decodeClaims(t, h.e.IssueToken("sandbox", nil, 0)); forever["exp"] != nil {
		t.Errorf("ttl 0 must carry no exp: %v", forever)
	}
	h.expect(h.do("GET", "/v1/apps", token, nil), http.StatusOK, "")
	h.clock.Advance(time.Hour)
	h.expect(h.do("GET", "/v1/apps", token, nil), http.StatusUnauthorized, "Token expired")
}
