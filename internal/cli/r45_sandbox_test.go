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

// Over HTTP each request brings its own token: server credentials set in the environment are
// not used, and a start-up note says so, naming the variables (never their values); with
// --http-allow-server-token they are lent, and no note is given.
func TestR45SandboxHTTPNotesUnusedServerCredentials(t *testing.T) {
	const token = "spat_r45-unused-server-token-0123456789"
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want []string // "" = no note
	}{
		{"token, each request its own", map[string]string{"SPICE_API_TOKEN": token}, nil,
			[]string{"SPICE_API_TOKEN is set but not used", "--http-allow-server-token"}},
		{"OAuth client", map[string]string{"SPICE_CLIENT_ID": "ci", "SPICE_CLIENT_SECRET": token}, nil,
			[]string{"SPICE_CLIENT_ID and SPICE_CLIENT_SECRET are set but not used"}},
		{"sandbox", map[string]string{"SPICE_API_TOKEN": token}, []string{"--sandbox"},
			[]string{"SPICE_API_TOKEN is set but not used", "--sandbox", "`sandbox`"}},
		{"lent", map[string]string{"SPICE_API_TOKEN": token}, []string{"--http-allow-server-token"}, nil},
		{"none set", nil, nil, nil},
	} {
		s := startHTTP(t, tc.env, tc.args...)
		s.stop()
		logs := s.stderr.String()
		if strings.Contains(logs, token) {
			t.Errorf("%s: the secret is logged:\n%s", tc.name, logs)
		}
		if tc.want == nil {
			if strings.Contains(logs, "not used") {
				t.Errorf("%s: a note where the credentials are used or absent:\n%s", tc.name, logs)
			}
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(logs, w) {
				t.Errorf("%s: no %q in:\n%s", tc.name, w, logs)
			}
		}
	}
}
