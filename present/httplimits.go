package present

import (
	"fmt"
	"time"
)

// TooManyConnections refuses a connection beyond the cap on open connections (503).
func TooManyConnections(limit int, retryAfter time.Duration) string {
	return fmt.Sprintf("Service unavailable: this server keeps at most %s connections open at once. "+
		"Retry in %s.", number(limit), Duration(retryAfter))
}

// TooManyConnectionsFromAddress refuses a connection of a client address that holds its whole
// share of the connection cap with requests in progress (429). It names the cause, connections,
// where the status line already says "Too Many Requests", as each HTTP refusal's first words
// name what was refused.
func TooManyConnectionsFromAddress(limit int, retryAfter time.Duration) string {
	return fmt.Sprintf("Too many connections from your address: this server keeps at most %s connections open for one client address, "+
		"and all of yours have a request in progress. Retry in %s.",
		number(limit), Duration(retryAfter))
}

// StreamsFillConnections refuses a GET stream while GET streams and requests in progress hold
// every connection at the cap (503): a stream never closes another, which would close the next
// as its client reopened it.
func StreamsFillConnections(limit int, retryAfter time.Duration) string {
	return fmt.Sprintf("Service unavailable: GET streams and requests in progress hold all %s connections this "+
		"server keeps open, and a stream never closes another. Open the stream again "+
		"in %s; requests (POST) are still served.", number(limit), Duration(retryAfter))
}

// StreamDisplaced is the SSE comment that ends a GET stream closed at the connection cap to make
// room for another client's request; the retry field with it says when to reopen (one line).
func StreamDisplaced(retryAfter time.Duration) string {
	return fmt.Sprintf("closed to make room for a request at the connection cap: "+
		"open the stream again in %s", Duration(retryAfter))
}

// EndpointMethodNotAllowed refuses a method the MCP endpoint does not serve (405).
func EndpointMethodNotAllowed(method string) string {
	return fmt.Sprintf("Method not allowed: the MCP endpoint serves POST (JSON-RPC messages), GET (the session's "+
		"stream) and DELETE (ending the session), not %.20q.", method)
}

// PathNotFound answers a path the HTTP server does not serve (404), naming the MCP endpoint's.
func PathNotFound(endpoint string) string {
	return "Not found: this server serves MCP over streamable HTTP at " + endpoint + " (not the HTTP+SSE transport's /sse), " +
		"and its health probe at /healthz."
}

// PathNotFoundUnderPrefix answers a path that ends in the MCP endpoint's (or /healthz) under a
// prefix (404): a reverse proxy in front passes its own path prefix on.
func PathNotFoundUnderPrefix(endpoint string) string {
	return "Not found: this server serves MCP over streamable HTTP at " + endpoint + " at the root of its address, " +
		"not under a path prefix. A reverse proxy in front must strip its own prefix before passing requests on."
}

// PrefixNotStrippedRemedy is the operator's remedy for a request PathNotFoundUnderPrefix answers.
func PrefixNotStrippedRemedy(endpoint string) string {
	return "a reverse proxy in front passes its path prefix on: make it strip the prefix, as the server serves " + endpoint +
		" and /healthz at its root (--http-public-url may still name the prefixed URL clients use)"
}

// BodyNotJSON refuses a POST whose Content-Type is not JSON (415).
const BodyNotJSON = "Unsupported media type: send JSON-RPC messages with Content-Type: application/json."

// StreamNotAcceptable refuses a GET whose Accept header rules out the stream it opens (406).
const StreamNotAcceptable = "Not acceptable: a GET on the MCP endpoint opens a stream of server-sent events " +
	"(text/event-stream), which the Accept header rules out; send Accept: text/event-stream, or POST JSON-RPC messages."

// LoopbackServerTokenWarning is logged when --http-allow-server-token serves a loopback address
// without a shared secret: a loopback port is reachable by every user of the host. It names the
// secret's header and its two ways (not "an auth token", which reads as SPICE_API_TOKEN).
const LoopbackServerTokenWarning = "--http-allow-server-token without a shared secret: every local user " +
	"and process of this host can reach a loopback port and act with the server's own Spice credentials. " +
	"On a shared host, set a shared secret that callers send in X-MCP-Auth-Token (--http-auth-token-file or SPICE_MCP_HTTP_AUTH_TOKEN)"
