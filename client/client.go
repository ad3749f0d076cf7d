// Package client is a typed Go client for the Spice.ai Cloud Management API (api.spice.ai/v1):
// one method per operation, retries that never repeat a request that might have been applied,
// errors that carry the API's details (the presentation layer adds the remedy), and no secret in
// any error or log line.
package client

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"maps"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/jsonscan"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present/answerwords"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// DefaultBaseURL is the production Management API.
const DefaultBaseURL = "https://api.spice.ai"

// MaxResponseBytes bounds what is read of one answer: 32 MiB. The API documents no bound to
// derive it from: GET /v1/projects is not paginated, apps have no documented maximum, and a
// description none but the request-body limit (1 MiB + 64 KiB, Assumed), so the list of an
// organization with 9 apps of 1,000,000-character descriptions is 9 MB. 32 MiB holds some 30
// such apps (thousands of ordinary ones) and keeps a call's memory bounded; a longer answer is
// a *ResponseError that says so (TooLarge), never taken for one that is not the documented body.
const MaxResponseBytes = 32 << 20

// Config configures a Client. The zero value of every field has a sensible default.
type Config struct {
	BaseURL    string      // default DefaultBaseURL
	Tokens     TokenSource // nil: every authenticated call fails with ErrNoCredentials
	HTTPClient *http.Client
	Version    string // reported in User-Agent as spice-cloud-mcp/<version>
	Retry      RetryPolicy
	Logger     *slog.Logger // request logs at debug level; never bodies, tokens or secrets
	// MaxIdleConnsPerHost is how many idle connections to the API are kept for reuse (default
	// DefaultMaxIdleConnsPerHost; ignored with HTTPClient). Keep it at least the number of calls
	// the server runs at once, or calls beyond it open (and TLS-handshake) new connections.
	MaxIdleConnsPerHost int
	// Org is the organization requests act in when the context names none (see WithOrg); ""
	// leaves the choice to the API (the organization the credential was minted for).
	Org string
	// Sandbox: the API is the in-process emulator of --sandbox, so its errors say so
	// (APIError.Sandbox) and their remedies name what works there, not the real Spice.ai
	// account or portal.
	Sandbox bool
}

// DefaultMaxIdleConnsPerHost covers the concurrency of a busy HTTP-mode server (64 sessions
// calling at once) with room to spare; an idle connection costs a few kilobytes and closes
// after 90 s unused.
const DefaultMaxIdleConnsPerHost = 128

// RetryPolicy bounds automatic retries. Only idempotent requests (GET, PUT, PATCH, DELETE) are retried
// on 429, 502, 503, 504 and connection failures; POST only on 429, which guarantees it was not
// processed.
type RetryPolicy struct {
	MaxAttempts int           // attempts in all, including the first; default 4
	MaxElapsed  time.Duration // no new attempt starts after this; default 30 s
	BaseDelay   time.Duration // first backoff; default 500 ms, doubled per attempt with jitter
	MaxDelay    time.Duration // cap on one computed backoff; default 8 s
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 4
	}
	if p.MaxElapsed <= 0 {
		p.MaxElapsed = 30 * time.Second
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 500 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 8 * time.Second
	}
	return p
}

// backoff is the wait before attempt n+1 (n ≥ 1): exponential, capped, with equal jitter.
func (p RetryPolicy) backoff(n int) time.Duration {
	d := p.BaseDelay << min(n-1, 20)
	if d <= 0 || d > p.MaxDelay {
		d = p.MaxDelay
	}
	return d/2 + rand.N(d/2+1)
}

// RateLimit is the last rate-limit state the API reported.
type RateLimit struct {
	Limit     int
	Remaining int
	Reset     time.Time
}

// Client calls the Management API. It is safe for concurrent use.
type Client struct {
	base      *url.URL
	baseText  string // base.String(), made once: each request's URL starts with it
	tokens    TokenSource
	http      *http.Client
	userAgent string
	retry     RetryPolicy
	log       *slog.Logger
	org       string // default X-Org-Name
	sandbox   bool   // Config.Sandbox
	sleep     func(ctx context.Context, d time.Duration) error
	now       func() time.Time
	maxBody   int64 // MaxResponseBytes; smaller in tests

	mu        sync.Mutex
	rateLimit RateLimit
}

// New validates cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	if MaskAcrossBreaks == nil {
		return nil, ErrNoBreakMasker
	}
	base := cfg.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	// The messages never echo the URL: it could carry credentials.
	u, err := url.Parse(strings.TrimSuffix(base, "/"))
	if why := urlShapeProblem(base, u, err); why != "" {
		return nil, errors.New(answerwords.BadBaseURLBecause(EnvAPIURL, why))
	}
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !validPort(u) {
		return nil, errors.New(answerwords.BadBaseURL(EnvAPIURL))
	}
	if HasUserQueryOrFragment(base, u) {
		return nil, errors.New(answerwords.BaseURLWithExtras(EnvAPIURL))
	}
	// Operation paths start with /v1: a base with a path (…/v1) would send /v1/v1/….
	if u.Path != "" || u.RawPath != "" {
		return nil, errors.New(answerwords.BaseURLWithPath(EnvAPIURL))
	}
	httpClient := cfg.HTTPClient
	if httpClient == nil {
		httpClient = defaultHTTPClient(cfg.MaxIdleConnsPerHost)
	}
	httpClient = withoutRedirects(httpClient)
	version := cfg.Version
	if version == "" {
		version = "dev"
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	c := &Client{
		base:      u,
		baseText:  u.String(),
		tokens:    cfg.Tokens,
		http:      httpClient,
		userAgent: "spice-cloud-mcp/" + version,
		retry:     cfg.Retry.withDefaults(),
		log:       logger,
		org:       strings.TrimSpace(cfg.Org),
		sandbox:   cfg.Sandbox,
		sleep:     sleepContext,
		now:       time.Now,
		maxBody:   MaxResponseBytes,
	}
	if cc, ok := cfg.Tokens.(*ClientCredentials); ok {
		if cc.HTTPClient == nil {
			cc.HTTPClient = httpClient
		}
		if cc.UserAgent == "" {
			cc.UserAgent = c.userAgent
		}
		if cc.Retry == (RetryPolicy{}) {
			cc.Retry = c.retry // the token request is retried as the API calls are
		}
		if cc.Logger == nil {
			cc.Logger = logger
		}
	}
	return c, nil
}

// validPort reports whether u names no port or one from 1 to 65535 (url.Parse checks only
// that a port is digits, so :99999 would fail only at the first request). A ":" with nothing
// after it (http://h:) is no port written, not the scheme's default: url.Port() reads it as "".
// HasUserQueryOrFragment reports whether raw, parsed as u, carries credentials (userinfo), a
// query or a fragment, an empty one ("…?", "…#") included: the one rule for every configured
// URL that may have none. url.Parse marks an empty query (ForceQuery) but keeps no trace of an
// empty fragment, so the "#" itself is looked for in raw (it always starts the fragment).
func HasUserQueryOrFragment(raw string, u *url.URL) bool {
	return u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(raw, "#")
}

// urlShapeProblem says what raw, parsed as u (or failing with err), lacks of an http(s) URL:
// its scheme or its host; "" when it has both, or starts with one and fails otherwise.
func urlShapeProblem(raw string, u *url.URL, err error) string {
	lower := strings.ToLower(strings.TrimSpace(raw))
	switch {
	case !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://"):
		return answerwords.URLNoScheme
	case err == nil && u.Host == "":
		return answerwords.URLNoHost
	}
	return ""
}

func validPort(u *url.URL) bool {
	p := u.Port()
	if p == "" {
		return !strings.HasSuffix(u.Host, ":")
	}
	n, err := strconv.ParseUint(p, 10, 16)
	return err == nil && n > 0
}

