package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present/answerwords"
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
	// Retry bounds the retries of the token request, as for API calls (client.New fills in its
	// own policy when this is the zero value).
	Retry  RetryPolicy
	Logger *slog.Logger // retries at warn level; never the secret or a token (client.New fills it in)
	now    func() time.Time
	sleep  func(ctx context.Context, d time.Duration) error

	once    sync.Once
	http    *http.Client  // HTTPClient that follows no redirect
	lock    chan struct{} // a one-slot semaphore, so waiting for it honours ctx
	token   string
	expires time.Time
	// exchanges counts finished exchanges. failed is the last one's failure (unless the caller's
	// context ended it): the callers that waited for that exchange share it, and so does every
	// caller until retryAt (failureReuse, or the endpoint's longer Retry-After).
	exchanges atomic.Uint64
	failed    error
	failedAt  time.Time
	retryAt   time.Time
	failedFor any // the call (WithCall) whose exchange failed: to it the failure is its own
	// failedErr is that exchange's error as its call got it: a *DeadlineError when the call's
	// time limit stopped the retries (failed is then the endpoint's *TokenError).
	failedErr error
}

// failureReuse is how long a failed token request answers for the next one when the endpoint
// did not say (Retry-After) how long to wait: the few calls a tool makes in a row (scope
// checks, then the API call) get one round of retries between them, not one each, and an
// endpoint that is down is not asked again at once.
const failureReuse = 5 * time.Second

// maxFailureReuse bounds how long a Retry-After keeps a failure answering for later calls: a
// proxy's Retry-After of a day would otherwise stop every call for a day.
const maxFailureReuse = time.Minute

type callKey struct{}

// callState is a call's mark (WithCall): where the call's time limit stopped an exchange it
// made, its later requests are told so, not that the API gave no answer.
type callState struct {
	mu           sync.Mutex
	tokenStopped *DeadlineError
	paging       map[*api.Operation]ListPaging // notePaging
	notUTF8      []NotUTF8                     // noteNotUTF8
}

func (s *callState) stopped() *DeadlineError {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tokenStopped == nil {
		return nil
	}
	own := *s.tokenStopped
	return &own
}

// WithCall marks ctx as one call's (a tool call, which asks for its token more than once): a
// token failure met by an exchange this call made is answered to its later requests as its
// own, not as one reused from another call. A ctx already marked keeps its mark: what the
// caller did for the call before (a scope check that asked the endpoint) stays the call's.
func WithCall(ctx context.Context) context.Context {
	if ctx.Value(callKey{}) != nil {
		return ctx
	}
	return context.WithValue(ctx, callKey{}, new(callState))
}

// CallTokenStopped is the token endpoint's *DeadlineError when the time limit of the call ctx
// marks (WithCall) stopped an exchange made for it, else nil: what a request that checked
// scopes and roles without a failure of its own (they count as unknown) names when its limit ran out.
func CallTokenStopped(ctx context.Context) *DeadlineError {
	if call, ok := ctx.Value(callKey{}).(*callState); ok {
		return call.stopped()
	}
	return nil
}

