package sandbox

import (
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// Anything after the first JSON value but whitespace makes a body malformed, on every route;
// a stray ']' or '}' used to pass (json.Decoder.More reports false before them) and the
// update was applied.
func TestTrailingBytesAfterBodyAreMalformed(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "trail-app")
	routes := []struct{ method, path string }{
		{"PUT", appPath(id, "")},
		{"POST", "/v1/apps"},
		{"PUT", "/v1/projects/" + itoa(id)},
		{"POST", "/v1/projects/" + itoa(id) + "/secrets"},
		{"POST", "/v1/projects/" + itoa(id) + "/deployments"},
		{"PUT", "/v1/projects/" + itoa(id) + "/repository"},
		{"POST", "/v1/members"},
	}
	for _, r := range routes {
		for _, body := range []string{`{"description":"q1"} ]`, `{"description":"q1"} }`, `{"description":"q1"}{}`, `{"description":"q1"} 1`, `{"description":"q1"}]`} {
			res := h.do(r.method, r.path, "sandbox", body)
			if res.status != http.StatusBadRequest {
				t.Errorf("%s %s %q: status %d, want 400 (%s)", r.method, r.path, body, res.status, res.raw)
				continue
			}
			formErrors := list(res.obj()["details"].(map[string]any)["formErrors"])
			if !reflect.DeepEqual(formErrors, []any{"Malformed JSON body"}) {
				t.Errorf("%s %s %q: formErrors %v", r.method, r.path, body, formErrors)
			}
		}
	}
	res := h.do("GET", appPath(id, ""), "sandbox", nil)
	if d, _ := res.obj()["description"].(string); d == "q1" {
		t.Errorf("a malformed body was applied: %s", res.raw)
	}
	// Trailing whitespace is fine.
	res = h.do("PUT", appPath(id, ""), "sandbox", "{\"description\":\"q2\"} \n\t")
	h.expect(res, http.StatusOK, "")
}

// A rollback redeploys a recorded spicepod: it reads no branch (so an unreadable production
// branch does not stop it, and it is not turned into "Organization is not fully configured"),
// records creation_source api, and carries the target's own source, inventing no commit
// (api/README §7.6).
func TestRollbackOfAConnectedProjectReadsNoBranch(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "roll-app")
	res := h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{})
	h.expect(res, http.StatusAccepted, "")
	plain := num(res.obj()["id"]) // deployed before the connection: no branch, no commit
	h.clock.Advance(5 * time.Second)
	h.expect(h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": "roll-repo"}), http.StatusOK, "")
	res = h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{})
	h.expect(res, http.StatusAccepted, "")
	connected := res.obj()
	h.clock.Advance(5 * time.Second)
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"production_branch": "gone-missing"}), http.StatusOK, "")

	res = h.do("POST", projectPath(id, "/rollback"), "sandbox", map[string]any{"target_deployment_id": plain})
	h.expect(res, http.StatusAccepted, "")
	got := res.obj()
	if got["creation_source"] != "api" || got["commit_sha"] != nil || got["branch"] != nil {
		t.Errorf("rollback to a deployment without a source: %s", res.raw)
	}
	h.clock.Advance(5 * time.Second)
	res = h.do("POST", appPath(id, "/rollback"), "sandbox", map[string]any{"target_deployment_id": num(connected["id"])})
	h.expect(res, http.StatusAccepted, "")
	got = res.obj()
	if got["creation_source"] != "api" || got["commit_sha"] != connected["commit_sha"] || got["branch"] != connected["branch"] {
		t.Errorf("rollback to %v: %s", connected, res.raw)
	}
}

// On a connected project the deployment records the branch and commit it reads, so a sent
// branch naming another branch, or a sent commit_sha, is refused naming the field rather than
// replaced (or recorded falsely); the production branch's own name is accepted, and an
// unreadable production branch answers 422 branch_not_found whatever is sent. On an
// unconnected project both are tracking only, recorded as sent.
func TestCreateDeploymentTrackingFieldsOnAConnectedProject(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "track-app")
	res := h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{"branch": "feature-x", "commit_sha": "abc123"})
	h.expect(res, http.StatusAccepted, "")
	if res.obj()["branch"] != "feature-x" || res.obj()["commit_sha"] != "abc123" {
		t.Errorf("unconnected: %s", res.raw)
	}
	h.clock.Advance(5 * time.Second)

	h.expect(h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": "track-repo"}), http.StatusOK, "")
	for _, tc := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"branch": "feature-x"}, "branch"},
		{map[string]any{"commit_sha": "abc123"}, "commit_sha"},
		{map[string]any{"branch": "main", "commit_sha": "abc123"}, "commit_sha"},
	} {
		res := h.do("POST", projectPath(id, "/deployments"), "sandbox", tc.body)
		h.expect(res, http.StatusBadRequest, "Validation error")
		if len(res.fieldErrors(tc.field)) != 1 {
			t.Errorf("%v: %s", tc.body, res.raw)
		}
	}
	res = h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{"branch": "main"})
	h.expect(res, http.StatusAccepted, "")
	if res.obj()["branch"] != "main" || res.obj()["creation_source"] != "github" {
		t.Errorf("production branch named: %s", res.raw)
	}
	h.clock.Advance(5 * time.Second)

	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"production_branch": "gone-missing"}), http.StatusOK, "")
	for _, body := range []map[string]any{{}, {"branch": "gone-missing"}} {
		h.expectCode(h.do("POST", projectPath(id, "/deployments"), "sandbox", body), http.StatusUnprocessableEntity, "branch_not_found")
	}
	if deps := list(h.do("GET", projectPath(id, "/deployments"), "sandbox", nil).obj()["deployments"]); len(deps) != 2 {
		t.Errorf("deployments: %d, want 2", len(deps))
	}
}

