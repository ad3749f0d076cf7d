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

// doOrg is do with X-Org-Name set to org.
func (h *harness) doOrg(method, path, token, org string, body any) *result {
	h.t.Helper()
	return h.send(method, path, body, func(req *http.Request) {
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("X-Org-Name", org)
	})
}

// expectCode fails unless the response has the status and error code.
func (h *harness) expectCode(res *result, status int, code string) {
	h.t.Helper()
	h.expect(res, status, "")
	if got, _ := res.obj()["code"].(string); got != code {
		h.t.Fatalf("code %q, want %q: %s", got, code, res.raw)
	}
}

func projectPath(id int64, suffix string) string {
	return fmt.Sprintf("/v1/projects/%d%s", id, suffix)
}

// projectID finds a project by name in the organization.
func (h *harness) projectID(org, name string) int64 {
	h.t.Helper()
	for _, p := range list(h.doOrg("GET", "/v1/projects", "sandbox", org, nil).obj()["projects"]) {
		if m := p.(map[string]any); m["name"] == name {
			return num(m["id"])
		}
	}
	h.t.Fatalf("no project %q in %s", name, org)
	return 0
}

func TestRequiredRolesMatchOpenAPI(t *testing.T) {
	for _, op := range api.Operations {
		if op.Scope == "" {
			continue
		}
		want, _ := specOperation(t, op.Method, op.Path)["x-required-role"].(string)
		if got := requiredRole(op); got != want {
			t.Errorf("%s: role %s, openapi.json says %s", op.ID, got, want)
		}
	}
}

func TestProjectsAreApps(t *testing.T) {
	h := newHarness(t, Config{})
	res := h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "west-project", "region": "us-west-2"})
	h.expect(res, http.StatusCreated, "")
	p := res.obj()
	if p["cname"] != "us-west-2-prod-aws-data" || p["endpoint"] != "https://us-west-2-prod-aws-data.spiceai.io" || p["forked_from"] != nil {
		t.Errorf("created: %s", res.raw)
	}
	if _, ok := p["api_key"]; ok {
		t.Errorf("project routes leave out api_key: %s", res.raw)
	}
	id := num(p["id"])

	// Placement-free: a standalone (Cloud Connect) project.
	res = h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "laptop-runtime"})
	h.expect(res, http.StatusCreated, "")
	requireNull(t, "standalone", res.obj(), "region", "cname", "endpoint", "cluster_name")
	requireNull(t, "standalone config", res.obj()["config"].(map[string]any), "region")
	res = h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "kind-project", "kind": "cluster"})
	h.expect(res, http.StatusBadRequest, "Validation error")
	if len(res.fieldErrors("kind")) != 1 {
		t.Errorf("kind: %s", res.raw)
	}
	res = h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "full-project", "region": "us-east-1", "update_channel": "nightly",
		"replicas": 2, "storage_size_gb": 5, "default_alerts": false})
	h.expect(res, http.StatusCreated, "")
	if cfg := res.obj()["config"].(map[string]any); cfg["update_channel"] != "nightly" || cfg["replicas"] != 2.0 || cfg["storage_size_gb"] != 5.0 {
		t.Errorf("create settings: %s", res.raw)
	}
	h.expectCode(h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "big-project", "replicas": 9}), http.StatusForbidden, "")
	h.expect(h.do("DELETE", projectPath(num(res.obj()["id"]), ""), "sandbox", nil), http.StatusNoContent, "")

	projects := list(h.do("GET", "/v1/projects", "sandbox", nil).obj()["projects"])
	apps := list(h.do("GET", "/v1/apps", "sandbox", nil).obj()["apps"])
	if len(projects) != 2 || len(apps) != 2 || projects[0].(map[string]any)["id"] != apps[0].(map[string]any)["id"] {
		t.Fatalf("projects %v, apps %v", projects, apps)
	}
	if apps[0].(map[string]any)["api_key"] == nil {
		t.Errorf("/v1/apps keeps the deprecated api_key: %v", apps[0])
	}

	// One state, two spellings.
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"description": "via projects"}), http.StatusOK, "")
	if d := h.do("GET", appPath(id, ""), "sandbox", nil).obj()["description"]; d != "via projects" {
		t.Errorf("alias sees %v", d)
	}
	h.expect(h.do("POST", projectPath(id, "/secrets"), "sandbox", map[string]any{"name": "TOKEN", "value": "v"}), http.StatusOK, "")
	h.expect(h.do("GET", appPath(id, "/secrets/TOKEN"), "sandbox", nil), http.StatusOK, "")
	h.expect(h.do("GET", projectPath(id, "/api-keys"), "sandbox", nil), http.StatusOK, "")
	h.expect(h.do("POST", projectPath(id, "/api-keys"), "sandbox", map[string]any{"key_number": 2}), http.StatusOK, "")
	h.expect(h.do("GET", projectPath(id, "/deployments"), "sandbox", nil), http.StatusOK, "")

	h.expect(h.do("GET", "/v1/projects/abc", "sandbox", nil), http.StatusBadRequest, "Invalid project ID")
	h.expect(h.do("GET", "/v1/projects/999", "sandbox", nil), http.StatusNotFound, "Project not found")
	h.expect(h.do("GET", "/v1/apps/999", "sandbox", nil), http.StatusNotFound, "App with ID 999 not found")
	h.expect(h.do("DELETE", projectPath(id, ""), "sandbox", nil), http.StatusNoContent, "")
	h.expect(h.do("GET", projectPath(id, ""), "sandbox", nil), http.StatusNotFound, "Project not found")
}

