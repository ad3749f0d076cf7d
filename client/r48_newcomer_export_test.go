package client

import "time"

// R48NewcomerRequestTimeout is the per-request limit of a client built without Config.HTTPClient.
func R48NewcomerRequestTimeout(c *Client) time.Duration { return c.http.Timeout }
