package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR35RemedyNamesToolsOnlyWhereUsable: the remedy rows naming list_members, get_limits,
// list_orgs and list_clusters named them bare where the caller cannot use them. Each is now
// marked not available with why (ToolErrorFor), and RemedyTools names it for the check.
func TestR35RemedyNamesToolsOnlyWhereUsable(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  *client.APIError
		tool string
	}{
		{"member not found", &client.APIError{Operation: "updateMemberRoles", StatusCode: 404, Message: "Member not found"}, "list_members"},
		{"invalid member ID", &client.APIError{Operation: "removeMember", StatusCode: 400, Message: "Invalid member ID"}, "list_members"},
		{"plan limits", &client.APIError{Operation: "createProjectDeployment", StatusCode: 403, Message: "Requested replicas exceed plan limits"}, "get_limits"},
		{"org header", &client.APIError{Operation: "listProjects", StatusCode: 400, Message: "Invalid X-Org-Name header"}, "list_orgs"},
		{"unknown cluster", &client.APIError{Operation: "createProject", StatusCode: 400, Message: "Cluster nope not found"}, "list_clusters"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := RemedyTools(tc.err); len(got) != 1 || got[0] != tc.tool {
				t.Fatalf("RemedyTools = %q, want [%s]", got, tc.tool)
			}
			if usable := ToolErrorFor("x", nil, tc.err, nil); !strings.Contains(usable, tc.tool) || strings.Contains(usable, "not available") {
				t.Errorf("usable: %s", usable)
			}
			shown := ToolErrorFor("x", nil, tc.err, []UnavailableTool{{Name: tc.tool, Reason: "it is listed in --exclude-tools"}})
			rest := strings.NewReplacer(tc.tool+" (not available here)", "", tc.tool+" is not available here", "").Replace(shown)
			if !strings.Contains(shown, tc.tool+" (not available here)") || !strings.Contains(shown, tc.tool+" is not available here (it is listed") ||
				strings.Contains(rest, tc.tool) {
				t.Errorf("names %s as usable:\n%s", tc.tool, shown)
			}
		})
	}
}
