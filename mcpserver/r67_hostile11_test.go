package mcpserver_test

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
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
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	tok := r67Hostile11Token().Value
	// Twice masking's 4 KiB window (present's sentWindow), not 64 KiB: past its window a quote
	// reads nothing of the name but its length, and each of the 607 calls carried the pad in and
	// through the logs' masking (331 s of a loaded -race run with 64 KiB, sequential).
	pad := strings.Repeat("y", 8<<10)
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

// r67Hostile11Encoded is s with every byte percent-encoded (%67%68%70…).
func r67Hostile11Encoded(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, "%%%02X", s[i])
	}
	return b.String()
}

var r67Hostile11Decoded = regexp.MustCompile(`%[0-9A-Fa-f]{2}`)

// TestR67Hostile11EncodedCredentialInNamesMasked: a resource URI, a prompt's name, a completion's
// reference or argument name holding a credential percent-encoded (postgres:%2F%2Fadmin:pw@…,
// %3A and %40, twice encoded, every byte encoded) was echoed as sent, in the error's message and
// its data.uri ("Resource not found: \"spice://apps/postgres:%2F%2Fadmin:R67pw4secret@db…"), and
// a completion's unknown argument name was quoted plain, even unencoded ("has no argument
// \"ghp_R66hostile10…\""). What the decoded form shows is masked, where it is written.
func TestR67Hostile11EncodedCredentialInNamesMasked(t *testing.T) {
	t.Parallel() // no time bound, CPU-heavy under -race: beside another test, not alone
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	ctx := context.Background()
	const pw = "R67hostile11pw"
	parts := []string{
		"postgres:%2F%2Fadmin:" + pw + "@db.example.com",
		"postgres%3A%2F%2Fadmin%3A" + pw + "%40db.example.com",
		"postgres%253A%252F%252Fadmin%253A" + pw + "%2540db.example.com",
		"x%3Fpassword%3D" + pw,
	}
	for _, k := range testutil.R66HostileTokens() {
		parts = append(parts, r67Hostile11Encoded(k.Value), strings.Replace(k.Value, k.Value[:3], r67Hostile11Encoded(k.Value[:3]), 1))
	}
	leaked := func(got string) bool {
		if strings.Contains(got, pw) {
			return true
		}
		for range 2 { // what got shows decoded, twice
			for _, k := range testutil.R66HostileTokens() {
				if k.Leaked(got) {
					return true
				}
			}
			got = r67Hostile11Decoded.ReplaceAllStringFunc(got, func(e string) string {
				c, _ := strconv.ParseUint(e[1:], 16, 8)
				return string([]byte{byte(c)})
			})
		}
		return false
	}
	for i, part := range parts {
		sends := map[string]func() string{
			"resources/read app": func() string {
				var req mcp.ReadResourceRequest
				req.Params.URI = "spice://apps/" + part
				return r67Hostile11JSON(h.mcp.ReadResource(ctx, req))
			},
			"resources/read other": func() string {
				var req mcp.ReadResourceRequest
				req.Params.URI = "spice://nothing/" + part
				return r67Hostile11JSON(h.mcp.ReadResource(ctx, req))
			},
			"prompts/get name": func() string {
				var req mcp.GetPromptRequest
				req.Params.Name = part
				return r67Hostile11JSON(h.mcp.GetPrompt(ctx, req))
			},
			"completion resource": func() string {
				var req mcp.CompleteRequest
				req.Params.Ref = mcp.ResourceReference{Type: "ref/resource", URI: "spice://apps/" + part + "/{app}"}
				req.Params.Argument.Name = "app"
				return r67Hostile11JSON(h.mcp.Complete(ctx, req))
			},
			"completion argument name": func() string {
				var req mcp.CompleteRequest
				req.Params.Ref = mcp.ResourceReference{Type: "ref/resource", URI: "spice://apps/{app}"}
				req.Params.Argument.Name = part
				return r67Hostile11JSON(h.mcp.Complete(ctx, req))
			},
		}
		for name, send := range sends {
			if got := send(); leaked(got) {
				t.Errorf("%s of %s: shown: %.500s", name, part, got)
			} else if i < 4 && !strings.Contains(got, "(masked: it looks like a credential)") { // the others may be quoted by ends that hold none
				t.Errorf("%s of %s: not masked with why: %.500s", name, part, got)
			}
		}
	}
	if leaked(h.logs.String()) {
		t.Errorf("the log shows one: %.2000s", h.logs.String())
	}
	// An ordinary encoded name is quoted as sent.
	var req mcp.ReadResourceRequest
	req.Params.URI = "spice://nothing/analytics%2Dapp%20x"
	mustContain(t, "ordinary", r67Hostile11JSON(h.mcp.ReadResource(ctx, req)), `"spice://nothing/analytics%2Dapp%20x": no resource`)
}
