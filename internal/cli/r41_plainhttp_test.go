package cli_test

import (
	"strings"
	"testing"
)

// TestR41CliPlainHTTPToARemoteHostIsFlagged: SPICE_API_URL=http://api.spice.ai (a dropped "s")
// or an http SPICE_OAUTH_TOKEN_URL makes every request carry the token or the client secret in
// cleartext to a host beyond this machine. The server still starts (sandbox-api on a test
// machine of the LAN is legitimate) but warns, naming the variable and the host, never the
// credential. Loopback (sandbox-api's usual place), https, and a token URL that is not used
// (a personal access token wins over client credentials) are not warned about.
func TestR41CliPlainHTTPToARemoteHostIsFlagged(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string // "" for no warning
	}{
		{map[string]string{"SPICE_API_URL": "http://api.spice.ai", "SPICE_API_TOKEN": "spat_CANARY0123456789"},
			"SPICE_API_URL is plain http to api.spice.ai, which is not this machine: this sends every request's API token"},
		{map[string]string{"SPICE_API_URL": "http://10.1.2.3:8787/"}, "SPICE_API_URL is plain http to 10.1.2.3,"},
		{map[string]string{"SPICE_OAUTH_TOKEN_URL": "http://spice.ai/api/oauth/token", "SPICE_CLIENT_ID": "id", "SPICE_CLIENT_SECRET": "CANARYsecret0123"},
			"SPICE_OAUTH_TOKEN_URL is plain http to spice.ai, which is not this machine: this sends the OAuth client secret"},
		{map[string]string{"SPICE_API_URL": "http://127.0.0.1:8787", "SPICE_API_TOKEN": "spat_CANARY0123456789"}, ""},
		{map[string]string{"SPICE_API_URL": "http://localhost:8787", "SPICE_API_TOKEN": "spat_CANARY0123456789"}, ""},
		{map[string]string{"SPICE_API_URL": "http://[::1]:8787", "SPICE_API_TOKEN": "spat_CANARY0123456789"}, ""},
		{map[string]string{"SPICE_API_URL": "https://api.example.com", "SPICE_API_TOKEN": "spat_CANARY0123456789"}, ""},
		{map[string]string{"SPICE_OAUTH_TOKEN_URL": "http://127.0.0.1:8787/api/oauth/token", "SPICE_CLIENT_ID": "id", "SPICE_CLIENT_SECRET": "CANARYsecret0123"}, ""},
		{map[string]string{"SPICE_OAUTH_TOKEN_URL": "http://spice.ai/api/oauth/token", "SPICE_API_TOKEN": "spat_CANARY0123456789",
			"SPICE_CLIENT_ID": "id", "SPICE_CLIENT_SECRET": "CANARYsecret0123"}, ""},
	} {
		got := run(t, c.env)
		if got.code != 0 {
			t.Errorf("%v: exit %d, want 0 (warned, not refused):\n%s", c.env, got.code, got.stderr)
			continue
		}
		warned := strings.Contains(got.stderr, "unencrypted")
		switch {
		case c.want == "" && warned:
			t.Errorf("%v: warned about plain http where nothing crosses the network:\n%s", c.env, got.stderr)
		case c.want != "" && !strings.Contains(got.stderr, c.want):
			t.Errorf("%v: want the warning %q:\n%s", c.env, c.want, got.stderr)
		case strings.Contains(got.stderr, "CANARY"):
			t.Errorf("%v: a credential is echoed:\n%s", c.env, got.stderr)
		}
	}
}
