package mcpserver

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/httpsafe"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// connRefusals logs what Go's http.Server refuses before any handler runs: headers over the
// size limit (431), a request it cannot parse (400, 501, 505, 417), headers that do not arrive
// within the header timeout (closed without an answer). net/http logs none of these (its
// ErrorLog hears of none), so an operator whose client "cannot connect" saw nothing. The
// listener's connections (markedConn) watch their own reads and writes: a response net/http
// writes between reporting a request read (StateActive) and running its handler is its own
// refusal; a read that times out while a request's headers are arriving is the header timeout.
// They also answer, at once, a connection that opens with a TLS handshake or a PROXY protocol
// header, which net/http would hold until the header timeout (no line ends a ClientHello) and
// then close without a word. Lines go through refusalLogger (one per kind per burst) and name
// the kind and the remedy, never a byte the client sent.
type connRefusals struct {
	logger *slog.Logger
	// headerTimeout is the server's ReadHeaderTimeout, which the log line names.
	headerTimeout time.Duration
}

// The phases of a request on a markedConn (markedConn.phase).
const (
	// phaseReading: net/http reads a request's headers, or waits for the next one.
	phaseReading int32 = iota
	// phaseRead: net/http reported the request read (StateActive) and has not run a handler:
	// what it writes now is its own refusal.
	phaseRead
	// phaseHandled: a handler runs, or ran, for the request.
	phaseHandled
)

// requestRead marks c's request read by net/http (StateActive).
func requestRead(c any) {
	if m, ok := c.(*markedConn); ok && m.refusals != nil {
		m.phase.Store(phaseRead)
	}
}

// handlerRuns marks c's request handled: what is written from now on is the handler's.
func handlerRuns(c any) {
	if m, ok := c.(*markedConn); ok && m.refusals != nil {
		m.phase.Store(phaseHandled)
		m.served.Store(true)
	}
}

// connectionIdle marks c waiting for its next request.
func connectionIdle(c any) {
	if m, ok := c.(*markedConn); ok && m.refusals != nil {
		m.phase.Store(phaseReading)
	}
}

func (c *markedConn) Write(p []byte) (int, error) {
	if c.refusals != nil && c.phase.Load() == phaseRead {
		c.refusals.ownAnswer(c, p)
	}
	return c.Conn.Write(p)
}

// ownAnswer logs net/http's own answer p to a request it refused before any handler (its status
// line: net/http's constant text, such as "400 Bad Request: malformed Host header").
func (r *connRefusals) ownAnswer(c *markedConn, p []byte) {
	if c.stalled.Load() {
		return // the header timeout, logged (readFailed); net/http may still answer what it read
	}
	line, _, _ := bytes.Cut(p, []byte("\r\n"))
	_, status, ok := bytes.Cut(line, []byte(" "))
	if !ok || !bytes.HasPrefix(line, []byte("HTTP/1.")) || len(status) < 3 || status[0] == '1' {
		return
	}
	code, err := strconv.Atoi(string(status[:3]))
	if err != nil {
		return
	}
	if code < 400 {
		// An answer, not a refusal: net/http's own 200 to OPTIONS * (a load balancer's health
		// check, or a probe). Debug only, as checks come every few seconds; the connection was
		// served, so its idle close is not taken for silence.
		c.served.Store(true)
		r.logger.Debug("answered OPTIONS * (net/http's own 200, before any handler)", "status", code, "remote", c.RemoteAddr().String())
		return
	}
	why, remedy := "request refused before it was read: not a valid HTTP/1.1 request", present.ConnRefusalRemedyMalformed
	switch code {
	case http.StatusRequestHeaderFieldsTooLarge:
		r.logger.Info("request refused before it was read: its line and headers are over the size limit",
			"status", code, "remote", c.RemoteAddr().String(), "max_header_bytes", maxHeaderBytes, "remedy", present.ConnRefusalRemedyHeadersTooLarge)
		return
	case http.StatusNotImplemented:
		why, remedy = "request refused before it was read: a Transfer-Encoding other than chunked", present.ConnRefusalRemedyTransferEncoding
	case http.StatusHTTPVersionNotSupported:
		why, remedy = "request refused before it was read: an HTTP version other than 1.x", present.ConnRefusalRemedyVersion
	case http.StatusExpectationFailed:
		why, remedy = "request refused before it was read: an Expect header other than 100-continue", present.ConnRefusalRemedyExpect
	}
	if len(status) > 120 || !printableASCII(status) {
		status = status[:3]
	}
	r.logger.Info(why, "status", code, "remote", c.RemoteAddr().String(), "answer", string(status), "remedy", remedy)
}

