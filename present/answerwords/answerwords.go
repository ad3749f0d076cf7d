// Package answerwords is the words this server writes about an HTTP answer, or its absence,
// that the client writes too: it redacts an answer's texts as they are shown joined with these
// words (client/redact_shown.go), so it must join them with the very words present shows, and
// its errors' own texts (for logs) say what present says. It imports nothing of the module, so
// the client takes them from here without importing present.
package answerwords

import (
	"fmt"
	"net/http"
)

// Status is a status's words after its number: HTTP's ("Bad Request"), or, for a status
// HTTP gives none to (a proxy's 499, a gateway's 600), that it has none, so "499 : " never shows.
func Status(code int) string {
	if words := http.StatusText(code); words != "" {
		return words
	}
	return "(a status HTTP defines no meaning for)"
}

// NoMessage is an API error answer's message when it came with no text: no body, and no
// words for its status either.
const NoMessage = "no message came with it"

// NoAccessToken and BadAccessToken are a token endpoint's success without a token the client
// can send: none, or one no Authorization header can carry.
const (
	NoAccessToken  = "no access_token"
	BadAccessToken = "an access_token no Authorization header can carry (blank, or holding a line break or another control character)"
)

// OtherTokenType is a token endpoint's success with a token_type other than Bearer; quoted is
// the endpoint's token_type, quoted.
func OtherTokenType(quoted string) string { return fmt.Sprintf("token_type %s, not Bearer", quoted) }

// LaterAttempts names the n attempts after a token request's answered one: "the later
// attempt", "the 3 later attempts".
func LaterAttempts(n int) string {
	if n > 1 {
		return fmt.Sprintf("the %d later attempts", n)
	}
	return "the later attempt"
}

// LaterKind says how count of the attempts after the answered one, from first to last, got no
// answer alike: "attempt 2 reached the endpoint but got no answer (EOF)", "attempts 3 to 5
// were not sent (why)"; why is their error as shown, "" when they got various errors.
func LaterKind(first, last, count int, sent bool, why string) string {
	verb := "was not sent"
	if count > 1 {
		verb = "were not sent"
	}
	if sent {
		verb = "reached the endpoint but got no answer"
	}
	if why == "" {
		why = "various errors"
	}
	return fmt.Sprintf("%s %s (%s)", attempts(first, last, count), verb, why)
}

// attempts names count attempts from first to last: "attempt 2", "attempts 2 and 4",
// "attempts 2 to 5", "4 attempts from 2 to 9".
func attempts(first, last, count int) string {
	switch {
	case count == 1:
		return fmt.Sprintf("attempt %d", first)
	case count == 2:
		return fmt.Sprintf("attempts %d and %d", first, last)
	case count == last-first+1:
		return fmt.Sprintf("attempts %d to %d", first, last)
	}
	return fmt.Sprintf("%d attempts from %d to %d", count, first, last)
}

// RequestOutcome is what follows the error of a request that got no answer: whether it may
// have been applied, or that it was not sent ("" when it was and nothing is unknown: a GET).
// apiURLSetting is the setting that names the API's address, for an untrusted certificate.
func RequestOutcome(sent, untrusted, outcomeUnknown bool, apiURLSetting string) string {
	switch {
	case outcomeUnknown:
		return ". Outcome unknown: the request was sent but no answer came back"
	case untrusted && !sent:
		return ". The server's certificate was not trusted, so the request was not sent and nothing changed. " +
			"Trying again will not help: the cause is " + apiURLSetting + " or the trust store (behind a TLS-inspecting proxy, its CA in SSL_CERT_FILE)"
	case !sent:
		return ". The request was not sent, so nothing changed"
	}
	return ""
}

// TrailingData is why an API answer is refused when its JSON value is followed by more.
const TrailingData = "invalid data after the JSON value"

// CreatedByType is why an answer's created_by is refused: neither a string, an integer nor null;
// got is the value as sent.
func CreatedByType(got string) string {
	return "created_by: want string, integer or null, got " + got
}
