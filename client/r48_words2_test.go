package client

import (
	"errors"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// r48Words2Errors are the client's errors in each of their wordings, with the text Error gives:
// the words moved to present/answerwords unchanged.
func r48Words2Errors() []struct {
	err  error
	want string
} {
	eof := errors.New("EOF")
	refused := errors.New("connect: connection refused")
	return []struct {
		err  error
		want string
	}{
		{&APIError{Operation: "getApp", Method: "GET", Path: "/v1/apps/1", StatusCode: 404, Message: "App not found"}, "getApp: 404 Not Found: App not found"},
		{&APIError{Operation: "createDeployment", Method: "POST", Path: "/v1/apps/1/deployments", StatusCode: 409, Message: "busy", ActiveDeploymentID: 7}, "createDeployment: 409 Conflict: busy (active deployment 7)"},
		{&APIError{Operation: "createApp", Method: "POST", Path: "/v1/apps", StatusCode: 502, Message: "Bad Gateway", OutcomeUnknown: true}, "createApp: 502 Bad Gateway. Outcome unknown: the request may or may not have been applied"},
		{&RedirectError{Operation: "getApp", Method: "GET", Path: "/v1/apps/1", StatusCode: 302, Target: "https://example.com", Setting: EnvAPIURL}, "getApp: GET /v1/apps/1: answered 302 Found, a redirect to https://example.com, which is not followed; nothing was changed; set SPICE_API_URL to the final https URL"},
		{&RedirectError{Operation: "createApp", Method: "POST", Path: "/v1/apps", StatusCode: 307, Setting: EnvAPIURL}, "createApp: POST /v1/apps: answered 307 Temporary Redirect, a redirect without a usable Location, which is not followed; a redirect means the request was not carried out; set SPICE_API_URL to the final https URL"},
		{&ResponseError{Operation: "getApp", Method: "GET", Path: "/v1/apps/1", StatusCode: 200, Schema: "App"}, "getApp: GET /v1/apps/1: answered 200 OK without the App it documents; nothing was changed"},
		{&ResponseError{Operation: "getApp", Method: "GET", Path: "/v1/apps/1", StatusCode: 200}, "getApp: GET /v1/apps/1: answered 200 OK without the response body it documents; nothing was changed"},
		{&ResponseError{Operation: "getApp", Method: "GET", Path: "/v1/apps/1", StatusCode: 200, Schema: "App", Unreadable: true}, "getApp: GET /v1/apps/1: answered 200 OK with a body that is not the App it documents; nothing was changed"},
		{&ResponseError{Operation: "createApp", Method: "POST", Path: "/v1/apps", StatusCode: 201, Schema: "App", Missing: []string{"id", "name"}}, "createApp: POST /v1/apps: answered 201 Created with an App that lacks id, name; the request was accepted, but what it did is not known from the answer"},
		{&ResponseError{Operation: "createApp", Method: "POST", Path: "/v1/apps", StatusCode: 201, Schema: "App", Missing: []string{"id"}, Unexpected: map[string]string{"status": "x"}}, "createApp: POST /v1/apps: answered 201 Created with an App that lacks id and an undocumented value of status; the request was accepted, but what it did is not known from the answer"},
		{&ResponseError{Operation: "getDeployment", Method: "GET", Path: "/v1/apps/1/deployments/2", StatusCode: 200, Schema: "Deployment", Other: []Other{{Field: "id", Asked: "2", Answered: "3"}}}, "getDeployment: GET /v1/apps/1/deployments/2: answered 200 OK with a Deployment about another one (its id is not the one asked for); nothing was changed"},
		{&ResponseError{Operation: "getApp", Method: "GET", Path: "/v1/apps/1", StatusCode: 200, Schema: "App", TooLarge: 8 << 20}, "getApp: GET /v1/apps/1: answered 200 OK with an answer over 8 MiB, the most this client reads; nothing was changed"},
		{&ResponseError{Operation: "getApp", Method: "GET", Path: "/v1/apps/1", StatusCode: 200, Schema: "App", TooLarge: 1000}, "getApp: GET /v1/apps/1: answered 200 OK with an answer over 1,000 bytes, the most this client reads; nothing was changed"},
		{&ResponseError{Operation: "health", Method: "GET", Path: "/health", StatusCode: 200, Unexpected: map[string]string{"status": "bad", "db": "x"}}, "health: GET /health: answered 200 OK with a response body whose db, status has a value it does not document; nothing was changed"},
		{&RequestError{Operation: "getApp", Method: "GET", Path: "/v1/apps/1", Err: refused}, "getApp: GET /v1/apps/1 failed: connect: connection refused. The request was not sent, so nothing changed"},
		{&RequestError{Operation: "createApp", Method: "POST", Path: "/v1/apps", Err: eof, Sent: true, OutcomeUnknown: true}, "createApp: POST /v1/apps failed: EOF. Outcome unknown: the request was sent but no answer came back"},
		{&RequestError{Operation: "getApp", Method: "GET", Path: "/v1/apps/1", Err: eof, Untrusted: true}, "getApp: GET /v1/apps/1 failed: EOF. The server's certificate was not trusted, so the request was not sent and nothing changed. Trying again will not help: the cause is SPICE_API_URL or the trust store (behind a TLS-inspecting proxy, its CA in SSL_CERT_FILE)"},
		{&CancelledError{Operation: "getApp", Method: "GET", Path: "/v1/apps/1"}, "getApp: cancelled during GET /v1/apps/1"},
		{&DeadlineError{}, "the time limit ran out"},
		{&DeadlineError{Limit: 30 * time.Second}, "the time limit (30s) ran out"},
		{&DeadlineError{Operation: "getApp", Method: "GET", Path: "/v1/apps/1", Wait: 1500 * time.Millisecond, Limit: time.Minute}, "getApp: GET /v1/apps/1: stopped retrying: the retry would start after the time limit (1m0s) (wait 1.5s)"},
		{&DeadlineError{Operation: "createApp", Method: "POST", Path: "/v1/apps", OutcomeUnknown: true,
			Last: &RequestError{Operation: "createApp", Method: "POST", Path: "/v1/apps", Err: eof, Sent: true, OutcomeUnknown: true}}, "createApp: POST /v1/apps: no answer before the time limit ran out; last attempt: createApp: POST /v1/apps failed: EOF. Outcome unknown: the request was sent but no answer came back. Outcome unknown: the request may or may not have been applied"},
		{&ValidationError{Operation: "createApp", Fields: rules.FieldErrors{"name": {"is required"}}}, "createApp: invalid request, nothing was sent: name: is required"},
		{ErrNoCredentials, "no Spice.ai credentials: set SPICE_API_TOKEN to a personal access token (create one at https://spice.ai/account), or SPICE_CLIENT_ID and SPICE_CLIENT_SECRET for OAuth client credentials"},
		{&TokenError{URL: "https://auth.example/token", Err: refused, Attempts: 3}, "oauth token request to https://auth.example/token failed after 3 attempts: connect: connection refused. The request was not sent"},
		{&TokenError{URL: "https://auth.example/token", Err: eof, Sent: true}, "oauth token request to https://auth.example/token failed: EOF. The request was sent but no answer came back"},
		{&TokenError{URL: "https://auth.example/token", Err: refused, Attempts: 2, SentEarlier: true}, "oauth token request to https://auth.example/token failed after 2 attempts: connect: connection refused. The last attempt was not sent; an earlier one reached the endpoint without a usable answer"},
		{&TokenError{URL: "https://auth.example/token", Err: eof, Untrusted: true}, "oauth token request to https://auth.example/token failed: EOF. The endpoint's certificate was not trusted, so the request was not sent; trying again will not help: the cause is SPICE_OAUTH_TOKEN_URL or the trust store (behind a TLS-inspecting proxy, its CA in SSL_CERT_FILE)"},
		{&TokenError{URL: "https://auth.example/token", Err: eof, Untrusted: true, SentEarlier: true, Attempts: 2}, "oauth token request to https://auth.example/token failed after 2 attempts: EOF. The endpoint's certificate was not trusted, so the last attempt was not sent (an earlier one reached the endpoint); trying again will not help: the cause is SPICE_OAUTH_TOKEN_URL or the trust store (behind a TLS-inspecting proxy, its CA in SSL_CERT_FILE)"},
		{&TokenError{URL: "https://auth.example/token", StatusCode: 400, Code: "invalid_scope", Description: "no such scope"}, "oauth token: 400 invalid_scope: no such scope: check SPICE_OAUTH_SCOPES: each scope must be one the OAuth client was granted (or unset it for all of them)"},
		{&TokenError{URL: "https://auth.example/token", StatusCode: 401, Code: "invalid_client"}, "oauth token: 401 invalid_client: check SPICE_CLIENT_ID and SPICE_CLIENT_SECRET (and SPICE_OAUTH_TOKEN_URL)"},
		{&TokenError{URL: "https://auth.example/token", StatusCode: 503, Attempts: 4}, "oauth token: the token endpoint https://auth.example/token is unavailable: 503 Service Unavailable after 4 attempts; try again later"},
		{&TokenError{URL: "https://auth.example/token", StatusCode: 503, Attempts: 3, AnsweredAttempt: 2, LaterErr: eof}, "oauth token: the token endpoint https://auth.example/token is unavailable: answered 503 Service Unavailable at attempt 2 of 3; the later attempt failed (EOF); try again later"},
		{&TokenError{URL: "https://auth.example/token", StatusCode: 503, Attempts: 4, AnsweredAttempt: 1, LaterErr: eof,
			Later: []LaterFailure{{Sent: true, First: 2, Last: 2, Count: 1, Err: eof}, {First: 3, Last: 4, Count: 2, Err: refused}}}, "oauth token: the token endpoint https://auth.example/token is unavailable: answered 503 Service Unavailable at attempt 1 of 4; attempt 2 reached the endpoint but got no answer (EOF); attempts 3 and 4 were not sent (connect: connection refused); try again later"},
		{&TokenError{URL: "https://auth.example/token", StatusCode: 200, NoAccessToken: true}, "oauth token: https://auth.example/token answered 200 OK without a usable token: no access_token"},
		{&TokenError{URL: "https://auth.example/token", StatusCode: 200, TokenType: "mac"}, "oauth token: https://auth.example/token answered 200 OK without a usable token: token_type \"mac\", not Bearer"},
		{&TokenError{URL: "https://auth.example/token", StatusCode: 200, BadAccessToken: true}, "oauth token: https://auth.example/token answered 200 OK without a usable token: an access_token no Authorization header can carry (blank, or holding a line break or another control character)"},
		{&TokenError{URL: "https://auth.example/token", StatusCode: 418}, "oauth token: https://auth.example/token answered 418 I'm a teapot"},
		{&TokenError{URL: "https://auth.example/token", StatusCode: 401, Code: "invalid_client", Reused: true, Age: 1234 * time.Millisecond, NextIn: 4 * time.Second}, "oauth token: 401 invalid_client: check SPICE_CLIENT_ID and SPICE_CLIENT_SECRET (and SPICE_OAUTH_TOKEN_URL) (the failure of 1.234s ago, not asked again; the next token request is made in 4s)"},
	}
}

// TestR48Words2ErrorTexts: each client error says what it said before its words moved.
func TestR48Words2ErrorTexts(t *testing.T) {
	for i, c := range r48Words2Errors() {
		if got := c.err.Error(); got != c.want {
			t.Errorf("%d: %T.Error() =\n%q\nwant\n%q", i, c.err, got, c.want)
		}
	}
}