func TestProjectPlacementOnClusters(t *testing.T) {
	h := newHarness(t, Config{})
	const acme = "acme-labs"
	res := h.doOrg("GET", "/v1/clusters", "sandbox", acme, nil)
	h.expect(res, http.StatusOK, "")
	clusters := list(res.obj()["clusters"])
	if len(clusters) == 0 {
		t.Fatalf("enterprise clusters: %s", res.raw)
	}
	cl := clusters[0].(map[string]any)
	if n := len(list(h.do("GET", "/v1/clusters", "sandbox", nil).obj()["clusters"])); n != 0 {
		t.Errorf("standard plan has %d clusters", n)
	}
	res = h.doOrg("POST", "/v1/projects", "sandbox", acme, map[string]any{"name": "on-cluster", "cluster_name": cl["cluster_name"]})
	h.expect(res, http.StatusCreated, "")
	want := fmt.Sprintf("https://private-%s-%s-prod-data.spiceai.io", cl["cluster_name"], cl["region"])
	if res.obj()["cluster_name"] != cl["cluster_name"] || res.obj()["endpoint"] != want || res.obj()["region"] != cl["region"] {
		t.Errorf("cluster project: %s", res.raw)
	}
	for _, tc := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"name": "bad-cluster", "cluster_name": "nope"}, "cluster_name"},
		{map[string]any{"name": "bad-cluster", "cluster_name": cl["cluster_name"], "region": "us-east-1"}, "region"},
		{map[string]any{"name": "bad-cluster", "cluster_name": cl["cluster_name"], "cname": "us-west-2"}, "cluster_name"},
	} {
		res := h.doOrg("POST", "/v1/projects", "sandbox", acme, tc.body)
		h.expect(res, http.StatusBadRequest, "Validation error")
		if len(res.fieldErrors(tc.field)) != 1 {
			t.Errorf("%v: %s", tc.body, res.raw)
		}
	}
}

