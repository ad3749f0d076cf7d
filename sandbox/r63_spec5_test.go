package sandbox

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// r63Spec5World is the default world plus "zeta", an organization alice does not belong to,
// and the harness's tokens: alice (owner of sandbox, admin of acme-labs), bob (member of
// sandbox, viewer of acme-labs), carol (owner of acme-labs), a read-only token of alice's and
// an OAuth client-credentials token pinned to sandbox.
type r63Spec5World struct {
	*harness
	bob, carol, readOnly, pinned string
}

func r63Spec5NewWorld(t *testing.T) r63Spec5World {
	orgs := append(DefaultOrgs(), Org{ID: 3, Slug: "zeta", Owner: "jdoe"})
	h := newHarness(t, Config{Orgs: orgs})
	w := r63Spec5World{harness: h,
		bob:      h.e.IssueUserToken("sandbox", "bob", []string{"*"}, 0),
		carol:    h.e.IssueToken("acme-labs", []string{"*"}, 0),
		readOnly: h.e.IssueToken("sandbox", []string{"apps:read"}, 0),
	}
	h.e.mu.Lock()
	w.pinned = h.e.issueToken(h.e.mustOrg("sandbox"), "client-1", "", true, []string{"*"}, 0)
	h.e.mu.Unlock()
	return w
}

// r63Spec5Lines is an instance log's lines.
func (h *harness) r63Spec5Lines(id int64, name, query string) []string {
	h.t.Helper()
	res := h.do("GET", projectPath(id, "/instances/"+name+"/logs"+query), DefaultToken, nil)
	h.expect(res, http.StatusOK, "")
	var out []string
	for _, l := range list(res.obj()["lines"]) {
		out = append(out, l.(string))
	}
	return out
}

