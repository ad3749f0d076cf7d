package sandbox

// Regression tests for the emulator defects of audit 25: a connected project deploying from a
// branch that cannot be read (or from ""), an oversized spicepod refused naming no field, and
// add member's roles: [] read as the default.

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// TestDeploymentReadsAnExistingBranch: a connected project deploys spicepod.yaml from the head
// of its production branch, read when the deployment is created; when that branch does not
// exist, create deployment answers 422 branch_not_found (as connecting to it does) and resume
// leaves the project paused with the same answer. They used to queue a deployment with a
// made-up commit, which later succeeded.
func TestDeploymentReadsAnExistingBranch(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "branch-app")
	h.expect(h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": "branch-repo"}), http.StatusOK, "")
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"production_branch": "x-missing"}), http.StatusOK, "")
	for _, path := range []string{projectPath(id, "/deployments"), appPath(id, "/deployments")} {
		res := h.do("POST", path, "sandbox", map[string]any{})
		h.expectCode(res, http.StatusUnprocessableEntity, "branch_not_found")
		if res.errText() != "Branch 'x-missing' not found" {
			t.Errorf("%s: %s", path, res.raw)
		}
	}
	if deps := list(h.do("GET", projectPath(id, "/deployments"), "sandbox", nil).obj()["deployments"]); len(deps) != 0 {
		t.Errorf("deployments recorded: %v", deps)
	}

	h.expect(h.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
	h.expectCode(h.do("POST", projectPath(id, "/resume"), "sandbox", nil), http.StatusUnprocessableEntity, "branch_not_found")
	h.expectCode(h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{}), http.StatusBadRequest, "spicepod_paused")

	// A branch that exists deploys again, and resumes.
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"production_branch": "release"}), http.StatusOK, "")
	res := h.do("POST", projectPath(id, "/resume"), "sandbox", nil)
	h.expect(res, http.StatusOK, "")

	// An unconnected project has no branch to read: its production_branch is only a setting.
	other := h.deployableApp("sandbox", "plain-app")
	h.expect(h.do("PUT", projectPath(other, ""), "sandbox", map[string]any{"production_branch": "x-missing"}), http.StatusOK, "")
	h.expect(h.do("POST", projectPath(other, "/deployments"), "sandbox", map[string]any{}), http.StatusAccepted, "")
}

// TestBlankProductionBranchIsRefused: "" names no branch; the default (the repository's default
// branch) applies only when production_branch is left out. Update and connect refuse it,
// naming production_branch, and change nothing.
func TestBlankProductionBranchIsRefused(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "blank-app")
	h.expect(h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": "blank-repo", "production_branch": "dev"}), http.StatusOK, "")
	for _, blank := range []string{"", "  "} {
		for _, req := range []struct{ path string }{{projectPath(id, "")}, {appPath(id, "")}, {projectPath(id, "/repository")}} {
			body := map[string]any{"production_branch": blank}
			if strings.HasSuffix(req.path, "/repository") {
				body["repository"] = "blank-repo"
			}
			res := h.do("PUT", req.path, "sandbox", body)
			h.expect(res, http.StatusBadRequest, "Validation error")
			if got := res.fieldErrors("production_branch"); !slices.Equal(got, []string{rules.BranchBlank}) {
				t.Errorf("PUT %s %q: %s", req.path, blank, res.raw)
			}
		}
	}
	if got := h.do("GET", projectPath(id, ""), "sandbox", nil).obj()["production_branch"]; got != "dev" {
		t.Errorf("production_branch after the refusals: %v", got)
	}
	res := h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{})
	h.expect(res, http.StatusAccepted, "")
	if res.obj()["branch"] != "dev" {
		t.Errorf("deployment: %s", res.raw)
	}
}

// TestOversizedSpicepodIsRefusedByName: a spicepod over rules.SpicepodMaxBytes as sent is
// refused naming spicepod and the limit (rules.SpicepodSize), not by the body limit naming no
// field; the body limit leaves room for a spicepod at its limit.
func TestOversizedSpicepodIsRefusedByName(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "big-pod")
	const head = "version: v1\nkind: Spicepod\nname: big-pod\ns: "
	fits := head + strings.Repeat("y", rules.SpicepodMaxBytes-len(head)-1-2-4) + "\n"
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"spicepod": fits, "description": "at the limit"}), http.StatusOK, "")
	res := h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"spicepod": fits + "t: 1\n"})
	h.expect(res, http.StatusBadRequest, "Validation error")
	if got := res.fieldErrors("spicepod"); len(got) != 1 || !strings.HasPrefix(got[0], "Spicepod is too large: ") ||
		!strings.Contains(got[0], "at most 1,048,576 (1 MiB)") {
		t.Errorf("over the limit: %.300s", res.raw)
	}
}

// TestAddMemberEmptyRolesIsRefused: the add's default (["member"]) applies only when roles is
// left out; roles: [] is refused naming roles, as PATCH refuses it, and adds nobody.
func TestAddMemberEmptyRolesIsRefused(t *testing.T) {
	h := newHarness(t, Config{})
	res := h.do("POST", "/v1/members", "sandbox", map[string]any{"username": "jdoe", "roles": []string{}})
	h.expect(res, http.StatusBadRequest, "Validation error")
	if got := res.fieldErrors("roles"); !slices.Equal(got, []string{rules.Roles(nil)}) {
		t.Errorf("roles []: %s", res.raw)
	}
	res = h.do("PATCH", "/v1/members/2", "sandbox", map[string]any{"roles": []string{}})
	h.expect(res, http.StatusBadRequest, "Validation error")
	if got := res.fieldErrors("roles"); !slices.Equal(got, []string{rules.Roles(nil)}) {
		t.Errorf("PATCH roles []: %s", res.raw)
	}
	for _, m := range list(h.do("GET", "/v1/members", "sandbox", nil).obj()["members"]) {
		if m.(map[string]any)["username"] == "jdoe" {
			t.Errorf("jdoe was added: %v", m)
		}
	}
	res = h.do("POST", "/v1/members", "sandbox", map[string]any{"username": "jdoe"})
	h.expect(res, http.StatusCreated, "")
	if !slices.Equal(list(res.obj()["roles"]), []any{"member"}) {
		t.Errorf("roles left out: %s", res.raw)
	}
}
