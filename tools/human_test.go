package tools

import "testing"

// TestOwnCredentialAsUsed: the guard looks for each credential as the server uses it (trimmed,
// SPICE_API_TOKEN without "Bearer "), so whitespace around the variable's value hides nothing.
func TestOwnCredentialAsUsed(t *testing.T) {
	for _, tc := range []struct {
		env   map[string]string
		value string
		want  string
	}{
		{map[string]string{"SPICE_API_TOKEN": "tok-abcdefgh12345\n"}, "tok-abcdefgh12345", "SPICE_API_TOKEN"},
		{map[string]string{"SPICE_API_TOKEN": "  Bearer tok-abcdefgh12345 "}, "TOKEN=tok-abcdefgh12345 ", "SPICE_API_TOKEN"},
		{map[string]string{"SPICE_CLIENT_SECRET": "\tcs-abcdefgh12345\r\n"}, "cs-abcdefgh12345", "SPICE_CLIENT_SECRET"},
		{map[string]string{"SPICE_MCP_HTTP_AUTH_TOKEN": " shared-secret-0123456789 "}, "x shared-secret-0123456789", "SPICE_MCP_HTTP_AUTH_TOKEN"},
		{map[string]string{"SPICE_MCP_CONFIRM_KEY": "confirm-key-0123456789\n"}, "confirm-key-0123456789", "SPICE_MCP_CONFIRM_KEY"},
		// A value shorter than 8 bytes is refused as the whole value, not looked for inside one.
		{map[string]string{"SPICE_API_TOKEN": " short \n"}, "short", "SPICE_API_TOKEN"},
		{map[string]string{"SPICE_API_TOKEN": "sandbox"}, "sandbox\n", "SPICE_API_TOKEN"},
		{map[string]string{"SPICE_API_TOKEN": "sandbox"}, "my-sandbox-db", ""},
		{map[string]string{"SPICE_API_TOKEN": "tok-abcdefgh12345"}, "tok-abcdefgh1234", ""},
	} {
		l := &LocalSources{Getenv: func(k string) string { return tc.env[k] }, Forbidden: ServerCredentialVariables}
		if got := l.ownCredentialIn(tc.value); got != tc.want {
			t.Errorf("%q with %q: got %q, want %q", tc.value, tc.env, got, tc.want)
		}
	}
}
