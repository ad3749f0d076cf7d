package sandbox

import (
	"net/http"
	"testing"
	"time"
)

// placementOf is a project's top-level placement and config.region, as GET shows them.
func (h *harness) placementOf(id int64) [4]any {
	h.t.Helper()
	res := h.do("GET", projectPath(id, ""), "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	p := res.obj()
	cfg, _ := p["config"].(map[string]any)
	return [4]any{p["region"], p["cname"], p["endpoint"], cfg["region"]}
}

// deployOnce creates a deployment of id and lets it finish.
func (h *harness) deployOnce(id int64) {
	h.t.Helper()
	h.expect(h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{}), http.StatusAccepted, "")
	h.clock.Advance(10 * time.Second)
}

var (
	inWest = [3]any{"us-west-2", "us-west-2-prod-aws-data", "https://us-west-2-prod-aws-data.spiceai.io"}
	inEast = [3]any{"us-east-1", "us-east-1-prod-aws-data", "https://us-east-1-prod-aws-data.spiceai.io"}
)

func placed(where [3]any, cfgRegion any) [4]any {
	return [4]any{where[0], where[1], where[2], cfgRegion}
}

// TestRegionUpdateMovesWithTheNextDeployment: PUT region sets config.region, and the next
// deployment that succeeds moves the project there, region, cname and endpoint (api/README
// §10, Assumed); a failed one moves nothing.
func TestRegionUpdateMovesWithTheNextDeployment(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "moving-app")
	res := h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"region": "us-east-1"})
	h.expect(res, http.StatusOK, "")
	if got, want := h.placementOf(id), placed(inWest, "us-east-1"); got != want {
		t.Fatalf("after PUT region: %v, want %v (still where it runs)", got, want)
	}
	if err := h.e.FailNextDeployment("unable_to_start"); err != nil {
		t.Fatal(err)
	}
	h.deployOnce(id)
	if got, want := h.placementOf(id), placed(inWest, "us-east-1"); got != want {
		t.Errorf("after a failed deployment: %v, want %v", got, want)
	}
	h.expect(h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{}), http.StatusAccepted, "")
	if got, want := h.placementOf(id), placed(inWest, "us-east-1"); got != want {
		t.Errorf("while deploying: %v, want %v", got, want)
	}
	h.clock.Advance(10 * time.Second)
	if got, want := h.placementOf(id), placed(inEast, "us-east-1"); got != want {
		t.Errorf("after a succeeded deployment: %v, want %v", got, want)
	}
	list := h.do("GET", "/v1/projects", "sandbox", nil)
	for _, p := range list.obj()["projects"].([]any) {
		if m := p.(map[string]any); num(m["id"]) == id && m["endpoint"] != inEast[2] {
			t.Errorf("listed: %v", m)
		}
	}
	// A fork without placement follows where the source runs now.
	fork := h.do("POST", projectPath(id, "/forks"), "sandbox", map[string]any{})
	h.expect(fork, http.StatusCreated, "")
	if fork.obj()["region"] != "us-east-1" {
		t.Errorf("fork: %s", fork.raw)
	}
}

// TestStandaloneProjectBecomesManagedOnDeployment: a standalone project (no placement) given a
// region stays standalone until a deployment succeeds, then is Spice-managed in that region;
// without a region its deployments leave it standalone.
func TestStandaloneProjectBecomesManagedOnDeployment(t *testing.T) {
	h := newHarness(t, Config{})
	res := h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "standalone-app"})
	h.expect(res, http.StatusCreated, "")
	id := num(res.obj()["id"])
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{
		"spicepod": "version: v1\nkind: Spicepod\nname: standalone-app\n",
	}), http.StatusOK, "")
	nowhere := [3]any{nil, nil, nil}
	h.deployOnce(id)
	if got, want := h.placementOf(id), placed(nowhere, nil); got != want {
		t.Errorf("standalone after a deployment: %v, want %v", got, want)
	}
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"region": "us-west-2"}), http.StatusOK, "")
	if got, want := h.placementOf(id), placed(nowhere, "us-west-2"); got != want {
		t.Errorf("after PUT region: %v, want %v", got, want)
	}
	h.deployOnce(id)
	if got, want := h.placementOf(id), placed(inWest, "us-west-2"); got != want {
		t.Errorf("after the deployment: %v, want %v", got, want)
	}
}

// TestRegionMoveSparesTheRevivedAndTheClustered: a deployment's pending move applies to
// neither a project revived under its name (delete stops the deployment) nor one assigned
// to a dedicated cluster since.
func TestRegionMoveSparesTheRevivedAndTheClustered(t *testing.T) {
	h := newHarness(t, enterpriseConfig())
	id := h.deployableApp("sandbox", "revived-app")
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"region": "us-east-1"}), http.StatusOK, "")
	h.expect(h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{}), http.StatusAccepted, "")
	h.expect(h.do("DELETE", projectPath(id, ""), "sandbox", nil), http.StatusNoContent, "")
	res := h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "revived-app", "region": "us-west-2"})
	h.expect(res, http.StatusCreated, "")
	h.clock.Advance(10 * time.Second)
	if got, want := h.placementOf(id), placed(inWest, "us-west-2"); got != want {
		t.Errorf("revived: %v, want %v", got, want)
	}

	clustered := h.deployableApp("sandbox", "clustered-app")
	h.expect(h.do("PUT", projectPath(clustered, ""), "sandbox", map[string]any{"region": "us-east-1"}), http.StatusOK, "")
	h.expect(h.do("POST", projectPath(clustered, "/deployments"), "sandbox", map[string]any{}), http.StatusAccepted, "")
	clusters := h.do("GET", "/v1/clusters", "sandbox", nil).obj()["clusters"].([]any)
	cl := clusters[0].(map[string]any)
	h.expect(h.do("PUT", projectPath(clustered, ""), "sandbox", map[string]any{"cluster_name": cl["cluster_name"]}), http.StatusOK, "")
	h.clock.Advance(10 * time.Second)
	if got := h.placementOf(clustered); got[0] != cl["region"] {
		t.Errorf("clustered: %v, want the cluster's region %v", got, cl["region"])
	}
}

// TestDeploymentLogsSinceLowercase: RFC 3339 §5.6 allows t and z in lower case.
func TestDeploymentLogsSinceLowercase(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "since-lower")
	res := h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{})
	h.expect(res, http.StatusAccepted, "")
	dep := itoa(num(res.obj()["id"]))
	h.clock.Advance(10 * time.Second)
	for since, want := range map[string]bool{
		"2025-01-15t09:59:00z": true, "2025-01-15t09:59:00Z": true, "2025-01-15T09:59:00z": true,
		"2026-12-02t13:14:00z": false, "2025-01-15t09:59:00.5z": true,
	} {
		res := h.do("GET", projectPath(id, "/deployments/"+dep+"/logs?since="+since), "sandbox", nil)
		h.expect(res, http.StatusOK, "")
		if got := len(list(res.obj()["logs"])) > 0; got != want {
			t.Errorf("since=%s: lines %v, want %v", since, got, want)
		}
	}
}