// connectTimeout bounds opening a TCP connection to the API (README: Timeouts).
const connectTimeout = 10 * time.Second

// defaultHTTPClient has connect, TLS, header and overall timeouts, so no call hangs forever,
// keeps maxIdlePerHost connections for reuse, and negotiates HTTP/2 where the API offers it
// (ForceAttemptHTTP2: a custom DialContext would otherwise turn HTTP/2 off).
func defaultHTTPClient(maxIdlePerHost int) *http.Client {
	if maxIdlePerHost <= 0 {
		maxIdlePerHost = DefaultMaxIdleConnsPerHost
	}
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: connectTimeout, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
		ExpectContinueTimeout: time.Second,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConnsPerHost:   maxIdlePerHost,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{Transport: transport, Timeout: 60 * time.Second}
}

// withoutRedirects is a copy of hc that never follows a redirect: the 3xx itself comes back
// (and becomes a *RedirectError). Following one would re-send a POST as a GET and report
// success with nothing done, re-send a secret value to another host on a 307, or carry the
// bearer token to another port of the same host.
func withoutRedirects(hc *http.Client) *http.Client {
	cp := *hc
	cp.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &cp
}

// WithTokens returns a client that shares this one's configuration and connections but
// authenticates with ts (e.g. the token one HTTP request brought).
func (c *Client) WithTokens(ts TokenSource) *Client {
	return &Client{base: c.base, baseText: c.baseText, tokens: ts, http: c.http, userAgent: c.userAgent, retry: c.retry,
		log: c.log, org: c.org, sandbox: c.sandbox, sleep: c.sleep, now: c.now, maxBody: c.maxBody}
}

// BaseURL is the API address this client talks to.
func (c *Client) BaseURL() string { return c.base.String() }

// HasCredentials reports whether a token source is configured.
func (c *Client) HasCredentials() bool { return c.tokens != nil }

// LastRateLimit is the rate-limit state from the most recent response that carried it.
func (c *Client) LastRateLimit() RateLimit {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rateLimit
}

// call describes one operation invocation.
type call struct {
	op       *api.Operation
	pathArgs []string          // values for the path template, in order (escaped when sent)
	invalid  rules.FieldErrors // input problems the method found; nothing is sent when any
	query    url.Values
	path     string   // set by do from op and pathArgs
	body     any      // encoded as JSON when non-nil
	out      any      // decoded from a 2xx body when non-nil
	redacted []string // request values that must never appear in errors (e.g. a secret value)
	// asSent maps texts of out to what the request sent for them (a secret's name): an answer
	// that echoes one unchanged shows it as sent (redactShownTexts).
	asSent map[*string]string
	// identify, when set, are the fields a write's result must carry, in place of its type's
	// identifyingFields (the request decides them: which key a regeneration replaced).
	identify []string
	// same are identifying fields of out that must be what the request named (the ID in the path,
	// a secret's name): an answer about another object is a *ResponseError (Other), not this
	// call's result, and one without them lacks them (Missing).
	same []echo
	// sameIn, when set, gives more of them once out is read (a list's items naming their parent).
	sameIn func() []echo
	// starts: out is the *Deployment the write started, so it cannot have ended yet.
	starts bool
	// deleted, for a DELETE, learns whether an earlier attempt went through (see Deleted).
	deleted *Deleted
	org     string // X-Org-Name to send ("" = none); set by do
}

// maxOtherText bounds an answer's value shown in Other (an ID, or a name of 38 or 255 bytes).
const maxOtherText = 300

// echo is an identifying field a result must carry as the request named it: id (an ID) or name
// points into the result, asked is what the request named.
type echo struct {
	field   string
	id      *int64
	askedID int64
	name    *string
	asked   string
	// folded: names that differ only in ASCII case are the same (apps, users: the API folds them).
	folded bool
	// key points at a key number the result must echo (0 is one: both keys); its presence is
	// the operation's identifying fields' to check.
	key *int
}

// sameID is an echo of an ID the path names.
func sameID(field string, got *int64, asked int64) echo {
	return echo{field: field, id: got, askedID: asked}
}

// sameName is an echo of a name the request names.
func sameName(field string, got *string, asked string) echo {
	return echo{field: field, name: got, asked: asked}
}

// sameNameFolded is sameName for a name the API matches in any ASCII case (rules.SameName).
func sameNameFolded(field string, got *string, asked string) echo {
	return echo{field: field, name: got, asked: asked, folded: true}
}

// sameKey is an echo of the key number the request named.
func sameKey(field string, got *int, asked int) echo {
	return echo{field: field, key: got, askedID: int64(asked)}
}

// check reports whether the result lacks the field (0 or "") and, if not, what it holds when
// that is not what the request named ("" when it is).
func (e echo) check() (missing bool, other string) {
	if e.key != nil {
		if int64(*e.key) != e.askedID {
			return false, strconv.Itoa(*e.key)
		}
		return false, ""
	}
	if e.id != nil {
		if *e.id == 0 {
			return true, ""
		}
		if *e.id != e.askedID {
			return false, strconv.FormatInt(*e.id, 10)
		}
		return false, ""
	}
	if *e.name == "" {
		return true, ""
	}
	if *e.name != e.asked && !(e.folded && rules.SameName(*e.name, e.asked)) {
		return false, *e.name
	}
	return false, ""
}

// Deleted is how a DELETE ended.
type Deleted struct {
	// EarlierAttempt is set when an attempt was sent but its answer lost (no answer, or a 502,
	// 503 or 504) and the retry found the target already gone (404): the first attempt went
	// through, so the call succeeded.
	EarlierAttempt bool
}

func (c *call) idempotent() bool { return c.op.Method != http.MethodPost }

// check validates the path values against the operation's rules, together with what the
// method found; the result names every bad field.
func (c *call) check() error {
	fe := rules.FieldErrors{}
	for field, msgs := range c.invalid {
		fe[field] = append(fe[field], msgs...)
	}
	fe.Check(OrgHeader, rules.OrgName(c.org))
	names := c.op.PathParams()
	for i, name := range names {
		p, _ := c.op.Param(name)
		if i < len(c.pathArgs) {
			if c.pathArgs[i] == "" {
				fe.Check(name, "Required")
			} else {
				fe.Check(name, p.Rule.Check(c.pathArgs[i]))
			}
		}
	}
	if len(fe) == 0 {
		return nil
	}
	return &ValidationError{Operation: c.op.ID, Fields: fe}
}

// do runs a call with retries and turns failures into *APIError, *RequestError or
// *DeadlineError. Retries and their waits stay inside ctx's deadline: a wait that would end
// after it is not started.
func (c *Client) do(ctx context.Context, cl call) error {
	return c.markHTTPCaller(ctx, c.doCall(ctx, cl))
}