// TokenOperation names the OAuth token request in errors (it is not an API operation).
const TokenOperation = "oauthToken"

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
		c.http = withoutRedirects(c.HTTPClient) // a followed redirect would carry the client secret
		if c.TokenURL == "" {
			c.TokenURL = DefaultTokenURL
		}
		if c.RefreshBefore == 0 {
			c.RefreshBefore = 60 * time.Second
		}
		if c.now == nil {
			c.now = time.Now
		}
		if c.sleep == nil {
			c.sleep = sleepContext
		}
		if c.Logger == nil {
			c.Logger = slog.New(slog.DiscardHandler)
		}
		c.Retry = c.Retry.withDefaults()
	})
	select {
	case c.lock <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Token returns a cached token, or fetches a new one when none is cached or it is about to expire.
// A failed exchange (unless the caller's own context ended it) answers for the callers that
// waited for it and for those that come until the endpoint's Retry-After has passed, or
// within failureReuse when it sent none: a token endpoint that stays unavailable gets one round
// of retries, not one per call. A *TokenError answered again without asking says so (Reused).
func (c *ClientCredentials) Token(ctx context.Context) (string, error) {
	if MaskAcrossBreaks == nil { // before the client secret is sent
		return "", ErrNoBreakMasker
	}
	call, _ := ctx.Value(callKey{}).(*callState)
	if call != nil && ctx.Err() != nil {
		if dl := call.stopped(); dl != nil {
			return "", dl // the call's limit ended during its own exchange
		}
	}
	seen := c.exchanges.Load()
	if err := c.acquire(ctx); err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			// The limit ended while another call's exchange held the endpoint: the token
			// endpoint, not the API, is what it waited for.
			return "", &DeadlineError{Operation: TokenOperation, Method: http.MethodPost, Path: tokenPath(c.TokenURL)}
		}
		return "", err
	}
	defer func() { <-c.lock }()
	if c.token != "" && c.now().Before(c.expires.Add(-c.RefreshBefore)) {
		return c.token, nil
	}
	if c.failed != nil && c.exchanges.Load() != seen {
		return "", c.failed // the exchange this caller waited for
	}
	if now := c.now(); c.failed != nil && now.Before(c.retryAt) {
		if call := ctx.Value(callKey{}); call != nil && call == c.failedFor {
			// This call's own exchange failed moments ago: the same error, a copy the caller may
			// complete (a tool fills in DeadlineError.Limit).
			if dl, ok := c.failedErr.(*DeadlineError); ok {
				own := *dl
				return "", &own
			}
			return "", c.failedErr
		}
		if te, ok := c.failed.(*TokenError); ok {
			reused := *te
			reused.Reused, reused.Age, reused.NextIn = true, now.Sub(c.failedAt), c.retryAt.Sub(now)
			return "", &reused
		}
		return "", c.failed
	}
	token, lifetime, err := c.exchange(ctx)
	c.exchanges.Add(1)
	c.failed = nil
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		// The call's time limit ended while it waited for the endpoint: say so, to this request
		// and to the call's later ones, naming the endpoint rather than the API.
		dl := &DeadlineError{Operation: TokenOperation, Method: http.MethodPost, Path: tokenPath(c.TokenURL)}
		var te *TokenError
		if errors.As(err, &te) && te.StatusCode != 0 {
			dl.Last = te
		}
		if call != nil {
			call.mu.Lock()
			call.tokenStopped = dl
			call.mu.Unlock()
		}
		own := *dl
		return "", &own
	}
	if err != nil && ctx.Err() == nil {
		var deadline *DeadlineError
		var te *TokenError
		switch {
		case errors.As(err, &deadline):
			// This caller's deadline stopped the retries; the endpoint's Retry-After still holds.
			if errors.As(deadline.Last, &te) && te.LaterErr == nil {
				c.failed, c.retryAt = te, c.now().Add(min(te.RetryAfter, maxFailureReuse))
			}
		case errors.As(err, &te) && te.RetryAfter > 0 && te.LaterErr == nil:
			// As long as it asked; not when it stopped answering after it asked.
			c.failed, c.retryAt = err, c.now().Add(min(te.RetryAfter, maxFailureReuse))
		default:
			c.failed, c.retryAt = err, c.now().Add(failureReuse)
		}
		c.failedAt, c.failedFor, c.failedErr = c.now(), ctx.Value(callKey{}), err
	}
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

