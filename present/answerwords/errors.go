package answerwords

import (
	"fmt"
	"strings"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
)

// The client's errors' own texts (their Error methods, for logs): the facts are the client's,
// the words are here; present words what a tool result says from the same facts.

// Call is the API call an error is about: its operationId, method and path.
type Call struct{ Operation, Method, Path string }

// OutcomeMayHaveApplied is said of a write whose answer may have come after it was applied.
const OutcomeMayHaveApplied = "Outcome unknown: the request may or may not have been applied"

// NoBreakMasker is client.ErrNoBreakMasker's words: a program links client without present,
// whose init sets the masker client.MaskAcrossBreaks calls.
const NoBreakMasker = "client: MaskAcrossBreaks is unset: import the present package (its init sets it) or set it, " +
	"so that a token a line break cuts in an API text is masked"

// APIErrorTail is what follows an API error answer's texts in APIError.Error: the deployment
// still in flight (0: none), and whether the write may have been applied. It begins with " ("
// or ". ", the texts the client redacts the answer as followed by.
func APIErrorTail(activeDeploymentID int64, outcomeUnknown bool) string {
	var b strings.Builder
	if activeDeploymentID != 0 {
		fmt.Fprintf(&b, " (active deployment %d)", activeDeploymentID)
	}
	if outcomeUnknown {
		b.WriteString(". " + OutcomeMayHaveApplied)
	}
	return b.String()
}

// Redirect is a 3xx answer, not followed: target is where it pointed (scheme://host[:port],
// "" when none usable), setting the variable holding the address that answered.
func Redirect(c Call, status int, target, setting string) string {
	to := "without a usable Location"
	if target != "" {
		to = "to " + target
	}
	msg := fmt.Sprintf("%s: %s %s: answered %d %s, a redirect %s, which is not followed", c.Operation, c.Method, c.Path,
		status, Status(status), to)
	if c.Method == "GET" {
		msg += "; nothing was changed"
	} else {
		msg += "; a redirect means the request was not carried out"
	}
	return msg + "; set " + setting + " to the final https URL"
}

// BadResponse is a 2xx answer without what the operation documents (client.ResponseError):
// the fields are its facts, Unexpected and Other by field name only (the values are the API's).
type BadResponse struct {
	Call
	StatusCode int
	Schema     string   // the documented result's name; "" for an unnamed envelope
	Missing    []string // identifying fields absent, null, empty or 0
	Unexpected []string // fields with a value the operation does not document, sorted
	Unreadable bool     // the body is not in the documented form
	Other      []string // identifying fields naming another object than the request did
	TooLarge   int64    // the most the client reads, when the answer went beyond it
	ErrorBody  bool     // a success whose body is an error envelope, where none is documented
	WithData   bool     // that envelope came with the whole documented result
	Repeated   []string // names an object gives twice with different values
}

