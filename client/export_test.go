package client

import (
	"context"
	"net/http"
	"time"
)

// SetSleep replaces the backoff wait, so tests can record waits instead of sleeping.
func SetSleep(c *Client, sleep func(ctx context.Context, d time.Duration) error) { c.sleep = sleep }

// SetTokenClock replaces the clock a ClientCredentials uses to judge expiry.
func SetTokenClock(cc *ClientCredentials, now func() time.Time) { cc.now = now }

// Transport is the *http.Transport of a client built without Config.HTTPClient.
func Transport(c *Client) *http.Transport { return c.http.Transport.(*http.Transport) }

// SetTokenSleep replaces the wait between token request attempts.
func SetTokenSleep(cc *ClientCredentials, sleep func(ctx context.Context, d time.Duration) error) {
	cc.sleep = sleep
}

// SetMaxResponseBytes lowers the most the client reads of one answer (MaxResponseBytes).
func SetMaxResponseBytes(c *Client, n int64) { c.maxBody = n }
