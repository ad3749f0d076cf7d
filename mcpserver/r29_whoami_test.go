package mcpserver_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestWhoamiJWTWithoutScopesClaim: a JWT whose claims carry no scopes (only org and exp) shows
// no scopes, as an opaque token: whoami says the API decides, never that every tool is
// available, and tools/list hides none. An explicit empty list is known: "none", and the
// tools needing a scope are hidden.
func TestWhoamiJWTWithoutScopesClaim(t *testing.T) {
	exp := time.Now().Add(time.Hour).Unix()
	noClaim := jwtShaped(map[string]any{"org": "sandbox", "exp": exp})
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true,
		Tokens: []sandbox.Token{{Value: noClaim, Org: "sandbox", Scopes: []string{"apps:read"}}}}, token: noClaim})
	got := h.ok(t, "whoami", nil)
	mustContain(t, "whoami", got, "- Scopes: not readable from this token; the API decides per call",
		"tools are listed.")
	if strings.Contains(got, "are available") || strings.Contains(got, "read from the token") {
		t.Errorf("whoami claims to know the scopes of a JWT without a scopes claim:\n%s", got)
	}
	res := h.call(t, "whoami", nil)
	if s, ok := res.StructuredContent.(map[string]any); !ok || s["scopes"] != nil {
		t.Errorf("structured scopes of a JWT without a scopes claim: %#v", res.StructuredContent)
	}
	listed := h.listTools(t)
	if len(listed) == 0 || !strings.Contains(got, "All "+strconv.Itoa(len(listed))+" tools are listed") {
		t.Errorf("tools/list lists %d tools; whoami says:\n%s", len(listed), got)
	}

	empty := jwtShaped(map[string]any{"org": "sandbox", "exp": exp, "scopes": []string{}})
	he := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true,
		Tokens: []sandbox.Token{{Value: empty, Org: "sandbox", Scopes: []string{}}}}, token: empty})
	got = he.ok(t, "whoami", nil)
	mustContain(t, "whoami, empty scopes", got, "- Scopes: none (read from the token; the API still decides)", "tools are hidden:")
	if len(he.listTools(t)) >= len(listed) {
		t.Errorf("a JWT with an empty scopes list hides no tool")
	}
}