func TestOrgHeader(t *testing.T) {
	h := newHarness(t, Config{Demo: true, OAuthClients: []OAuthClient{{ID: "ci", Secret: "s", Org: "sandbox", Scopes: []string{"*"}}}})
	h.expect(h.doOrg("GET", "/v1/projects", "sandbox", "", nil), http.StatusBadRequest, "Invalid X-Org-Name header")
	h.expect(h.doOrg("GET", "/v1/apps", "sandbox", " ", nil), http.StatusBadRequest, "Invalid X-Org-Name header")
	h.expectCode(h.doOrg("GET", "/v1/projects", "sandbox", "nobody-org", nil), http.StatusForbidden, "org_forbidden")
	h.expectCode(h.doOrg("GET", "/v1/members", "sandbox", "nobody-org", nil), http.StatusForbidden, "org_forbidden")

	fraud := h.projectID("acme-labs", "fraud-scoring")
	h.expect(h.do("GET", projectPath(fraud, ""), "sandbox", nil), http.StatusNotFound, "Project not found")
	h.expect(h.doOrg("GET", projectPath(fraud, ""), "sandbox", "ACME-LABS", nil), http.StatusOK, "")
	h.expect(h.doOrg("GET", "/v1/projects", "sandbox", "sandbox", nil), http.StatusOK, "")

	orgs := list(h.do("GET", "/v1/orgs", "sandbox", nil).obj()["orgs"])
	got := map[string]string{}
	for _, o := range orgs {
		got[o.(map[string]any)["name"].(string)] = o.(map[string]any)["role"].(string)
	}
	if got["sandbox"] != "owner" || got["acme-labs"] != "admin" || len(got) != 2 {
		t.Errorf("orgs: %v", got)
	}

	// An OAuth client is pinned to its organization.
	tok := h.tokenRequest("application/x-www-form-urlencoded", "grant_type=client_credentials&client_id=ci&client_secret=s")
	token := tok.obj()["access_token"].(string)
	h.expect(h.doOrg("GET", "/v1/projects", token, "sandbox", nil), http.StatusOK, "")
	h.expectCode(h.doOrg("GET", "/v1/projects", token, "acme-labs", nil), http.StatusForbidden, "org_assertion_mismatch")
	if n := len(list(h.do("GET", "/v1/orgs", token, nil).obj()["orgs"])); n != 1 {
		t.Errorf("client token lists %d orgs", n)
	}
	// Scope refusals carry their code.
	narrow := h.e.IssueToken("sandbox", []string{"apps:read"}, 0)
	h.expectCode(h.do("POST", "/v1/projects", narrow, map[string]any{"name": "nope-nope"}), http.StatusForbidden, "insufficient_scope")
}

func TestRoles(t *testing.T) {
	h := newHarness(t, Config{Demo: true})
	const acme = "acme-labs"
	viewer := h.e.IssueUserToken("acme-labs", "bob", []string{"*"}, 0)
	admin := "sandbox" // alice: owner of sandbox, admin of acme-labs
	owner := h.e.IssueUserToken("acme-labs", "carol", []string{"*"}, 0)
	etl := h.projectID(acme, "nightly-etl")

	// Viewers read, never write.
	h.expect(h.do("GET", "/v1/projects", viewer, nil), http.StatusOK, "")
	h.expect(h.do("GET", projectPath(etl, "/deployments"), viewer, nil), http.StatusOK, "")
	h.expectCode(h.do("PUT", projectPath(etl, ""), viewer, map[string]any{"description": "x"}), http.StatusForbidden, "forbidden")
	h.expectCode(h.do("POST", "/v1/projects", viewer, map[string]any{"name": "viewer-app"}), http.StatusForbidden, "forbidden")
	h.expectCode(h.do("DELETE", appPath(etl, ""), viewer, nil), http.StatusForbidden, "forbidden")

	members := map[string]int64{}
	for _, m := range list(h.doOrg("GET", "/v1/members", admin, acme, nil).obj()["members"]) {
		members[m.(map[string]any)["username"].(string)] = num(m.(map[string]any)["user_id"])
	}
	alice, bob, carol := members["alice"], members["bob"], members["carol"]
	res := h.doOrg("GET", "/v1/members/"+itoa(carol), admin, acme, nil)
	h.expect(res, http.StatusOK, "")
	if res.obj()["is_owner"] != true {
		t.Errorf("owner: %s", res.raw)
	}
	h.expect(h.doOrg("GET", "/v1/members/999", admin, acme, nil), http.StatusNotFound, "Member not found")

	// An admin manages members and viewers, but not admins or the owner.
	res = h.doOrg("PATCH", "/v1/members/"+itoa(bob), admin, acme, map[string]any{"roles": []string{"member"}})
	h.expect(res, http.StatusOK, "")
	if !slices.Equal(list(res.obj()["roles"]), []any{"member"}) {
		t.Errorf("patched: %s", res.raw)
	}
	h.expectCode(h.doOrg("PATCH", "/v1/members/"+itoa(bob), admin, acme, map[string]any{"roles": []string{"admin"}}), http.StatusForbidden, "forbidden")
	h.expectCode(h.doOrg("PATCH", "/v1/members/"+itoa(carol), admin, acme, map[string]any{"roles": []string{"member"}}), http.StatusForbidden, "")
	h.expectCode(h.doOrg("POST", "/v1/members", admin, acme, map[string]any{"username": "jdoe", "roles": []string{"admin"}}), http.StatusForbidden, "forbidden")
	h.expect(h.doOrg("POST", "/v1/members", admin, acme, map[string]any{"username": "jdoe", "roles": []string{"viewer"}}), http.StatusCreated, "")
	h.expectCode(h.do("PATCH", "/v1/members/"+itoa(alice), viewer, map[string]any{"roles": []string{"member"}}), http.StatusForbidden, "forbidden")
	h.expect(h.doOrg("PATCH", "/v1/members/"+itoa(bob), admin, acme, map[string]any{"roles": []string{"root"}}), http.StatusBadRequest, "Validation error")
	h.expect(h.doOrg("PATCH", "/v1/members/"+itoa(bob), admin, acme, map[string]any{}), http.StatusBadRequest, "Validation error")

	// Only the owner touches admins; the owner stays the owner.
	h.expectCode(h.do("DELETE", "/v1/members/"+itoa(alice), viewer, nil), http.StatusForbidden, "forbidden")
	h.expect(h.do("PATCH", "/v1/members/"+itoa(alice), owner, map[string]any{"roles": []string{"member"}}), http.StatusOK, "")
	h.expectCode(h.do("PATCH", "/v1/members/"+itoa(carol), owner, map[string]any{"roles": []string{"member"}}), http.StatusForbidden, "") // as the spec's ownerImmutable
	h.expect(h.do("DELETE", "/v1/members/"+itoa(carol), owner, nil), http.StatusForbidden, "Cannot remove organization owner")
	// alice is now a member of acme-labs: member management is refused before anything else.
	h.expectCode(h.doOrg("DELETE", "/v1/members/"+itoa(bob), admin, acme, nil), http.StatusForbidden, "forbidden")
}