// TestR63Spec5InstancesAndLogsFacts: every Documented fact of api/README §7.5 (runtime
// instances and their logs) over real HTTP, one subtest per fact.
func TestR63Spec5InstancesAndLogsFacts(t *testing.T) {
	t.Run("instances newest first, {name, status, started_at}, ready when serving", func(t *testing.T) {
		w := r63Spec5NewWorld(t)
		id := w.deployableApp(DefaultToken, "rollout-app")
		w.deployAndSettle(id)
		w.expect(w.do("POST", projectPath(id, "/deployments"), DefaultToken, map[string]any{}), http.StatusAccepted, "")
		w.clock.Advance(2 * time.Second) // the new rollout runs; the old pod still serves
		res := w.do("GET", projectPath(id, "/instances"), DefaultToken, nil)
		items := list(res.obj()["instances"])
		if len(items) != 2 {
			t.Fatalf("instances during a rollout: %s", res.raw)
		}
		first, second := items[0].(map[string]any), items[1].(map[string]any)
		requireKeys(t, "instance", first, "name", "status", "started_at")
		if first["status"] != "starting" || second["status"] != "ready" || first["started_at"].(string) < second["started_at"].(string) {
			t.Errorf("want the new rollout first, then the serving pod: %s", res.raw)
		}
	})
	t.Run("logs are {lines} oldest first; a healthy start logs ready and a registered line per dataset", func(t *testing.T) {
		w := r63Spec5NewWorld(t)
		id := w.r55SpecWithPod("two-datasets", "version: v1\nkind: Spicepod\nname: two-datasets\ndatasets:\n"+
			"  - from: s3://b/a.parquet\n    name: a\n  - from: s3://b/b.parquet\n    name: b\n")
		w.deployAndSettle(id)
		lines := w.r63Spec5Lines(id, w.onlyInstance(id, "ready"), "")
		if !slices.IsSorted(lines) { // each line starts with its RFC 3339 time
			t.Errorf("not oldest first: %q", lines)
		}
		all := strings.Join(lines, "\n")
		if !strings.Contains(lines[len(lines)-1], "All components are loaded. Spice runtime is ready!") ||
			!strings.Contains(all, "Dataset a registered") || !strings.Contains(all, "Dataset b registered") {
			t.Errorf("healthy start:\n%s", all)
		}
	})
	t.Run("tail defaults to 100; above the plan's limit 403 plan_limit with max_tail", func(t *testing.T) {
		w := r63Spec5NewWorld(t)
		var pod strings.Builder
		pod.WriteString("version: v1\nkind: Spicepod\nname: many\ndatasets:\n")
		for i := range 80 { // two lines each: registered, loaded
			fmt.Fprintf(&pod, "  - from: s3://b/%d.parquet\n    name: d%d\n", i, i)
		}
		id := w.r55SpecWithPod("many", pod.String())
		w.deployAndSettle(id)
		name := w.onlyInstance(id, "ready")
		all := w.r63Spec5Lines(id, name, "?tail=1000")
		if got := w.r63Spec5Lines(id, name, ""); len(all) <= 100 || len(got) != 100 || !slices.Equal(got, all[len(all)-100:]) {
			t.Errorf("default tail: %d of %d lines, want the last 100", len(got), len(all))
		}
		res := w.do("GET", projectPath(id, "/instances/"+name+"/logs?tail=1001"), DefaultToken, nil)
		w.expectCode(res, http.StatusForbidden, "plan_limit")
		if num(res.obj()["max_tail"]) != 1000 {
			t.Errorf("max_tail: %s", res.raw)
		}
	})
	t.Run("404 instance_not_found, 409 project_not_deployed, project_paused, instance_offline", func(t *testing.T) {
		w := r63Spec5NewWorld(t)
		idle := w.deployableApp(DefaultToken, "idle-app")
		w.expectCode(w.do("GET", projectPath(idle, "/instances/spiced-0/logs"), DefaultToken, nil), http.StatusConflict, "project_not_deployed")
		id := w.deployableApp(DefaultToken, "live-app")
		w.deployAndSettle(id)
		w.expectCode(w.do("GET", projectPath(id, "/instances/spiced-0/logs"), DefaultToken, nil), http.StatusNotFound, "instance_not_found")
		name := w.onlyInstance(id, "ready")
		if err := w.e.FailNextDeployment("insufficient_cpu"); err != nil {
			t.Fatal(err)
		}
		w.deployAndSettle(id)
		pending := ""
		for n, status := range w.instances(id) {
			if status == "pending" {
				pending = n
			}
		}
		w.expectCode(w.do("GET", projectPath(id, "/instances/"+pending+"/logs"), DefaultToken, nil), http.StatusConflict, "instance_offline")
		w.expect(w.do("POST", projectPath(id, "/pause"), DefaultToken, nil), http.StatusNoContent, "")
		w.expectCode(w.do("GET", projectPath(id, "/instances"), DefaultToken, nil), http.StatusConflict, "project_paused")
		w.expectCode(w.do("GET", projectPath(id, "/instances/"+name+"/logs"), DefaultToken, nil), http.StatusConflict, "project_paused")
	})
	t.Run("a failed instance's log says why it stopped", func(t *testing.T) {
		w := r63Spec5NewWorld(t)
		id := w.deployableApp(DefaultToken, "broken-app")
		if err := w.e.FailNextDeployment("internal_error"); err != nil {
			t.Fatal(err)
		}
		w.deployAndSettle(id)
		lines := w.r63Spec5Lines(id, w.onlyInstance(id, "failed"), "")
		if last := lines[len(lines)-1]; !strings.Contains(last, "Runtime failed to start") {
			t.Errorf("failed instance's last line: %q", last)
		}
	})
	t.Run("apps:read reads instances and logs; a viewer too", func(t *testing.T) {
		w := r63Spec5NewWorld(t)
		id := w.deployableApp(DefaultToken, "read-app")
		w.deployAndSettle(id)
		name := w.onlyInstance(id, "ready")
		w.expect(w.do("GET", projectPath(id, "/instances/"+name+"/logs"), w.readOnly, nil), http.StatusOK, "")
		acme := num(w.doOrg("POST", "/v1/projects", w.carol, "acme-labs", map[string]any{"name": "acme-app"}).obj()["id"])
		w.expect(w.doOrg("GET", projectPath(acme, "/instances"), w.bob, "acme-labs", nil), http.StatusOK, "")
	})
}