// doCall is do, its failures not yet marked as an HTTP caller's (markHTTPCaller).
func (c *Client) doCall(ctx context.Context, cl call) error {
	cl.org = c.orgFor(ctx, cl.op)
	if err := cl.check(); err != nil {
		return err
	}
	cl.redacted = append(slices.Clip(cl.redacted), callValuesOf(ctx)...) // the call's values (callvalues.go)
	cl.path = cl.op.Expand(cl.pathArgs...)
	var body []byte
	if cl.body != nil {
		var err error
		// As rules measure "as sent": compact, <, > and & not HTML-escaped.
		if body, err = rules.EncodeJSON(cl.body); err != nil {
			return fmt.Errorf("%s: encoding request: %w", cl.op.ID, err)
		}
		// The body limit names no field: a body over it is refused here, naming its largest.
		if field, msg := rules.BodySize(body); msg != "" {
			return &ValidationError{Operation: cl.op.ID, Fields: rules.FieldErrors{field: {msg}}}
		}
	}
	start := c.now()
	reauthorized := false
	var last error          // the last failed attempt, reported if the deadline ends the call
	mayHaveApplied := false // an earlier attempt was sent and its answer lost
	applied := false        // an attempt was answered 2xx
	defer func() { noteChange(ctx, cl.op.Method, applied || mayHaveApplied) }()
	for attempt := 1; ; attempt++ {
		token := ""
		if cl.op.Scope != "" {
			if c.tokens == nil {
				return ErrNoCredentials
			}
			var err error
			if token, err = c.tokens.Token(ctx); err != nil {
				var dl *DeadlineError
				if errors.As(err, &dl) && dl.Operation == TokenOperation {
					return err // the token endpoint, not the API, used up the time
				}
				if ctx.Err() != nil {
					return c.stopped(ctx, cl, last, mayHaveApplied)
				}
				return fmt.Errorf("%s: %s: %w", cl.op.ID, answerwords.GettingToken, lendTokenError(ctx, err))
			}
		}
		resp, wrote, err := c.send(ctx, cl, token, body)
		if err != nil {
			if ctx.Err() != nil {
				return c.stopped(ctx, cl, last, true)
			}
			reqErr := c.requestError(cl, err, wrote, c.redactableToken(token))
			mayHaveApplied = mayHaveApplied || reqErr.Sent
			// Sent and unanswered, now or at an earlier attempt: a change may have been made,
			// whether or not the method is idempotent (a DELETE retried later finds it gone).
			reqErr.OutcomeUnknown = mayHaveApplied && cl.op.Method != http.MethodGet
			wait := c.retry.backoff(attempt)
			// An untrusted certificate stays untrusted: trying again would only wait.
			if !cl.idempotent() || reqErr.Untrusted || !c.mayRetry(attempt, start, wait) {
				return reqErr
			}
			if err := c.beyondDeadline(ctx, cl, reqErr, wait, false); err != nil {
				return err
			}
			c.log.WarnContext(ctx, "spice api request failed, retrying", "op", cl.op.ID, "attempt", attempt, "wait", wait, "error", reqErr.Err.Error())
			last = reqErr
			if err := c.sleep(ctx, wait); err != nil {
				return c.stopped(ctx, cl, last, mayHaveApplied)
			}
			continue
		}
		if resp.status >= 200 && resp.status < 300 {
			applied = true
			if resp.brokeOff && cl.op.Method == http.MethodGet {
				// A read whose answer broke off is read again, as one lost on the way: asking
				// again changes nothing. A change so answered is not repeated (it was applied).
				e := c.brokeOffError(cl, resp)
				if wait := c.retry.backoff(attempt); c.mayRetry(attempt, start, wait) {
					if err := c.beyondDeadline(ctx, cl, e, wait, false); err != nil {
						return err
					}
					c.log.WarnContext(ctx, "spice api answer broke off, reading again", "op", cl.op.ID, "attempt", attempt, "wait", wait, "read_bytes", resp.read)
					last = e
					if err := c.sleep(ctx, wait); err != nil {
						return c.stopped(ctx, cl, last, mayHaveApplied)
					}
					continue
				}
			}
			if resp.tooLarge && cl.out != nil { // cut: not judged as if it were the whole answer
				e := c.responseError(cl, resp.status, nil)
				e.TooLarge = c.maxBody
				return e
			}
			if err := c.decode(cl, resp, c.redactableToken(token)); err != nil {
				return err
			}
			if redactShownTexts(ctx, cl.out, append(slices.Clip(cl.redacted), c.redactableToken(token)), cl.asSent) != nil {
				return c.stopped(ctx, cl, last, true) // answered, but the call's time ran out reading it
			}
			notePaging(ctx, cl, resp.body)
			noteNotUTF8(ctx, cl, resp.body, append(slices.Clip(cl.redacted), c.redactableToken(token)))
			return nil
		}
		if resp.status >= 300 && resp.status < 400 {
			// Not followed (withoutRedirects), not retried: the API did not act on the request.
			return c.redirectError(cl, resp, c.redactableToken(token))
		}
		apiErr := c.apiError(cl, resp, c.redactableToken(token))
		apiErr.Lent = !apiErr.CallerToken && lentCredentials(ctx)
		if resp.brokeOff {
			apiErr.BodyBrokeOff, apiErr.BodyBrokeOffAfter = true, resp.read
		}
		if resp.status == http.StatusNotFound && mayHaveApplied && cl.deleted != nil {
			// Only the API's own 404 answer, the target's text (targetGone), says the target is
			// gone, so that the attempt whose answer was lost deleted it; any other 404 (a
			// gateway's page, one naming a secret's app) says nothing of it: the outcome of that
			// attempt stays unknown.
			if apiErr.answered && targetGone(cl.op, apiErr.Received().Message) {
				cl.deleted.EarlierAttempt = true
				c.log.InfoContext(ctx, "spice api delete: an earlier attempt went through", "op", cl.op.ID, "attempt", attempt)
				return nil
			}
			apiErr.OutcomeUnknown = true
		}
		// A 502, 503 or 504 may come from a proxy after the API applied the request (apiError
		// says which answers leave the outcome unknown); so may an earlier attempt's.
		mayHaveApplied = mayHaveApplied || apiErr.OutcomeUnknown
		refusal := resp.status == http.StatusUnauthorized || resp.status == http.StatusForbidden
		if mayHaveApplied && cl.op.Method != http.MethodGet && (resp.status >= 500 || resp.status == http.StatusTooManyRequests || refusal) {
			// A refusal of this attempt says nothing of an earlier one whose answer was lost.
			apiErr.OutcomeUnknown = true
		}
		apiErr.Refused = refusal && !apiErr.OutcomeUnknown && cl.op.Method != http.MethodGet
		if resp.status == http.StatusUnauthorized && !reauthorized {
			// A cached OAuth token may have been revoked or expired early: fetch a new one once.
			if r, ok := c.tokens.(refreshable); ok {
				r.Invalidate(token)
				reauthorized = true
				continue
			}
		}
		if !retryableStatus(resp.status, cl.idempotent()) {
			// The refusal's texts are the API's too: one shown with U+FFFD is noted.
			noteNotUTF8(ctx, cl, resp.body, append(slices.Clip(cl.redacted), c.redactableToken(token)))
			return apiErr
		}
		wait := c.retry.backoff(attempt)
		if apiErr.RetryAfter > 0 {
			wait = apiErr.RetryAfter
		}
		if !c.mayRetry(attempt, start, wait) {
			noteNotUTF8(ctx, cl, resp.body, append(slices.Clip(cl.redacted), c.redactableToken(token)))
			return apiErr
		}
		if err := c.beyondDeadline(ctx, cl, apiErr, wait, apiErr.RetryAfter > 0); err != nil {
			return err
		}
		c.log.WarnContext(ctx, "spice api busy, retrying", "op", cl.op.ID, "status", resp.status, "attempt", attempt, "wait", wait)
		last = apiErr
		if err := c.sleep(ctx, wait); err != nil {
			return c.stopped(ctx, cl, last, mayHaveApplied)
		}
	}
}

// errorEnvelope is the message and code of a body that is the API's error envelope (an object
// whose "error" is a non-empty string), "" for any other body; code is "" unless a string.
func errorEnvelope(body []byte) (said, code string) {
	var envelope struct {
		Error any `json:"error"`
		Code  any `json:"code"`
	}
	if json.Unmarshal(body, &envelope) != nil {
		return "", ""
	}
	said, _ = envelope.Error.(string)
	if said = strings.TrimSpace(said); said == "" {
		return "", ""
	}
	code, _ = envelope.Code.(string)
	return said, strings.TrimSpace(code)
}

