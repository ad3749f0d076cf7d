package sandbox

import (
	"net/http"
	"testing"
	"time"
)

// A rollback deploys: it answers as create deployment does to what would stop any deployment
// (api/README §7.6). Replicas above the plan (a target recorded under a larger plan) are
// refused with create deployment's 403, and nothing is queued.
func TestRollbackChecksThePlan(t *testing.T) {
	h := newHarness(t, enterpriseConfig())
	id := h.deployableApp("sandbox", "plan-app")
	deploy := func(body map[string]any) int64 {
		t.Helper()
		res := h.do("POST", projectPath(id, "/deployments"), "sandbox", body)
		h.expect(res, http.StatusAccepted, "")
		h.clock.Advance(time.Minute)
		return num(res.obj()["id"])
	}
	small := deploy(map[string]any{"replicas": 2})
	large := deploy(map[string]any{"replicas": 8}) // the Enterprise plan allows 10
	// The organization moves to the standard plan (5 replicas), as a downgrade would.
	h.e.mu.Lock()
	h.e.orgs["sandbox"].enterprise = false
	h.e.mu.Unlock()

	before := h.e.DeploymentCount("sandbox", id)
	h.expect(h.do("POST", projectPath(id, "/rollback"), "sandbox", map[string]any{"target_deployment_id": large}),
		http.StatusForbidden, "Requested replicas exceed plan limits: your plan allows 5")
	h.expect(h.do("POST", appPath(id, "/rollback"), "sandbox", map[string]any{"target_deployment_id": large}),
		http.StatusForbidden, "Requested replicas exceed plan limits: your plan allows 5")
	if after := h.e.DeploymentCount("sandbox", id); after != before {
		t.Errorf("a refused rollback queued a deployment: %d deployments, then %d", before, after)
	}
	// As create deployment answers the same replicas.
	h.expect(h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{"replicas": 8}),
		http.StatusForbidden, "Requested replicas exceed plan limits: your plan allows 5")

	res := h.do("POST", projectPath(id, "/rollback"), "sandbox", map[string]any{"target_deployment_id": small})
	h.expect(res, http.StatusAccepted, "")
	if res.obj()["replicas"] != float64(2) {
		t.Errorf("rollback to a deployment within the plan: %s", res.raw)
	}
}

// A rollback of a paused project is refused as create deployment's is (400 spicepod_paused),
// and one while another deployment is in flight as create deployment's (409 naming it).
func TestRollbackChecksPauseAndInFlight(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "pause-app")
	res := h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{})
	h.expect(res, http.StatusAccepted, "")
	target := num(res.obj()["id"])
	h.clock.Advance(time.Minute)

	res = h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{})
	h.expect(res, http.StatusAccepted, "")
	inFlight := num(res.obj()["id"])
	res = h.do("POST", projectPath(id, "/rollback"), "sandbox", map[string]any{"target_deployment_id": target})
	h.expect(res, http.StatusConflict, "A deployment is already in progress for this app")
	if num(res.obj()["activeDeploymentId"]) != inFlight {
		t.Errorf("rollback during deployment %d: %s", inFlight, res.raw)
	}
	h.clock.Advance(time.Minute)

	h.expect(h.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
	before := h.e.DeploymentCount("sandbox", id)
	for _, path := range []string{projectPath(id, "/rollback"), appPath(id, "/rollback")} {
		h.expectCode(h.do("POST", path, "sandbox", map[string]any{"target_deployment_id": target}), http.StatusBadRequest, "spicepod_paused")
	}
	h.expectCode(h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{}), http.StatusBadRequest, "spicepod_paused")
	if after := h.e.DeploymentCount("sandbox", id); after != before {
		t.Errorf("a refused rollback queued a deployment: %d deployments, then %d", before, after)
	}
}