// exchange performs the client-credentials grant with the retries of Retry. The request
// creates nothing the user sees, so repeating it is safe: like an idempotent API call, it is
// repeated on 429, 502, 503, 504 and connection failures, after Retry-After when the endpoint
// sends one, and never past ctx's deadline (a wait that would end after it is not started: the
// result is a *DeadlineError whose Last is the *TokenError).
func (c *ClientCredentials) exchange(ctx context.Context) (string, time.Duration, error) {
	start := time.Now()
	sentUnanswered := false  // an earlier attempt was sent and got no answer
	var answered *TokenError // the last attempt the endpoint answered
	answeredAt := 0          // the attempt that got answered
	var later []LaterFailure // how the attempts after it got no answer, grouped by error
	for attempt := 1; ; attempt++ {
		token, lifetime, err := c.request(ctx)
		var te *TokenError
		if err == nil || ctx.Err() != nil || !errors.As(err, &te) {
			return token, lifetime, err
		}
		te.Attempts = attempt
		if te.StatusCode == 0 && answered != nil {
			later = addLaterFailure(later, attempt, te.Sent, te.Err)
		}
		failure := te // what the caller is told if the retries stop here
		if te.StatusCode == 0 && !te.Sent {
			switch {
			case answered != nil && !te.Untrusted:
				// What the endpoint last answered (503, 429) says more than a refused connection
				// after it; the error says which attempt got that answer. This attempt's own
				// facts (no answer, no Retry-After) still drive its wait and log line.
				last := *answered
				last.Attempts, last.AnsweredAttempt, last.LaterErr = attempt, answeredAt, te.Err
				last.Later = append([]LaterFailure(nil), later...)
				failure = &last
			case answered != nil || sentUnanswered:
				te.Sent, te.SentEarlier = true, true
			}
		}
		if te.StatusCode != 0 {
			answered, answeredAt, later = te, attempt, nil
		}
		sentUnanswered = sentUnanswered || te.StatusCode == 0 && te.Sent
		if !te.retryable() {
			return "", 0, failure
		}
		wait := c.Retry.backoff(attempt)
		if te.RetryAfter > 0 {
			wait = te.RetryAfter
		}
		if attempt >= c.Retry.MaxAttempts || time.Now().Add(wait).Sub(start) > c.Retry.MaxElapsed {
			return "", 0, failure
		}
		if deadline, ok := ctx.Deadline(); ok && !time.Now().Add(wait).Before(deadline) {
			return "", 0, &DeadlineError{Operation: TokenOperation, Method: http.MethodPost, Path: tokenPath(c.TokenURL),
				Last: failure, Wait: wait, RetryAfter: te.RetryAfter > 0}
		}
		if te.StatusCode == 0 {
			c.Logger.WarnContext(ctx, "oauth token endpoint gave no answer, retrying", "url", te.URL, "error", te.Err.Error(),
				"sent", te.Sent && !te.SentEarlier, "attempt", attempt, "wait", wait)
		} else {
			c.Logger.WarnContext(ctx, "oauth token endpoint failed, retrying", "url", te.URL, "status", te.StatusCode,
				"attempt", attempt, "wait", wait)
		}
		if c.sleep(ctx, wait) != nil {
			return "", 0, failure // ctx ended: the caller reports that
		}
	}
}

