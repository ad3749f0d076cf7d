package prompts

import (
	"encoding/json"
	"regexp"
	"strings"
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

// TestR69Claims6PromptsWithOrgNameOnlyToolsTakingIt: rotate_keys and troubleshoot_deployment
// given an org say "(pass org "acme" to every tool call)". Every tool a prompt needs or names
// takes org, so the agent can: none of them is check_health or list_orgs, which take none.
func TestR69Claims6PromptsWithOrgNameOnlyToolsTakingIt(t *testing.T) {
	named := 0
	for _, name := range Tools() {
		tool, ok := tools.ByName(name)
		if !ok {
			t.Errorf("prompts name %s, which is no tool", name)
			continue
		}
		var schema struct {
			Properties map[string]json.RawMessage `json:"properties"`
		}
		if err := json.Unmarshal(tool.InputSchema(), &schema); err != nil {
			t.Fatal(err)
		}
		if _, ok := schema.Properties["org"]; !ok {
			t.Errorf("prompts name %s, which takes no org", name)
		}
		named++
	}
	for _, p := range []string{"rotate_keys", "troubleshoot_deployment"} {
		text, err := render(t, p, map[string]string{"app": "sales", "org": "acme"})
		if err != nil || !strings.Contains(text, `(pass org "acme" to every tool call)`) {
			t.Errorf("%s with org: %v\n%s", p, err, text)
		}
	}
	if named < 10 {
		t.Errorf("prompts name %d tools", named)
	}
}
