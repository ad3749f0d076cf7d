package mcpserver_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r67Hostile11Token is a classic GitHub token (testutil.R66HostileTokens): cut anywhere, its
// start (ghp_ and its marker) reads as no token.
func r67Hostile11Token() testutil.R66Token { return testutil.R66HostileTokens()[0] }

// r67Hostile11Shows reports whether got shows any part of tok's body past its prefix.
func r67Hostile11Shows(got, tok string) bool { return strings.Contains(got, tok[:len("ghp_R6")]) }

// TestR67Hostile11LongNameMaskedBeforeCut: a name of 64 KiB is quoted short, masked on a window
// of its start. The window was cut before it was masked, so a token its edge cut read as none,
// and when a mask before it had shortened the text (password=<4,000 characters>) the quote
// reached it: "xxxx…ghp_R66hostile10AbCdEfGhIjKlMnOpQrS"… (masked: …)". Masked, then cut:
// at every offset around the edge, as an unknown argument's name, an app reference, a tag key
// with spaces (whose quote showed all 64 KiB, the token whole) and SPICE_ORG's organization
// (whose quote shows its end: "yyyy…EfGhIjKlMnOpQrStUvWxYz23 (70,040 characters)").
func TestR67Hostile11LongNameMaskedBeforeCut(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	tok := r67Hostile11Token().Value
	pad := strings.Repeat("y", 64<<10)
	routes := map[string]func(v string) *mcp.CallToolResult{
		"unknown argument": func(v string) *mcp.CallToolResult {
			return h.call(t, "get_app", map[string]any{"app": "analytics-app", v: 1})
		},
		"app reference": func(v string) *mcp.CallToolResult { return h.call(t, "get_app", map[string]any{"app": v}) },
		"tag key with spaces": func(v string) *mcp.CallToolResult {
			return h.call(t, "update_app", map[string]any{"app": "analytics-app", "tags": map[string]any{v + " ": "x"}})
		},
	}
	for _, lead := range []string{"password=" + strings.Repeat("a", 4000) + " ", strings.Repeat("x", 4000)} {
		for off := 0; off <= 100; off++ {
			v := lead + strings.Repeat("x", off) + tok + pad
			for name, send := range routes {
				if got := everything(send(v)); r67Hostile11Shows(got, tok) {
					t.Errorf("%s, token at %d: shown: %.300s", name, len(lead)+off, got[max(0, strings.Index(got, "ghp_")-100):])
				}
			}
		}
	}
	// The org in force (SPICE_ORG) is quoted by its start and its end: its end is masked too.
	org := newHarness(t, harnessOptions{org: pad + tok, cfg: sandbox.Config{Demo: true}})
	if got := everything(org.call(t, "whoami", map[string]any{})); strings.Contains(got, tok[len(tok)-12:]) || !strings.Contains(got, "(masked: it looks like a credential)") {
		t.Errorf("whoami with the token at the org's end: %.600s", got)
	}
}

// r67Hostile11JSON is what the client got: a result, or its error's text.
func r67Hostile11JSON(v any, err error) string {
	if err != nil {
		return err.Error()
	}
	return r66Hostile10JSON(v)
}

var _ = context.Background
