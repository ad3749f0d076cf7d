package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestWhoamiShortensLongOrgNamesBetweenCharacters: a long organization name was cut at 24 code
// points, which split a flag's two regional indicators, and the end's pairs then read as other
// flags (🇳🇮 for 🇮🇳). It is cut where a person sees one character end and the next begin.
func TestWhoamiShortensLongOrgNamesBetweenCharacters(t *testing.T) {
	name := strings.Repeat("a", 23) + strings.Repeat("🇮🇳", 30) + "b"
	// An org argument holds no such name since r49 ([A-Za-z0-9._-]{1,64}); the API's own list can.
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Orgs: []sandbox.Org{{Slug: name, Owner: "alice"}}}})
	out := text(h.call(t, "whoami", nil))
	mustContain(t, "whoami", out, strings.Repeat("a", 23)+"…"+strings.Repeat("🇮🇳", 11)+"b (84 characters)")
	if strings.Contains(out, "a🇮…") || strings.Contains(out, "…🇳") {
		t.Errorf("a flag split:\n%s", out)
	}
}
