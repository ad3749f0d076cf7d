package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// TestR74Spec17InstanceLogsNotDeployedMeansNoDeployment: MCP-REF's instance-log errors read
// "`project_not_deployed` (409) | The project has no deployment yet" and "`instance_not_found`
// (404) | Take the name from `list_project_instances`". Over HTTP, in both orders of events
// (a first deployment, and a pause then resume): once a deployment exists, a name no instance
// has is 404 instance_not_found, even while that deployment is queued; project_not_deployed is
// only for a project with no deployment since it was created (or revived by name), and a
// paused project is project_paused whatever the name. Before, a resume's or a first
// deployment's queued time answered 409 project_not_deployed.
func TestR74Spec17InstanceLogsNotDeployedMeansNoDeployment(t *testing.T) {
	h := newHarness(t, Config{QueuedFor: 3 * time.Second, RunsFor: time.Second})
	logs := func(id int64, name string) *result {
		t.Helper()
		return h.do("GET", projectPath(id, "/instances/"+name+"/logs"), "sandbox", nil)
	}

	// First deployment: none yet → 409; queued → 404; running → the unknown name 404, its own 200.
	id := h.deployableApp("sandbox", "first-deploy")
	h.expectCode(logs(id, "nobody-0"), http.StatusConflict, "project_not_deployed")
	h.expect(h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{}), http.StatusAccepted, "")
	if all := h.instances(id); len(all) != 0 {
		t.Fatalf("queued deployment has instances: %v", all)
	}
	h.expectCode(logs(id, "nobody-0"), http.StatusNotFound, "instance_not_found")
	h.clock.Advance(5 * time.Second)
	name := h.onlyInstance(id, "ready")
	h.expectCode(logs(id, "nobody-0"), http.StatusNotFound, "instance_not_found")
	h.expect(logs(id, name), http.StatusOK, "")

	// Pause then resume: paused → 409 project_paused for any name; the resume's deployment
	// queued → the old pod and an unknown name 404; started → the same.
	h.expect(h.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
	h.expectCode(logs(id, name), http.StatusConflict, "project_paused")
	h.expectCode(logs(id, "nobody-0"), http.StatusConflict, "project_paused")
	h.expect(h.do("POST", projectPath(id, "/resume"), "sandbox", nil), http.StatusOK, "")
	if all := h.instances(id); len(all) != 0 {
		t.Fatalf("resumed project runs before its deployment starts: %v", all)
	}
	h.expectCode(logs(id, name), http.StatusNotFound, "instance_not_found")
	h.expectCode(logs(id, "nobody-0"), http.StatusNotFound, "instance_not_found")
	h.clock.Advance(5 * time.Second)
	resumed := h.onlyInstance(id, "ready")
	h.expectCode(logs(id, name), http.StatusNotFound, "instance_not_found")
	h.expect(logs(id, resumed), http.StatusOK, "")

	// A project paused before it was ever deployed, then resumed: the resume's deployment is one.
	idle := h.deployableApp("sandbox", "paused-early")
	h.expect(h.do("POST", projectPath(idle, "/pause"), "sandbox", nil), http.StatusNoContent, "")
	h.expectCode(logs(idle, "nobody-0"), http.StatusConflict, "project_paused")
	h.expect(h.do("POST", projectPath(idle, "/resume"), "sandbox", nil), http.StatusOK, "")
	h.expectCode(logs(idle, "nobody-0"), http.StatusNotFound, "instance_not_found")

	// Deleted and revived by name: its deployment history is kept, but none since the revival.
	h.expect(h.do("DELETE", projectPath(id, ""), "sandbox", nil), http.StatusNoContent, "")
	h.expect(h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "first-deploy"}), http.StatusCreated, "")
	h.expectCode(logs(id, resumed), http.StatusConflict, "project_not_deployed")
	h.expectCode(logs(id, "nobody-0"), http.StatusConflict, "project_not_deployed")
}

