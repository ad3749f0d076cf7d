package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestMemberAddedExplainsEveryGrantedRole: add_member's result says what each role granted
// allows, for every role the spec's MemberRole enum lists (owner and billing included), and
// only those granted: an owner is not described as an admin at most.
func TestMemberAddedExplainsEveryGrantedRole(t *testing.T) {
	if len(api.MemberRole.Enum) == 0 {
		t.Fatal("MemberRole has no enum")
	}
	for _, role := range api.MemberRole.Enum {
		out := MemberAdded(&client.Member{UserID: 7, Username: "jdoe", Roles: []string{role}})
		if strings.Contains(out, "does not know") || !strings.Contains(out, roleRights[role][1:]) {
			t.Errorf("role %s: its rights are not said:\n%s", role, out)
		}
		for other, s := range roleRights {
			if other != role && strings.Contains(out, s[1:]) {
				t.Errorf("role %s: says what %s may do:\n%s", role, other, out)
			}
		}
	}
	out := MemberAdded(&client.Member{UserID: 7, Username: "jdoe", Roles: []string{"owner"}})
	if !strings.Contains(out, "An owner may do everything") {
		t.Errorf("owner:\n%s", out)
	}
	out = MemberAdded(&client.Member{UserID: 7, Username: "jdoe", Roles: []string{"member", "superuser"}})
	if !strings.Contains(out, "A member may do") || !strings.Contains(out, "superuser is a role this server does not know") {
		t.Errorf("member and an unknown role:\n%s", out)
	}
}