// TestR63Spec5PauseResumeFacts: every Documented fact of api/README §7.4 (pause and resume),
// and the Assumed answers it lists, over real HTTP, one subtest per fact.
func TestR63Spec5PauseResumeFacts(t *testing.T) {
	t.Run("pause keeps the project, its secrets and keys; deployments stay readable", func(t *testing.T) {
		w := r63Spec5NewWorld(t)
		id := w.deployableApp(DefaultToken, "keep-app")
		w.expect(w.do("POST", projectPath(id, "/secrets"), DefaultToken, map[string]any{"name": "PG_PASSWORD", "value": "s3cret-value"}), http.StatusOK, "")
		dep := w.deployAndSettle(id)
		keys := string(w.do("GET", projectPath(id, "/api-keys"), DefaultToken, nil).raw)
		w.expect(w.do("POST", projectPath(id, "/pause"), DefaultToken, nil), http.StatusNoContent, "")
		w.expect(w.do("GET", projectPath(id, ""), DefaultToken, nil), http.StatusOK, "")
		w.expect(w.do("GET", projectPath(id, "/secrets/PG_PASSWORD"), DefaultToken, nil), http.StatusOK, "")
		if got := string(w.do("GET", projectPath(id, "/api-keys"), DefaultToken, nil).raw); got != keys {
			t.Errorf("api keys changed by a pause: %s, were %s", got, keys)
		}
		res := w.do("GET", projectPath(id, fmt.Sprintf("/deployments/%d", dep)), DefaultToken, nil)
		if res.status != http.StatusOK || res.obj()["status"] != "succeeded" {
			t.Errorf("a finished deployment after a pause: %s", res.raw)
		}
	})
	t.Run("paused: create deployment and rollback 400 spicepod_paused on both spellings; a deployment in flight is stopped", func(t *testing.T) {
		w := r63Spec5NewWorld(t)
		id := w.deployableApp(DefaultToken, "paused-app")
		done := w.deployAndSettle(id)
		dep := num(w.do("POST", projectPath(id, "/deployments"), DefaultToken, map[string]any{}).obj()["id"])
		w.expect(w.do("POST", projectPath(id, "/pause"), DefaultToken, nil), http.StatusNoContent, "")
		w.clock.Advance(10 * time.Second)
		d := w.do("GET", projectPath(id, fmt.Sprintf("/deployments/%d", dep)), DefaultToken, nil).obj()
		if d["status"] != "failed" || d["error_code"] != "stopped" {
			t.Errorf("deployment in flight at the pause: %v", d)
		}
		for _, path := range []string{projectPath(id, "/deployments"), appPath(id, "/deployments")} {
			w.expectCode(w.do("POST", path, DefaultToken, map[string]any{}), http.StatusBadRequest, "spicepod_paused")
		}
		w.expectCode(w.do("POST", projectPath(id, "/rollback"), DefaultToken, map[string]any{"target_deployment_id": done}), http.StatusBadRequest, "spicepod_paused")
	})
	t.Run("resume starts a deployment and answers {deployment_id}; it runs and serves", func(t *testing.T) {
		w := r63Spec5NewWorld(t)
		id := w.deployableApp(DefaultToken, "resume-app")
		w.expect(w.do("POST", projectPath(id, "/pause"), DefaultToken, nil), http.StatusNoContent, "")
		res := w.do("POST", projectPath(id, "/resume"), DefaultToken, nil)
		w.expect(res, http.StatusOK, "")
		if len(res.obj()) != 1 || num(res.obj()["deployment_id"]) == 0 {
			t.Fatalf("resume: %s", res.raw)
		}
		path := projectPath(id, fmt.Sprintf("/deployments/%d", num(res.obj()["deployment_id"])))
		if d := w.do("GET", path, DefaultToken, nil).obj(); d["status"] != "queued" {
			t.Errorf("resumed deployment: %v", d)
		}
		w.clock.Advance(5 * time.Second)
		if d := w.do("GET", path, DefaultToken, nil).obj(); d["status"] != "succeeded" {
			t.Errorf("resumed deployment later: %v", d)
		}
		w.onlyInstance(id, "ready")
	})
	t.Run("a connected project's resume that cannot read spicepod.yaml stays paused and answers the deployment's error", func(t *testing.T) {
		w := r63Spec5NewWorld(t)
		id := w.r55SpecConnected("connected-app", "main")
		w.expect(w.do("POST", projectPath(id, "/pause"), DefaultToken, nil), http.StatusNoContent, "")
		w.expect(w.do("PUT", projectPath(id, ""), DefaultToken, map[string]any{"production_branch": "release-missing"}), http.StatusOK, "")
		w.expectCode(w.do("POST", projectPath(id, "/resume"), DefaultToken, nil), http.StatusUnprocessableEntity, "branch_not_found")
		w.expectCode(w.do("GET", projectPath(id, "/instances"), DefaultToken, nil), http.StatusConflict, "project_paused")
		if n := len(list(w.do("GET", projectPath(id, "/deployments"), DefaultToken, nil).obj()["deployments"])); n != 0 {
			t.Errorf("a failed resume queued %d deployments", n)
		}
	})
	t.Run("a resume that cannot deploy (no spicepod) stays paused and answers the deployment's error", func(t *testing.T) {
		w := r63Spec5NewWorld(t)
		id := w.createApp(DefaultToken, "bare-app")
		w.expect(w.do("POST", projectPath(id, "/pause"), DefaultToken, nil), http.StatusNoContent, "")
		w.expect(w.do("POST", projectPath(id, "/resume"), DefaultToken, nil), http.StatusBadRequest,
			"App has no spicepod configuration. Update the app with a spicepod before deploying.")
		w.expectCode(w.do("GET", projectPath(id, "/instances"), DefaultToken, nil), http.StatusConflict, "project_paused")
	})
	t.Run("pause and resume need apps:write and the member role", func(t *testing.T) {
		w := r63Spec5NewWorld(t)
		id := w.deployableApp(DefaultToken, "roles-app")
		w.expectCode(w.do("POST", projectPath(id, "/pause"), w.readOnly, nil), http.StatusForbidden, "insufficient_scope")
		w.expect(w.do("POST", projectPath(id, "/pause"), w.bob, nil), http.StatusNoContent, "")
		w.expect(w.do("POST", projectPath(id, "/resume"), w.bob, nil), http.StatusOK, "")
		acme := num(w.doOrg("POST", "/v1/projects", w.carol, "acme-labs", map[string]any{"name": "acme-app"}).obj()["id"])
		for _, op := range []string{"/pause", "/resume"} {
			w.expectCode(w.doOrg("POST", projectPath(acme, op), w.bob, "acme-labs", nil), http.StatusForbidden, "forbidden")
		}
	})
	t.Run("assumed: pausing twice is 204 again; resuming a running project 400 without a code, starting nothing", func(t *testing.T) {
		w := r63Spec5NewWorld(t)
		id := w.deployableApp(DefaultToken, "twice-app")
		w.expect(w.do("POST", projectPath(id, "/resume"), DefaultToken, nil), http.StatusBadRequest, "Project is not paused")
		for range 2 {
			w.expect(w.do("POST", projectPath(id, "/pause"), DefaultToken, nil), http.StatusNoContent, "")
		}
		if n := len(list(w.do("GET", projectPath(id, "/deployments"), DefaultToken, nil).obj()["deployments"])); n != 0 {
			t.Errorf("%d deployments", n)
		}
	})
}

