package answerwords

import (
	"fmt"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
)

// The client's settings words: its refusals of the environment's settings (exit 2 at start-up)
// and of a token URL. None echoes a URL: it could carry credentials.

// NoCredentials is what every authenticated call says when no token source is configured.
const NoCredentials = "no Spice.ai credentials: set SPICE_API_TOKEN to a personal access token " +
	"(create one at https://spice.ai/account), or SPICE_CLIENT_ID and SPICE_CLIENT_SECRET for OAuth client credentials"

// BadBaseURL, BaseURLWithExtras and BaseURLWithPath refuse the API base URL (variable: SPICE_API_URL).
func BadBaseURL(variable string) string {
	return "invalid API base URL (" + variable + "): want http(s)://host[:port], a port from 1 to 65535"
}

// BadBaseURLBecause and BadTokenURLBecause refuse a URL for a reason of its shape (URLNoScheme,
// URLNoHost), which the port clause of BadBaseURL would hide: localhost:8787 has a fine port.
func BadBaseURLBecause(variable, why string) string {
	return "invalid API base URL (" + variable + "): want http(s)://host[:port]: " + why
}

func BadTokenURLBecause(variable, why string) string {
	return "invalid OAuth token URL (" + variable + "): want http(s)://host[:port]/path: " + why
}

// URLNoScheme and URLNoHost say what a URL lacks.
const (
	URLNoScheme = "it does not start with http:// or https://"
	URLNoHost   = "it names no host"
)

func BaseURLWithExtras(variable string) string {
	return "invalid API base URL (" + variable + "): it must not carry credentials, a query or a fragment"
}

func BaseURLWithPath(variable string) string {
	return "invalid API base URL (" + variable + "): want http(s)://host[:port] without a path (no /v1: the server adds it)"
}

// BadTokenURL and TokenURLWithExtras refuse the OAuth token URL (variable: SPICE_OAUTH_TOKEN_URL).
func BadTokenURL(variable string) string {
	return "invalid OAuth token URL (" + variable + "): want http(s)://host[:port]/path, a port from 1 to 65535"
}

func TokenURLWithExtras(variable string) string {
	return "invalid OAuth token URL (" + variable + "): it must not carry credentials, a query or a fragment"
}

// TokenURLUnusable: a token request could not be made for the token URL (shown: its display form).
func TokenURLUnusable(shown string) string { return "oauth token: invalid token URL " + shown }

// GettingToken is what a call was doing when its access token could not be had.
const GettingToken = "getting an access token"

// BadMaxIdleConns refuses a variable (SPICE_API_MAX_IDLE_CONNS) that is not a count from 1 to
// 10,000 (the bound written as results write one; the value as given).
func BadMaxIdleConns(variable, value string) string {
	return fmt.Sprintf("%s must be a whole number from 1 to %s, got %q", variable, plain.Number(10000), value)
}

// HalfClientCredentials refuses an OAuth client id or secret (set) given without the other (unset).
func HalfClientCredentials(set, unset string) string {
	return fmt.Sprintf("%s is set but %s is not: OAuth client credentials need both", set, unset)
}
