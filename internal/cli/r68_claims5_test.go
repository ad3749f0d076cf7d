package cli_test

import (
	"strings"
	"testing"
)

// TestR68Claims5PlainHTTPWarningLeftOutOnlyForLoopbackOnly: README's "localhost in a plain-http
// SPICE_API_URL or SPICE_OAUTH_TOKEN_URL is resolved too: the start-up warning about sending
// credentials unencrypted is left out only when it resolves to loopback addresses only". For each
// variable, localhost resolving to loopback addresses only gets no warning; resolving elsewhere,
// or to loopback and one other address (a hosts file or resolver that adds one), gets it, naming
// the variable and never the credential.
func TestR68Claims5PlainHTTPWarningLeftOutOnlyForLoopbackOnly(t *testing.T) {
	for _, c := range []struct {
		variable string
		env      map[string]string
	}{
		{"SPICE_API_URL", map[string]string{"SPICE_API_URL": "http://localhost:8787", "SPICE_API_TOKEN": "spat_CANARY0123456789"}},
		{"SPICE_OAUTH_TOKEN_URL", map[string]string{"SPICE_OAUTH_TOKEN_URL": "http://localhost:8787/api/oauth/token",
			"SPICE_CLIENT_ID": "id", "SPICE_CLIENT_SECRET": "CANARYsecret0123"}},
	} {
		for _, r := range []struct {
			addrs []string
			warns bool
		}{
			{[]string{"127.0.0.1", "::1"}, false},
			{[]string{"127.0.0.1"}, false},
			{[]string{"192.0.2.7"}, true},
			{[]string{"127.0.0.1", "192.0.2.7"}, true},
			{[]string{"::1", "2001:db8::7"}, true},
		} {
			got := r48ProxyRunEnv(t, map[string][]string{"localhost": r.addrs}, c.env)
			warned := strings.Contains(got.stderr, c.variable+" is plain http to localhost")
			if got.code != 0 || warned != r.warns || strings.Contains(got.stderr, "CANARY") {
				t.Errorf("%s, localhost resolving to %v: exit %d, warned %v, want %v\n%s", c.variable, r.addrs, got.code, warned, r.warns, got.stderr)
			}
		}
	}
}
