package client

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present/answerwords"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// ErrNoCredentials is returned by every authenticated call when no token source is configured.
var ErrNoCredentials = errors.New(answerwords.NoCredentials)

// APIError is a non-2xx answer from the Management API. It carries the facts; what to do about
// it is the presentation layer's remedy table (present.Remedy).
type APIError struct {
	Operation  string // operationId, e.g. "createDeployment"
	Method     string
	Path       string
	StatusCode int
	// Message is the API's `error` text (prose, not a code). It and the other texts of the
	// answer (Code unless documented, FieldErrors, FormErrors) are as they are shown: normalized
	// (normalized) and redacted as shown joined with our words (client/redact_shown.go).
	Message     string
	FieldErrors map[string][]string
	FormErrors  []string
	// FieldErrorsLeftOut and FormErrorsLeftOut count the answer's field and form errors past
	// the first maxAPIErrors (fields by name, messages of a field, form errors), which are not
	// kept: shown as "and N more field errors".
	FieldErrorsLeftOut int
	FormErrorsLeftOut  int
	// ActiveDeploymentID is set on the create-deployment 409: the deployment still in flight.
	ActiveDeploymentID int64
	// Code is the API's machine-readable `code` (e.g. "image_tag_requires_enterprise"), when
	// it sent one; remedies are chosen by it first. A code openapi.json documents is kept as
	// received (no secret); any other is the answer's text, redacted like the rest.
	Code string
	// MaxTail is the plan's limit on log lines, sent with code plan_limit.
	MaxTail int
	// RetryAfter is the server's Retry-After (or rate-limit reset) wait, when it sent one.
	RetryAfter time.Duration
	// RequiredScope is the scope named by a 403 "Insufficient scope" answer.
	RequiredScope string
	// OutcomeUnknown is set when a write's (any method but GET) answer may have come after it
	// was applied: a 5xx without an error code openapi.json documents, or a 429 after an
	// attempt whose answer was lost.
	OutcomeUnknown bool
	// answered: the body is the API's own error envelope (openapi.json's Error: a JSON object
	// whose `error` is a non-empty string), so the answer is the API's, given once it stopped
	// handling the request; a gateway's page (HTML, plain text, none, {"message":…}) is not.
	answered bool
	// CallerToken: the request carried the bearer token the MCP caller sent (HTTP mode), not
	// the server's own credentials, so a 401 is the caller's to fix.
	CallerToken bool
	// Lent: the request carried the server's own credentials for an HTTP caller that sent no
	// token (--http-allow-server-token; WithLentCredentials): a 401 is the operator's to fix,
	// and the caller, who runs no server, is told so without the server's settings.
	Lent bool
	// Sandbox: the answer came from the in-process emulator of --sandbox (Config.Sandbox), not
	// the Spice.ai API: a remedy names what works there.
	Sandbox bool
	// Refused: a change the API refused (401 Unauthorized, 403 Forbidden) with no earlier
	// attempt whose answer was lost: it was not carried out, nothing was changed.
	Refused bool
	// BodyBrokeOff: the answer's body broke off (the connection closed before its end) after
	// BodyBrokeOffAfter bytes: the status came, the API's words on it (if any) were not read.
	BodyBrokeOff      bool
	BodyBrokeOffAfter int
	// messageOurs is the words of ours Message begins with ("Bad Request: " before a body that
	// is not JSON), set by the redaction (redactAnswer): Shown marks them ours.
	messageOurs string
	// received is the answer as received (normalized, never redacted): what decisions are
	// made on (Received), never shown.
	received *Received
}

// Received is an answer's texts as received: normalized as they are shown (normalized) but
// never redacted, so a decision (create-or-fail, the remedy, the outcome rule) reads what the
// API said whatever values the call or the page sent ("Secret not found" stays itself when the
// value sent is "secret"). For decisions only: never shown, logged or put in a result (the
// shown texts are APIError's fields).
type Received struct {
	// Message is the API's `error` text; without one, our words for the status ("Bad
	// Request", and ": " and the beginning of a body that is not JSON).
	Message string
	// Code is the API's `code`, documented or not.
	Code string
	// Fields are the names the answer's fieldErrors are about, sorted.
	Fields []string
}

// Received is e's answer as received, for decisions only (see Received).
func (e *APIError) Received() Received {
	if e.received == nil {
		// An APIError made other than from an answer (a test's): its fields are all there is.
		return Received{Message: e.Message, Code: e.Code, Fields: slices.Sorted(maps.Keys(e.FieldErrors))}
	}
	return *e.received
}