func TestPauseResumeAndInstances(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "pause-app")
	h.expectCode(h.do("GET", projectPath(id, "/instances/x/logs"), "sandbox", nil), http.StatusConflict, "project_not_deployed")
	h.expect(h.do("POST", projectPath(id, "/deployments"), "sandbox", nil), http.StatusAccepted, "")
	h.clock.Advance(5 * time.Second)

	res := h.do("GET", projectPath(id, "/instances"), "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	instances := list(res.obj()["instances"])
	if len(instances) != 1 || instances[0].(map[string]any)["status"] != "ready" {
		t.Fatalf("instances: %s", res.raw)
	}
	name := instances[0].(map[string]any)["name"].(string)
	res = h.do("GET", projectPath(id, "/instances/"+name+"/logs"), "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	lines := list(res.obj()["lines"])
	if !strings.Contains(lines[len(lines)-1].(string), "All components are loaded. Spice runtime is ready!") {
		t.Errorf("healthy start: %s", res.raw)
	}
	if n := len(list(h.do("GET", projectPath(id, "/instances/"+name+"/logs?tail=2"), "sandbox", nil).obj()["lines"])); n != 2 {
		t.Errorf("tail=2 gave %d lines", n)
	}
	res = h.do("GET", projectPath(id, "/instances/"+name+"/logs?tail=100000"), "sandbox", nil)
	h.expectCode(res, http.StatusForbidden, "plan_limit")
	if num(res.obj()["max_tail"]) != 1000 {
		t.Errorf("max_tail: %s", res.raw)
	}
	h.expectCode(h.do("GET", projectPath(id, "/instances/nope/logs"), "sandbox", nil), http.StatusNotFound, "instance_not_found")
	res = h.do("GET", projectPath(id, "/metrics?window=5m"), "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	if _, ok := res.obj()["metrics"].(map[string]any)[name]; !ok {
		t.Errorf("metrics: %s", res.raw)
	}
	h.expect(h.do("GET", appPath(id, "/metrics?window=five"), "sandbox", nil), http.StatusBadRequest, "Validation error")

	h.expect(h.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
	h.expectCode(h.do("POST", projectPath(id, "/deployments"), "sandbox", nil), http.StatusBadRequest, "spicepod_paused")
	h.expectCode(h.do("POST", appPath(id, "/deployments"), "sandbox", nil), http.StatusBadRequest, "spicepod_paused")
	h.expectCode(h.do("GET", projectPath(id, "/instances"), "sandbox", nil), http.StatusConflict, "project_paused")
	h.expectCode(h.do("GET", projectPath(id, "/instances/"+name+"/logs"), "sandbox", nil), http.StatusConflict, "project_paused")

	res = h.do("POST", projectPath(id, "/resume"), "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	dep := num(res.obj()["deployment_id"])
	if d := h.do("GET", projectPath(id, "/deployments/"+itoa(dep)), "sandbox", nil).obj(); d["status"] != "queued" || d["creation_source"] != "api" {
		t.Errorf("resume deployment: %v", d)
	}
	h.expect(h.do("POST", projectPath(id, "/resume"), "sandbox", nil), http.StatusBadRequest, "Project is not paused")
	h.clock.Advance(5 * time.Second)
	h.expect(h.do("GET", projectPath(id, "/instances"), "sandbox", nil), http.StatusOK, "")
}

func TestFailedStartsReadLikeARuntime(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "failing-app")
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{
		"spicepod": "version: v1\nkind: Spicepod\nname: failing-app\ndatasets:\n  - from: postgres:orders\n    name: orders\n    params:\n      pg_pass: ${secrets:PG_PASS}\n",
	}), http.StatusOK, "")

	// A referenced secret is missing: the runtime cannot start.
	res := h.do("POST", projectPath(id, "/deployments"), "sandbox", nil)
	h.expect(res, http.StatusAccepted, "")
	dep := num(res.obj()["id"])
	h.clock.Advance(5 * time.Second)
	d := h.do("GET", projectPath(id, "/deployments/"+itoa(dep)), "sandbox", nil).obj()
	if d["status"] != "failed" || d["error_code"] != "unable_to_start" {
		t.Fatalf("deployment: %v", d)
	}
	instances := list(h.do("GET", projectPath(id, "/instances"), "sandbox", nil).obj()["instances"])
	if len(instances) != 1 || instances[0].(map[string]any)["status"] != "failed" {
		t.Fatalf("instances: %v", instances)
	}
	name := instances[0].(map[string]any)["name"].(string)
	logs := h.do("GET", projectPath(id, "/instances/"+name+"/logs"), "sandbox", nil)
	h.expect(logs, http.StatusOK, "")
	if !strings.Contains(string(logs.raw), `secret \"PG_PASS\" is not set`) || !strings.Contains(string(logs.raw), "Runtime failed to start") {
		t.Errorf("failed start: %s", logs.raw)
	}
	res = h.do("GET", projectPath(id, "/deployments/"+itoa(dep)+"/logs"), "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	entries := list(res.obj()["logs"])
	if last := entries[len(entries)-1].(map[string]any); last["level"] != "error" || !strings.Contains(last["message"].(string), "unable_to_start") {
		t.Errorf("deployment logs: %s", res.raw)
	}
	if n := len(list(h.do("GET", appPath(id, "/deployments/"+itoa(dep)+"/logs?limit=1"), "sandbox", nil).obj()["logs"])); n != 1 {
		t.Errorf("limit=1 gave %d", n)
	}

	// A retriable scheduling failure: the pod never ran, so it has no logs.
	h.expect(h.do("POST", projectPath(id, "/secrets"), "sandbox", map[string]any{"name": "PG_PASS", "value": "x"}), http.StatusOK, "")
	if err := h.e.FailNextDeployment("insufficient_memory"); err != nil {
		t.Fatal(err)
	}
	h.expect(h.do("POST", projectPath(id, "/deployments"), "sandbox", nil), http.StatusAccepted, "")
	h.clock.Advance(5 * time.Second)
	instances = list(h.do("GET", projectPath(id, "/instances"), "sandbox", nil).obj()["instances"])
	pending := instances[0].(map[string]any)
	if pending["status"] != "pending" || pending["started_at"] != nil {
		t.Fatalf("pending: %v", instances)
	}
	h.expectCode(h.do("GET", projectPath(id, "/instances/"+pending["name"].(string)+"/logs"), "sandbox", nil), http.StatusConflict, "instance_offline")
	if h.e.FailNextDeployment("nope") == nil {
		t.Errorf("unknown codes must be refused")
	}

	// Rollback needs a succeeded target.
	h.expect(h.do("POST", projectPath(id, "/rollback"), "sandbox", map[string]any{"target_deployment_id": dep}), http.StatusConflict, "")
	res = h.do("POST", projectPath(id, "/deployments"), "sandbox", nil)
	good := num(res.obj()["id"])
	h.clock.Advance(5 * time.Second)
	res = h.do("POST", projectPath(id, "/rollback"), "sandbox", map[string]any{"target_deployment_id": good})
	h.expect(res, http.StatusAccepted, "")
	// Nothing marks it a rollback: its source is the target's (api/README §7.6).
	target := h.do("GET", projectPath(id, "/deployments/"+itoa(good)), "sandbox", nil).obj()
	if res.obj()["creation_source"] != "api" || res.obj()["commit_message"] != target["commit_message"] ||
		res.obj()["commit_sha"] != target["commit_sha"] {
		t.Errorf("rollback: %s", res.raw)
	}
	h.expect(h.do("POST", appPath(id, "/rollback"), "sandbox", map[string]any{"target_deployment_id": 1}), http.StatusNotFound, "Deployment not found")
	h.expect(h.do("POST", appPath(id, "/rollback"), "sandbox", map[string]any{}), http.StatusBadRequest, "Validation error")
}

func TestImageTagGateAndLimits(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "gated-app")
	h.expectCode(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"image_tag": "2.3.2"}), http.StatusForbidden, "image_tag_requires_enterprise")
	h.expectCode(h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{"image_tag": "2.3.2"}), http.StatusForbidden, "image_tag_requires_enterprise")
	h.expectCode(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"replicas": 8}), http.StatusForbidden, "")
	h.expectCode(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"resources": map[string]any{"limits": map[string]any{"cpu": "2"}}}), http.StatusForbidden, "")
	// The replicas 403 is the spec's planLimits example: no code (plan_limit is for instance
	// logs, api/README §5), a message saying the plan limits are exceeded.
	over := h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"replicas": 6})
	if body := over.obj(); body["code"] != nil || !strings.Contains(body["error"].(string), "exceed plan limits") {
		t.Errorf("replicas over the plan: %s", over.raw)
	}
	// A deployment's replicas are capped by the plan as the project's are (Limits.replicas is
	// "Maximum replicas per project"; api/README §10): the same 403 body, no code; within the
	// plan they are what the deployment runs.
	for _, path := range []string{projectPath(id, "/deployments"), appPath(id, "/deployments")} {
		dep := h.do("POST", path, "sandbox", map[string]any{"replicas": 6})
		if body := dep.obj(); dep.status != http.StatusForbidden || body["code"] != nil || body["error"] != over.obj()["error"] {
			t.Errorf("%s replicas over the plan: %d %s", path, dep.status, dep.raw)
		}
	}
	dep := h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{"replicas": 5})
	h.expect(dep, http.StatusAccepted, "")
	if dep.obj()["replicas"] != 5.0 {
		t.Errorf("deployment replicas: %s", dep.raw)
	}
	res := h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"version": "2.x", "update_channel": "preview", "storage_size_gb": 20})
	h.expect(res, http.StatusOK, "")
	if cfg := res.obj()["config"].(map[string]any); cfg["version"] != "2.x" || cfg["storage_size_gb"] != 20.0 {
		t.Errorf("config: %s", res.raw)
	}
	limits := h.do("GET", "/v1/limits", "sandbox", nil)
	h.expect(limits, http.StatusOK, "")
	if limits.obj()["resources"] != nil || limits.obj()["replicas"] != 5.0 {
		t.Errorf("standard limits: %s", limits.raw)
	}

	e := newHarness(t, enterpriseConfig())
	id = e.deployableApp("sandbox", "pinned-app")
	e.expectCode(e.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"image_tag": "1.5.0-models"}), http.StatusBadRequest, "invalid_stable_image_tag")
	e.expectCode(e.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{"image_tag": "9.9.9"}), http.StatusBadRequest, "invalid_stable_image_tag")
	res = e.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"image_tag": "2.3.1", "resources": map[string]any{"limits": map[string]any{"cpu": "4", "memory": "16Gi"}}})
	e.expect(res, http.StatusOK, "")
	if res.obj()["config"].(map[string]any)["image_tag"] != "2.3.1" {
		t.Errorf("pinned: %s", res.raw)
	}
	res = e.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"image_tag": nil})
	e.expect(res, http.StatusOK, "")
	requireNull(t, "cleared pin", res.obj()["config"].(map[string]any), "image_tag")
	e.expectCode(e.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"resources": map[string]any{"requests": map[string]any{"memory": "128Gi"}}}), http.StatusForbidden, "")
}

