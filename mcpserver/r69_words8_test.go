package mcpserver

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// TestR69Words8GoldenRemediesAskTheUser: in every tool's golden results (TestResultGoldens keeps
// them current), a part only a person can do (a new token, a plan upgrade, the Spice.ai portal,
// the GitHub app) is relayed to the user, "ask the user to …", never asked of the agent, which
// cannot; refusals before the API alike.
func TestR69Words8GoldenRemediesAskTheUser(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "results", "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no goldens: %v", err)
	}
	line := regexp.MustCompile(`(?m)^.+$`)
	relays := regexp.MustCompile(`(?i)ask the user to`)
	asked := 0
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range line.FindAllString(string(raw), -1) {
			if bare := testutil.R69UnaddressedUserActions(l); len(bare) > 0 {
				t.Errorf("%s: asks the agent to %q, which only the user can do:\n%s", filepath.Base(file), bare, l)
			}
			if relays.MatchString(l) {
				asked++
			}
		}
	}
	if asked < 20 { // the scope remedies alone are more: the rule read the results it should
		t.Errorf("%d lines relay a part to the user, want the goldens' 20 or more", asked)
	}
}
