package present

import (
	"strconv"
	"unicode/utf8"
)

// What the operator's log says to do about a request Go's HTTP server refuses before the MCP
// server reads it (mcpserver's connRefusals), and what a client that does not speak plain HTTP
// is answered. None names a value the client sent.
const (
	ConnRefusalRemedyHeadersTooLarge = "the client, or a proxy in front, sends more request line and headers than the server reads " +
		"(about 36 KiB: a large cookie, or many headers); send fewer or smaller ones"
	ConnRefusalRemedyMalformed = "the client, or a proxy in front, does not speak HTTP/1.1 here: check its URL (http://, host and port) " +
		"and what stands in between"
	ConnRefusalRemedyTransferEncoding = "send the body with Content-Length or Transfer-Encoding: chunked"
	ConnRefusalRemedyVersion          = "speak HTTP/1.1: the server serves no other version over plain TCP"
	ConnRefusalRemedyExpect           = "send no Expect header, or Expect: 100-continue"
	ConnRefusalRemedySlowHeaders      = "the client, or a proxy in front, sent part of a request and stalled; the connection was closed without an answer"
	ConnRefusalRemedyTLS              = "the client's URL says https:// where the server speaks plain HTTP: use http://, or terminate TLS at a proxy in front"
	ConnRefusalRemedyProxyProtocol    = "the load balancer in front sends the PROXY protocol, which the server does not read: turn it off there"
	ConnRefusalRemedyHTTP2            = "the client, or a proxy in front (its upstream protocol), speaks HTTP/2 without TLS (h2c): make it speak HTTP/1.1 to the server"

	// PlainHTTPOnlyTLS answers a connection that opened with a TLS handshake (400): a client's
	// TLS library reports the answer as not TLS ("wrong version number"), and one that shows it
	// says why.
	PlainHTTPOnlyTLS = "Bad request: this server speaks plain HTTP, not TLS: use http:// in its URL."
	// PlainHTTPOnlyProxyProtocol answers a connection that opened with a PROXY protocol header
	// (400).
	PlainHTTPOnlyProxyProtocol = "Bad request: this server reads no PROXY protocol header: turn it off at the load balancer in front."
	// PlainHTTPOnlyHTTP2 answers a connection that opened with HTTP/2's preface (400).
	PlainHTTPOnlyHTTP2 = "Bad request: this server speaks HTTP/1.1 on this port, not HTTP/2 without TLS (h2c): speak HTTP/1.1 to it."

	// NoHostHeader refuses, on a loopback listener, a request without a Host header (403): an
	// HTTP/1.0 client's, such as a health checker's.
	NoHostHeader = "Forbidden: the request has no Host header; send one naming this server's address (127.0.0.1:PORT or localhost:PORT)."
	// NoHostRemedy is the operator's remedy for it.
	NoHostRemedy = "the client (often a health checker speaking HTTP/1.0) sends no Host: configure it to send one naming the server's " +
		"address; a loopback listener serves only requests whose Host names loopback or --http-public-url's host"
)

// HostRefused answers a request on a loopback listener whose Host names neither loopback nor
// the host of --http-public-url (403). trailingDot: it names loopback with a trailing dot
// (localhost., 127.0.0.1.), which is refused too: such a name may be looked up in DNS, where
// another site can answer for it. use is the address to send instead (localhost:PORT).
func HostRefused(use string, trailingDot bool) string {
	if trailingDot {
		return "Forbidden: the Host header names this machine with a trailing dot, which is refused. A name ending in a dot may be " +
			"answered by DNS rather than by this machine, where another site could rebind it to this server (DNS rebinding). " +
			"Send it without the dot: " + use + " (or 127.0.0.1:PORT)."
	}
	return "Forbidden: the Host header names neither this machine (localhost, 127.0.0.1 or [::1], written so) nor the host of the " +
		"server's --http-public-url, as a page of another site reaching this server through DNS rebinding would. Reach the server " +
		"as localhost:PORT or 127.0.0.1:PORT; behind a reverse proxy on this machine, the server's operator sets --http-public-url."
}

// OriginRefused answers a request to the MCP endpoint whose Origin is neither loopback nor one
// the operator allowed (403). trailingDot and use as HostRefused's, of the origin.
func OriginRefused(use string, trailingDot bool) string {
	if trailingDot {
		return "Forbidden: the Origin header names this machine with a trailing dot, which is refused. A name ending in a dot may be " +
			"answered by DNS rather than by this machine, so its page may be another site's. Open the page without the dot: " + use + "."
	}
	return "Forbidden: the Origin header names a page that is neither on this machine (a loopback origin: http://localhost, " +
		"http://127.0.0.1 or http://[::1], any port) nor one the server's operator allowed with --allowed-origins."
}

// SentInLog is how a refusal's log line shows a header a client sent that is no valid form (an
// Origin that does not parse, a Host of characters no host has): Go-quoted, so nothing in it
// reads as the line's own, a credential in it masked before it is cut (maskedSentHead), at
// most wordBytes of it and its length when cut.
func SentInLog(sent string) string {
	masked, _, whole := maskedSentHead(sent)
	shown, total := cut(masked, wordBytes)
	if total == 0 && whole {
		return strconv.Quote(shown)
	}
	return strconv.Quote(shown) + ShortenedNote(utf8.RuneCountInString(sent))
}
