package tools

import (
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestRoleAskNamesWhoCanDoAndWhoCanGrant: a step is asked of those whose role is the one needed
// or higher, and the role of those who may change roles (updateMemberRoles' x-required-role,
// admin), but admin and owner of an owner alone (api/README.md §4): never a member.
func TestRoleAskNamesWhoCanDoAndWhoCanGrant(t *testing.T) {
	for needed, want := range map[string]string{
		"member": "ask the user to have a member, admin or owner of acme do it, or an admin or owner of it give you the member role",
		"admin":  "ask the user to have an admin or owner of acme do it, or an owner of it give you the admin role",
		"owner":  "ask the user to have an owner of acme do it or give you the owner role",
	} {
		if got := roleAsk(needed).Ask("acme", "do it"); got != want {
			t.Errorf("%s:\n got %s\nwant %s", needed, got, want)
		}
	}
	if got := present.RoleTooLow("pause_app", "acme", "viewer", roleAsk("member"), false); got !=
		"pause_app was not run: your role in acme is viewer (as your organizations list it), and it needs member or higher. "+
			"Nothing was changed, and nobody was asked: ask the user to have a member, admin or owner of acme do it, or an admin or owner of "+
			"it give you the member role." {
		t.Errorf("RoleTooLow: %s", got)
	}
}
