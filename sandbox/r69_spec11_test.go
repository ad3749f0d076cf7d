package sandbox

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// TestR69Spec11SecretsPerProjectAndNextDeployment: api/README §7.7 (Documented): project secrets
// are upserted (200), deleted (204) and "effective on the next deployment". Over real HTTP: a
// secret is the project's own (another project of the organization does not have it); a
// deployment created before the secret was set keeps failing for want of it while the next one
// starts; a deleted secret answers 404 to get and delete alike, is no longer listed, and the
// deployment after its deletion fails for want of it again (a hard delete, nothing kept).
func TestR69Spec11SecretsPerProjectAndNextDeployment(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "secret-user")
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{
		"spicepod": "version: v1\nkind: Spicepod\nname: secret-user\ndatasets:\n  - from: postgres:public.t\n    name: t\n    params:\n      pg_pass: ${secrets:PG_PASS}\n",
	}), http.StatusOK, "")
	other := h.createApp("sandbox", "other-app")
	status := func(dep int64) (string, any) {
		t.Helper()
		res := h.do("GET", projectPath(id, fmt.Sprintf("/deployments/%d", dep)), "sandbox", nil)
		h.expect(res, http.StatusOK, "")
		return res.obj()["status"].(string), res.obj()["error_code"]
	}
	settle := func() int64 {
		t.Helper()
		dep := h.deployAndSettle(id)
		h.clock.Advance(10 * time.Minute)
		return dep
	}

	before := settle()
	if s, code := status(before); s != "failed" || code != "unable_to_start" {
		t.Fatalf("deployment without PG_PASS: %s %v, want failed unable_to_start", s, code)
	}
	h.expect(h.do("POST", projectPath(id, "/secrets"), "sandbox", map[string]any{"name": "PG_PASS", "value": "pw"}), http.StatusOK, "")
	if s, code := status(before); s != "failed" || code != "unable_to_start" {
		t.Errorf("the deployment created before the secret: %s %v after it was set, want failed unable_to_start still", s, code)
	}
	h.expect(h.do("GET", projectPath(other, "/secrets/PG_PASS"), "sandbox", nil), http.StatusNotFound, "Secret not found")
	if got := list(h.do("GET", projectPath(other, "/secrets"), "sandbox", nil).obj()["secrets"]); len(got) != 0 {
		t.Errorf("another project lists %v, want no secret", got)
	}
	if s, _ := status(settle()); s != "succeeded" {
		t.Errorf("the next deployment, with PG_PASS set: %s, want succeeded", s)
	}

	res := h.do("DELETE", projectPath(id, "/secrets/PG_PASS"), "sandbox", nil)
	h.expect(res, http.StatusNoContent, "")
	if len(res.raw) != 0 {
		t.Errorf("204 with a body: %s", res.raw)
	}
	h.expect(h.do("GET", projectPath(id, "/secrets/PG_PASS"), "sandbox", nil), http.StatusNotFound, "Secret not found")
	h.expect(h.do("DELETE", projectPath(id, "/secrets/PG_PASS"), "sandbox", nil), http.StatusNotFound, "Secret not found")
	if got := list(h.do("GET", projectPath(id, "/secrets"), "sandbox", nil).obj()["secrets"]); len(got) != 0 {
		t.Errorf("deleted, yet listed: %v", got)
	}
	if s, code := status(settle()); s != "failed" || code != "unable_to_start" {
		t.Errorf("the deployment after the deletion: %s %v, want failed unable_to_start", s, code)
	}
}

// TestR69Spec11ResumeWithoutASpicepod: api/README §7.4 (Documented): resume starts a deployment
// and, when that fails, the project stays paused and resume answers the error a deployment
// would. A project with no spicepod (and no repository): resume answers create deployment's 400
// for it, queues nothing and leaves the project paused (instances 409 project_paused); once a
// spicepod is set, resume answers 200 with the deployment it queued, and the project is no
// longer paused.
func TestR69Spec11ResumeWithoutASpicepod(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "empty-app")
	h.expect(h.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
	const noPod = "App has no spicepod configuration. Update the app with a spicepod before deploying."
	h.expect(h.do("POST", projectPath(id, "/resume"), "sandbox", nil), http.StatusBadRequest, noPod)
	h.expectCode(h.do("GET", projectPath(id, "/instances"), "sandbox", nil), http.StatusConflict, "project_paused")
	if deps := list(h.do("GET", projectPath(id, "/deployments"), "sandbox", nil).obj()["deployments"]); len(deps) != 0 {
		t.Errorf("a refused resume queued %v", deps)
	}
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"spicepod": "version: v1\nkind: Spicepod\nname: empty-app\n"}), http.StatusOK, "")
	res := h.do("POST", projectPath(id, "/resume"), "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	dep := num(res.obj()["deployment_id"])
	deps := list(h.do("GET", projectPath(id, "/deployments"), "sandbox", nil).obj()["deployments"])
	if len(deps) != 1 || num(deps[0].(map[string]any)["id"]) != dep {
		t.Errorf("resume answered deployment %d; listed %v", dep, deps)
	}
	h.clock.Advance(10 * time.Minute)
	h.expect(h.do("GET", projectPath(id, "/instances"), "sandbox", nil), http.StatusOK, "")
}