func printableASCII(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// readFailed logs a read of c that timed out while a request's headers were arriving (the
// header timeout: net/http closes without an answer); a connection that never sent a byte is
// logged at debug only (a browser's or a proxy's spare connection may wait so), and one idle
// between requests not at all (the idle timeout).
func (r *connRefusals) readFailed(c *markedConn, err error) {
	if !isTimeout(err) || c.phase.Load() != phaseReading {
		return
	}
	switch {
	case c.sending.Load() != 0:
		c.stalled.Store(true)
		r.logger.Info("connection closed: its request's headers did not arrive in time",
			"remote", c.RemoteAddr().String(), "read_header_timeout", r.headerTimeout.String(), "remedy", present.ConnRefusalRemedySlowHeaders)
	case !c.served.Load():
		r.logger.Debug("connection closed: it sent no request in time",
			"remote", c.RemoteAddr().String(), "read_header_timeout", r.headerTimeout.String())
	}
}

// tlsRecordHandshake, proxySignatures and http2Preface open what a client that is not speaking
// plain HTTP/1.x sends first: a TLS record of type handshake (0x16) of version 3.x, the PROXY
// protocol's header, version 1 or 2, and HTTP/2's connection preface (h2c with prior knowledge).
var (
	tlsRecordHandshake = []byte{0x16, 0x03}
	proxySignatures    = [][]byte{[]byte("PROXY "), []byte("\r\n\r\n\x00\r\nQUIT\n")}
	http2Preface       = []byte("PRI * HTTP/2.0\r\n")
)

// foreignOpening answers, at once, a connection whose first bytes p are a TLS handshake, a
// PROXY protocol header or HTTP/2's preface, and logs it; it reports whether it did (the connection then ends).
func (r *connRefusals) foreignOpening(c *markedConn, p []byte) bool {
	why, remedy, answer := "", "", ""
	switch {
	case bytes.HasPrefix(p, tlsRecordHandshake):
		why, remedy, answer = "connection refused: it opened with a TLS handshake on the plain HTTP port", present.ConnRefusalRemedyTLS, present.PlainHTTPOnlyTLS
	case bytes.HasPrefix(p, proxySignatures[0]) || bytes.HasPrefix(p, proxySignatures[1]):
		why, remedy, answer = "connection refused: it opened with a PROXY protocol header", present.ConnRefusalRemedyProxyProtocol, present.PlainHTTPOnlyProxyProtocol
	case bytes.HasPrefix(p, http2Preface):
		// net/http passes the preface to the handler as a request without a Host, which the
		// Host check refused as DNS rebinding.
		why, remedy, answer = "connection refused: it opened with HTTP/2 (prior knowledge) where the server speaks HTTP/1.1", present.ConnRefusalRemedyHTTP2, present.PlainHTTPOnlyHTTP2
	default:
		return false
	}
	r.logger.Info(why, "status", http.StatusBadRequest, "remote", c.RemoteAddr().String(), "remedy", remedy)
	httpsafe.MarkUnread(c) // what it still sends stays unread: close lingering, so the answer arrives
	_ = c.Conn.SetWriteDeadline(time.Now().Add(time.Second))
	_, _ = io.WriteString(c.Conn, "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n"+
		"Content-Length: "+strconv.Itoa(len(answer))+"\r\n\r\n"+answer)
	return true
}