func TestForksAndRepository(t *testing.T) {
	h := newHarness(t, Config{})
	src := h.deployableApp("sandbox", "source-app")
	h.expect(h.do("POST", projectPath(src, "/secrets"), "sandbox", map[string]any{"name": "KEY", "value": "v"}), http.StatusOK, "")
	h.expect(h.do("POST", projectPath(src, "/deployments"), "sandbox", nil), http.StatusAccepted, "")

	res := h.do("POST", projectPath(src, "/forks"), "sandbox", nil)
	h.expect(res, http.StatusCreated, "")
	fork := res.obj()
	ff, _ := fork["forked_from"].(map[string]any)
	if fork["name"] != "source-app-fork" || num(ff["id"]) != src || fork["visibility"] != "private" || fork["shared_state"] == nil ||
		fork["config"].(map[string]any)["spicepod"] == nil {
		t.Errorf("fork: %s", res.raw)
	}
	forkID := num(fork["id"])
	if n := len(list(h.do("GET", projectPath(forkID, "/deployments"), "sandbox", nil).obj()["deployments"])); n != 0 {
		t.Errorf("forks are not deployed: %d deployments", n)
	}
	h.expect(h.do("GET", projectPath(forkID, "/secrets/KEY"), "sandbox", nil), http.StatusOK, "")
	res = h.do("POST", projectPath(src, "/forks"), "sandbox", map[string]any{"region": "us-east-1"})
	h.expect(res, http.StatusCreated, "")
	if res.obj()["name"] != "source-app-fork-2" || res.obj()["region"] != "us-east-1" {
		t.Errorf("second fork: %s", res.raw)
	}
	h.expect(h.do("POST", projectPath(src, "/forks"), "sandbox", map[string]any{"name": "source-app"}), http.StatusConflict, "")
	h.expect(h.do("POST", projectPath(src, "/forks"), "sandbox", map[string]any{"replicas": 2}), http.StatusBadRequest, "Validation error")
	bare := h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "bare-standalone"})
	h.expectCode(h.do("POST", projectPath(num(bare.obj()["id"]), "/forks"), "sandbox", nil), http.StatusBadRequest, "fork_placement_required")
	h.expectCode(h.do("POST", projectPath(num(bare.obj()["id"]), "/forks"), "sandbox", map[string]any{"region": "us-west-2"}), http.StatusUnprocessableEntity, "fork_source_has_no_spicepod")
	forks := list(h.do("GET", projectPath(src, "/forks"), "sandbox", nil).obj()["forks"])
	if len(forks) != 2 {
		t.Errorf("forks: %v", forks)
	}

	// Repository connection.
	h.expectCode(h.do("PUT", projectPath(src, "/repository"), "sandbox", map[string]any{"repository": "not a repo!"}), http.StatusBadRequest, "invalid_repository")
	h.expectCode(h.do("PUT", projectPath(src, "/repository"), "sandbox", map[string]any{"repository": "someone-else/repo"}), http.StatusNotFound, "repository_not_found")
	h.expectCode(h.do("PUT", projectPath(src, "/repository"), "sandbox", map[string]any{"repository": "repo", "root_directory": "../x"}), http.StatusBadRequest, "invalid_root_directory")
	h.expectCode(h.do("PUT", projectPath(src, "/repository"), "sandbox", map[string]any{"repository": "repo", "production_branch": "gone-missing"}), http.StatusUnprocessableEntity, "branch_not_found")
	res = h.do("PUT", projectPath(src, "/repository"), "sandbox", map[string]any{"repository": "sandbox/source", "production_branch": "release"})
	h.expect(res, http.StatusOK, "")
	if res.obj()["has_spicepod"] != true || res.obj()["repository"] != "sandbox/source" {
		t.Errorf("connected: %s", res.raw)
	}
	h.expectCode(h.do("PUT", projectPath(src, ""), "sandbox", map[string]any{"spicepod": "version: v1\nkind: Spicepod\nname: x\n"}), http.StatusConflict, "github_connected")
	h.expectCode(h.do("PUT", projectPath(src, "/repository"), "sandbox", map[string]any{"repository": "repo-unavailable"}), http.StatusServiceUnavailable, "github_unavailable")
	h.expectCode(h.do("PUT", projectPath(src, "/repository"), "sandbox", map[string]any{"repository": "repo", "root_directory": "pods/x-empty"}), http.StatusUnprocessableEntity, "spicepod_missing")
	h.expectCode(h.do("PUT", projectPath(forkID, "/repository"), "sandbox", map[string]any{"repository": "source", "production_branch": "main"}), http.StatusConflict, "root_directory_conflict")
	h.expect(h.do("PUT", projectPath(forkID, "/repository"), "sandbox", map[string]any{"repository": "source", "root_directory": "fork"}), http.StatusOK, "")
	h.expect(h.do("PUT", projectPath(src, ""), "sandbox", map[string]any{"description": "still editable"}), http.StatusOK, "")
	h.clock.Advance(10 * time.Second)
	res = h.do("POST", projectPath(src, "/deployments"), "sandbox", nil)
	h.expect(res, http.StatusAccepted, "")
	if res.obj()["branch"] != "release" || res.obj()["creation_source"] != "github" {
		t.Errorf("connected deployment: %s", res.raw)
	}
}

