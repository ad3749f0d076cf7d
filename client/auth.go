package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// DefaultTokenURL is the OAuth token endpoint; it lives on the portal host, not on api.spice.ai.
const DefaultTokenURL = "https://spice.ai/api/oauth/token"

// TokenSource supplies the bearer token for each request.
type TokenSource interface {
	Token(ctx context.Context) (string, error)
}

// refreshable token sources can drop a token the API rejected, so the next call fetches a new one.
type refreshable interface {
	Invalidate(token string)
}

// StaticToken is a personal access token (SPICE_API_TOKEN).
type StaticToken string

// Token returns the token itself.
func (t StaticToken) Token(context.Context) (string, error) { return string(t), nil }

// ClientCredentials exchanges an OAuth client id and secret for access tokens, caching each
// token until RefreshBefore ahead of its expiry. Only one exchange runs at a time; concurrent
// callers wait for it and share its result.
type ClientCredentials struct {
	ClientID     string
	ClientSecret string
	TokenURL     string   // default DefaultTokenURL
	Scopes       []string // optional narrowing, sent space-separated
	HTTPClient   *http.Client
	// RefreshBefore is how long before expiry a token is renewed (default 60 s).
	RefreshBefore time.Duration
	UserAgent     string
	now           func() time.Time

	once    sync.Once
	lock    chan struct{} // a one-slot semaphore, so waiting for it honours ctx
	token   string
	expires time.Time
}

// NewClientCredentials returns a token source for an OAuth client.
func NewClientCredentials(clientID, clientSecret, tokenURL string) *ClientCredentials {
	return &ClientCredentials{ClientID: clientID, ClientSecret: clientSecret, TokenURL: tokenURL}
}

// acquire takes the refresh lock, filling in defaults on first use.
func (c *ClientCredentials) acquire(ctx context.Context) error {
	c.once.Do(func() {
		c.lock = make(chan struct{}, 1)
		if c.HTTPClient == nil {
			c.HTTPClient = defaultHTTPClient(0)
		}
		if c.TokenURL == "" {
			c.TokenURL = DefaultTokenURL
		}
		if c.RefreshBefore == 0 {
			c.RefreshBefore = 60 * time.Second
		}
		if c.now == nil {
			c.now = time.Now
		}
	})
	select {
	case c.lock <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Token returns a cached token, or fetches a new one when none is cached or it is about to expire.
func (c *ClientCredentials) Token(ctx context.Context) (string, error) {
	if err := c.acquire(ctx); err != nil {
		return "", err
	}
	defer func() { <-c.lock }()
	if c.token != "" && c.now().Before(c.expires.Add(-c.RefreshBefore)) {
		return c.token, nil
	}
	token, lifetime, err := c.exchange(ctx)
	if err != nil {
		return "", err
	}
	c.token, c.expires = token, c.now().Add(lifetime)
	return token, nil
}

// Invalidate forgets token if it is still the cached one (the API rejected it).
func (c *ClientCredentials) Invalidate(token string) {
	if c.acquire(context.Background()) != nil {
		return
	}
	defer func() { <-c.lock }()
	if c.token == token {
		c.token = ""
	}
}

// exchange performs the client-credentials grant with a form-encoded body.
func (c *ClientCredentials) exchange(ctx context.Context) (string, time.Duration, error) {
	form := url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {c.ClientID},
		"client_secret": {c.ClientSecret},
	}
	if len(c.Scopes) > 0 {
		form.Set("scope", strings.Join(c.Scopes, " "))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", 0, fmt.Errorf("oauth token: invalid token URL %s", displayURL(c.TokenURL))
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	resp, err := c.HTTPClient.Do(req)
	if err != nil {
		// The transport's error quotes the URL it was given: say it once, without credentials.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return "", 0, fmt.Errorf("oauth token request to %s failed: %w", displayURL(c.TokenURL), err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", 0, fmt.Errorf("oauth token: reading response: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		var oauthErr struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
		}
		_ = json.Unmarshal(body, &oauthErr)
		reason := strings.TrimSpace(oauthErr.Error + " " + oauthErr.Description)
		if reason == "" {
			reason = http.StatusText(resp.StatusCode)
		}
		remedy := "check SPICE_CLIENT_ID and SPICE_CLIENT_SECRET (and SPICE_OAUTH_TOKEN_URL)"
		if oauthErr.Error == "invalid_scope" {
			remedy = "check SPICE_OAUTH_SCOPES: each scope must be one the OAuth client was granted (or unset it for all of them)"
		}
		return "", 0, fmt.Errorf("oauth token: %d %s: %s", resp.StatusCode, redact(reason, c.ClientSecret), remedy)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	if err := json.Unmarshal(body, &tok); err != nil || tok.AccessToken == "" {
		return "", 0, fmt.Errorf("oauth token: the response from %s has no access_token", displayURL(c.TokenURL))
	}
	if tok.TokenType != "" && !strings.EqualFold(tok.TokenType, "bearer") {
		return "", 0, fmt.Errorf("oauth token: unsupported token_type %q", tok.TokenType)
	}
	lifetime := time.Duration(tok.ExpiresIn) * time.Second
	if tok.ExpiresIn <= 0 {
		lifetime = time.Hour // README §2: treat a missing expires_in as 3600
	}
	return tok.AccessToken, lifetime, nil
}

// CheckTokenURL is the rule for SPICE_OAUTH_TOKEN_URL: an absolute http(s) URL without
// credentials, query or fragment. The error never echoes the URL: it could carry secrets.
func CheckTokenURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("invalid OAuth token URL (" + EnvOAuthTokenURL + "): want http(s)://host[:port]/path")
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return errors.New("invalid OAuth token URL (" + EnvOAuthTokenURL + "): it must not carry credentials, a query or a fragment")
	}
	return nil
}

// displayURL is a URL as errors and logs may show it: scheme, host and path, never userinfo,
// query or fragment (they can carry secrets).
func displayURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return "the configured URL"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}

// redact replaces every non-empty sensitive value in s.
func redact(s string, sensitive ...string) string {
	for _, v := range sensitive {
		if len(v) >= 4 {
			s = strings.ReplaceAll(s, v, "[REDACTED]")
		}
	}
	return s
}
