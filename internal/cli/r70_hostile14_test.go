package cli_test

import (
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// TestR70Hostile14StartupRefusalsShowNoToken: a token of each family put where the client's
// settings are read (a variable holding the wrong value) or in the emulator's flags is refused
// at start-up on stderr without showing it.
func TestR70Hostile14StartupRefusalsShowNoToken(t *testing.T) {
	for _, k := range testutil.R66HostileTokens() {
		for _, c := range []struct {
			env  map[string]string
			args []string
		}{
			{env: map[string]string{"SPICE_API_MAX_IDLE_CONNS": k.Value}},
			{env: map[string]string{"SPICE_API_MAX_IDLE_CONNS": "12 " + k.Value}},
			{env: map[string]string{"SPICE_API_URL": k.Value}},
			{env: map[string]string{"SPICE_API_URL": "https://api.spice.ai/" + k.Value}},
			{env: map[string]string{"SPICE_OAUTH_TOKEN_URL": k.Value, "SPICE_CLIENT_ID": "id", "SPICE_CLIENT_SECRET": "secret"}},
			{env: map[string]string{"SPICE_CLIENT_ID": k.Value}},
			{env: map[string]string{"SPICE_ORG": k.Value + " x"}},
			{args: []string{"sandbox-api", "--token", "value=" + k.Value}},
			{args: []string{"sandbox-api", "--token", "value=" + k.Value + ",org=nope"}},
			{args: []string{"sandbox-api", "--oauth-client", "client_id=a,client_secret=" + k.Value}},
			{args: []string{"sandbox-api", "--org", "slug=" + k.Value}},
			{args: []string{"sandbox-api", "--fault", "code=" + k.Value}},
			{args: []string{"sandbox-api", "--allowed-hosts", k.Value + "/x"}},
			{args: []string{"--http-max-body", k.Value}},
			{args: []string{"--tool-timeout", k.Value}},
			{args: []string{"--log-level", k.Value}},
			{args: []string{"--http", k.Value}},
		} {
			got := run(t, c.env, c.args...)
			if k.Leaked(got.stderr) || k.Leaked(got.stdout) || got.code != 2 {
				t.Errorf("%s in %v %v: exit %d, shown: %.400s", k.Family, c.env, c.args, got.code, got.stderr+got.stdout)
			}
		}
	}
}