// request is one attempt of the client-credentials grant, with a form-encoded body. A failure
// the endpoint answered, or a request it did not answer, is a *TokenError.
func (c *ClientCredentials) request(ctx context.Context) (string, time.Duration, error) {
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
		return "", 0, errors.New(answerwords.TokenURLUnusable(displayURL(c.TokenURL)))
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	resp, trace, err := tracedDo(c.http, req) // sent or not is decided as for API calls
	if err != nil {
		sent, untrusted := trace.state().sent(err), untrustedCertificate(err)
		// The transport's error quotes the URL it was given: say it once, without credentials.
		// Its words are redacted of the client's credentials: a server that echoes the request
		// instead of answering HTTP makes Go quote the echo (redactTransport).
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return "", 0, &TokenError{URL: displayURL(c.TokenURL), Err: redactTransport(err, c.ClientSecret, c.ClientID),
			Sent: sent, Untrusted: untrusted}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", 0, &TokenError{URL: displayURL(c.TokenURL), Err: fmt.Errorf("reading the response: %w", redactTransport(err, c.ClientSecret, c.ClientID)),
			Sent: trace.state().sent(err)}
	}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return "", 0, &RedirectError{Operation: TokenOperation, Method: http.MethodPost, Path: req.URL.Path,
			StatusCode: resp.StatusCode, Target: redirectTarget(req.URL, resp.Header.Get("Location"), c.ClientSecret, c.ClientID), Setting: EnvOAuthTokenURL}
	}
	if resp.StatusCode != http.StatusOK {
		var oauthErr struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
		}
		_ = json.Unmarshal(body, &oauthErr)
		te := &TokenError{URL: displayURL(c.TokenURL), StatusCode: resp.StatusCode, scope: oauthErr.Error == "invalid_scope"}
		te.Code, te.Description = redactReason(resp.StatusCode, oauthErr.Error, oauthErr.Description, c.ClientSecret)
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			te.RetryAfter = d
		} else if resp.StatusCode == http.StatusTooManyRequests {
			if reset, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64); err == nil {
				te.RetryAfter = max(time.Until(time.Unix(reset, 0)), 0)
			}
		}
		return "", 0, te
	}
	var tok struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	// An answer without a usable token is a *TokenError too (logged as the token endpoint's
	// failure, at warn): the token_type it named is the answer's text, shown normalized,
	// redacted of the client's credentials and the token it came with, and shortened.
	if err := json.Unmarshal(body, &tok); err != nil || tok.AccessToken == "" {
		return "", 0, &TokenError{URL: displayURL(c.TokenURL), StatusCode: resp.StatusCode, NoAccessToken: true}
	}
	if strings.TrimSpace(tok.AccessToken) == "" || strings.ContainsFunc(tok.AccessToken, func(r rune) bool { return (r < 0x20 && r != '\t') || r == 0x7f }) {
		// Cached, it would fail every call as "not sent", as if the API were unreachable.
		return "", 0, &TokenError{URL: displayURL(c.TokenURL), StatusCode: resp.StatusCode, BadAccessToken: true}
	}
	if tok.TokenType != "" && !strings.EqualFold(tok.TokenType, "bearer") {
		r := newShownRedactor([]string{c.ClientSecret, c.ClientID, tok.AccessToken})
		return "", 0, &TokenError{URL: displayURL(c.TokenURL), StatusCode: resp.StatusCode,
			TokenType: r.shortened(r.normalizedBeginning(tok.TokenType, maxTokenType), maxTokenType)}
	}
	lifetime := time.Duration(tok.ExpiresIn) * time.Second
	if tok.ExpiresIn <= 0 {
		lifetime = time.Hour // README §2: treat a missing expires_in as 3600
	}
	return tok.AccessToken, lifetime, nil
}

// tokenPath is the path of the token URL, for errors.
func tokenPath(tokenURL string) string {
	if u, err := url.Parse(tokenURL); err == nil {
		return u.Path
	}
	return ""
}

// TokenError is an OAuth token request that brought no token: what the endpoint answered (or
// that it did not answer), after every attempt the retry policy allowed. It carries the facts;
// the presentation layer words the remedy (present.Error). It never holds the client secret (the
// endpoint's texts are redacted) or a token.
type TokenError struct {
	URL        string // the token endpoint as errors show it: scheme, host and path
	StatusCode int    // 0 when no answer came (Err)
	// Code and Description are the answer's OAuth `error` (invalid_client, invalid_scope, …) and
	// `error_description`, when it sent them, as Reason shows them: normalized, shortened and
	// redacted as shown joined (redactReason); an error RFC 6749 defines is kept as received.
	Code        string
	Description string
	Err         error         // why no answer came, when StatusCode is 0
	Attempts    int           // requests sent, retries included
	RetryAfter  time.Duration // the endpoint's last Retry-After (or rate-limit reset), when it sent one
	// LaterErr: the answer (StatusCode) came at attempt AnsweredAttempt, and the attempts after
	// it got no answer; LaterErr is why the last one got none (a refused connection, …), and
	// Later how each of them got none, grouped by error (one group when they all failed alike).
	AnsweredAttempt int
	LaterErr        error
	Later           []LaterFailure
	// Sent: with no answer (StatusCode 0), the request's headers were written, so the endpoint
	// may have read it (and the client secret); else it failed before (no address, no
	// connection, a proxy refusing it, a failed TLS handshake) and never left. Decided as for
	// API calls (writeState.sent).
	Sent bool
	// SentEarlier: the last attempt was not sent, but an earlier one reached the endpoint (Sent
	// is then true: the endpoint may have read the client secret).
	SentEarlier bool
	// Untrusted: the TLS handshake failed because the endpoint's certificate was not trusted:
	// that attempt sent nothing, and it is not retried (trying again cannot change the certificate).
	Untrusted bool
	// Reused is set when this call did not ask the endpoint: the failure is that of a request
	// Age ago, which answers for calls until the endpoint is asked again, NextIn from now.
	Reused bool
	Age    time.Duration
	NextIn time.Duration
	// NoAccessToken and TokenType are a success (StatusCode 200) without a usable token: no
	// access_token, or a token_type other than Bearer, as shown: normalized, redacted of the
	// client's credentials and the token, shortened to maxTokenType bytes.
	NoAccessToken bool
	TokenType     string
	// BadAccessToken is a success whose access_token no Authorization header can carry: blank,
	// or holding a line break or another control character.
	BadAccessToken bool
	// Lent: the request was an HTTP caller's that sent no token (WithLentCredentials): the
	// client credentials are the server's, which the caller does not run. Set on this
	// request's copy, never on the failure the shared token source keeps (lendTokenError).
	Lent bool
	// scope: the answer's error was invalid_scope as received (Code is as shown, redacted).
	scope bool
}

