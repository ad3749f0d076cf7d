// Package httpsafe holds the checks every HTTP listener of the server shares: what Host names
// loopback (DNS-rebinding protection), how a secret a request carries is compared, that a
// refusal never waits on the body it refused (RefuseUnread), and that it reaches a client still
// sending that body (a lingering close: linger.go).
package httpsafe

import (
	"crypto/sha256"
	"crypto/subtle"
	"net"
	"net/http"
	"net/netip"
	"strings"
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

// RefuseUnread readies a refusal written before the request's body was read (on its headers
// alone: a method, a media type, an Origin or Host, credentials): the connection closes after
// it, and the body stays unread. Without it net/http reads up to 256 KiB of the unread body
// before it writes the response, to keep the connection for another request, so a chunked
// body sent slowly held the refusal and its connection until the read timeout. With
// Connection: close net/http answers at once; the read deadline bounds what it still reads of
// the body afterwards (time for the client to read the answer before the connection closes).
func RefuseUnread(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength == 0 || r.Body == nil || r.Body == http.NoBody {
		return
	}
	w.Header().Set("Connection", "close")
	_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(rstAvoidance))
}

// rstAvoidance is how long net/http may go on reading an unread body after the answer to it,
// as it waits itself before closing a connection whose body it gave up on.
const rstAvoidance = 500 * time.Millisecond