// Error is "op: 400 Bad Request: message (field: a, b; other: c) (form; form)": the layout
// the answer's texts were redacted as (shownAnswer.errorText), then what the answer says of
// the request.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString(e.Operation + ": ")
	a, msgOurs, _ := e.shownAnswer()
	for _, p := range a.errorText(e.status(), msgOurs) {
		b.WriteString(p.text)
	}
	b.WriteString(answerwords.APIErrorTail(e.ActiveDeploymentID, e.OutcomeUnknown))
	return b.String()
}

// RedirectError is a 3xx answer. The client never follows a redirect: a POST re-sent as a GET
// would "succeed" with nothing done, and a followed redirect would carry the request (a secret
// value, the bearer token or the OAuth client secret) to another address. Nothing was sent to
// the target, and a 3xx means the server did not carry the request out.
type RedirectError struct {
	Operation  string // operationId; "oauthToken" for the OAuth token request
	Method     string
	Path       string
	StatusCode int
	// Target is where the redirect pointed, as scheme://host[:port] only (a path or query may
	// carry credentials); "" when the answer named no usable Location.
	Target string
	// Setting is the environment variable holding the address that answered with the
	// redirect: EnvAPIURL, or EnvOAuthTokenURL for the token request.
	Setting string
	// HTTPCaller: the request was an MCP caller's over HTTP (its own bearer token, or the
	// server's credentials lent to it): the address that failed is the server's setting, which
	// the caller, who runs no server, cannot change (httpCaller).
	HTTPCaller bool
}

func (e *RedirectError) Error() string {
	return answerwords.Redirect(answerwords.Call{Operation: e.Operation, Method: e.Method, Path: e.Path}, e.StatusCode, e.Target, e.Setting)
}

// ResponseError is a 2xx answer without what the operation documents: no body (or null) where
// one is due, or a write's result without the fields that identify it (Missing). The server
// reported success, but the answer does not show what was done, so it is not passed on as a
// result with zero values.
type ResponseError struct {
	Operation  string
	Method     string
	Path       string
	StatusCode int
	// HTTPCaller: the request was an MCP caller's over HTTP (its own bearer token, or the
	// server's credentials lent to it): the address that failed is the server's setting, which
	// the caller, who runs no server, cannot change (httpCaller).
	HTTPCaller bool
	// Schema names the documented result (the client's type, e.g. "Deployment"); "" for an
	// unnamed envelope.
	Schema string
	// Missing are the identifying fields that were absent, null, empty or 0; nil when the
	// whole body was missing.
	Missing []string
	// Unexpected are fields the answer carries with a value the operation does not document
	// (a health status other than "ok"), by name; the values are the API's, unredacted.
	Unexpected map[string]string
	// Unreadable: the body is not in the form the operation documents (a field of another type,
	// a timestamp that is not one, not JSON); what it holds is not shown.
	Unreadable bool
	// Other are identifying fields that name another object than the request did (a deployment
	// 1003 answered to GET …/deployments/1002, a secret OTHER_NAME to a set of MY_KEY): the
	// answer is about something else, so it is not the call's result.
	Other []Other
	// TooLarge, when not 0, is the most this client reads of an answer (MaxResponseBytes): the
	// answer went on beyond it, so it was not read whole and nothing of it is used.
	TooLarge int64
	// Ended, when set, is the status of the deployment a write that starts one answered with: one
	// that has ended already (succeeded, failed), so not the deployment the write just started.
	Ended string
	// ErrorBody, when set, is the error message of the API's error envelope ({"error": …}) that a
	// success to an operation documenting no body carried: success and failure at once, so what
	// the call did is not known. Redacted and shortened as Other's values.
	ErrorBody string
	// ErrorCode is that envelope's `code`, when a string (redacted and shortened as ErrorBody).
	ErrorCode string
	// WithData: the error envelope came along with the whole documented result (a Deployment
	// that also holds "error"): success and failure at once, so neither is shown as the answer.
	WithData bool
	// Mistyped, when set, is a field of an Unreadable answer whose value is of another JSON type
	// than documented ("replicas":"2").
	Mistyped *Mistyped
	// Repeated are names an object of the answer gives twice with different values: which the
	// API meant is not known (values redacted and shortened as Other's).
	Repeated []Repeated
	// Page, when set, says the answer was a web page (HTML: a proxy's or portal's sign-in page,
	// most often), not the API's JSON; nothing of it is used.
	Page *Page
	// NotGzip: the answer said its body was gzip (Content-Encoding) and it was not, so it could
	// not be read; nothing of it is used.
	NotGzip bool
	// BrokeOff: the answer's body broke off (the connection closed before its end) after
	// BrokeOffAfter bytes, so it could not be read; nothing of it is used.
	BrokeOff      bool
	BrokeOffAfter int
}

