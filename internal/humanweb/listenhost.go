package humanweb

import (
	"context"
	"net"
	"net/netip"
	"strings"
)

// LookupHost resolves a host name to addresses, as net.Resolver.LookupHost does.
type LookupHost func(ctx context.Context, host string) ([]string, error)

// ListenHost is the host of an address to listen on, resolved once at start-up, so that what is
// judged loopback is exactly what gets bound: a name (localhost included) is loopback only when
// every address it resolves to is, never by its spelling (/etc/hosts or DNS may say otherwise).
type ListenHost struct {
	// Bind is the host to listen on: for a name judged loopback, the address it resolved to
	// (IPv4 first, as net.Listen picks), so no second lookup can land elsewhere; else as given.
	Bind string
	// Loopback: an IP literal that is loopback, or a name whose every address is.
	Loopback bool
	// Addrs is what a name resolved to (none for an IP literal, or when the lookup failed).
	Addrs []string
	// Err is a name's lookup failure.
	Err error
}

// BrokenPromise reports a host spelled "localhost" that did not resolve to loopback addresses
// only: the operator meant loopback, and listening there would not be.
func (h ListenHost) BrokenPromise(host string) bool {
	return strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") && !h.Loopback
}

// ResolveListenHost resolves host with lookup (nil: net.DefaultResolver's). "" is loopback
// (a port alone binds 127.0.0.1).
func ResolveListenHost(ctx context.Context, lookup LookupHost, host string) ListenHost {
	literal := strings.Trim(host, "[]")
	if host == "" {
		return ListenHost{Bind: "127.0.0.1", Loopback: true}
	}
	if ip, err := netip.ParseAddr(literal); err == nil {
		return ListenHost{Bind: literal, Loopback: ip.IsLoopback()}
	}
	if lookup == nil {
		lookup = net.DefaultResolver.LookupHost
	}
	addrs, err := lookup(ctx, host)
	if err != nil {
		return ListenHost{Bind: host, Err: err}
	}
	resolved := ListenHost{Bind: host, Addrs: addrs, Loopback: len(addrs) > 0}
	var first netip.Addr
	for _, a := range addrs {
		ip, err := netip.ParseAddr(a)
		if err != nil || !ip.IsLoopback() {
			resolved.Loopback = false
			continue
		}
		if !first.IsValid() || ip.Is4() && !first.Is4() {
			first = ip
		}
	}
	if resolved.Loopback {
		resolved.Bind = first.String()
	}
	return resolved
}
