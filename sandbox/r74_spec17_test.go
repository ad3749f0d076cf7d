package sandbox

import (
	"net/http"
	"testing"
	"time"
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
