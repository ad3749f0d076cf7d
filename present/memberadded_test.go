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
		out := MemberAdded(&client.Member{UserID: 7, Username: "jdoe", Roles: []string{role}}, "")
		if strings.Contains(out, "does not know") || !strings.Contains(out, roleRights[role][1:]) {
			t.Errorf("role %s: its rights are not said:\n%s", role, out)
		}
		for other, s := range roleRights {
			if other != role && strings.Contains(out, s[1:]) {
				t.Errorf("role %s: says what %s may do:\n%s", role, other, out)
			}
		}
	}
	out := MemberAdded(&client.Member{UserID: 7, Username: "jdoe", Roles: []string{"owner"}}, "")
	if !strings.Contains(out, "An owner may do everything") {
		t.Errorf("owner:\n%s", out)
	}
	out = MemberAdded(&client.Member{UserID: 7, Username: "jdoe", Roles: []string{"member", "superuser"}}, "")
	if !strings.Contains(out, "A member may do") || !strings.Contains(out, "superuser is a role this server does not know") {
		t.Errorf("member and an unknown role:\n%s", out)
	}
}

// TestMemberAddedWithSeveralRolesSaysTheHighest: a member acts with the highest role held, so
// with ["viewer","admin"] the result says what an admin may do and that viewer adds nothing,
// never "A viewer only reads" beside it; billing with member is a member.
func TestMemberAddedWithSeveralRolesSaysTheHighest(t *testing.T) {
	for _, tc := range []struct {
		roles       []string
		says, never string
	}{
		{[]string{"viewer", "admin"}, "An admin may do what a member may", "only reads"},
		{[]string{"admin", "viewer"}, "An admin may do what a member may", "only reads"},
		{[]string{"viewer", "member", "owner"}, "An owner may do everything", "only reads"},
		{[]string{"billing", "member"}, "A member may do everything", "billing is a legacy role"},
	} {
		out := MemberAdded(&client.Member{UserID: 7, Username: "jdoe", Roles: tc.roles}, "")
		if !strings.Contains(out, tc.says) || strings.Contains(out, tc.never) || !strings.Contains(out, "the highest role held applies") {
			t.Errorf("%v:\n%s", tc.roles, out)
		}
	}
}
