package cli_test

import (
	"strings"
	"testing"
)

// TestR63Httpmode7StartupSaysEveryRequestNeedsABearer: --http without --http-allow-server-token
// and without credentials of its own refuses every request that brings no bearer token (401),
// and its start-up said nothing of it: an operator whose client sent none saw only 401s. It says
// so once, at info (no warning: the setup is a normal one), naming the flag, and the shared
// secret when one is set; with credentials set, the line that says they are unused says it
// instead, and with --http-allow-server-token or --sandbox nothing is refused for want of one.
func TestR63Httpmode7StartupSaysEveryRequestNeedsABearer(t *testing.T) {
	const line = "every request must bring its caller's own Spice.ai token"
	for _, c := range []struct {
		what  string
		env   map[string]string
		args  []string
		times int
		also  string
	}{
		{"no credentials", nil, nil, 1, "--http-allow-server-token"},
		{"a shared secret", map[string]string{"SPICE_MCP_HTTP_AUTH_TOKEN": "r63-httpmode7-shared-secret-0123"}, nil, 1, "X-MCP-Auth-Token"},
		{"credentials unused", map[string]string{"SPICE_API_TOKEN": "spat_r63httpmode7token0000"}, nil, 0, "set but not used"},
		{"lending credentials", map[string]string{"SPICE_API_TOKEN": "spat_r63httpmode7token0000"}, []string{"--http-allow-server-token"}, 0, ""},
		{"the sandbox", nil, []string{"--sandbox"}, 0, ""},
	} {
		h := startHTTP(t, c.env, c.args...)
		log := h.stderr.String()
		h.stop()
		var found []string
		for _, l := range strings.Split(log, "\n") {
			if strings.Contains(l, line) {
				found = append(found, l)
			}
		}
		if len(found) != c.times || !strings.Contains(log, c.also) {
			t.Errorf("%s: the line %d times, want %d, with %q:\n%s", c.what, len(found), c.times, c.also, log)
			continue
		}
		for _, l := range found {
			if !strings.Contains(l, `"level":"INFO"`) || !strings.Contains(l, c.also) || strings.Contains(l, "r63-httpmode7-shared-secret") {
				t.Errorf("%s: the line is not at info naming %q, or holds the secret: %s", c.what, c.also, l)
			}
		}
	}
}