func (r BadResponse) String() string {
	what := r.Schema
	if what == "" {
		what = "response body"
	}
	head := fmt.Sprintf("%s: %s %s: answered %d %s", r.Operation, r.Method, r.Path, r.StatusCode, Status(r.StatusCode))
	msg := fmt.Sprintf("%s without the %s it documents", head, what)
	if r.Unreadable {
		msg = fmt.Sprintf("%s with a body that is not the %s it documents", head, what)
	}
	if len(r.Missing) > 0 {
		msg = fmt.Sprintf("%s with %s that lacks %s", head, article(what), strings.Join(r.Missing, ", "))
	}
	if r.ErrorBody {
		msg = head + " with an error body"
		if len(r.Missing) > 0 || r.Unreadable { // in place of the body it documents
			msg = fmt.Sprintf("%s with an error body in place of %s", head, article(what))
			if len(r.Missing) > 0 {
				msg += " (it lacks " + strings.Join(r.Missing, ", ") + ")"
			}
		}
	}
	if r.ErrorBody && r.WithData {
		msg = fmt.Sprintf("%s with %s that also carries an error", head, article(what))
	}
	if len(r.Repeated) > 0 {
		msg = fmt.Sprintf("%s with %s that gives %s twice, with different values", head, article(what), strings.Join(r.Repeated, ", "))
	}
	if len(r.Other) > 0 && len(r.Missing) == 0 {
		msg = fmt.Sprintf("%s with %s about another one (its %s is not the one asked for)", head, article(what), strings.Join(r.Other, ", "))
	}
	if r.TooLarge > 0 {
		msg = fmt.Sprintf("%s with an answer over %s, the most this client reads", head, plain.Bytes(r.TooLarge))
	}
	if len(r.Unexpected) > 0 {
		names := strings.Join(r.Unexpected, ", ")
		if len(r.Missing) > 0 {
			msg += " and an undocumented value of " + names
		} else {
			msg = fmt.Sprintf("%s with %s whose %s has a value it does not document", head, article(what), names)
		}
	}
	if r.Method == "GET" {
		return msg + "; nothing was changed"
	}
	return msg + "; the request was accepted, but what it did is not known from the answer"
}

// article is name after "a" or "an", as it is said: "an App", "a Deployment".
func article(name string) string {
	if name != "" && strings.ContainsRune("AEIOUaeiou", rune(name[0])) {
		return "an " + name
	}
	return "a " + name
}

// RequestFailed is a request that got no HTTP answer: why is its failure as shown (redacted),
// the rest as RequestOutcome.
func RequestFailed(c Call, why string, sent, untrusted, outcomeUnknown bool, apiURLSetting string) string {
	return fmt.Sprintf("%s: %s %s failed: %s", c.Operation, c.Method, c.Path, why) +
		RequestOutcome(sent, untrusted, outcomeUnknown, apiURLSetting)
}

// Cancelled is a call its caller cancelled while a request was in flight or a retry waited.
func Cancelled(c Call) string {
	return fmt.Sprintf("%s: cancelled during %s %s", c.Operation, c.Method, c.Path)
}

// Deadline is a call stopped by its time limit (limit: 0 when not known; Operation "" when it
// ran out outside any API call): wait is the retry's wait that would have passed it (0: it ran
// out during an attempt or a wait), last the failure that called for the retry ("" if none).
func Deadline(c Call, limit, wait time.Duration, last string, outcomeUnknown bool) string {
	what := "the time limit"
	if limit > 0 {
		what = fmt.Sprintf("the time limit (%s)", limit)
	}
	var msg string
	switch {
	case c.Operation == "":
		msg = what + " ran out"
	case wait > 0:
		msg = fmt.Sprintf("%s: %s %s: stopped retrying: the retry would start after %s (wait %s)", c.Operation, c.Method, c.Path,
			what, wait.Round(time.Millisecond))
	default:
		msg = fmt.Sprintf("%s: %s %s: no answer before %s ran out", c.Operation, c.Method, c.Path, what)
	}
	if last != "" {
		msg += "; last attempt: " + last
	}
	if outcomeUnknown {
		msg += ". " + OutcomeMayHaveApplied
	}
	return msg
}

// Invalid is a request the client refused before sending it; fields are its field errors.
func Invalid(operation, fields string) string {
	return fmt.Sprintf("%s: invalid request, nothing was sent: %s", operation, fields)
}

