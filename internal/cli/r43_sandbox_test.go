package cli_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestR43SandboxMaskedKeysPointAtTheRealPortal: a newcomer tries the sandbox with
// --mask-api-keys (README: "each of those results says ... where the full keys are — the
// Spice.ai portal ... so a rotation's next step can still be taken"). In the sandbox the keys
// are the emulator's: the real portal does not have them, so the result sends the person (and
// a rotation's next step) to a place where the keys are not, and no way to read them remains.
func TestR43SandboxMaskedKeysPointAtTheRealPortal(t *testing.T) {
	s := startStdio(t, nil, "--sandbox", "--mask-api-keys", "--confirm", "agent")
	s.handshake()
	for i, tc := range []struct {
		tool string
		args map[string]any
	}{
		{"get_api_keys", map[string]any{"app": "analytics-app"}},
		{"rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start", "confirm": "analytics-app"}},
	} {
		out, isErr := s.call(float64(10+i), tc.tool, tc.args)
		if isErr {
			t.Fatalf("%s: %s", tc.tool, out)
		}
		if !strings.Contains(out, "Sandbox: emulated Spice.ai Cloud") {
			t.Fatalf("%s: not a sandbox result:\n%s", tc.tool, out)
		}
		if strings.Contains(out, "Spice.ai portal at https://spice.ai") {
			t.Errorf("%s under --sandbox sends the person to the real Spice.ai portal for the emulator's keys, which it does not have:\n%s", tc.tool, out)
		}
	}
	s.stop()
}

// TestR43SandboxSharedSecretLengthCountsBytes: README (Environment variables) says
// SPICE_MCP_HTTP_AUTH_TOKEN and SPICE_MCP_CONFIRM_KEY "each need at least 16 characters"; the
// check (internal/cli/cli.go checkSecret, len(value) < 16) counts bytes, so 8 characters of
// two bytes each pass.
func TestR43SandboxSharedSecretLengthCountsBytes(t *testing.T) {
	short := strings.Repeat("é", 8) // 8 characters, 16 bytes
	if utf8.RuneCountInString(short) >= 16 {
		t.Fatal("test value is not short")
	}
	got := run(t, map[string]string{"SPICE_MCP_CONFIRM_KEY": short}, "--sandbox")
	if got.code != 2 {
		t.Errorf("SPICE_MCP_CONFIRM_KEY of %d characters: exit %d, want 2 (at least 16 characters); stderr:\n%s", utf8.RuneCountInString(short), got.code, got.stderr)
	}
}

// TestR43SandboxSharedSecretRules: the 16 characters of a shared secret are characters (a
// 16-character SPICE_MCP_CONFIRM_KEY of two-byte letters is accepted), and an HTTP auth token
// must be ASCII, which every client sends in the header as set: one with a letter such as é is
// refused at start-up, naming its source and the rule, never echoing it.
func TestR43SandboxSharedSecretRules(t *testing.T) {
	if got := run(t, map[string]string{"SPICE_MCP_CONFIRM_KEY": strings.Repeat("é", 16)}, "--sandbox"); got.code != 0 {
		t.Errorf("SPICE_MCP_CONFIRM_KEY of 16 two-byte characters: exit %d; stderr:\n%s", got.code, got.stderr)
	}
	secret := "pässwörd-" + strings.Repeat("x", 16)
	for name, tc := range map[string]struct {
		env  map[string]string
		args []string
		want string
	}{
		"variable": {map[string]string{"SPICE_MCP_HTTP_AUTH_TOKEN": secret}, nil, "SPICE_MCP_HTTP_AUTH_TOKEN: the HTTP auth token contains a character that is not ASCII"},
		"flag":     {nil, []string{"--http-auth-token", secret}, "--http-auth-token: the HTTP auth token contains a character that is not ASCII"},
	} {
		got := run(t, tc.env, append([]string{"--sandbox", "--http", "127.0.0.1:0"}, tc.args...)...)
		if got.code != 2 || !strings.Contains(got.stderr, tc.want) || strings.Contains(got.stderr, secret) {
			t.Errorf("%s: exit %d, stderr:\n%s", name, got.code, got.stderr)
		}
	}
}

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
		for _, want := range []string{"The sandbox's emulator, not Spice.ai, refused the bearer token", "Remove the Authorization header", "send the token `sandbox`"} {
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

// TestR43SandboxUnavailableToolNamesNoPortal: a remedy naming a tool the caller cannot use
// offers the Spice.ai portal instead, which has none of the sandbox's organizations: in
// sandbox mode it says only how to get the tool.
func TestR43SandboxUnavailableToolNamesNoPortal(t *testing.T) {
	s := startStdio(t, nil, "--sandbox", "--exclude-tools", "get_limits")
	s.handshake()
	out, isErr := s.call(10, "update_app", map[string]any{"app": "analytics-app", "replicas": 10})
	if !isErr || !strings.Contains(out, "get_limits is not available here") || strings.Contains(out, "Spice.ai portal") {
		t.Errorf("update_app over the plan's replicas, get_limits excluded, under --sandbox:\n%s", out)
	}
	s.stop()
}

// TestR43SandboxMaskedKeysSayWhatTheSandboxOffers: under --sandbox --mask-api-keys the key
// results (text and structured masked), the rotation's next step and the rotate_keys prompt say
// what the sandbox's keys are and how to go on there, not where the real portal keeps them.
func TestR43SandboxMaskedKeysSayWhatTheSandboxOffers(t *testing.T) {
	s := startStdio(t, nil, "--sandbox", "--mask-api-keys", "--confirm", "agent")
	s.handshake()
	const full = "A sandbox started without --mask-api-keys shows keys in full"
	for i, tc := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"get_api_keys", map[string]any{"app": "analytics-app"}, full},
		{"regenerate_api_key", map[string]any{"app": "docs-search", "key_number": 1, "confirm": "docs-search"}, full},
		{"rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start", "confirm": "analytics-app"},
			"no client needs moving to the new secondary. Call rotate_api_keys with step \"finish\""},
	} {
		id := float64(10 + i)
		params, _ := json.Marshal(map[string]any{"name": tc.tool, "arguments": tc.args})
		req, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": json.RawMessage(params)})
		s.send(string(req))
		var res struct {
			Content           []struct{ Text string } `json:"content"`
			IsError           bool                    `json:"isError"`
			StructuredContent struct{ Masked string } `json:"structuredContent"`
		}
		if err := json.Unmarshal(s.await(id).Result, &res); err != nil || len(res.Content) == 0 {
			t.Fatalf("%s: %v", tc.tool, err)
		}
		out := res.Content[0].Text
		if res.IsError || !strings.Contains(out, tc.want) || !strings.Contains(out, "no Spice.ai portal has them") || strings.Contains(out, "https://spice.ai") {
			t.Errorf("%s under --sandbox --mask-api-keys:\n%s", tc.tool, out)
		}
		if !strings.Contains(res.StructuredContent.Masked, full) {
			t.Errorf("%s: structured masked %q", tc.tool, res.StructuredContent.Masked)
		}
	}
	s.send(`{"jsonrpc":"2.0","id":20,"method":"prompts/get","params":{"name":"rotate_keys","arguments":{"app":"analytics-app"}}}`)
	if prompt := string(s.await(20).Result); !strings.Contains(prompt, "it is the emulator's key, which no Spice.ai portal has") || strings.Contains(prompt, "read it in the Spice.ai portal") {
		t.Errorf("rotate_keys prompt under --sandbox --mask-api-keys:\n%s", prompt)
	}
	s.stop()
}