// A fork of a connected project reads spicepod.yaml from the head of its production branch; a
// branch that does not exist is an unreadable repository source (502), not a spicepod to copy.
func TestForkOfAConnectedProjectOnAMissingBranch(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "forksrc-app")
	h.expect(h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": "forksrc-repo"}), http.StatusOK, "")
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"production_branch": "gone-missing"}), http.StatusOK, "")
	h.expectCode(h.do("POST", projectPath(id, "/forks"), "sandbox", nil), http.StatusBadGateway, "fork_source_repository_unreadable")
	if forks := list(h.do("GET", projectPath(id, "/forks"), "sandbox", nil).obj()["forks"]); len(forks) != 0 {
		t.Errorf("forks: %v", forks)
	}
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"production_branch": "main"}), http.StatusOK, "")
	h.expect(h.do("POST", projectPath(id, "/forks"), "sandbox", nil), http.StatusCreated, "")
}

// Roles are a set: add member and update member roles both store a repeated role once, in the
// order first sent. Add stored duplicates, and update removed only adjacent ones.
func TestMemberRolesAreStoredOnce(t *testing.T) {
	h := newHarness(t, Config{})
	res := h.do("POST", "/v1/members", "sandbox", map[string]any{"username": "jdoe", "roles": []string{"member", "viewer", "member"}})
	h.expect(res, http.StatusCreated, "")
	if !slices.Equal(list(res.obj()["roles"]), []any{"member", "viewer"}) {
		t.Errorf("add: %s", res.raw)
	}
	path := "/v1/members/" + itoa(num(res.obj()["user_id"]))
	if got := list(h.do("GET", path, "sandbox", nil).obj()["roles"]); !slices.Equal(got, []any{"member", "viewer"}) {
		t.Errorf("stored: %v", got)
	}
	res = h.do("PATCH", path, "sandbox", map[string]any{"roles": []string{"viewer", "member", "viewer"}})
	h.expect(res, http.StatusOK, "")
	if !slices.Equal(list(res.obj()["roles"]), []any{"viewer", "member"}) {
		t.Errorf("update: %s", res.raw)
	}
}

// {instanceName} has a rule (openapi InstanceName: one harmless path segment): a name that
// breaks it is answered 400 naming the parameter, as a bad query parameter is, rather than 404
// instance_not_found; any other name (Instance.name is a plain string) is looked up. And root_directory "" is refused naming the rule it breaks (it names no
// directory; leave it out for the root), not "without '..'".
func TestPathAndRootDirectoryRulesAreNamed(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "inst-app")
	h.expect(h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{}), http.StatusAccepted, "")
	h.clock.Advance(5 * time.Second)
	for _, name := range []string{"..%2Fx", "a%5Cb", "a%25b", "a%20b", "a%3Fb", "a%23b", "a%01b"} {
		res := h.do("GET", projectPath(id, "/instances/"+name+"/logs"), "sandbox", nil)
		h.expect(res, http.StatusBadRequest, "Validation error")
		if len(res.fieldErrors("instanceName")) != 1 {
			t.Errorf("%q: %s", name, res.raw)
		}
	}
	for _, name := range []string{"nope", "Edge_Node-01", "a..b", strings.Repeat("a", 254)} {
		h.expectCode(h.do("GET", projectPath(id, "/instances/"+name+"/logs"), "sandbox", nil), http.StatusNotFound, "instance_not_found")
	}

	res := h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": "inst-repo", "root_directory": ""})
	h.expectCode(res, http.StatusBadRequest, "invalid_root_directory")
	if res.errText() != rules.RootDirectoryBlank {
		t.Errorf("root_directory \"\": %s", res.raw)
	}
}

// A fork does not copy the instance size ("the fork starts on the default instance"): resources
// and the executors' resources are left behind; replica and executor counts and storage sizes
// are copied.
func TestForkDoesNotCopyTheInstanceSize(t *testing.T) {
	h := newHarness(t, enterpriseConfig()) // private compute: custom resources
	id := h.deployableApp("sandbox", "sized-app")
	res := h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{
		"replicas": 2, "storage_size_gb": 50,
		"resources": map[string]any{"limits": map[string]any{"cpu": "2", "memory": "8Gi"}},
		"executor":  map[string]any{"replicas": 3, "storage_size_gb": 20, "resources": map[string]any{"limits": map[string]any{"cpu": "1"}}},
	})
	h.expect(res, http.StatusOK, "")
	res = h.do("POST", projectPath(id, "/forks"), "sandbox", map[string]any{"name": "sized-fork"})
	h.expect(res, http.StatusCreated, "")
	cfg := res.obj()["config"].(map[string]any)
	if cfg["resources"] != nil || num(cfg["replicas"]) != 2 || num(cfg["storage_size_gb"]) != 50 {
		t.Errorf("fork config: %v", cfg)
	}
	executor, _ := cfg["executor"].(map[string]any)
	if _, has := executor["resources"]; has || num(executor["replicas"]) != 3 || num(executor["storage_size_gb"]) != 20 {
		t.Errorf("fork executor: %v", executor)
	}
	src := h.do("GET", projectPath(id, ""), "sandbox", nil).obj()["config"].(map[string]any)
	if src["resources"] == nil || src["executor"].(map[string]any)["resources"] == nil {
		t.Errorf("the source lost its sizes: %v", src)
	}
}