// Page is a web page that came back in place of the API's JSON: what it was (its Content-Type
// and <title>, the answer's words: normalized, redacted and shortened, "" when it gave none),
// and where the request went (the configured API's scheme://host[:port], and the proxy from
// the environment it went through, if any; no credentials or path).
type Page struct {
	ContentType, Title string
	From, Proxy        string
}

// Other is an identifying field of an answer that is not what the request named: Asked is the
// request's value, Answered the API's, normalized, redacted of the token and the call's values
// and shortened, as transport texts are.
type Other struct {
	Field, Asked, Answered string
}

func (e *ResponseError) Error() string {
	other := make([]string, len(e.Other))
	for i, o := range e.Other {
		other[i] = o.Field
	}
	return answerwords.BadResponse{
		Call:       answerwords.Call{Operation: e.Operation, Method: e.Method, Path: e.Path},
		StatusCode: e.StatusCode, Schema: e.Schema, Missing: e.Missing, Unreadable: e.Unreadable, TooLarge: e.TooLarge,
		Unexpected: slices.Sorted(maps.Keys(e.Unexpected)), Other: other, // by name only: the values are the API's
		ErrorBody: e.ErrorBody != "", WithData: e.WithData, Repeated: repeatedNames(e.Repeated), // by name only
	}.String()
}

// RequestError is a request that got no HTTP answer (connection failure, timeout).
type RequestError struct {
	Operation string
	Method    string
	Path      string
	Err       error
	// Sent is false when the request never reached the server: it failed before its headers
	// were written (no address, no connection, a proxy refusing it, a failed TLS handshake).
	Sent bool
	// Untrusted: the TLS handshake failed because the server's certificate was not trusted.
	// Nothing was sent, and it is not retried: trying again cannot change the certificate.
	Untrusted bool
	// OutcomeUnknown is set for a write (any method but GET) that was sent, now or at an
	// earlier attempt, and got no answer that a retry made good.
	OutcomeUnknown bool
	// Host is the API host the request went to (for "is it reachable?").
	Host string
	// Address is Host with its port, the scheme's default (80, 443) when the URL names none:
	// the HOST:PORT a server must listen on to answer there.
	Address string
	// HTTPCaller: the request was an MCP caller's over HTTP (its own bearer token, or the
	// server's credentials lent to it): the address that failed is the server's setting, which
	// the caller, who runs no server, cannot change (httpCaller).
	HTTPCaller bool
}

func (e *RequestError) Error() string {
	return answerwords.RequestFailed(answerwords.Call{Operation: e.Operation, Method: e.Method, Path: e.Path}, fmt.Sprint(e.Err),
		e.Sent, e.Untrusted, e.OutcomeUnknown, EnvAPIURL)
}

func (e *RequestError) Unwrap() error { return e.Err }

// maxTransportText is the most bytes of a transport error's own words shown (Go's words may
// quote a whole line the server sent: "malformed HTTP response \"…\"").
const maxTransportText = 300

// shownError is a transport error as errors and logs show it: its text normalized, redacted of
// the values the request carried (the token, the values sent, the OAuth client's credentials)
// and shortened (redactTransport). errors.Is and errors.As still reach the error it stands
// for, whose own text is never shown.
type shownError struct {
	text string
	err  error
}

func (e *shownError) Error() string { return e.text }
func (e *shownError) Unwrap() error { return e.err }

// Timeout keeps what a timeout error says of itself (url.Error asks its Err).
func (e *shownError) Timeout() bool {
	var t interface{ Timeout() bool }
	return errors.As(e.err, &t) && t.Timeout()
}

// redactTransport is err, a request's failure without an answer, as it may be shown: a
// *url.Error keeps its operation and (redacted) URL, and its Err, like any other error, is
// shown only as its text normalized, redacted of sensitive as shown (newShownRedactor: every
// spelling, any case) and shortened to maxTransportText bytes. A server that answers with
// something that is not HTTP makes Go quote it ("malformed HTTP response"): an echo of the
// request (the bearer token, a secret value) ends there.
func redactTransport(err error, sensitive ...string) error {
	if err == nil {
		return nil
	}
	r := newShownRedactor(sensitive)
	shown := func(e error) error {
		if e == nil {
			return nil
		}
		text := e.Error()
		return &shownError{text: r.shortened(r.normalizedBeginning(text, maxTransportText), maxTransportText), err: e}
	}
	var uerr *url.Error
	if errors.As(err, &uerr) && uerr == err {
		return &url.Error{Op: uerr.Op, URL: r.shortened(normalized(uerr.URL), maxTransportText), Err: shown(uerr.Err)}
	}
	return shown(err)
}

