package sandbox

import (
	"net/http"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// TestR57SpecPlatformListsNeedAppsRead: the skill (seeds 000: "Regions ... Scope: apps:read",
// "Container Images ... Scope: apps:read") and api/README §4 (apps:read grants regions and
// container images) give both lists the apps:read scope. openapi.json says so, and the emulator
// refuses a token holding every scope but the apps ones (403 insufficient_scope naming apps:read),
// and answers one holding apps:read alone. Other tests derive the scope from openapi.json; this
// one pins the value itself.
func TestR57SpecPlatformListsNeedAppsRead(t *testing.T) {
	h := newHarness(t, Config{})
	others := h.e.IssueToken("sandbox", []string{"deployments:write", "secrets:write", "members:write", "members:delete",
		"monitors:write", "reactions:write", "config:write"}, 0)
	read := h.e.IssueToken("sandbox", []string{"apps:read"}, 0)
	for _, op := range []*api.Operation{api.ListRegions, api.ListContainerImages} {
		if op.Scope != "apps:read" {
			t.Errorf("%s: openapi.json gives scope %q; the skill says apps:read", op.ID, op.Scope)
		}
		res := h.do(op.Method, op.Path, others, nil)
		h.expectCode(res, http.StatusForbidden, "insufficient_scope")
		h.expect(res, http.StatusForbidden, "Insufficient scope. Required: apps:read")
		h.expect(h.do(op.Method, op.Path, read, nil), http.StatusOK, "")
	}
}

// TestR57SpecEmulatorHoldsTheSameRules: the emulator's side of the Assumed input rules the
// client refuses before sending (TestR57SpecAssumedRulesRefusedBeforeSending): an update's
// region outside create's (400 naming region), a negative storage size (400 naming
// storage_size_gb), the repository names "." and ".." (400 invalid_repository with
// rules.Repository's text, §7.3), and roles: [] on both member routes (400 naming roles, §7.9).
// Nothing changes: the project keeps its region and storage, no repository is connected and
// bob keeps his roles.
func TestR57SpecEmulatorHoldsTheSameRules(t *testing.T) {
	h := newHarness(t, Config{Demo: true})
	id := h.projectID("sandbox", "analytics-app")
	before := h.do("GET", projectPath(id, ""), "sandbox", nil).raw
	h.expectField(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"region": "eu-west-1"}),
		"region", rules.AsAPI.Enum("eu-west-1", rules.RegionCodes))
	h.expectField(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"storage_size_gb": -1}),
		"storage_size_gb", "Number must be greater than or equal to 0")
	for _, repo := range []string{".", "..", "sandbox/.."} {
		res := h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": repo})
		h.expectCode(res, http.StatusBadRequest, "invalid_repository")
		h.expect(res, http.StatusBadRequest, rules.Repository(repo))
	}
	if after := h.do("GET", projectPath(id, ""), "sandbox", nil).raw; string(after) != string(before) {
		t.Errorf("refused updates changed the project:\n%s\n%s", before, after)
	}
	var bob string
	for _, m := range list(h.do("GET", "/v1/members", "sandbox", nil).obj()["members"]) {
		if m.(map[string]any)["username"] == "bob" {
			bob = itoa(num(m.(map[string]any)["user_id"]))
		}
	}
	h.expectField(h.do("PATCH", "/v1/members/"+bob, "sandbox", map[string]any{"roles": []string{}}), "roles", rules.Roles(nil))
	h.expectField(h.do("POST", "/v1/members", "sandbox", map[string]any{"username": "jdoe", "roles": []string{}}), "roles", rules.Roles(nil))
	got := h.do("GET", "/v1/members/"+bob, "sandbox", nil).obj()["roles"]
	if roles := list(got); len(roles) == 0 {
		t.Errorf("bob's roles after refused changes: %v", got)
	}
}