// TestR63Spec5OrganizationFacts: every Documented and Observed fact of api/README §3 and §7.10
// (organizations and X-Org-Name) over real HTTP, one subtest per fact.
func TestR63Spec5OrganizationFacts(t *testing.T) {
	w := r63Spec5NewWorld(t)
	t.Run("GET /v1/orgs lists the caller's organizations with its role in each", func(t *testing.T) {
		res := w.do("GET", "/v1/orgs", DefaultToken, nil)
		w.expect(res, http.StatusOK, "")
		want := `{"orgs":[{"id":1,"name":"sandbox","displayName":"Sandbox","role":"owner"},{"id":2,"name":"acme-labs","displayName":"Acme Labs","role":"admin"}]}`
		if got := strings.TrimSpace(string(res.raw)); got != want {
			t.Errorf("orgs:\n got %s\nwant %s", got, want)
		}
		w.expectCode(w.do("GET", "/v1/orgs", w.e.IssueToken("sandbox", nil, 0), nil), http.StatusForbidden, "insufficient_scope")
	})
	t.Run("without X-Org-Name a request acts in the token's organization; a PAT may name any of its user's", func(t *testing.T) {
		mine := w.createApp(DefaultToken, "mine-app")
		res := w.doOrg("POST", "/v1/projects", DefaultToken, "acme-labs", map[string]any{"name": "theirs-app"})
		w.expect(res, http.StatusCreated, "")
		theirs := num(res.obj()["id"])
		w.expect(w.doOrg("GET", projectPath(theirs, ""), w.carol, "acme-labs", nil), http.StatusOK, "")
		// Resources of other organizations answer 404.
		w.expect(w.do("GET", projectPath(theirs, ""), DefaultToken, nil), http.StatusNotFound, "Project not found")
		w.expect(w.do("GET", projectPath(mine, ""), w.carol, nil), http.StatusNotFound, "Project not found")
	})
	t.Run("an OAuth client-credentials token is pinned: naming another organization 403 org_assertion_mismatch", func(t *testing.T) {
		w.expect(w.doOrg("GET", "/v1/projects", w.pinned, "sandbox", nil), http.StatusOK, "")
		w.expectCode(w.doOrg("GET", "/v1/projects", w.pinned, "acme-labs", nil), http.StatusForbidden, "org_assertion_mismatch")
		if got := strings.TrimSpace(string(w.do("GET", "/v1/orgs", w.pinned, nil).raw)); got != `{"orgs":[{"id":1,"name":"sandbox","displayName":"Sandbox","role":"owner"}]}` {
			t.Errorf("a pinned token's organizations: %s", got)
		}
	})
	t.Run("naming an organization the caller cannot reach 403 org_forbidden", func(t *testing.T) {
		w.expectCode(w.doOrg("GET", "/v1/projects", DefaultToken, "zeta", nil), http.StatusForbidden, "org_forbidden")
	})
	t.Run("observed: project rows carry no org field, on either spelling", func(t *testing.T) {
		for _, r := range []*result{w.doOrg("GET", "/v1/projects", DefaultToken, "acme-labs", nil), w.doOrg("GET", "/v1/apps", DefaultToken, "acme-labs", nil)} {
			for _, key := range []string{"projects", "apps"} {
				for _, row := range list(r.obj()[key]) {
					if _, ok := row.(map[string]any)["org"]; ok {
						t.Errorf("row with org: %v", row)
					}
				}
			}
		}
	})
}