// CancelledError is a call its caller cancelled (the MCP client cancelled the tool call or went
// away) while a request was in flight or a retry was waiting. Nothing more is sent after it.
type CancelledError struct {
	Operation string
	Method    string
	Path      string
	// OutcomeUnknown is set when a request that changes something was in flight: it may have
	// been applied.
	OutcomeUnknown bool
}

func (e *CancelledError) Error() string {
	return answerwords.Cancelled(answerwords.Call{Operation: e.Operation, Method: e.Method, Path: e.Path})
}

// Is makes errors.Is(err, context.Canceled) hold.
func (e *CancelledError) Is(target error) bool { return target == context.Canceled }

// DeadlineError is a call stopped by its context's deadline (a tool call's time limit): the
// time ran out during an attempt or a wait, or the retry a failure called for could not have
// started before it. Nothing more is sent after it.
type DeadlineError struct {
	Operation string // "" when the time ran out outside any API call
	Method    string
	Path      string
	// Last is why a retry was needed (*APIError or *RequestError), when an attempt failed.
	Last error
	// Wait is the wait that would have passed the deadline (Retry-After or backoff); 0 when the
	// time ran out during an attempt or a wait.
	Wait time.Duration
	// RetryAfter is set when Wait is the API's own Retry-After (or rate-limit reset).
	RetryAfter bool
	// OutcomeUnknown is set when a request that changes something was in flight as the time
	// ran out: it may have been applied.
	OutcomeUnknown bool
	// Limit is the caller's time limit, when the caller says (tools fill it in).
	Limit time.Duration
	// Of is what the time limit is the limit of, when not a tool call ("resource read",
	// "completion", "prompt"): a text names "this <Of>'s time limit".
	Of string
	// Sandbox: the call was to the in-process emulator of --sandbox (Config.Sandbox; tools set it
	// on one they make), not the Spice.ai API.
	Sandbox bool
	// HTTPCaller: the call was an MCP caller's over HTTP (HTTPCaller; tools set it on one they
	// make): the time limit is the server's setting, its operator's, not the caller's.
	HTTPCaller bool
}

func (e *DeadlineError) Error() string {
	last := ""
	if e.Last != nil {
		last = e.Last.Error()
	}
	return answerwords.Deadline(answerwords.Call{Operation: e.Operation, Method: e.Method, Path: e.Path}, e.Limit, e.Wait, last, e.OutcomeUnknown)
}

// Unwrap makes errors.Is(err, context.DeadlineExceeded) true, and exposes the last failure.
func (e *DeadlineError) Unwrap() []error {
	if e.Last == nil {
		return []error{context.DeadlineExceeded}
	}
	return []error{context.DeadlineExceeded, e.Last}
}

// ValidationError is a request refused by the client before anything was sent.
type ValidationError struct {
	Operation string
	Fields    rules.FieldErrors
}

func (e *ValidationError) Error() string {
	return answerwords.Invalid(e.Operation, e.Fields.String())
}

// requiredScope extracts the scope from "Insufficient scope. Required: <scope>".
func requiredScope(message string) string {
	const prefix = "Insufficient scope. Required: "
	rest, ok := strings.CutPrefix(message, prefix)
	if !ok {
		return ""
	}
	// Only a scope the contract names: whatever else the text holds (it may quote a token)
	// never becomes the scope a remedy repeats.
	scope, _, _ := strings.Cut(strings.TrimSpace(rest), " ")
	scope = strings.TrimRight(scope, ".,;)")
	if _, known := api.ScopeImplications[scope]; !known {
		return ""
	}
	return scope
}

// parseRetryAfter reads Retry-After as seconds or an HTTP date.
func parseRetryAfter(value string, now time.Time) (time.Duration, bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0, false
	}
	secs, err := strconv.ParseFloat(value, 64)
	if err == nil && (math.IsNaN(secs) || math.IsInf(secs, 0)) {
		return 0, false // "NaN", "Inf": not a number of seconds, as any other invalid value
	}
	if err == nil || errors.Is(err, strconv.ErrRange) { // out of range: ±Inf, or 0 for 1e-400
		secs = max(secs, 0)
		if ns := secs * float64(time.Second); ns < float64(math.MaxInt64) {
			return time.Duration(ns), true
		}
		// Beyond what a Duration holds (≈292 years): converted, it would wrap to a negative wait,
		// retried at once. The longest wait is as good as forever: the call stops.
		return math.MaxInt64 / time.Second * time.Second, true // whole seconds, as texts show it
	}
	if at, err := http.ParseTime(value); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