// withErrorBody is e with the error message and code of resp's body when it is the API's error
// envelope (ResponseError.ErrorBody): what the API said, shown in place of our guess at what
// the body lacks. Redacted and shortened as any text of the answer's.
func withErrorBody(e *ResponseError, cl call, resp *response, token string) *ResponseError {
	if said, code := errorEnvelope(resp.body); said != "" {
		r := newShownRedactor(append(slices.Clip(cl.redacted), token))
		e.ErrorBody = r.shortened(shownAPIText(said), maxOtherText)
		if code != "" {
			e.ErrorCode = r.shortened(shownAPIText(code), maxOtherText)
		}
	}
	return e
}

// decode reads a 2xx answer into cl.out. An answer without the body the operation documents
// (an empty body, or null, other than a declared 204), or a write's result without the fields
// that identify it, is a *ResponseError: reported as a success it would show zero values
// ("deployment 0 started"). One whose body is the API's error envelope carries its words.
func (c *Client) decode(cl call, resp *response, token string) error {
	if resp.badGzip {
		e := c.responseError(cl, resp.status, nil)
		e.Unreadable = cl.out != nil
		e.NotGzip = true
		return e
	}
	if resp.brokeOff {
		return c.brokeOffError(cl, resp)
	}
	if page := c.webPage(cl, resp, token); page != nil {
		// A sign-in or error page (a proxy's, a portal's) sent as a success: not the API's answer,
		// whatever the operation documents, and a change answered so may not have reached it.
		e := c.responseError(cl, resp.status, nil)
		e.Unreadable = cl.out != nil
		e.Page = page
		return e
	}
	if cl.out == nil {
		if said, _ := errorEnvelope(resp.body); said != "" {
			return withErrorBody(c.responseError(cl, resp.status, nil), cl, resp, token)
		}
		return nil
	}
	err := c.decodeInto(cl, resp, token)
	if e, ok := err.(*ResponseError); ok && (len(e.Missing) > 0 || e.Unreadable) && len(e.Other) == 0 && len(e.Unexpected) == 0 {
		// Not one about another object, or with an undocumented value: those it shows.
		return withErrorBody(e, cl, resp, token)
	}
	return err
}

// webPage is what resp is when it is a web page (HTML, by its Content-Type or its first bytes)
// rather than JSON; nil when it is not. The API answers JSON, or nothing.
func (c *Client) webPage(cl call, resp *response, token string) *Page {
	body := bytes.TrimSpace(resp.body)
	if len(body) == 0 || body[0] == '{' || body[0] == '[' { // JSON (or nothing): no page
		return nil
	}
	ct := resp.header.Get("Content-Type")
	media, _, _ := mime.ParseMediaType(ct)
	media = strings.ToLower(media)
	sniffed := len(body) > 0 && body[0] == '<' && strings.HasPrefix(http.DetectContentType(body), "text/html")
	if media != "text/html" && media != "application/xhtml+xml" && !sniffed {
		return nil
	}
	if json.Valid(body) { // JSON, whatever the Content-Type says: read as such
		return nil
	}
	r := newShownRedactor(append(slices.Clip(cl.redacted), token))
	page := &Page{ContentType: r.shortened(shownAPIText(ct), maxOtherText), Title: r.shortened(shownAPIText(pageTitle(body)), maxOtherText)}
	page.From = (&url.URL{Scheme: c.base.Scheme, Host: c.base.Host}).String()
	if t, ok := c.http.Transport.(*http.Transport); ok && t.Proxy != nil {
		if req, err := http.NewRequest(cl.op.Method, c.base.String()+cl.path, nil); err == nil {
			if p, err := t.Proxy(req); err == nil && p != nil {
				page.Proxy = (&url.URL{Scheme: p.Scheme, Host: p.Host}).String()
			}
		}
	}
	return page
}

// pageTitle is the text of an HTML page's <title>, its character references read; "" when it
// has none in its first 64 KiB.
func pageTitle(body []byte) string {
	head := body[:min(len(body), 64<<10)]
	lower := bytes.ToLower(head)
	at := bytes.Index(lower, []byte("<title"))
	if at < 0 {
		return ""
	}
	open := bytes.IndexByte(lower[at:], '>')
	if open < 0 {
		return ""
	}
	from := at + open + 1
	end := bytes.Index(lower[from:], []byte("</title"))
	if end < 0 {
		return ""
	}
	return html.UnescapeString(string(head[from : from+end]))
}

// decodeInto is decode's reading of an answer into cl.out.
func (c *Client) decodeInto(cl call, resp *response, token string) error {
	trimmed := bytes.TrimSpace(resp.body)
	if len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
		if resp.status == http.StatusNoContent && cl.op.Declares(http.StatusNoContent) {
			return nil
		}
		return c.responseError(cl, resp.status, nil)
	}
	// Numbers in open-ended values (a spicepod) stay as written: 9007199254740993 or 1.0
	// would not survive a float64.
	err := decodeAnswer(resp.body, cl.out)
	if err != nil { // reported as a success it would show zero values, or fail with Go's words
		e := c.responseError(cl, resp.status, nil)
		e.Unreadable = true
		// A value of another JSON type than documented ("replicas":"2") is named, the field
		// (redacted as any text of the answer's) and the two types, never Go's words.
		var mistyped *json.UnmarshalTypeError
		if errors.As(err, &mistyped) && mistyped.Field != "" && mistyped.Type != nil {
			r := newShownRedactor(append(slices.Clip(cl.redacted), token))
			e.Mistyped = &Mistyped{Field: r.shortened(shownAPIText(mistyped.Field), maxOtherText), Got: mistyped.Value, Want: wantedKind(mistyped)}
		}
		return e
	}
	// A name given twice with different values: Go keeps the last, another reader the first,
	// so what the API answered is not known (answerKeys).
	repeated, topError := answerKeys(trimmed, reflect.TypeOf(cl.out))
	if len(repeated) > 0 {
		r := newShownRedactor(append(slices.Clip(cl.redacted), token))
		for i := range repeated {
			repeated[i].First = r.shortened(shownAPIText(repeated[i].First), maxOtherText)
			repeated[i].Then = r.shortened(shownAPIText(repeated[i].Then), maxOtherText)
		}
		e := c.responseError(cl, resp.status, nil)
		e.Repeated = repeated
		return e
	}
	fields := cl.identify
	if id, ok := cl.out.(identified); ok && fields == nil {
		fields = id.identifyingFields()
	}
	if cl.op.Method != http.MethodGet {
		if missing := missingFields(trimmed, fields); len(missing) > 0 {
			return c.responseError(cl, resp.status, missing)
		}
	}
	if l, ok := cl.out.(enveloped); ok && !wasBare(cl.out) {
		if missing := missingFields(trimmed, []string{l.listKey()}); len(missing) > 0 {
			return c.responseError(cl, resp.status, missing)
		}
	}
	var missing []string
	var other []Other
	same := cl.same
	if cl.sameIn != nil {
		same = append(slices.Clip(same), cl.sameIn()...)
	}
	for _, e := range same {
		if lacks, got := e.check(); lacks {
			missing = append(missing, e.field)
		} else if got != "" {
			asked := e.asked
			if e.id != nil || e.key != nil {
				asked = strconv.FormatInt(e.askedID, 10)
			}
			other = append(other, Other{Field: e.field, Asked: asked, Answered: got})
		}
	}
	if len(missing) > 0 || len(other) > 0 {
		if len(other) > 0 {
			// The answer's value is shown: redacted of the token and the call's values (a secret's
			// value echoed as its name), as any text of the answer's, and shortened.
			r := newShownRedactor(append(slices.Clip(cl.redacted), token))
			for i := range other {
				other[i].Answered = r.shortened(shownAPIText(other[i].Answered), maxOtherText)
			}
		}
		e := c.responseError(cl, resp.status, missing)
		e.Other = other
		return e
	}
	if v, ok := cl.out.(checked); ok {
		if missing, unexpected := v.unusable(); len(missing) > 0 || len(unexpected) > 0 {
			missing, unexpected = givenAsNone(resp.body, missing, unexpected)
			e := c.responseError(cl, resp.status, missing)
			e.Unexpected = unexpected
			return e
		}
	}
	if d, ok := cl.out.(*Deployment); ok && cl.starts && d.Terminal() {
		e := c.responseError(cl, resp.status, nil)
		e.Ended = d.Status
		return e
	}
	if topError {
		// The documented result and the API's error envelope at once: success and failure,
		// so neither is the answer (ResponseError.WithData).
		if e := withErrorBody(c.responseError(cl, resp.status, nil), cl, resp, token); e.ErrorBody != "" {
			e.WithData = true
			return e
		}
	}
	return nil
}

