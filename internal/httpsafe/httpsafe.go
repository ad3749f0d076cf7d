// Package httpsafe holds the checks every HTTP listener of the server shares: what Host names
// loopback (DNS-rebinding protection) and how a secret a request carries is compared.
package httpsafe

import (
	"crypto/sha256"
	"crypto/subtle"
	"net"
	"net/netip"
	"strings"
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
