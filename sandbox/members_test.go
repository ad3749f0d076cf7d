package sandbox

import (
	"net/http"
	"slices"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

func TestMembers(t *testing.T) {
	h := newHarness(t, Config{})
	res := h.do("GET", "/v1/members", "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	members := list(res.obj()["members"])
	if len(members) != 2 {
		t.Fatalf("members: %s", res.raw)
	}
	alice, bob := members[0].(map[string]any), members[1].(map[string]any)
	requireKeys(t, "member", alice, "user_id", "username", "roles", "is_owner", "created_at")
	if alice["username"] != "alice" || alice["is_owner"] != true || num(alice["user_id"]) != 1 ||
		bob["username"] != "bob" || bob["is_owner"] != false || num(bob["user_id"]) != 2 {
		t.Errorf("members: %s", res.raw)
	}

	res = h.do("POST", "/v1/members", "sandbox", map[string]any{"username": "jdoe"})
	h.expect(res, http.StatusCreated, "")
	added := res.obj()
	if _, has := added["is_owner"]; has {
		t.Errorf("add response must not carry is_owner: %s", res.raw)
	}
	if num(added["user_id"]) != 3 || added["username"] != "jdoe" || !slices.Equal(list(added["roles"]), []any{"member"}) ||
		added["created_at"] != "2025-01-15T10:00:00.000Z" {
		t.Errorf("added: %s", res.raw)
	}
	res = h.do("POST", "/v1/members", "sandbox", map[string]any{"username": "asmith", "roles": []string{"billing", "member"}})
	h.expect(res, http.StatusCreated, "")
	if !slices.Equal(list(res.obj()["roles"]), []any{"billing", "member"}) {
		t.Errorf("roles: %s", res.raw)
	}

	h.expect(h.do("POST", "/v1/members", "sandbox", map[string]any{"username": "JDOE"}), http.StatusConflict, "User is already a member of this organization")
	h.expect(h.do("POST", "/v1/members", "sandbox", map[string]any{"username": "alice"}), http.StatusConflict, "User is already a member of this organization")
	h.expect(h.do("POST", "/v1/members", "sandbox", map[string]any{"username": "nobody"}), http.StatusNotFound, "User not found")
	for body, want := range map[string]string{
		`{}`:                                   rules.Username(""),
		`{"username":"  "}`:                    rules.Username("  "),
		`{"username":7}`:                       "Expected string, received number",
		`{"username":"jdoe","roles":["root"]}`: rules.Enum("root", rules.MemberRoles),
		`{"username":"jdoe","roles":"member"}`: "Expected array, received string",
	} {
		res := h.do("POST", "/v1/members", "sandbox", body)
		h.expect(res, http.StatusBadRequest, "Validation error")
		field := "username"
		if len(res.fieldErrors("roles")) > 0 {
			field = "roles"
		}
		if got := res.fieldErrors(field); !slices.Equal(got, []string{want}) {
			t.Errorf("%s: %q, want %q", body, got, want)
		}
	}
	h.expect(h.do("POST", "/v1/members", "sandbox", "{"), http.StatusBadRequest, "Validation error")

	h.expect(h.do("DELETE", "/v1/members/1", "sandbox", nil), http.StatusForbidden, "Cannot remove organization owner")
	h.expect(h.do("DELETE", "/v1/members/99", "sandbox", nil), http.StatusNotFound, "Member not found")
	h.expect(h.do("DELETE", "/v1/members/bob", "sandbox", nil), http.StatusBadRequest, "Invalid member ID")
	h.expect(h.do("DELETE", "/v1/members/3", "sandbox", nil), http.StatusNoContent, "")
	h.expect(h.do("DELETE", "/v1/members/3", "sandbox", nil), http.StatusNotFound, "Member not found")
	if n := len(list(h.do("GET", "/v1/members", "sandbox", nil).obj()["members"])); n != 3 {
		t.Errorf("%d members after removal", n)
	}
	// Removed members can come back.
	h.expect(h.do("POST", "/v1/members", "sandbox", map[string]any{"username": "jdoe"}), http.StatusCreated, "")
}
