package sandbox

import "testing"

// TestR47ReviewEmulatorRolesQuotedAsReceived: the emulator's 400 bodies quote a refused value as
// the real API's validator does, raw (rules.AsAPI); a member role is one such value, on the
// add and on the change of roles.
func TestR47ReviewEmulatorRolesQuotedAsReceived(t *testing.T) {
	h := newHarness(t, enterpriseConfig())
	const want = "Invalid enum value. Expected 'owner' | 'admin' | 'member' | 'viewer' | 'billing', received 'admin\u200b'"
	h.expectField(h.do("POST", "/v1/members", "sandbox", map[string]any{"username": "jdoe", "roles": []string{"admin\u200b"}}),
		"roles", want)
	h.expectField(h.do("PATCH", "/v1/members/2", "sandbox", map[string]any{"roles": []string{"admin\u200b"}}),
		"roles", want)
}

// TestR47ReviewScopeBeforeRole: README's check order puts the scope before the role (403
// organization, scope, role); TestR47NewcomerCheckOrderWithOrganizations meets the scope step
// with the owner, who passes the role step, so a swapped order went unseen there. A viewer
// lacking the scope is refused for the scope.
func TestR47ReviewScopeBeforeRole(t *testing.T) {
	h := newHarness(t, Config{Demo: true})
	viewer := h.e.IssueUserToken("acme-labs", "bob", []string{"apps:read"}, 0)
	h.expectCode(h.doOrg("DELETE", "/v1/projects/abc", viewer, "acme-labs", nil), 403, "insufficient_scope")
}