// checked is a result whose every field the tools rest on must be as documented, for a read
// too: a health answer without its status, or with another status than "ok", does not say
// the API is up.
type checked interface {
	unusable() (missing []string, unexpected map[string]string)
}

// enveloped is a list read whose answer holds the list under a key its schema requires: an
// answer without it ({} from a gateway, an error body sent with 200) is no empty list.
type enveloped interface{ listKey() string }

// readBare is a list read that also takes a bare array, as Spice's CLI does for GET /v1/orgs
// (openapi.json's OrgList); wasBare says the answer was one.
type readBare interface{ wasBare() bool }

// wasBare: out read a bare array, so there is no envelope key to require.
func wasBare(out any) bool {
	b, ok := out.(readBare)
	return ok && b.wasBare()
}

// identified is a result whose identifying fields the tools show and act on (a deployment's
// id, a secret's name, which key a regeneration replaced): a write answered without them did
// something the answer cannot show. They are fields its schema in openapi.json requires and
// does not allow to be null (TestIdentifyingFieldsFollowTheSpec).
type identified interface {
	identifyingFields() []string
}

// missingFields lists the fields of a JSON object that are absent, null or "" — or 0 for an
// ID ("id", "…_id"), which the API numbers from 1. body was decoded already, so it is well
// formed: one pass over its top-level names finds their values, as decoding it into a map did
// (the last of a name given twice counts), without copying them (a list's whole list).
func missingFields(body []byte, fields []string) []string {
	var buf [4][]byte
	values := buf[:0]
	if len(fields) > len(buf) {
		values = make([][]byte, 0, len(fields))
	}
	values = values[:len(fields)]
	topLevelValues(body, fields, values)
	var missing []string
	for i, f := range fields {
		v := bytes.TrimSpace(values[i])
		isID := f == "id" || strings.HasSuffix(f, "_id")
		if len(v) == 0 || string(v) == "null" || string(v) == `""` || (isID && string(v) == "0") {
			missing = append(missing, f)
		}
	}
	return missing
}

// topLevelValues sets values[i] to the value of the top-level name names[i] in body, a well
// formed JSON value (nil where there is none, or body is not an object).
func topLevelValues(body []byte, names []string, values [][]byte) {
	i := jsonscan.SkipSpace(body, 0)
	if i >= len(body) || body[i] != '{' {
		return
	}
	for i++; ; i++ {
		if i = jsonscan.SkipSpace(body, i); i >= len(body) || body[i] != '"' {
			return // '}'
		}
		end := jsonscan.StringEnd(body, i)
		if end < 0 {
			return
		}
		name := body[i+1 : end-1]
		if bytes.IndexByte(name, '\\') >= 0 { // written with escapes: its text, as a map's key
			var s string
			if json.Unmarshal(body[i:end], &s) == nil {
				name = []byte(s)
			}
		}
		if i = jsonscan.SkipSpace(body, end); i >= len(body) || body[i] != ':' {
			return
		}
		from := jsonscan.SkipSpace(body, i+1)
		if i = jsonscan.ValueEnd(body, from); i < 0 {
			return
		}
		for k, n := range names {
			if string(name) == n {
				values[k] = body[from:i]
			}
		}
		if i = jsonscan.SkipSpace(body, i); i >= len(body) || body[i] != ',' {
			return
		}
	}
}

// brokeOffError is a success whose body broke off before its end (response.brokeOff): the
// API answered, with an answer no one can read whole.
func (c *Client) brokeOffError(cl call, resp *response) *ResponseError {
	e := c.responseError(cl, resp.status, nil)
	e.Unreadable = cl.out != nil
	e.BrokeOff, e.BrokeOffAfter = true, resp.read
	return e
}

func (c *Client) responseError(cl call, status int, missing []string) *ResponseError {
	schema := ""
	if t := reflect.TypeOf(cl.out); t != nil && t.Kind() == reflect.Pointer && t.Elem().Name() != "" && t.Elem().PkgPath() != "" {
		if name := t.Elem().Name(); name[0] >= 'A' && name[0] <= 'Z' {
			schema = name
		}
	}
	return &ResponseError{Operation: cl.op.ID, Method: cl.op.Method, Path: cl.path, StatusCode: status,
		Schema: schema, Missing: missing}
}

// redirectError describes a 3xx: where it pointed (scheme and host only: a path or query may
// carry credentials) and which setting to fix.
func (c *Client) redirectError(cl call, resp *response, token string) *RedirectError {
	from := *c.base
	from.Path = cl.path
	return &RedirectError{Operation: cl.op.ID, Method: cl.op.Method, Path: cl.path, StatusCode: resp.status,
		Target: redirectTarget(&from, resp.header.Get("Location"), append([]string{token}, cl.redacted...)...), Setting: EnvAPIURL}
}

// redirectTarget is a Location resolved against the request URL, as scheme://host[:port];
// "" when there is none or it does not parse. The host is the answer's words: it is redacted of
// sensitive (the token, the values sent), as transport errors are, and shortened.
func redirectTarget(from *url.URL, location string, sensitive ...string) string {
	if location == "" {
		return ""
	}
	to, err := from.Parse(location)
	if err != nil || to.Host == "" || (to.Scheme != "http" && to.Scheme != "https") {
		return ""
	}
	return newShownRedactor(sensitive).shortened(normalized(site(to)), maxTransportText)
}

// site is u as a URL may be shown: scheme://host[:port], never its userinfo, path, query or
// fragment, which may carry credentials.
func site(u *url.URL) string { return (&url.URL{Scheme: u.Scheme, Host: u.Host}).String() }

// siteOf is the site of word, the first word of text, when it is an absolute URL whose host is
// a host name or an IP address ("https://api.example.com:8443/v1/x" is
// https://api.example.com:8443), else "". A text that may hold an @ (mayHoldAt) has none: a
// password may hold / ? # or a space unencoded ("postgres://admin:2024/x@db"), so where its
// userinfo ends cannot be told, and what looked like a host and port would be the user name
// and the start of the password.
func siteOf(word, text string) string {
	scheme, rest, ok := strings.Cut(word, "://")
	if !ok || scheme == "" || len(scheme) > 32 || !isSchemeName(scheme) || strings.IndexByte(rest, '@') >= 0 {
		return ""
	}
	if end := strings.IndexAny(rest, "/?#"); end >= 0 {
		rest = rest[:end]
	}
	host := rest
	name, port := host, ""
	if at := strings.LastIndexByte(host, ':'); at >= 0 && !strings.HasSuffix(host, "]") {
		name, port = host[:at], host[at+1:]
	}
	// A port number, and a name of letters, digits, dots and hyphens or [an IPv6 address]:
	// "user:pass" without an @ is no host and port.
	ipv6 := len(name) > 2 && name[0] == '[' && name[len(name)-1] == ']'
	if ipv6 {
		name = name[1 : len(name)-1]
	}
	hostChar := func(c rune) bool {
		if ipv6 {
			return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.'
		}
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
	}
	if n, err := strconv.ParseUint(port, 10, 16); port != "" && (err != nil || n == 0) {
		return ""
	}
	if name == "" || strings.ContainsFunc(name, func(c rune) bool { return !hostChar(c) }) {
		return ""
	}
	if mayHoldAt(text, strings.Contains(host, ":")) {
		return ""
	}
	return site(&url.URL{Scheme: scheme, Host: host})
}

