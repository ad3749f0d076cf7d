package cli

import (
	"errors"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/httpsafe"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// allowedHost is an --allowed-hosts entry: a host (lower case; an IP address as netip spells
// it) and, when given, the one port it is allowed on.
type allowedHost struct{ host, port string }

func (a allowedHost) String() string {
	if a.port == "" {
		return a.host
	}
	return net.JoinHostPort(a.host, a.port)
}

// parseAllowedHost reads an --allowed-hosts entry: host or host:port, an IPv6 address in
// brackets when a port follows. Never a URL or a wildcard: the entry is compared with Host
// headers, whole.
func parseAllowedHost(entry string) (allowedHost, error) {
	e := strings.ToLower(strings.TrimSpace(entry))
	if e == "" {
		return allowedHost{}, errors.New(present.SandboxAllowedHostEmpty)
	}
	if strings.Contains(e, "/") {
		return allowedHost{}, errors.New(present.SandboxAllowedHostURL(entry))
	}
	host, port := e, ""
	if h, p, err := net.SplitHostPort(e); err == nil {
		n, err := strconv.ParseUint(p, 10, 16)
		if err != nil || n == 0 {
			return allowedHost{}, errors.New(present.SandboxAllowedHostPort(entry))
		}
		host, port = h, strconv.FormatUint(n, 10)
	} else if _, err := netip.ParseAddr(strings.Trim(e, "[]")); err != nil && strings.ContainsAny(e, ":[]") {
		return allowedHost{}, errors.New(present.SandboxAllowedHostNotHost(entry)) // a bare IPv6 address has colons but no port
	}
	if name, ok := hostName(host); ok {
		return allowedHost{host: name, port: port}, nil
	}
	return allowedHost{}, errors.New(present.SandboxAllowedHostNotHost(entry))
}

// hostName is host as Host headers are compared: an IP address as netip spells it, a DNS name
// in lower case; ok is false for anything else.
func hostName(host string) (string, bool) {
	host = strings.ToLower(host)
	if ip, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		return ip.Unmap().String(), true
	}
	if host == "" || strings.HasPrefix(host, ".") || strings.Contains(host, "..") {
		return "", false
	}
	return host, strings.Trim(host, "abcdefghijklmnopqrstuvwxyz0123456789.-_") == ""
}

// hostGuard decides which Host headers sandbox-api serves: on a loopback listener loopback ones
// and those of --allowed-hosts (a page that rebinds its name to 127.0.0.1, DNS rebinding,
// sends its own name); beyond loopback (0.0.0.0 in a container, reached by a service name) it
// cannot know its names, so, as the MCP endpoint, it checks none unless --allowed-hosts
// names them. What counts is the listener's address, not the connection's.
type hostGuard struct {
	check   bool
	allowed []allowedHost
}

func newHostGuard(listener net.Addr, allowed []allowedHost) hostGuard {
	return hostGuard{check: httpsafe.LoopbackHost(listener.String()) || len(allowed) > 0, allowed: allowed}
}

// serves reports whether a request with this Host header is answered.
func (g hostGuard) serves(hostport string) bool {
	if !g.check || httpsafe.LoopbackHost(hostport) {
		return true
	}
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = hostport, ""
	}
	name, ok := hostName(host)
	for _, a := range g.allowed {
		if ok && a.host == name && (a.port == "" || a.port == port) {
			return true
		}
	}
	return false
}

// wrap puts the check before every path, in the API's error envelope; 403 as the MCP
// endpoint answers the same refusal (and the API a request it will not serve), so a client
// of either sees one status for one cause.
func (g hostGuard) wrap(next http.Handler) http.Handler {
	if !g.check {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !g.serves(r.Host) {
			sandbox.WriteError(w, http.StatusForbidden, "host_not_allowed", present.SandboxHostRefused(r.Host))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// summary is what the start-up line says about Host headers.
func (g hostGuard) summary() string {
	if !g.check {
		return present.SandboxHostsAny
	}
	parts := []string{"loopback"}
	for _, a := range g.allowed {
		parts = append(parts, a.String())
	}
	return strings.Join(parts, " ")
}