func TestForkOfARepositoryReadingFiles(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "files-app")
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{
		"spicepod": "version: v1\nkind: Spicepod\nname: files-app\ndatasets:\n  - from: file:data/orders.csv\n    name: orders\n",
	}), http.StatusOK, "")
	h.expect(h.do("POST", projectPath(id, "/forks"), "sandbox", nil), http.StatusCreated, "")
	h.expect(h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": "files"}), http.StatusOK, "")
	h.expectCode(h.do("POST", projectPath(id, "/forks"), "sandbox", nil), http.StatusUnprocessableEntity, "fork_source_loads_repository_files")
}

func TestForkWithoutAICredits(t *testing.T) {
	h := newHarness(t, Config{Orgs: []Org{{Slug: "broke", Owner: "alice", AICreditsExhausted: true}}})
	id := h.createApp("sandbox", "model-app")
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{
		"spicepod": "version: v1\nkind: Spicepod\nname: model-app\nmodels:\n  - from: openai:gpt-4o\n    name: gpt\n",
	}), http.StatusOK, "")
	h.expectCode(h.do("POST", projectPath(id, "/forks"), "sandbox", nil), http.StatusPaymentRequired, "ai_credits_exhausted")
	h.e.InjectFault(Fault{Operation: "getProjectMetrics", Status: http.StatusServiceUnavailable, Code: "metrics_unavailable"})
	h.expectCode(h.do("GET", projectPath(id, "/metrics"), "sandbox", nil), http.StatusServiceUnavailable, "metrics_unavailable")
}

