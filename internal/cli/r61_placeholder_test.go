package cli_test

import (
	"strings"
	"testing"
)

// TestR61UnexpandedVariableCredentialIsRefused: a client configuration that writes
// "SPICE_API_TOKEN": "${SPICE_API_TOKEN}" where the client does not expand variables started the
// server as if configured, and every call came back 401. Now it is refused at start-up (exit 2),
// naming the variable and the fix, as a placeholder is (TestR58NewcomerPlaceholderCredentialIsRefused);
// a token with a dollar sign inside still starts, and --sandbox ignores the server's credentials.
func TestR61UnexpandedVariableCredentialIsRefused(t *testing.T) {
	for _, env := range []map[string]string{
		{"SPICE_API_TOKEN": "${SPICE_API_TOKEN}"},
		{"SPICE_API_TOKEN": " $SPICE_API_TOKEN"},
		{"SPICE_API_TOKEN": "${env:SPICE_API_TOKEN}"},
		{"SPICE_API_TOKEN": "%SPICE_API_TOKEN%"},
		{"SPICE_CLIENT_ID": "client-0123", "SPICE_CLIENT_SECRET": "${SPICE_SECRET}"},
	} {
		got := run(t, env)
		named := "SPICE_API_TOKEN"
		if _, ok := env["SPICE_CLIENT_SECRET"]; ok {
			named = "SPICE_CLIENT_SECRET"
		}
		if got.code != 2 || !strings.Contains(got.stderr, named+" holds a variable's name") || !strings.Contains(got.stderr, "--sandbox") {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 naming %s as a variable's name and the fix", env, got.code, got.stderr, named)
		}
	}
	for _, args := range [][]string{nil, {"--sandbox"}} {
		token := "spat_0123$abcdef"
		if args != nil {
			token = "${SPICE_API_TOKEN}"
		}
		if got := run(t, map[string]string{"SPICE_API_TOKEN": token}, args...); got.code != 0 {
			t.Errorf("%q %v: exit %d, stderr %q", token, args, got.code, got.stderr)
		}
	}
}
