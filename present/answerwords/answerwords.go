// Package answerwords is the words this server writes about an HTTP answer that the client
// writes too: it redacts an answer's texts as they are shown joined with these words
// (client/redact_shown.go), so it must join them with the very words present shows. It imports
// nothing of the module, so the client takes them from here without importing present.
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
