package client

import (
	"context"
	"errors"
)

// Lent credentials: over HTTP under --http-allow-server-token, a request that brings no bearer
// token acts with the server's own credentials. The API's 401 to them is the operator's to fix,
// and the caller runs no server: its remedy names none of the server's settings, and says that
// the caller can send a token of its own (APIError.Lent).

type lentKey struct{}

// WithLentCredentials marks ctx as an HTTP request that brought no bearer token: what it calls
// with the server's own credentials, it calls with credentials lent to it.
func WithLentCredentials(ctx context.Context) context.Context {
	return context.WithValue(ctx, lentKey{}, true)
}

// LentCredentials reports whether ctx is an HTTP request that brought no bearer token and acts
// with the server's own credentials, lent to it: its caller runs no server (whoami names none
// of the server's settings to it).
func LentCredentials(ctx context.Context) bool { return lentCredentials(ctx) }

type httpCallerKey struct{}

// WithHTTPCaller marks ctx as an MCP request over HTTP, whatever its token: its caller does not
// start the server, so the server's settings and command line are its operator's, not the
// caller's (HTTPCaller).
func WithHTTPCaller(ctx context.Context) context.Context {
	return context.WithValue(ctx, httpCallerKey{}, true)
}

// HTTPCaller reports whether ctx is an MCP request over HTTP (WithHTTPCaller, or lent the
// server's credentials): a text names the server's flags and variables as its operator's.
func HTTPCaller(ctx context.Context) bool {
	marked, _ := ctx.Value(httpCallerKey{}).(bool)
	return marked || lentCredentials(ctx)
}

// lentCredentials reports whether ctx is a request the server lends its credentials to.
func lentCredentials(ctx context.Context) bool {
	lent, _ := ctx.Value(lentKey{}).(bool)
	return lent
}

// lendTokenError marks a token request's failure for a request that ctx lends the server's
// credentials to (TokenError.Lent). The token source is shared across requests, and so may be
// the failure it answers with: the mark goes on a copy, this request's only.
func lendTokenError(ctx context.Context, err error) error {
	if !lentCredentials(ctx) {
		return err
	}
	switch e := err.(type) {
	case *TokenError:
		own := *e
		own.Lent = true
		return &own
	case *RedirectError: // the token endpoint's redirect (Setting EnvOAuthTokenURL)
		own := *e
		own.HTTPCaller = true
		return &own
	}
	return err
}

// httpCaller reports whether a call of c under ctx is an MCP caller's over HTTP: c carries the
// caller's own bearer token (RequestToken), or ctx lends it the server's credentials. The
// server's addresses (SPICE_API_URL, SPICE_OAUTH_TOKEN_URL) are not the caller's to change.
func (c *Client) httpCaller(ctx context.Context) bool {
	return CredentialKind(c.tokens) == "request" || HTTPCaller(ctx)
}

// markHTTPCaller marks err, a call's failure to reach or use the API's address, as an HTTP
// caller's (HTTPCaller) when it is one. Only errors made for this call are marked: a token
// endpoint's failure, which the shared token source may answer other calls with, is marked on
// its copy (lendTokenError).
func (c *Client) markHTTPCaller(ctx context.Context, err error) error {
	if err == nil || !c.httpCaller(ctx) {
		return err
	}
	var reqErr *RequestError
	var redirect *RedirectError
	var incomplete *ResponseError
	var deadline *DeadlineError
	switch {
	case errors.As(err, &reqErr):
		reqErr.HTTPCaller = true
	case errors.As(err, &redirect) && redirect.Operation != TokenOperation:
		redirect.HTTPCaller = true
	case errors.As(err, &incomplete):
		incomplete.HTTPCaller = true
	case errors.As(err, &deadline):
		deadline.HTTPCaller = true
	}
	return err
}
