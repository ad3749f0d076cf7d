package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR36WhoamiRemedyNamesOnlyUsableTools: whoami's rejection renders its remedy with the
// caller's unavailable tools, as a tool's error does: a tool the caller cannot use is named only
// as not available, with why (it was rendered by Remedy, which names every tool bare). No 401
// row names a tool today, so a refusal whose row does stands in for one.
func TestR36WhoamiRemedyNamesOnlyUsableTools(t *testing.T) {
	rejected := &client.APIError{Operation: "listOrgs", StatusCode: 400, Message: "Invalid X-Org-Name header"}
	text := Whoami(WhoamiView{Credentials: "a token", HasCredentials: true, Rejected: rejected, Total: 40,
		Unavailable: []UnavailableTool{{Name: "list_orgs", Reason: "it is listed in --exclude-tools"}}})
	for _, want := range []string{"Invalid X-Org-Name header", "list_orgs (not available here)",
		"list_orgs is not available here (it is listed in --exclude-tools)"} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q:\n%s", want, text)
		}
	}
	if rest := strings.NewReplacer("list_orgs (not available here)", "", "list_orgs is not available here", "").Replace(text); strings.Contains(rest, "list_orgs") {
		t.Errorf("names list_orgs as if the caller could use it:\n%s", text)
	}
	// Usable: named as is.
	text = Whoami(WhoamiView{Credentials: "a token", HasCredentials: true, Rejected: rejected, Total: 40})
	if !strings.Contains(text, "a name list_orgs shows") || strings.Contains(text, "not available") {
		t.Errorf("list_orgs usable, yet:\n%s", text)
	}
}
