package client

import "context"

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

// lentCredentials reports whether ctx is a request the server lends its credentials to.
func lentCredentials(ctx context.Context) bool {
	lent, _ := ctx.Value(lentKey{}).(bool)
	return lent
}

// lendTokenError marks a token request's failure for a request that ctx lends the server's
// credentials to (TokenError.Lent). The token source is shared across requests, and so may be
// the failure it answers with: the mark goes on a copy, this request's only.
func lendTokenError(ctx context.Context, err error) error {
	if te, ok := err.(*TokenError); ok && lentCredentials(ctx) {
		own := *te
		own.Lent = true
		return &own
	}
	return err
}
