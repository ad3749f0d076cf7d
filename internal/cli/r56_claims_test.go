package cli_test

import (
	"strings"
	"testing"
)

// TestR56ClaimsServerTokenWithoutCredentialsSaysOneThing: --http-allow-server-token with no
// Spice.ai credentials warns that it has none to lend; it must not also warn that every local
// user "can act with the server's own Spice credentials", which it has not. With credentials
// the loopback warning stays.
func TestR56ClaimsServerTokenWithoutCredentialsSaysOneThing(t *testing.T) {
	h := startHTTP(t, nil, "--http-allow-server-token")
	log := h.stderr.String()
	h.stop()
	if !strings.Contains(log, "has none to lend") {
		t.Errorf("no warning that there is nothing to lend:\n%s", log)
	}
	if strings.Contains(log, "act with the server's own Spice credentials") {
		t.Errorf("without credentials the start-up also says local users can act with them:\n%s", log)
	}
	h = startHTTP(t, map[string]string{"SPICE_API_TOKEN": "spat_r56claimsservertoken0000"}, "--http-allow-server-token")
	log = h.stderr.String()
	h.stop()
	if strings.Contains(log, "has none to lend") || !strings.Contains(log, "act with the server's own Spice credentials") {
		t.Errorf("with credentials, the loopback warning is not the one logged:\n%s", log)
	}
}
