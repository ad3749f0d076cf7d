//go:build !linux

package testutil

import (
	"net"
	"testing"
)

// RefusedAddr is a loopback address (host:port) that refuses connections: here, a port that
// was listened on and closed (Linux holds it for the test's duration; see refused_linux.go).
func RefusedAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

// HeldListener is a loopback listener whose address refuses connections once it is closed
// (Linux holds the port for the test's duration; here it is only closed).
func HeldListener(t testing.TB) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	return ln
}
