package prompts

import (
	"regexp"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR69Claims6AuditPromptChangesNothing: audit_organization opens "Audit my Spice.ai Cloud
// organization. Change nothing." Every tool it needs, and every tool its text names, reads
// only: the fixes it ends with are named for the user to choose, none is a step it takes, so the
// prompt stays offered under --read-only.
func TestR69Claims6AuditPromptChangesNothing(t *testing.T) {
	text, err := render(t, "audit_organization", nil)
	if err != nil {
		t.Fatal(err)
	}
	needs, _ := Needs("audit_organization")
	named := regexp.MustCompile(`\b[a-z]+(?:_[a-z]+)+\b`).FindAllString(text, -1)
	checked := 0
	for _, name := range append(needs, named...) {
		tool, ok := tools.ByName(name)
		if !ok {
			continue // a field's name (error_code), not a tool
		}
		checked++
		if !tool.ReadOnly {
			t.Errorf("audit_organization steers to %s, which changes things", name)
		}
	}
	if checked < 3 {
		t.Errorf("audit_organization names %d tools, want at least its 3 needs:\n%s", checked, text)
	}
}