// mayHoldAt reports whether s may hold an "@", written or escaped, in any notation rather than
// in a list of spellings: an "@", a character outside ASCII (＠), a backslash (\u0040, \u{40},
// \x40, \100), an HTML character reference (&#64;, &#x0040;, &commat;) or a percent escape of
// "@" or "%" (%40, %2540, %u0040). withColon (a host with a port, or a user name and a
// password's digits) counts any "&", "%", "=" or "+" too (&amp;#64;, =40, +AEA-).
func mayHoldAt(s string, withColon bool) bool {
	escapes := `@\`
	if withColon {
		escapes = `@\&%=+`
	}
	if strings.ContainsFunc(s, func(r rune) bool { return r >= 0x80 || strings.ContainsRune(escapes, r) }) {
		return true
	}
	lower := strings.ToLower(s)
	for _, escaped := range []string{"&#", "&commat", "%40", "%25", "%u"} {
		if strings.Contains(lower, escaped) {
			return true
		}
	}
	return false
}

// isSchemeName reports a URL scheme's syntax (RFC 3986 §3.1): a letter, then letters, digits, +, - or ..
func isSchemeName(s string) bool {
	for i, c := range s {
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}

// beyondDeadline returns a *DeadlineError naming the failure and the wait when a retry after
// wait would start after ctx's deadline: the call then stops at once instead of sleeping.
func (c *Client) beyondDeadline(ctx context.Context, cl call, failure error, wait time.Duration, retryAfter bool) error {
	if deadline, ok := ctx.Deadline(); ok && !c.now().Add(wait).Before(deadline) {
		return &DeadlineError{Operation: cl.op.ID, Method: cl.op.Method, Path: cl.path, Last: failure, Wait: wait, RetryAfter: retryAfter,
			Sandbox: c.sandbox}
	}
	return nil
}

// stopped is the error of a call whose context ended: a cancellation as a *CancelledError, a
// deadline as a *DeadlineError (inFlight: a request had been sent and no answer had come, now
// or at an earlier attempt).
func (c *Client) stopped(ctx context.Context, cl call, last error, inFlight bool) error {
	if errors.Is(ctx.Err(), context.Canceled) {
		return &CancelledError{Operation: cl.op.ID, Method: cl.op.Method, Path: cl.path,
			OutcomeUnknown: inFlight && cl.op.Method != http.MethodGet}
	}
	if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return ctx.Err()
	}
	return &DeadlineError{Operation: cl.op.ID, Method: cl.op.Method, Path: cl.path, Last: last,
		OutcomeUnknown: inFlight && cl.op.Method != http.MethodGet, Sandbox: c.sandbox}
}

// mayRetry reports whether another attempt fits in the policy after waiting wait.
func (c *Client) mayRetry(attempt int, start time.Time, wait time.Duration) bool {
	return attempt < c.retry.MaxAttempts && c.now().Add(wait).Sub(start) <= c.retry.MaxElapsed
}

// retryableStatus: 429 means "not processed", so any method may repeat; 502-504 only idempotent ones.
func retryableStatus(status int, idempotent bool) bool {
	switch status {
	case http.StatusTooManyRequests:
		return true
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return idempotent
	}
	return false
}

// utf8BOM is the UTF-8 byte order mark.
var utf8BOM = []byte("\xef\xbb\xbf")

type response struct {
	status int
	header http.Header
	body   []byte // at most maxBody bytes of it
	// tooLarge: the answer went on beyond maxBody; body is its beginning.
	tooLarge bool
	// badGzip: the answer said its body was gzip (Content-Encoding) and it was not; body is nil.
	badGzip bool
	// brokeOff: the answer's body ended before its end (the connection closed), after read
	// bytes; body is nil.
	brokeOff bool
	read     int
}

// notGzip says err is a gzip reader's finding that its input is not gzip, or is corrupt (not
// a connection cut short, io.ErrUnexpectedEOF, which a network fault also causes).
func notGzip(err error) bool {
	var corrupt flate.CorruptInputError
	return errors.Is(err, gzip.ErrHeader) || errors.Is(err, gzip.ErrChecksum) || errors.As(err, &corrupt)
}

// send makes one attempt. On failure, wrote says whether the request may have reached the
// server (writeState.sent).
func (c *Client) send(ctx context.Context, cl call, token string, body []byte) (resp *response, wrote writeState, err error) {
	u := c.baseText + cl.path
	if len(cl.query) > 0 {
		u += "?" + cl.query.Encode()
	}
	var reader io.Reader
	if body != nil {
		reader = bytes.NewReader(body)
	}
	// Made on the traced context, not copied onto it (Request.WithContext copies the request).
	tctx, trace := newAttemptTrace(ctx)
	req, err := http.NewRequestWithContext(tctx, cl.op.Method, u, reader)
	if err != nil {
		return nil, writeState{}, err
	}
	setRequestHeader(req.Header, c.userAgent, token, cl.org, body != nil)
	began := time.Now()
	httpResp, err := c.http.Do(req)
	if err != nil {
		return nil, trace.state(), err
	}
	defer httpResp.Body.Close()
	data, err := readAnswer(httpResp, c.maxBody+1) // one more byte: was it cut?
	if err != nil {
		if httpResp.Uncompressed && notGzip(err) {
			// An answer marked gzip (Content-Encoding) that is not: the server answered, with a
			// body no one can read; not a server that "did not answer".
			return &response{status: httpResp.StatusCode, header: httpResp.Header, badGzip: true}, trace.state(), nil
		}
		if errors.Is(err, io.ErrUnexpectedEOF) && ctx.Err() == nil {
			// An answer whose body broke off (the connection closed before its end, as its
			// Content-Length or chunks announced): the server answered, with a status and a
			// body no one can read whole; not a server that "did not answer". A status other
			// than a success is still that status (its words, if any, unread).
			c.noteRateLimit(httpResp.Header)
			return &response{status: httpResp.StatusCode, header: httpResp.Header, brokeOff: true, read: len(data)}, trace.state(), nil
		}
		return nil, trace.state(), err
	}
	tooLarge := int64(len(data)) > c.maxBody
	if tooLarge {
		data = data[:c.maxBody]
	}
	// A UTF-8 byte order mark before the JSON is no part of it (RFC 8259 §8.1: a reader may
	// ignore it); read with it, a well-formed answer was "not the Project it documents".
	data = bytes.TrimPrefix(data, utf8BOM)
	if c.log.Enabled(ctx, slog.LevelDebug) { // its arguments cost allocations, logged or not
		// The path names the instance or secret the call addresses, as the caller wrote it: a
		// secret value of the call (or one its caller sent earlier) written there is not logged.
		c.log.DebugContext(ctx, "spice api", "op", cl.op.ID, "method", cl.op.Method, "path", redactLogged(ctx, cl.path),
			"status", httpResp.StatusCode, "duration", time.Since(began).Round(time.Microsecond))
	}
	c.noteRateLimit(httpResp.Header)
	return &response{status: httpResp.StatusCode, header: httpResp.Header, body: data, tooLarge: tooLarge}, trace.state(), nil
}

// presizeMax bounds the buffer an answer's Content-Length sizes before any of it is read: a
// length that says more grows the buffer as the bytes come, so a claim costs no memory.
const presizeMax = 64 << 10

// readAnswer reads at most limit bytes of resp's body, as io.ReadAll of a LimitReader does, into
// a buffer its Content-Length sizes (up to presizeMax): io.ReadAll starts at 512 bytes, so a
// list answer of a few kilobytes took a read and a copy per growth.
func readAnswer(resp *http.Response, limit int64) ([]byte, error) {
	size := int64(512)
	if n := resp.ContentLength; n >= 0 {
		size = min(n, limit, presizeMax) + 1 // + 1: the read that finds the end has room
	}
	r := io.LimitedReader{R: resp.Body, N: limit}
	b := make([]byte, 0, size)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// tracedDo sends req on hc, following it through the transport (attemptTrace): on a failure,
// its state says whether the request may have reached the server (writeState.sent). API calls
// (send, which makes its request on newAttemptTrace's context) and the OAuth token request both
// decide so.
func tracedDo(hc *http.Client, req *http.Request) (*http.Response, *attemptTrace, error) {
	ctx, trace := newAttemptTrace(req.Context())
	resp, err := hc.Do(req.WithContext(ctx))
	return resp, trace, err
}

// newAttemptTrace is ctx with a new attempt's trace, and the trace.
func newAttemptTrace(ctx context.Context) (context.Context, *attemptTrace) {
	trace := &attemptTrace{}
	return httptrace.WithClientTrace(ctx, trace.hooks()), trace
}

// setRequestHeader sets an API request's header fields in h, a request's new header: their
// values share one slice, where Header.Set allocates one per field.
func setRequestHeader(h http.Header, userAgent, token, org string, hasBody bool) {
	values := make([]string, 0, 5)
	set := func(key, value string) {
		values = append(values, value)
		h[key] = values[len(values)-1 : len(values) : len(values)]
	}
	set("Accept", "application/json")
	set("User-Agent", userAgent)
	if hasBody {
		set("Content-Type", "application/json")
	}
	if token != "" {
		set("Authorization", "Bearer "+token)
	}
	if org != "" {
		set(OrgHeader, org)
	}
}

// attemptTrace follows one attempt through the transport (net/http/httptrace): whether it
// asked for a connection, and whether the request's headers were written on one. The hooks
// may run on the transport's goroutines.
type attemptTrace struct {
	trace         httptrace.ClientTrace
	asked, headed atomic.Bool
}

func (t *attemptTrace) hooks() *httptrace.ClientTrace {
	t.trace.GetConn = func(string) { t.asked.Store(true) }
	t.trace.WroteHeaders = func() { t.headed.Store(true) }
	return &t.trace
}

func (t *attemptTrace) state() writeState {
	return writeState{traced: t.asked.Load(), wrote: t.headed.Load()}
}

// writeState is what an attempt's trace saw: traced, the transport reports through
// httptrace (net/http's does; a RoundTripper of a test's may not); wrote, the request's
// headers were written, so the server may have acted on it.
type writeState struct{ traced, wrote bool }

// sent reports whether a failed attempt may have reached the server. The trace decides it: a
// failure before the headers were written (DNS, dial, a proxy refusing CONNECT, a TLS
// handshake) sent nothing the server could act on. Without a trace, only a failure to dial or
// resolve is taken for "not sent".
func (w writeState) sent(err error) bool {
	if w.traced {
		return w.wrote
	}
	return !isDialError(err)
}

func (c *Client) noteRateLimit(h http.Header) {
	// Read by their canonical keys (Get canonicalises X-RateLimit-… into a new string) and
	// skipped when absent (strconv's error for "" allocates): no cost on an API that sends none.
	first := func(canonicalKey string) string {
		if v := h[canonicalKey]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	limitText, remainingText := first("X-Ratelimit-Limit"), first("X-Ratelimit-Remaining")
	if limitText == "" || remainingText == "" {
		return
	}
	limit, errL := strconv.Atoi(limitText)
	remaining, errR := strconv.Atoi(remainingText)
	if errL != nil || errR != nil {
		return
	}
	rl := RateLimit{Limit: limit, Remaining: remaining}
	if resetText := first("X-Ratelimit-Reset"); resetText != "" {
		if reset, err := strconv.ParseInt(resetText, 10, 64); err == nil {
			rl.Reset = time.Unix(reset, 0).UTC()
		}
	}
	c.mu.Lock()
	c.rateLimit = rl
	c.mu.Unlock()
}

// apiError decodes an error body leniently into the facts a remedy is chosen from.
func (c *Client) apiError(cl call, resp *response, token string) *APIError {
	var body struct {
		Error any `json:"error"`
		// Message is a gateway's text ({"message":"Endpoint request timed out"}), shown when
		// there is no `error`.
		Message any `json:"message"`
		Code    any `json:"code"`
		Details struct {
			FieldErrors map[string][]string `json:"fieldErrors"`
			FormErrors  []string            `json:"formErrors"`
		} `json:"details"`
		ActiveDeploymentID json.Number `json:"activeDeploymentId"`
		MaxTail            json.Number `json:"max_tail"`
	}
	decodeErr := json.Unmarshal(resp.body, &body)
	e := &APIError{
		Operation:   cl.op.ID,
		Method:      cl.op.Method,
		Path:        cl.path,
		StatusCode:  resp.status,
		CallerToken: CredentialKind(c.tokens) == "request",
		Sandbox:     c.sandbox,
	}
	// The API should never echo a credential, but if it ever does it stops here: every text
	// from the answer is normalized as it will be shown (terminal escapes stripped, breaking
	// characters one space, the ends trimmed) and redacted, in each spelling a value can take,
	// as it is shown joined with our words (redactor.redactAnswer).
	// What it looks for is built once for the whole body, however many pieces it has.
	r := newShownRedactor(append([]string{token}, cl.redacted...))
	text := body.Error
	if text == nil {
		text = body.Message
	}
	var msg string // the API's text
	switch t := text.(type) {
	case string:
		msg = t
	case nil:
	default:
		msg = encodeJSON(t) // not HTML-escaped: "p&ss" stays as sent, for the redaction
	}
	// The API's own error envelope (openapi.json's Error): its answer, not a gateway's page.
	apiText, isText := body.Error.(string)
	e.answered = decodeErr == nil && isText && strings.TrimSpace(apiText) != ""
	// A token a break cuts is masked before the break is a blank; the sent values are still
	// redacted from the text as shown below (what this masks is no sent value's).
	msg = shownAPIText(msg)
	// Without a text of the API's, the status's words are ours (a short value "Bad" does not
	// hide "Bad Request"), and a body that is not JSON is shown after them.
	msgOurs := ""
	said := msg // the API's text as received, for decisions (Received)
	if msg == "" {
		// A status HTTP gives no words to (a proxy's 499) already says so after its number
		// (answerwords.Status): its message is the body, or that none came.
		msgOurs = http.StatusText(resp.status)
		said = msgOurs
		if decodeErr != nil && len(resp.body) > 0 {
			// Redacted before it is shortened, so a value cut at the end is not half shown.
			body := r.normalizedBeginning(string(resp.body), 200)
			if msg = r.shortened(body, 200); msg != "" && msgOurs != "" {
				msgOurs += ": "
				said = msgOurs + clipBytes(body, 200)
			} else if msg != "" {
				said = clipBytes(body, 200)
			}
		}
		if msgOurs == "" && msg == "" {
			msgOurs, said = answerwords.NoMessage, ""
		}
	}
	// The API's codes are strings (api/README.md §5); a number ({"code":504} from a gateway)
	// is a status, not a code a remedy could be chosen by. Decisions are made on the code as
	// received (normalized as it is shown, never redacted); only a documented one drives them,
	// and it is no secret: it is shown as it is. Decided once, so the remedy, the outcome rule
	// and what is shown agree ("fork_source_repository_unreadable " is that code).
	code, _ := body.Code.(string)
	code = normalized(code)
	documented := documentedCode(code)
	e.received = &Received{Message: said, Code: code}
	for name := range body.Details.FieldErrors {
		e.received.Fields = append(e.received.Fields, normalized(name))
	}
	slices.Sort(e.received.Fields)
	e.received.Fields = slices.Compact(e.received.Fields)
	if id, err := body.ActiveDeploymentID.Int64(); err == nil {
		e.ActiveDeploymentID = id
	}
	if n, err := body.MaxTail.Int64(); err == nil && n > 0 && n <= 1<<31 {
		e.MaxTail = int(n)
	}
	if d, ok := parseRetryAfter(resp.header.Get("Retry-After"), c.now()); ok {
		e.RetryAfter = d
	} else if resp.status == http.StatusTooManyRequests {
		if reset, err := strconv.ParseInt(resp.header.Get("X-RateLimit-Reset"), 10, 64); err == nil {
			e.RetryAfter = max(time.Until(time.Unix(reset, 0)), 0)
		}
	}
	if resp.status == http.StatusForbidden && msgOurs == "" {
		e.RequiredScope = requiredScope(msg)
	}
	// A 5xx to a write (any method but GET) may have come after the request was applied: a
	// server that failed half-way, or a proxy or gateway that gave up waiting. Only a code the
	// API documents (fork_source_repository_unreadable) makes it the API's own answer about
	// what happened; a gateway's code ("upstream_reset", 504) does not.
	e.OutcomeUnknown = cl.op.Method != http.MethodGet && resp.status >= 500 && !documented

	// Only the first of many field and form errors are kept (the rest counted): what is
	// redacted, shortened and shown is bounded, however many a hostile answer sends.
	fields, formErrors := body.Details.FieldErrors, body.Details.FormErrors
	fields, e.FieldErrorsLeftOut = firstFieldErrors(fields, maxAPIErrors)
	if len(formErrors) > maxAPIErrors {
		formErrors, e.FormErrorsLeftOut = formErrors[:maxAPIErrors], len(formErrors)-maxAPIErrors
	}
	shownCode := code // a documented code is shown as it is; another, masked across its breaks
	if !documented {
		rawCode, _ := body.Code.(string)
		shownCode = shownAPIText(rawCode)
	}
	r.redactAnswer(e, fmt.Sprintf("%d %s", resp.status, answerwords.Status(resp.status)), msgOurs, msg, shownCode, documented,
		fields, formErrors)
	r.shortenAnswer(e, documented)
	return e
}

// The most bytes of each of the API's texts an error shows (its message, code, field names,
// field and form errors): a 200 KB message would otherwise fill the result and every log line
// that quotes the error. Decisions read them whole (Received).
const (
	maxAPIMessage = 1000
	maxAPICode    = 100
	maxAPIField   = 200
)

// maxAPIErrors is the most field errors (fields, and messages of one field) and form errors
// an error keeps of an answer; the rest are counted (APIError.FieldErrorsLeftOut).
const maxAPIErrors = 20

// firstFieldErrors is fields' first n names in order with the first n messages of each, and how
// many field errors it leaves out: the messages of the others and beyond n, a name without a
// message counting as one.
func firstFieldErrors(fields map[string][]string, n int) (kept map[string][]string, leftOut int) {
	names := slices.Sorted(maps.Keys(fields))
	if len(names) <= n && !slices.ContainsFunc(names, func(name string) bool { return len(fields[name]) > n }) {
		return fields, 0
	}
	kept = make(map[string][]string, min(len(names), n))
	for i, name := range names {
		msgs := fields[name]
		if i >= n {
			leftOut += max(len(msgs), 1)
			continue
		}
		if len(msgs) > n {
			msgs, leftOut = msgs[:n], leftOut+len(msgs)-n
		}
		kept[name] = msgs
	}
	return kept, leftOut
}

// shortenAnswer shortens e's texts, already redacted as shown (redactAnswer), to the bounds
// above, each with a note of its length. A documented code is shown as it is, and a message
// of ours (a body that is not JSON) is already shortened.
func (r *redactor) shortenAnswer(e *APIError, codeOurs bool) {
	if e.messageOurs == "" {
		e.Message = r.shortenedWithNote(e.Message, maxAPIMessage)
	}
	if !codeOurs {
		e.Code = r.shortenedWithNote(e.Code, maxAPICode)
	}
	longName := false
	for name, msgs := range e.FieldErrors {
		for i, m := range msgs {
			msgs[i] = r.shortenedWithNote(m, maxAPIMessage)
		}
		longName = longName || len(name) > maxAPIField
	}
	if longName {
		fields := make(map[string][]string, len(e.FieldErrors))
		for _, name := range slices.Sorted(maps.Keys(e.FieldErrors)) { // names shortened alike merge in order
			short := r.shortenedWithNote(name, maxAPIField)
			fields[short] = append(slices.Clip(fields[short]), e.FieldErrors[name]...)
			if fields[short] == nil {
				fields[short] = []string{} // a name without messages is shown too
			}
		}
		e.FieldErrors = fields
	}
	for i, m := range e.FormErrors {
		e.FormErrors[i] = r.shortenedWithNote(m, maxAPIMessage)
	}
}

// documentedCode reports an error code openapi.json documents (api.KnownErrorCode).
func documentedCode(code string) bool {
	return code != "" && slices.Contains(api.KnownErrorCode.Enum, code)
}

// requestError is a request's failure without an answer, its text redacted of the token and
// the values sent (redactTransport): it is shown in the result and the retry log.
func (c *Client) requestError(cl call, err error, wrote writeState, token string) *RequestError {
	sent := wrote.sent(err)
	untrusted := untrustedCertificate(err)
	err = redactTransport(err, append([]string{token}, cl.redacted...)...)
	return &RequestError{Operation: cl.op.ID, Method: cl.op.Method, Path: cl.path, Err: err, Sent: sent,
		OutcomeUnknown: !cl.idempotent() && sent, Host: c.base.Host, Address: dialAddress(c.base), Untrusted: untrusted}
}

// dialAddress is the HOST:PORT a request to u connects to: u's port, else its scheme's default.
func dialAddress(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// untrustedCertificate reports a TLS handshake that failed verifying the server's
// certificate (unknown authority, wrong host name, expired).
func untrustedCertificate(err error) bool {
	var verifyErr *tls.CertificateVerificationError
	var authorityErr x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidErr x509.CertificateInvalidError
	return errors.As(err, &verifyErr) || errors.As(err, &authorityErr) || errors.As(err, &hostErr) ||
		errors.As(err, &invalidErr)
}

// isDialError reports a failure to connect, which means the request was never sent (for a
// transport that does not report through httptrace: writeState.sent).
func isDialError(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr)
}

func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// encodeJSON renders a JSON value as compact text without HTML escaping.
func encodeJSON(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// jsonKind is the JSON type a Go type is read from ("" when not one of these).
// wantedKind is what a field documents, for a value of another kind: its JSON type (jsonKind),
// or, for a number that does not fit an integer field (1e2, 101.5, 2^64), the integer, so that
// the text never reads "a number …, where a number is documented".
func wantedKind(e *json.UnmarshalTypeError) string {
	t := e.Type
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	literal, number := strings.CutPrefix(e.Value, "number ")
	switch {
	case !number || t == timestampType:
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64 && strings.ContainsAny(literal, ".eE"):
		return "integer"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64:
		return "integer of at most 64 bits"
	case t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uint64:
		return "integer from 0 that fits 64 bits"
	}
	return jsonKind(e.Type)
}

func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timestampType { // a string, and what it holds: RFC 3339, as openapi.json's date-time
		return "time (RFC 3339)"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16,
		reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "number"
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "bool"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Struct, reflect.Map:
		return "object"
	}
	return ""
}