// TestR63Spec5RoleFacts: every Documented fact of api/README §4 and §7.9 (roles, members) over
// real HTTP, one subtest per fact.
func TestR63Spec5RoleFacts(t *testing.T) {
	t.Run("a viewer is read-only: every mutation 403 forbidden", func(t *testing.T) {
		w := r63Spec5NewWorld(t)
		acme := num(w.doOrg("POST", "/v1/projects", w.carol, "acme-labs", map[string]any{"name": "acme-app"}).obj()["id"])
		w.expect(w.doOrg("GET", projectPath(acme, ""), w.bob, "acme-labs", nil), http.StatusOK, "")
		for _, m := range []struct{ method, path string }{
			{"POST", "/v1/projects"}, {"PUT", projectPath(acme, "")}, {"DELETE", projectPath(acme, "")},
			{"POST", projectPath(acme, "/deployments")}, {"POST", projectPath(acme, "/secrets")}, {"POST", projectPath(acme, "/api-keys")},
			{"POST", projectPath(acme, "/forks")}, {"POST", "/v1/members"},
		} {
			w.expectCode(w.doOrg(m.method, m.path, w.bob, "acme-labs", map[string]any{}), http.StatusForbidden, "forbidden")
		}
	})
	t.Run("a member does everything in its scopes but member management", func(t *testing.T) {
		w := r63Spec5NewWorld(t)
		w.expect(w.do("POST", "/v1/projects", w.bob, map[string]any{"name": "bobs-app"}), http.StatusCreated, "")
		alice := memberIDOf(t, w.harness, "alice")
		w.expectCode(w.do("POST", "/v1/members", w.bob, map[string]any{"username": "jdoe"}), http.StatusForbidden, "forbidden")
		w.expectCode(w.do("PATCH", "/v1/members/"+alice, w.bob, map[string]any{"roles": []string{"member"}}), http.StatusForbidden, "forbidden")
		w.expectCode(w.do("DELETE", "/v1/members/"+alice, w.bob, nil), http.StatusForbidden, "forbidden")
		w.expect(w.do("GET", "/v1/members/"+alice, w.bob, nil), http.StatusOK, "")
	})
	t.Run("an admin adds, changes and removes members, but never grants, changes or removes admin or owner", func(t *testing.T) {
		w := r63Spec5NewWorld(t)
		add := func(token, user string, roles ...string) string {
			res := w.doOrg("POST", "/v1/members", token, "acme-labs", map[string]any{"username": user, "roles": roles})
			w.expect(res, http.StatusCreated, "")
			return itoa(num(res.obj()["user_id"]))
		}
		jdoe := add(DefaultToken, "jdoe", "member") // alice is acme-labs' admin
		w.expect(w.doOrg("PATCH", "/v1/members/"+jdoe, DefaultToken, "acme-labs", map[string]any{"roles": []string{"viewer"}}), http.StatusOK, "")
		w.expectCode(w.doOrg("PATCH", "/v1/members/"+jdoe, DefaultToken, "acme-labs", map[string]any{"roles": []string{"admin"}}), http.StatusForbidden, "forbidden")
		w.expectCode(w.doOrg("POST", "/v1/members", DefaultToken, "acme-labs", map[string]any{"username": "asmith", "roles": []string{"owner"}}), http.StatusForbidden, "forbidden")
		asmith := add(w.carol, "asmith", "admin") // the owner grants admin
		w.expectCode(w.doOrg("PATCH", "/v1/members/"+asmith, DefaultToken, "acme-labs", map[string]any{"roles": []string{"member"}}), http.StatusForbidden, "forbidden")
		w.expectCode(w.doOrg("DELETE", "/v1/members/"+asmith, DefaultToken, "acme-labs", nil), http.StatusForbidden, "forbidden")
		w.expect(w.doOrg("DELETE", "/v1/members/"+jdoe, DefaultToken, "acme-labs", nil), http.StatusNoContent, "")
		w.expect(w.doOrg("DELETE", "/v1/members/"+asmith, w.carol, "acme-labs", nil), http.StatusNoContent, "")
	})
	t.Run("the owner cannot be modified or removed (403), not even by itself", func(t *testing.T) {
		w := r63Spec5NewWorld(t)
		alice := memberIDOf(t, w.harness, "alice")
		w.expect(w.do("PATCH", "/v1/members/"+alice, DefaultToken, map[string]any{"roles": []string{"member"}}), http.StatusForbidden, "Cannot modify organization owner")
		w.expect(w.do("DELETE", "/v1/members/"+alice, DefaultToken, nil), http.StatusForbidden, "Cannot remove organization owner")
	})
	t.Run("GET member has is_owner, 404 Member not found; PATCH answers {user_id, username, roles, created_at}", func(t *testing.T) {
		w := r63Spec5NewWorld(t)
		alice, bob := memberIDOf(t, w.harness, "alice"), memberIDOf(t, w.harness, "bob")
		if got := w.do("GET", "/v1/members/"+alice, DefaultToken, nil).obj(); got["is_owner"] != true || got["username"] != "alice" {
			t.Errorf("owner: %v", got)
		}
		w.expect(w.do("GET", "/v1/members/999", DefaultToken, nil), http.StatusNotFound, "Member not found")
		res := w.do("PATCH", "/v1/members/"+bob, DefaultToken, map[string]any{"roles": []string{"viewer"}})
		w.expect(res, http.StatusOK, "")
		var keys []string
		for k := range res.obj() {
			keys = append(keys, k)
		}
		if slices.Sort(keys); !slices.Equal(keys, []string{"created_at", "roles", "user_id", "username"}) {
			t.Errorf("PATCH answer: %s", res.raw)
		}
		w.expectCode(w.do("POST", projectPath(w.createApp(DefaultToken, "after-demotion"), "/pause"), w.bob, nil), http.StatusForbidden, "forbidden")
	})
	t.Run("add member takes owner, admin, member, viewer and the legacy billing; billing acts as a member", func(t *testing.T) {
		w := r63Spec5NewWorld(t)
		w.expect(w.do("POST", "/v1/members", DefaultToken, map[string]any{"username": "jdoe", "roles": []string{"billing"}}), http.StatusCreated, "")
		jdoe := w.e.IssueUserToken("sandbox", "jdoe", []string{"*"}, 0)
		w.expect(w.do("POST", "/v1/projects", jdoe, map[string]any{"name": "billing-app"}), http.StatusCreated, "")
		w.expectCode(w.do("POST", "/v1/members", jdoe, map[string]any{"username": "asmith"}), http.StatusForbidden, "forbidden")
		for _, role := range []string{"viewer", "member", "admin", "owner"} {
			bob := memberIDOf(t, w.harness, "bob")
			w.expect(w.do("PATCH", "/v1/members/"+bob, DefaultToken, map[string]any{"roles": []string{role}}), http.StatusOK, "")
		}
		res := w.do("POST", "/v1/members", DefaultToken, map[string]any{"username": "asmith", "roles": []string{"superuser"}})
		w.expect(res, http.StatusBadRequest, "Validation error")
		if len(res.fieldErrors("roles")) == 0 {
			t.Errorf("unknown role: %s", res.raw)
		}
	})
}

