package cli_test

import (
	"net/http"
	"testing"
)

// TestR50NewcomerAuthTokenVariableOnlyWithoutTheFlags: README's Environment variables:
// SPICE_MCP_HTTP_AUTH_TOKEN is read only when neither --http-auth-token nor
// --http-auth-token-file is given — one too short to be accepted does not stop a server given
// the flag, and the flag's secret is the one enforced.
func TestR50NewcomerAuthTokenVariableOnlyWithoutTheFlags(t *testing.T) {
	const flagSecret, envSecret = "r50-newcomer-flag-secret", "short"
	s := startHTTP(t, map[string]string{"SPICE_MCP_HTTP_AUTH_TOKEN": envSecret}, "--sandbox", "--http-auth-token", flagSecret)
	if got := post(t, s.url, map[string]string{"X-MCP-Auth-Token": flagSecret}); got != http.StatusOK {
		t.Errorf("the flag's secret: status %d, want 200", got)
	}
	if got := post(t, s.url, map[string]string{"X-MCP-Auth-Token": envSecret}); got != http.StatusUnauthorized {
		t.Errorf("the variable's secret: status %d, want 401", got)
	}
	s.stop()
	if got := run(t, map[string]string{"SPICE_MCP_HTTP_AUTH_TOKEN": envSecret}, "--sandbox", "--http", "127.0.0.1:0"); got.code != 2 {
		t.Errorf("without the flags the short variable: exit %d, want 2; stderr:\n%s", got.code, got.stderr)
	}
}