// TokenFailure is an OAuth token request that failed (client.TokenError), in facts: URL is
// the endpoint as errors show it, Why the failure without an answer (StatusCode 0) as shown,
// Reason the endpoint's account of an answer (TokenError.Reason).
type TokenFailure struct {
	URL        string
	StatusCode int
	Why        string
	Reason     string
	Attempts   int
	Sent       bool // the request reached the endpoint
	// SentEarlier: the last attempt was not sent, an earlier one was.
	SentEarlier bool
	Untrusted   bool
	Scope       bool // invalid_scope
	Credentials bool // the answer blames the client credentials
	Unavailable bool // a 429 or a 5xx
	Unusable    bool // a success without a usable token
	// AnsweredAttempt is the attempt the status answered; LaterFailed: attempts after it failed
	// without an answer, Later what they met by kind (LaterKind's, joined; "" for one kind),
	// LaterWhy the last one's failure as shown.
	AnsweredAttempt int
	LaterFailed     bool
	Later, LaterWhy string
	// Age and NextIn, when Reused: the failure is an earlier one's, not asked again.
	Reused      bool
	Age, NextIn time.Duration
	// The settings a remedy names.
	ScopesSetting, IDSetting, SecretSetting, URLSetting string
}

func (f TokenFailure) String() string {
	if f.Reused {
		fresh := f
		fresh.Reused = false
		return fmt.Sprintf("%s (the failure of %s ago, not asked again; the next token request is made in %s)",
			fresh, f.Age.Round(time.Millisecond), f.NextIn.Round(time.Millisecond))
	}
	attempts := ""
	if f.Attempts > 1 {
		attempts = fmt.Sprintf(" after %d attempts", f.Attempts)
	}
	switch {
	case f.StatusCode == 0 && f.Untrusted:
		sent := "so the request was not sent"
		if f.SentEarlier {
			sent = "so the last attempt was not sent (an earlier one reached the endpoint)"
		}
		return fmt.Sprintf("oauth token request to %s failed%s: %s. The endpoint's certificate was not trusted, %s; "+
			"trying again will not help: the cause is %s or the trust store (behind a TLS-inspecting proxy, its CA in SSL_CERT_FILE)",
			f.URL, attempts, f.Why, sent, f.URLSetting)
	case f.StatusCode == 0 && f.SentEarlier:
		return fmt.Sprintf("oauth token request to %s failed%s: %s. The last attempt was not sent; an earlier one reached "+
			"the endpoint without a usable answer", f.URL, attempts, f.Why)
	case f.StatusCode == 0 && !f.Sent:
		return fmt.Sprintf("oauth token request to %s failed%s: %s. The request was not sent", f.URL, attempts, f.Why)
	case f.StatusCode == 0:
		return fmt.Sprintf("oauth token request to %s failed%s: %s. The request was sent but no answer came back", f.URL, attempts, f.Why)
	case f.Scope:
		return fmt.Sprintf("oauth token: %d %s: check %s: each scope must be one the OAuth client was granted (or unset it for all of them)",
			f.StatusCode, f.Reason, f.ScopesSetting)
	case f.Credentials:
		return fmt.Sprintf("oauth token: %d %s: check %s and %s (and %s)", f.StatusCode, f.Reason, f.IDSetting, f.SecretSetting, f.URLSetting)
	case f.Unavailable && f.LaterFailed && f.Later != "":
		return fmt.Sprintf("oauth token: the token endpoint %s is unavailable: answered %d %s at attempt %d of %d; %s; try again later",
			f.URL, f.StatusCode, f.Reason, f.AnsweredAttempt, f.Attempts, f.Later)
	case f.Unavailable && f.LaterFailed:
		return fmt.Sprintf("oauth token: the token endpoint %s is unavailable: answered %d %s at attempt %d of %d; %s failed (%s); try again later",
			f.URL, f.StatusCode, f.Reason, f.AnsweredAttempt, f.Attempts, LaterAttempts(f.Attempts-f.AnsweredAttempt), f.LaterWhy)
	case f.Unavailable:
		return fmt.Sprintf("oauth token: the token endpoint %s is unavailable: %d %s%s; try again later", f.URL, f.StatusCode, f.Reason, attempts)
	case f.Unusable:
		return fmt.Sprintf("oauth token: %s answered %d %s without a usable token: %s", f.URL, f.StatusCode, Status(f.StatusCode), f.Reason)
	}
	return fmt.Sprintf("oauth token: %s answered %d %s", f.URL, f.StatusCode, f.Reason)
}
