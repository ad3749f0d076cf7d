package sandbox

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// TestR47NewcomerCheckOrderWithOrganizations: README (The emulator) gives the check order
// 401 → 400 empty X-Org-Name → 403 organization, scope, role → bad ID → 404 → validation → 409.
// TestCheckOrder holds the steps without organizations; here each step with X-Org-Name and
// roles is met by a request that also fails every later step, so only the order decides.
func TestR47NewcomerCheckOrderWithOrganizations(t *testing.T) {
	h := newHarness(t, Config{Demo: true})
	const acme = "acme-labs"
	noScope := h.e.IssueToken("sandbox", []string{}, 0)
	viewer := h.e.IssueUserToken(acme, "bob", []string{"*"}, 0)             // bob is acme-labs' viewer
	readOnly := h.e.IssueUserToken(acme, "carol", []string{"apps:read"}, 0) // the owner, one scope

	// 401 before the empty organization header.
	h.expect(h.send("DELETE", "/v1/projects/abc", nil, func(req *http.Request) { req.Header.Set("X-Org-Name", "") }),
		http.StatusUnauthorized, "Missing Authorization header")
	// The empty header (400) before the organization, scope and role (403) and the bad ID.
	h.expect(h.doOrg("DELETE", "/v1/projects/abc", noScope, "", nil), http.StatusBadRequest, "Invalid X-Org-Name header")
	// An organization out of reach before the scope.
	h.expectCode(h.doOrg("DELETE", "/v1/projects/abc", noScope, "nobody-org", nil), http.StatusForbidden, "org_forbidden")
	// The scope before the role: the owner holding only apps:read, and the bad ID after both.
	h.expectCode(h.doOrg("DELETE", "/v1/projects/abc", readOnly, acme, nil), http.StatusForbidden, "insufficient_scope")
	// The role (a viewer deletes nothing) before the bad ID and before 404.
	h.expectCode(h.doOrg("DELETE", "/v1/projects/abc", viewer, acme, nil), http.StatusForbidden, "forbidden")
	h.expectCode(h.doOrg("DELETE", "/v1/projects/999999", viewer, acme, nil), http.StatusForbidden, "forbidden")
	// With every check passed up to there: the bad ID, then 404.
	h.expect(h.doOrg("DELETE", "/v1/projects/abc", "sandbox", acme, nil), http.StatusBadRequest, "Invalid project ID")
	h.expect(h.doOrg("DELETE", "/v1/projects/999999", "sandbox", acme, nil), http.StatusNotFound, "")
	// 404 before validation, validation before 409: a body both invalid and naming a taken name.
	h.expect(h.doOrg("PUT", "/v1/projects/999999", "sandbox", acme, map[string]any{"replicas": 99, "name": "nightly-etl"}), http.StatusNotFound, "")
	h.expect(h.doOrg("POST", "/v1/projects", "sandbox", acme, map[string]any{"name": "nightly-etl", "region": "eu-central-1"}), http.StatusBadRequest, "Validation error")
	h.expect(h.doOrg("POST", "/v1/projects", "sandbox", acme, map[string]any{"name": "nightly-etl", "region": "us-east-1"}), http.StatusConflict, "")
}

// TestR47NewcomerDemoSeedsEveryOrganizationByPlan: README (sandbox-api --demo) says every
// organization without projects gets demo projects — the first and the standard-plan ones
// analytics-app and docs-search, the Enterprise ones nightly-etl (paused) and fraud-scoring
// (failed unable_to_start) — and --demo=false none.
func TestR47NewcomerDemoSeedsEveryOrganizationByPlan(t *testing.T) {
	orgs := []Org{
		{Slug: "first-ent", Owner: "zoe", Enterprise: true},
		{Slug: "std", Owner: "yan"},
		{Slug: "other-ent", Owner: "xia", Enterprise: true},
	}
	want := map[string][]string{
		"first-ent": {"analytics-app", "docs-search"},
		"std":       {"analytics-app", "docs-search"},
		"other-ent": {"fraud-scoring", "nightly-etl"},
	}
	for _, demo := range []bool{true, false} {
		h := newHarness(t, Config{Demo: demo, Orgs: orgs})
		for _, o := range orgs {
			token := h.e.IssueToken(o.Slug, []string{"*"}, 0)
			var names []string
			for _, p := range list(h.doOrg("GET", "/v1/projects", token, o.Slug, nil).obj()["projects"]) {
				names = append(names, p.(map[string]any)["name"].(string))
			}
			slices.Sort(names)
			if w := want[o.Slug]; !demo {
				if len(names) != 0 {
					t.Errorf("demo off, %s has projects %v", o.Slug, names)
				}
			} else if !slices.Equal(names, w) {
				t.Errorf("demo on, %s has projects %v, want %v", o.Slug, names, w)
			}
		}
		if !demo {
			continue
		}
		token := h.e.IssueToken("other-ent", []string{"*"}, 0)
		ids := map[string]int64{}
		for _, p := range list(h.doOrg("GET", "/v1/projects", token, "other-ent", nil).obj()["projects"]) {
			ids[p.(map[string]any)["name"].(string)] = num(p.(map[string]any)["id"])
		}
		etl := ids["nightly-etl"]
		h.expectCode(h.doOrg("GET", projectPath(etl, "/instances"), token, "other-ent", nil), http.StatusConflict, "project_paused")
		fraud := ids["fraud-scoring"]
		deps := list(h.doOrg("GET", projectPath(fraud, "/deployments"), token, "other-ent", nil).obj()["deployments"])
		if len(deps) == 0 || deps[0].(map[string]any)["status"] != "failed" || deps[0].(map[string]any)["error_code"] != "unable_to_start" {
			t.Errorf("fraud-scoring's latest deployment: %v", deps)
		}
	}
}

// TestR47NewcomerFaultHeaderMarksInjectedStatuses: README (The emulator) says injected
// statuses carry X-Sandbox-Fault: injected — also when the operation was applied first
// (after_apply) and before authentication — while a fault with only a latency delays the
// real answer, which carries no such header (it is the emulator's own answer).
func TestR47NewcomerFaultHeaderMarksInjectedStatuses(t *testing.T) {
	h := newHarness(t, Config{})
	h.offSpec = true
	h.e.InjectFault(Fault{Operation: api.ListApps.ID, Status: 503})
	if res := h.do("GET", "/v1/apps", "", nil); res.status != 503 || res.header.Get(FaultHeader) != "injected" {
		t.Errorf("injected status before authentication: %d %q", res.status, res.header.Get(FaultHeader))
	}
	h.e.InjectFault(Fault{Operation: api.CreateApp.ID, Status: 500, AfterApply: true})
	if res := h.do("POST", "/v1/apps", "sandbox", map[string]any{"name": "r47-ghost", "region": "us-west-2"}); res.status != 500 || res.header.Get(FaultHeader) != "injected" {
		t.Errorf("after_apply: %d %q", res.status, res.header.Get(FaultHeader))
	}
	h.e.InjectFault(Fault{Operation: api.ListApps.ID, Latency: time.Millisecond})
	if res := h.do("GET", "/v1/apps", "sandbox", nil); res.status != http.StatusOK || res.header.Get(FaultHeader) != "" {
		t.Errorf("latency only: %d %q, want the real answer unmarked", res.status, res.header.Get(FaultHeader))
	}
}
