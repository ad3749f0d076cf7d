// Package httpsafe holds the checks every HTTP listener of the server shares: what Host names
// loopback (DNS-rebinding protection), how a secret a request carries is compared, and that a
// refusal never waits on the body it refused (CloseUnread).
package httpsafe

import (
	"crypto/sha256"
	"crypto/subtle"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"time"
)

// LoopbackHost reports whether a host or host:port (a Host header, a listener's address) names
// loopback: localhost by its name, as browsers resolve it, or an address in 127.0.0.0/8 or ::1.
func LoopbackHost(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// SameSecret reports whether got equals want in time that depends on neither's content nor
// length: subtle.ConstantTimeCompare returns at once when the lengths differ, which would tell
// the secret's length; the SHA-256 digests it compares here always have 32 bytes.
func SameSecret(got, want string) bool {
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1
}

// CloseUnread closes the connection after any response written before the request's body was
// read to its end (a refusal sent on the headers alone: a method, a media type, an Origin or
// Host, credentials). Without it net/http reads up to 256 KiB of the unread body before it
// writes the response, to keep the connection for another request, so a chunked body sent
// slowly held the refusal and its connection until the read timeout. The response's
// Connection: close makes net/http answer at once, and the read deadline set when the handler
// returns keeps it from reading the body after the answer: the connection closes at once.
func CloseUnread(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength == 0 || r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		body := &eofBody{ReadCloser: r.Body}
		r.Body = body
		u := &unreadCloser{ResponseWriter: w, body: body}
		next.ServeHTTP(u, r)
		u.start() // a handler that wrote nothing: net/http answers 200 for it
		if !body.done.Load() {
			// net/http still reads up to 256 KiB of the body once the handler returns, even on
			// a connection it closes next; with the read deadline passed that read ends at once.
			_ = http.NewResponseController(w).SetReadDeadline(time.Now())
		}
	})
}

// eofBody records that its body was read to its end.
type eofBody struct {
	io.ReadCloser
	done atomic.Bool
}

func (b *eofBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF {
		b.done.Store(true)
	}
	return n, err
}

// unreadCloser adds Connection: close to a response that starts while its body is unread.
type unreadCloser struct {
	http.ResponseWriter
	body    *eofBody
	started bool
}

func (u *unreadCloser) start() {
	if !u.started {
		u.started = true
		if !u.body.done.Load() {
			u.ResponseWriter.Header().Set("Connection", "close")
		}
	}
}

func (u *unreadCloser) WriteHeader(status int) {
	if status >= 200 { // 1xx (such as 103) are not the response
		u.start()
	}
	u.ResponseWriter.WriteHeader(status)
}

func (u *unreadCloser) Write(p []byte) (int, error) {
	u.start()
	return u.ResponseWriter.Write(p)
}

func (u *unreadCloser) Flush() {
	u.start()
	if f, ok := u.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection's own writer.
func (u *unreadCloser) Unwrap() http.ResponseWriter { return u.ResponseWriter }
