package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
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

// TestR56ClaimsEachFlagOnceWhateverItsSpelling: README (Command line) says each flag is given
// once, "never resolved by the last one silently winning, which would expose a tool". Go's flag
// package also reads a flag with one dash: an agent writing a config that adds -read-only=false
// or -exclude-tools after the operator's must be refused as a second one.
func TestR56ClaimsEachFlagOnceWhateverItsSpelling(t *testing.T) {
	for _, args := range [][]string{
		{"--sandbox", "--read-only", "-read-only=false"},
		{"--sandbox", "-read-only", "--read-only=false"},
		{"--sandbox", "--exclude-tools", "delete_app", "-exclude-tools=pause_app"},
		{"--sandbox", "--confirm=human", "-confirm", "off"},
		{"--sandbox", "--confirm=human", "--no-confirm"},
		{"--sandbox", "--tools=list_apps", "-tools", "delete_app"},
	} {
		got := run(t, nil, args...)
		if got.code != 2 {
			t.Errorf("%q: exit %d, want 2 (refused):\n%s", args, got.code, got.stderr)
		}
	}
}

// TestR56ClaimsSelectionLeavingNoToolIsRefused: README (Command line) says a selection that
// leaves no tool is refused at start-up (exit 2). An operator reaches an empty one by other
// roads than the README's two examples: excluding every tool --tools names, --read-only with
// only write toolsets' tools, a toolset whose every tool is excluded.
func TestR56ClaimsSelectionLeavingNoToolIsRefused(t *testing.T) {
	for _, args := range [][]string{
		{"--sandbox", "--tools", "list_apps,get_app", "--exclude-tools", "list_apps,get_app"},
		{"--sandbox", "--read-only", "--tools", "delete_app,pause_app,set_secret"},
		{"--sandbox", "--toolsets", "api_keys", "--exclude-tools", "get_api_keys,regenerate_api_key"},
		{"--sandbox", "--read-only", "--toolsets", "api_keys", "--exclude-tools", "get_api_keys"},
	} {
		got := run(t, nil, args...)
		if got.code != 2 || !strings.Contains(got.stderr, "no tool") {
			t.Errorf("%q: exit %d, want 2 naming that no tool is left:\n%s", args, got.code, got.stderr)
		}
	}
}

// TestR56ClaimsNumericBoundsTakeNoOtherSpelling: README gives SPICE_API_MAX_IDLE_CONNS 1–10,000
// and --http-max-connections at most 65536; a value past a bound written another way (hex, an
// exponent, a sign, a fraction, an underscore) is refused too (exit 2), not read as another number.
func TestR56ClaimsNumericBoundsTakeNoOtherSpelling(t *testing.T) {
	for _, v := range []string{"0", "10001", "0x2711", "1e5", "-1", "1_000", "+0", "5.0"} {
		got := run(t, map[string]string{"SPICE_API_MAX_IDLE_CONNS": v})
		if got.code != 2 || !strings.Contains(got.stderr, "SPICE_API_MAX_IDLE_CONNS") {
			t.Errorf("SPICE_API_MAX_IDLE_CONNS=%q: exit %d:\n%s", v, got.code, got.stderr)
		}
	}
	for _, v := range []string{"65537", "0x10001", "1e6", "-1", "0"} {
		got := run(t, nil, "--sandbox", "--http", "127.0.0.1:0", "--http-max-connections", v)
		if got.code != 2 || !strings.Contains(got.stderr, "--http-max-connections") {
			t.Errorf("--http-max-connections %q: exit %d:\n%s", v, got.code, got.stderr)
		}
	}
}

// TestR56ClaimsLocalValuesAreStdioOnly: README (Secret values the model never sees) says
// value_from_env and value_from_file read where the server runs, "so they work over stdio only".
// Over --http, with approvals off (nothing else stands in the way), an agent naming a variable
// the server process has, or a file it can read, stores nothing: each is refused.
func TestR56ClaimsLocalValuesAreStdioOnly(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "pass.txt")
	if err := os.WriteFile(file, []byte("R56FileValue"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startHTTP(t, map[string]string{"R56_LOCAL": "R56EnvValue"}, "--sandbox", "--confirm=off")
	defer s.stop()
	ctx := context.Background()
	c := s.mcpClient(ctx, nil)
	for _, args := range []map[string]any{
		{"app": "analytics-app", "name": "R56_ENV", "value_from_env": "R56_LOCAL"},
		{"app": "analytics-app", "name": "R56_FILE", "value_from_file": file},
	} {
		var req mcp.CallToolRequest
		req.Params.Name, req.Params.Arguments = "set_secret", args
		res, err := c.CallTool(ctx, req)
		if err == nil && !res.IsError {
			t.Errorf("over HTTP, set_secret %v was served", args)
		}
	}
	var req mcp.CallToolRequest
	req.Params.Name, req.Params.Arguments = "list_secrets", map[string]any{"app": "analytics-app"}
	res, err := c.CallTool(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, content := range res.Content {
		if tc, ok := content.(mcp.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	if strings.Contains(b.String(), "R56_ENV") || strings.Contains(b.String(), "R56_FILE") || !strings.Contains(b.String(), "PG_PASS") {
		t.Errorf("over HTTP a local value was stored:\n%s", b.String())
	}
}
