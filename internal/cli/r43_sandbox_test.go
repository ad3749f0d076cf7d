package cli_test

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestR43SandboxHTTPRejectedBearerClaimsTheRealAPI: `--http ... --sandbox` lends the
// sandbox's own token to requests without one (README, Command line). A client still configured
// with its real Spice.ai token (README's `claude mcp add --transport http ... --header
// "Authorization: Bearer <your token>"`) is refused by the emulator, and the result says "The
// Spice.ai API rejected these credentials" and tells the person to "set a valid Spice.ai token
// ... (create one at https://spice.ai/account)" — which can never work against the emulator; the
// fix is to send no token (or "sandbox"). whoami has a sandbox-specific rejection text
// (present.WhoamiRejected) for the stdio token, but not for a per-request bearer token.
func TestR43SandboxHTTPRejectedBearerClaimsTheRealAPI(t *testing.T) {
	s := startHTTP(t, nil, "--sandbox")
	defer s.stop()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c := s.mcpClient(ctx, map[string]string{"Authorization": "Bearer spat_a-real-looking-token-0123456789"})
	for _, tool := range []string{"whoami", "list_apps"} {
		out, _ := callTool(t, ctx, c, tool)
		for _, bad := range []string{"create one at https://spice.ai/account", "The Spice.ai API rejected these credentials"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s under --sandbox tells the person %q (the emulator, not Spice.ai, refused the token; a Spice.ai token will never work here):\n%s", tool, bad, out)
			}
		}
	}
}

// TestR43SandboxRefusedBearerSaysWhatWorks: the sandbox's refusal of an HTTP caller's bearer
// token says what works there (no Authorization header, or the token `sandbox`), never
// repeats the token, and the token `sandbox` and no token at all do work.
func TestR43SandboxRefusedBearerSaysWhatWorks(t *testing.T) {
	s := startHTTP(t, nil, "--sandbox")
	defer s.stop()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	const token = "spat_a-real-looking-token-0123456789"
	c := s.mcpClient(ctx, map[string]string{"Authorization": "Bearer " + token})
	for _, tool := range []string{"whoami", "list_apps"} {
		out, _ := callTool(t, ctx, c, tool)
		for _, want := range []string{"The sandbox's emulator, not Spice.ai, refused the bearer token", "remove the Authorization header", "send the token `sandbox`"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: want %q in:\n%s", tool, want, out)
			}
		}
		for _, bad := range []string{token, "spice.ai/account", "Spice.ai portal"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s: %q in:\n%s", tool, bad, out)
			}
		}
	}
	for name, headers := range map[string]map[string]string{"sandbox": {"Authorization": "Bearer sandbox"}, "none": nil} {
		if out, isErr := callTool(t, ctx, s.mcpClient(ctx, headers), "list_apps"); isErr || !strings.Contains(out, "analytics-app") {
			t.Errorf("token %s: the advice does not work:\n%s", name, out)
		}
	}
}
