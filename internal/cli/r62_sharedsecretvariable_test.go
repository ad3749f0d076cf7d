package cli_test

import (
	"strings"
	"testing"
)

// TestR62SharedSecretHoldingAVariableNameIsRefused: a shared secret set to a variable's name the
// program starting the server did not expand ($SPICE_MCP_HTTP_AUTH_TOKEN is 26 characters, so the
// length rule let it through) would make the server answer every caller's real secret 401;
// "<your secret>" likewise. Refused at start-up as SPICE_API_TOKEN's are, naming the setting and
// not the value.
func TestR62SharedSecretHoldingAVariableNameIsRefused(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"SPICE_MCP_HTTP_AUTH_TOKEN": "$SPICE_MCP_HTTP_AUTH_TOKEN"}, nil, "SPICE_MCP_HTTP_AUTH_TOKEN"},
		{nil, []string{"--http-auth-token", "${SPICE_MCP_HTTP_AUTH_TOKEN}"}, "--http-auth-token"},
		{nil, []string{"--http-auth-token", "%SPICE_MCP_HTTP_AUTH_TOKEN%"}, "--http-auth-token"},
		{nil, []string{"--http-auth-token", "<your shared secret here>"}, "--http-auth-token"},
		{map[string]string{"SPICE_MCP_CONFIRM_KEY": "${env:SPICE_MCP_CONFIRM_KEY}"}, nil, "SPICE_MCP_CONFIRM_KEY"},
	} {
		args := append([]string{"--sandbox", "--http", "127.0.0.1:0"}, tc.args...)
		got := run(t, tc.env, args...)
		value := tc.env["SPICE_MCP_HTTP_AUTH_TOKEN"] + tc.env["SPICE_MCP_CONFIRM_KEY"]
		if len(tc.args) > 0 {
			value = tc.args[1]
		}
		if got.code != 2 || !strings.Contains(got.stderr, tc.want) || strings.Contains(got.stderr, value) {
			t.Errorf("%v %v: exit %d, stderr %q; want exit 2 naming %s, not the value", tc.env, tc.args, got.code, got.stderr, tc.want)
		}
	}
}
