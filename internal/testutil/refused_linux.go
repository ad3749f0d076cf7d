//go:build linux

package testutil

import (
	"context"
	"net"
	"strconv"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// RefusedAddr is a loopback address (host:port) that refuses connections for the rest of the
// test: a socket bound there and not listening holds the port, so no other process can listen
// on it and the kernel does not hand it out as a connection's own port (a dial to a port that
// was only closed could reach whatever took it since, or connect to itself).
func RefusedAddr(t testing.TB) string {
	t.Helper()
	return "127.0.0.1:" + strconv.Itoa(holdPort(t, 0))
}

// HeldListener is a loopback listener whose address refuses connections once it is closed,
// for the rest of the test: a socket bound beside it (SO_REUSEPORT) and not listening keeps the
// port, as RefusedAddr does. For an httptest.Server whose endpoint goes away mid-test, see
// HeldServer.
func HeldListener(t testing.TB) net.Listener {
	t.Helper()
	lc := net.ListenConfig{Control: func(_, _ string, c syscall.RawConn) error {
		var err error
		if cerr := c.Control(func(fd uintptr) { err = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_REUSEPORT, 1) }); cerr != nil {
			return cerr
		}
		return err
	}}
	ln, err := lc.Listen(context.Background(), "tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	holdPort(t, ln.Addr().(*net.TCPAddr).Port)
	return ln
}

// holdPort binds a socket to 127.0.0.1:port (0: a free port the kernel picks) without
// listening, until the test ends, and returns the port. A nonzero port is shared with a
// listener that set SO_REUSEPORT (HeldListener).
func holdPort(t testing.TB, port int) int {
	t.Helper()
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = unix.Close(fd) })
	if port != 0 {
		if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEPORT, 1); err != nil {
			t.Fatal(err)
		}
	}
	if err := unix.Bind(fd, &unix.SockaddrInet4{Port: port, Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatalf("holding 127.0.0.1:%d: %v", port, err)
	}
	sa, err := unix.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	return sa.(*unix.SockaddrInet4).Port
}