// MayHaveApplied reports an error after which the write that failed may have been applied: it
// was sent and its answer lost (no answer, a server error, an unusable success, or the call
// cancelled or out of time while it was in flight).
func MayHaveApplied(err error) bool {
	var apiErr *APIError
	var reqErr *RequestError
	var cancelErr *CancelledError
	var dlErr *DeadlineError
	var respErr *ResponseError
	return (errors.As(err, &apiErr) && apiErr.OutcomeUnknown) || (errors.As(err, &reqErr) && reqErr.OutcomeUnknown) ||
		(errors.As(err, &cancelErr) && cancelErr.OutcomeUnknown) || (errors.As(err, &dlErr) && dlErr.OutcomeUnknown) ||
		(errors.As(err, &respErr) && respErr.Method != http.MethodGet)
}

// MayStillApply reports an error after which the write may still be applied, not only may have
// been: it was in flight when its answer was lost (no answer came back, the call was cancelled or
// ran out of time while it was sent), a gateway answered that it gave up waiting (504 Gateway
// Timeout, Cloudflare's 524), or a 5xx came without the API's own error envelope (a gateway's
// page: a load balancer's 502 on a backend timeout, a router's 503 on a slow request), while the
// API may still be working on it. A read of what the write changes right after such an error
// proves nothing when it shows no change: the write may land a moment later. A 500, 502 or 503
// whose body is the API's error envelope ({"error": "…"}) is the API's answer, given once it
// stopped handling the request, so a read after it that shows no change shows it was not
// applied.
func MayStillApply(err error) bool {
	var apiErr *APIError
	var reqErr *RequestError
	var cancelErr *CancelledError
	var dlErr *DeadlineError
	switch {
	case errors.As(err, &dlErr):
		return dlErr.OutcomeUnknown
	case errors.As(err, &cancelErr):
		return cancelErr.OutcomeUnknown
	case errors.As(err, &reqErr):
		return reqErr.OutcomeUnknown
	case errors.As(err, &apiErr):
		return apiErr.OutcomeUnknown && (apiErr.StatusCode == http.StatusGatewayTimeout || apiErr.StatusCode == 524 || !apiErr.answered)
	}
	return false
}

// shortenedWithNote is s, already redacted, or when it is longer than n bytes its beginning
// (truncate: a value it ends in the middle of is redacted) and a note of its length:
// "… (shortened; 204,800 characters in all)", as results note a text they shorten. A first
// word longer than n bytes (a code, a field name, a URL without a break) is never shown in part,
// nor anything after it (a value whose key it ended with would show unmasked): a URL shows its
// scheme and host alone (site), anything else only the note, which says why.
func (r *redactor) shortenedWithNote(s string, n int) string {
	if len(s) <= n {
		return s
	}
	note := " (shortened; " + plain.Number(utf8.RuneCountInString(s)) + " characters in all)"
	shown := r.truncate(s, n)
	if shown != "…" {
		return shown + note
	}
	word := s
	if end := strings.IndexFunc(s, wordBreak); end >= 0 {
		word = s[:end]
	}
	// A password may hold a space before its "@" (or the "@" be escaped): any "@" in the text
	// and the URL's userinfo cannot be told from a host.
	if site := siteOf(word, s); site != "" && len(site) < n {
		return r.truncate(site, n) + "/…" + note
	}
	note = strings.TrimSuffix(note, ")")
	if len(word) == len(s) {
		return "…" + note + "; one word, not shown in part)"
	}
	return "…" + note + "; its first word, " + plain.Number(utf8.RuneCountInString(word)) + " characters, is not shown in part)"
}

// clipBytes is s's first n bytes or fewer, whole characters.
func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// repeatedNames are the names of repeated, for a log line (the values are the API's).
func repeatedNames(repeated []Repeated) []string {
	names := make([]string, len(repeated))
	for i, r := range repeated {
		names[i] = r.Field
	}
	return names
}

// Mistyped is a field whose value is of another JSON type than documented: Field its path
// (the API's text: redacted and shortened), Got and Want JSON types ("string", "number",
// "bool", "array", "object"; Want "" when not one of these).
type Mistyped struct {
	Field, Got, Want string
}