// TestR74Spec17ClusterIDAsTheSpecHasIt: api/README §7.1's cluster_id row. openapi.json keeps the
// /v1/apps-era App field on ProjectSummary, typed a string or null, and each of its examples
// that carries it has null; the emulator sends it, null, on each project body of both
// generations (list, get, create, update, fork), as the examples do.
func TestR74Spec17ClusterIDAsTheSpecHasIt(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(api.Spec, &doc); err != nil {
		t.Fatal(err)
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for _, name := range []string{"App", "ProjectSummary"} {
		prop, _ := schemas[name].(map[string]any)["properties"].(map[string]any)["cluster_id"].(map[string]any)
		if !slices.Equal(list(prop["type"]), []any{"string", "null"}) {
			t.Errorf("%s.cluster_id: %v, want a string or null", name, prop)
		}
	}
	examples := 0
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if got, ok := v["cluster_id"]; ok {
				if _, schema := got.(map[string]any); !schema {
					examples++
					if got != nil {
						t.Errorf("an example's cluster_id is %v, want null", got)
					}
				}
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc["paths"])
	if examples < 5 {
		t.Errorf("%d examples carry cluster_id, want the spec's (10 or more)", examples)
	}

	h := newHarness(t, Config{})
	isNull := func(what string, obj map[string]any) {
		t.Helper()
		if got, ok := obj["cluster_id"]; !ok || got != nil {
			t.Errorf("%s: cluster_id %v (present %v), want null", what, got, ok)
		}
	}
	res := h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "cluster-id", "region": "us-west-2"})
	h.expect(res, http.StatusCreated, "")
	isNull("create", res.obj())
	id := num(res.obj()["id"])
	for _, gen := range []string{"projects", "apps"} {
		path := fmt.Sprintf("/v1/%s/%d", gen, id)
		isNull(gen+" get", h.do("GET", path, "sandbox", nil).obj())
		isNull(gen+" update", h.do("PUT", path, "sandbox", map[string]any{"spicepod": "version: v1\nkind: Spicepod\nname: c\n"}).obj())
		for _, row := range list(h.do("GET", "/v1/"+gen, "sandbox", nil).obj()[gen]) {
			isNull(gen+" list", row.(map[string]any))
		}
	}
	res = h.do("POST", projectPath(id, "/forks"), "sandbox", map[string]any{})
	h.expect(res, http.StatusCreated, "")
	isNull("fork", res.obj())
}

// TestR74Spec17ProjectsEraRoutesHaveNoAppsSpelling: api/README §10. The skill says each
// /v1/apps route "still works" as an alias; openapi.json gives the routes new in the projects
// era (forks, repository, pause, resume, instances and their logs) no /v1/apps spelling, and no
// source shows one used. The emulator answers those spellings as an unknown route, 404
// {"error":"Not found"} without code, and they change nothing; each has its /v1/projects route.
func TestR74Spec17ProjectsEraRoutesHaveNoAppsSpelling(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "no-apps-twin")
	const prefix = "/v1/projects/{projectId}"
	var projectsOnly []*api.Operation
	for _, op := range api.Operations {
		suffix, ok := strings.CutPrefix(op.Path, prefix)
		if !ok || suffix == "" {
			continue
		}
		twin := slices.ContainsFunc(api.Operations, func(o *api.Operation) bool {
			return o.Method == op.Method && o.Path == "/v1/apps/{appId}"+suffix
		})
		if !twin {
			projectsOnly = append(projectsOnly, op)
			path := strings.NewReplacer(prefix, fmt.Sprintf("/v1/apps/%d", id), "{instanceName}", "x").Replace(op.Path)
			var body any
			if op.Method != http.MethodGet {
				body = map[string]any{"repository": "analytics"}
			}
			res := h.do(op.Method, path, "sandbox", body)
			if res.status != http.StatusNotFound || strings.TrimSpace(string(res.raw)) != `{"error":"Not found"}` {
				t.Errorf("%s %s: %d %s, want 404 Not found", op.Method, path, res.status, res.raw)
			}
		}
	}
	var ids []string
	for _, op := range projectsOnly {
		ids = append(ids, op.ID)
	}
	want := []string{"listProjectForks", "forkProject", "listProjectInstances", "getProjectInstanceLogs", "pauseProject", "connectProjectRepository", "resumeProject"}
	if slices.Sort(ids); !slices.Equal(ids, slices.Sorted(slices.Values(want))) {
		t.Errorf("operations without a /v1/apps spelling: %v, want %v", ids, want)
	}
	// Nothing changed: not paused, not forked, not connected.
	h.expect(h.do("GET", projectPath(id, "/instances"), "sandbox", nil), http.StatusOK, "")
	if forks := list(h.do("GET", projectPath(id, "/forks"), "sandbox", nil).obj()["forks"]); len(forks) != 0 {
		t.Errorf("forked through /v1/apps: %v", forks)
	}
	if got := h.do("GET", projectPath(id, ""), "sandbox", nil).obj(); got["production_branch"] != nil {
		t.Errorf("connected through /v1/apps: %v", got["production_branch"])
	}
}
