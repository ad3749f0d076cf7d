package client

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"unicode"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present/answerwords"
)

// Environment variables read by ConfigFromEnv.
const (
	EnvAPIURL        = "SPICE_API_URL"            // base URL, default https://api.spice.ai
	EnvAPIToken      = "SPICE_API_TOKEN"          // personal access token (wins over OAuth)
	EnvClientID      = "SPICE_CLIENT_ID"          // OAuth client id
	EnvClientSecret  = "SPICE_CLIENT_SECRET"      // OAuth client secret
	EnvOAuthTokenURL = "SPICE_OAUTH_TOKEN_URL"    // default https://spice.ai/api/oauth/token
	EnvOAuthScopes   = "SPICE_OAUTH_SCOPES"       // optional, space- or comma-separated narrowing
	EnvMaxIdleConns  = "SPICE_API_MAX_IDLE_CONNS" // idle API connections kept for reuse, default 128
	EnvOrg           = "SPICE_ORG"                // default organization (X-Org-Name); unset: the credential's own
)

// ConfigFromEnv builds a Config from the environment (pass os.Getenv). With no credentials at
// all it returns a Config without a token source; a half-configured OAuth client is an error.
func ConfigFromEnv(getenv func(string) string, version string) (Config, error) {
	get := func(key string) string { return strings.TrimSpace(getenv(key)) }
	cfg := Config{BaseURL: get(EnvAPIURL), Version: version, Org: get(EnvOrg)}
	if v := get(EnvMaxIdleConns); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10000 {
			return cfg, errors.New(answerwords.BadMaxIdleConns(EnvMaxIdleConns, v))
		}
		cfg.MaxIdleConnsPerHost = n
	}
	if u := get(EnvOAuthTokenURL); u != "" {
		if err := CheckTokenURL(u); err != nil {
			return cfg, err
		}
	}
	token := get(EnvAPIToken)
	id, secret := get(EnvClientID), get(EnvClientSecret)
	switch {
	case token != "":
		cfg.Tokens = StaticToken(strings.TrimPrefix(token, "Bearer "))
	case id != "" && secret != "":
		cc := NewClientCredentials(id, secret, get(EnvOAuthTokenURL))
		// Any white space separates: a list written one scope a line must not send a line break.
		cc.Scopes = strings.FieldsFunc(get(EnvOAuthScopes), func(r rune) bool { return unicode.IsSpace(r) || r == ',' })
		cfg.Tokens = cc
	case id != "":
		return cfg, errors.New(answerwords.HalfClientCredentials(EnvClientID, EnvClientSecret))
	case secret != "":
		return cfg, errors.New(answerwords.HalfClientCredentials(EnvClientSecret, EnvClientID))
	}
	return cfg, nil
}

// RequestToken is a bearer token that arrived with one request (multi-tenant HTTP mode); it
// is used for that request only.
type RequestToken string

// Token returns the token itself.
func (t RequestToken) Token(context.Context) (string, error) { return string(t), nil }

// CredentialKind names the configured credentials for diagnostics: "pat", "oauth", "request" or "none".
func CredentialKind(ts TokenSource) string {
	switch ts.(type) {
	case StaticToken:
		return "pat"
	case RequestToken:
		return "request"
	case *ClientCredentials:
		return "oauth"
	case nil:
		return "none"
	}
	return "custom"
}