// maxTokenType is the most bytes of an unsupported token_type shown.
const maxTokenType = 40

// unusable reports a success without a usable token.
func (e *TokenError) unusable() bool { return e.NoAccessToken || e.BadAccessToken || e.TokenType != "" }

// Credentials reports an answer that blames the client credentials: a 400 or 401 (invalid_client,
// invalid_grant, unauthorized_client, …) other than invalid_scope, which is the scopes' fault.
func (e *TokenError) Credentials() bool {
	return (e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusUnauthorized) && !e.Scope()
}

// Scope reports an invalid_scope answer: a requested scope the client was not granted.
func (e *TokenError) Scope() bool { return e.scope || e.Code == "invalid_scope" }

// Unavailable reports a 429 or a 5xx: the endpoint could not answer now, whatever the credentials.
func (e *TokenError) Unavailable() bool {
	return e.StatusCode == http.StatusTooManyRequests || e.StatusCode >= 500
}

// retryable: the statuses and failures an idempotent API call is retried on. A request sent
// and unanswered is repeated too: the endpoint may have issued a token that never came, and
// another costs nothing the user sees (the unused one expires). An untrusted certificate is
// not: it stays untrusted.
func (e *TokenError) retryable() bool {
	return e.StatusCode == 0 && !e.Untrusted || retryableStatus(e.StatusCode, true)
}

// Reason is the endpoint's own account of the failure: its OAuth error and description, else
// our words for a success without a usable token, else the status's (answerwords), for Error;
// present words it from the same facts, the endpoint's texts apart from ours (tokenReason).
func (e *TokenError) Reason() string {
	switch {
	case e.Code != "" && e.Description != "":
		return e.Code + ": " + e.Description
	case e.Code != "" || e.Description != "":
		return e.Code + e.Description
	case e.NoAccessToken:
		return answerwords.NoAccessToken
	case e.BadAccessToken:
		return answerwords.BadAccessToken
	case e.TokenType != "":
		return answerwords.OtherTokenType(strconv.Quote(e.TokenType))
	}
	return answerwords.Status(e.StatusCode)
}

func (e *TokenError) Error() string {
	f := answerwords.TokenFailure{
		URL: e.URL, StatusCode: e.StatusCode, Reason: e.Reason(), Attempts: e.Attempts,
		Sent: e.Sent, SentEarlier: e.SentEarlier, Untrusted: e.Untrusted,
		Scope: e.Scope(), Credentials: e.Credentials(), Unavailable: e.Unavailable(), Unusable: e.unusable(),
		AnsweredAttempt: e.AnsweredAttempt, LaterFailed: e.LaterErr != nil,
		Reused: e.Reused, Age: e.Age, NextIn: e.NextIn,
		ScopesSetting: EnvOAuthScopes, IDSetting: EnvClientID, SecretSetting: EnvClientSecret, URLSetting: EnvOAuthTokenURL,
	}
	if e.StatusCode == 0 {
		f.Why = fmt.Sprint(e.Err)
	}
	if e.LaterErr != nil {
		f.LaterWhy = e.LaterErr.Error()
		if len(e.Later) > 1 {
			f.Later = e.laterKinds(func(err error) string { return err.Error() })
		}
	}
	return f.String()
}