// TestR63Spec5CheckOrderPerOperation: api/README §3's check order (Assumed) — 403
// insufficient_scope → 403 forbidden (role) → 400 non-numeric id → 404 → 400 body — held by
// every operation of openapi.json that takes a path parameter, each refusal sent with every
// later mistake stacked on it (a non-object body, then ids no resource has).
func TestR63Spec5CheckOrderPerOperation(t *testing.T) {
	ranks := map[string]int{"viewer": 0, "member": 1, "admin": 2, "owner": 3}
	for _, op := range api.Operations {
		if op.Scope == "" || len(op.PathParams()) == 0 {
			continue
		}
		t.Run(op.ID, func(t *testing.T) {
			w := r63Spec5NewWorld(t)
			bobViewer := w.e.IssueUserToken("acme-labs", "bob", []string{"*"}, 0)
			path := func(numeric string) string {
				var values []string
				for _, p := range op.Params {
					if p.In == "path" {
						v := "999999"
						if p.Rule.Type == "integer" {
							v = numeric
						}
						values = append(values, v)
					}
				}
				return op.Expand(values...)
			}
			send := func(token, org, numeric string) *result {
				w.offSpec = true
				return w.send(op.Method, path(numeric), []any{1}, func(req *http.Request) {
					req.Header.Set("Authorization", "Bearer "+token)
					if org != "" {
						req.Header.Set("X-Org-Name", org)
					}
				})
			}
			w.expectCode(send(w.e.IssueToken("sandbox", nil, 0), "", "abc"), http.StatusForbidden, "insufficient_scope")
			if ranks[op.Role] > ranks["viewer"] {
				w.expectCode(send(bobViewer, "acme-labs", "abc"), http.StatusForbidden, "forbidden")
			}
			hasNumeric := slices.ContainsFunc(op.Params, func(p api.Param) bool { return p.In == "path" && p.Rule.Type == "integer" })
			if res := send(DefaultToken, "", "abc"); hasNumeric && (res.status != http.StatusBadRequest || !strings.HasPrefix(res.errText(), "Invalid ")) {
				t.Errorf("a non-numeric id with a bad body: %d %s", res.status, res.raw)
			}
			if res := send(DefaultToken, "", "999999"); res.status != http.StatusNotFound {
				t.Errorf("ids no resource has, with a bad body: %d %s", res.status, res.raw)
			}
		})
	}
}
