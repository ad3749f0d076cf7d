package present

import (
	"strings"
	"testing"
)

// TestR55NewcomerLoopbackWarningSaysHowToSetTheSecret: the start-up warning for
// --http-allow-server-token on loopback without a shared secret ended "set an auth token", which a
// newcomer reads as SPICE_API_TOKEN (the one token README's Install section has them set). It
// names the shared secret, the header callers send it in, and the two ways README gives to set it.
func TestR55NewcomerLoopbackWarningSaysHowToSetTheSecret(t *testing.T) {
	for _, want := range []string{"shared secret", "X-MCP-Auth-Token", "--http-auth-token-file", "SPICE_MCP_HTTP_AUTH_TOKEN",
		"every local user and process of this host can reach a loopback port"} {
		if !strings.Contains(LoopbackServerTokenWarning, want) {
			t.Errorf("the warning does not say %q: %s", want, LoopbackServerTokenWarning)
		}
	}
	if strings.Contains(LoopbackServerTokenWarning, "auth token") {
		t.Errorf("the warning says \"auth token\", read as the Spice.ai API token: %s", LoopbackServerTokenWarning)
	}
}