// LaterFailure is a kind of failure met by attempts after the answered one (TokenError.Later).
type LaterFailure struct {
	// Sent: these attempts reached the endpoint (it may have read the client secret) and got no
	// answer; else they were not sent (a refused connection, …).
	Sent    bool
	Timeout bool
	Refused bool
	// First and Last are the first and last attempt that failed this way, Count how many did.
	First, Last, Count int
	Err                error // the error they all got; nil when Various
	// Various: the attempts past the first maxLaterGroups errors, which got different errors
	// (none is shown: it would be credited to attempts that did not get it).
	Various bool
	rest    bool // the group of the attempts past maxLaterGroups (Sent alike)
}

// maxLaterGroups is how many distinct later errors are said each; the attempts with further
// ones are counted in one group (two: sent or not), so the text stays bounded.
const maxLaterGroups = 4

// addLaterFailure counts attempt's failure in the group of the attempts that got the same
// error (same kind, same text), or, past maxLaterGroups of them, in the rest's group.
func addLaterFailure(groups []LaterFailure, attempt int, sent bool, err error) []LaterFailure {
	var timeout interface{ Timeout() bool }
	f := LaterFailure{Sent: sent, Timeout: errors.Is(err, context.DeadlineExceeded) || errors.As(err, &timeout) && timeout.Timeout(),
		Refused: errors.Is(err, syscall.ECONNREFUSED), First: attempt, Last: attempt, Count: 1, Err: err}
	alike := func(g LaterFailure) bool {
		return g.Sent == f.Sent && g.Timeout == f.Timeout && g.Refused == f.Refused && g.Err != nil && err != nil && g.Err.Error() == err.Error()
	}
	for i, g := range groups {
		if !g.rest && alike(g) {
			groups[i].Last, groups[i].Count, groups[i].Err = attempt, g.Count+1, err
			return groups
		}
	}
	if len(groups) < maxLaterGroups {
		return append(groups, f)
	}
	for i, g := range groups {
		if g.rest && g.Sent == f.Sent {
			if !alike(g) {
				groups[i].Various, groups[i].Err = true, nil
			}
			groups[i].Last, groups[i].Count = attempt, g.Count+1
			groups[i].Timeout, groups[i].Refused = g.Timeout && f.Timeout, g.Refused && f.Refused
			return groups
		}
	}
	f.rest = true
	return append(groups, f)
}

// laterKinds says how the attempts after the answered one got no answer, error by error, each
// as quote words it (answerwords.LaterKind): "attempt 2 reached the endpoint but got no answer
// (EOF); attempt 3 was not sent (… connection refused)"; past maxLaterGroups errors, "attempts
// 7 to 9 were not sent (various errors)".
func (e *TokenError) laterKinds(quote func(error) string) string {
	parts := make([]string, 0, len(e.Later))
	for _, g := range e.Later {
		why := ""
		if !g.Various && g.Err != nil {
			why = quote(g.Err)
		}
		parts = append(parts, answerwords.LaterKind(g.First, g.Last, g.Count, g.Sent, why))
	}
	return strings.Join(parts, "; ")
}

func (e *TokenError) Unwrap() error { return e.Err }

// CheckTokenURL is the rule for SPICE_OAUTH_TOKEN_URL: an absolute http(s) URL without
// credentials, query or fragment. The error never echoes the URL: it could carry secrets.
func CheckTokenURL(s string) error {
	u, err := url.Parse(s)
	if why := urlShapeProblem(s, u, err); why != "" {
		return errors.New(answerwords.BadTokenURLBecause(EnvOAuthTokenURL, why))
	}
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !validPort(u) {
		return errors.New(answerwords.BadTokenURL(EnvOAuthTokenURL))
	}
	if HasUserQueryOrFragment(s, u) {
		return errors.New(answerwords.TokenURLWithExtras(EnvOAuthTokenURL))
	}
	return nil
}

// Address is the token endpoint's host (with its port when the URL names one) and the
// HOST:PORT a server must listen on to answer there; both "" when the URL has no host.
func (e *TokenError) Address() (host, address string) {
	u, err := url.Parse(e.URL)
	if err != nil || u.Host == "" {
		return "", ""
	}
	return u.Host, dialAddress(u)
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