func TestDemoOrganizations(t *testing.T) {
	h := newHarness(t, Config{Demo: true})
	etl := h.projectID("acme-labs", "nightly-etl")
	h.expectCode(h.doOrg("GET", projectPath(etl, "/instances"), "sandbox", "acme-labs", nil), http.StatusConflict, "project_paused")
	fraud := h.projectID("acme-labs", "fraud-scoring")
	deps := list(h.doOrg("GET", projectPath(fraud, "/deployments"), "sandbox", "acme-labs", nil).obj()["deployments"])
	if latest := deps[0].(map[string]any); latest["status"] != "failed" || latest["error_code"] != "unable_to_start" {
		t.Fatalf("fraud-scoring deployments: %v", deps)
	}
	instances := list(h.doOrg("GET", projectPath(fraud, "/instances"), "sandbox", "acme-labs", nil).obj()["instances"])
	var failed string
	for _, in := range instances {
		if m := in.(map[string]any); m["status"] == "failed" {
			failed = m["name"].(string)
		}
	}
	res := h.doOrg("GET", projectPath(fraud, "/instances/"+failed+"/logs"), "sandbox", "acme-labs", nil)
	h.expect(res, http.StatusOK, "")
	if !strings.Contains(string(res.raw), "PG_PASSWORD") {
		t.Errorf("failed instance logs: %s", res.raw)
	}
	analytics := h.projectID("sandbox", "analytics-app")
	deps = list(h.do("GET", projectPath(analytics, "/deployments"), "sandbox", nil).obj()["deployments"])
	if deps[1].(map[string]any)["error_code"] != "unable_to_start" {
		t.Errorf("analytics-app history: %v", deps[1])
	}
}
