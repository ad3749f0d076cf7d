package cli

import (
	"errors"
	"net"
	"os"
	"syscall"
	"testing"
)

// A listen refused because the address is taken is told apart from other listen errors on
// every platform: Unix's EADDRINUSE, and Windows' WSAEADDRINUSE (10048), which Go's syscall
// package does not name.
func TestR46SandboxAddressInUseOnEveryPlatform(t *testing.T) {
	listenErr := func(errno syscall.Errno) error {
		return &net.OpError{Op: "listen", Net: "tcp", Err: os.NewSyscallError("bind", errno)}
	}
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"Unix", listenErr(syscall.EADDRINUSE), true},
		{"Windows", listenErr(syscall.Errno(10048)), true},
		{"permission", listenErr(syscall.EACCES), false},
		{"other", errors.New("listen tcp: address 127.0.0.1:x: invalid port"), false},
		{"none", nil, false},
	} {
		if got := addressInUse(tc.err); got != tc.want {
			t.Errorf("%s: addressInUse(%v) = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}

	// The real refusal of this platform.
	held, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	if _, err := net.Listen("tcp", held.Addr().String()); !addressInUse(err) {
		t.Errorf("a second listen on %s: %v, not recognised as in use", held.Addr(), err)
	}
}
