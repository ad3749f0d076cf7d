package cli_test

import (
	"net"
	"strconv"
	"strings"
	"testing"
)

// r45SandboxBusyPort holds a loopback port for the test's lifetime and returns its address.
func r45SandboxBusyPort(t *testing.T) (addr string, port int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln.Addr().String(), ln.Addr().(*net.TCPAddr).Port
}

// An address already in use is named with its flag, and another port is suggested: for --http
// and for sandbox-api --listen alike.
func TestR45SandboxAddressInUseNamesFlagAndSuggestsPort(t *testing.T) {
	addr, port := r45SandboxBusyPort(t)
	next := "127.0.0.1:" + strconv.Itoa(port+1)
	for _, tc := range []struct {
		flag string
		args []string
	}{
		{"--http", []string{"--sandbox", "--http", addr}},
		{"--listen", []string{"sandbox-api", "--listen", addr}},
	} {
		got := run(t, nil, tc.args...)
		if got.code != 1 {
			t.Errorf("%s: exit %d:\n%s", tc.flag, got.code, got.stderr)
		}
		for _, want := range []string{tc.flag + " " + addr, "already in use", "another port", tc.flag + " " + next} {
			if !strings.Contains(got.stderr, want) {
				t.Errorf("%s: stderr lacks %q:\n%s", tc.flag, want, got.stderr)
			}
		}
	}
}
