package sandbox

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

var deploymentKeys = []string{"id", "status", "created_at", "started_at", "updated_at", "finished_at", "image_tag", "replicas",
	"branch", "commit_sha", "commit_message", "error_message", "creation_source", "created_by"}

func TestDeploymentLifecycle(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "deploy-app")

	res := h.do("POST", appPath(id, "/deployments"), "sandbox", map[string]any{"branch": "main", "commit_sha": "abc123", "commit_message": "Add sales dataset"})
	h.expect(res, http.StatusAccepted, "")
	d := res.obj()
	requireKeys(t, "deployment", d, deploymentKeys...)
	requireNull(t, "queued deployment", d, "started_at", "updated_at", "finished_at", "error_message", "created_by")
	if d["status"] != "queued" || d["creation_source"] != "api" || d["image_tag"] != defaultImageTag || d["replicas"] != 1.0 ||
		d["branch"] != "main" || d["created_at"] != "2025-01-15T10:00:00.000Z" {
		t.Errorf("created deployment: %s", res.raw)
	}
	depPath := appPath(id, "/deployments/"+itoa(num(d["id"])))

	// One in flight per app.
	conflict := h.do("POST", appPath(id, "/deployments"), "sandbox", nil)
	h.expect(conflict, http.StatusConflict, "A deployment is already in progress for this app")
	if num(conflict.obj()["activeDeploymentId"]) != num(d["id"]) {
		t.Errorf("activeDeploymentId: %s", conflict.raw)
	}

	h.clock.Advance(999 * time.Millisecond)
	if s := h.do("GET", depPath, "sandbox", nil).obj()["status"]; s != "queued" {
		t.Errorf("at 999ms status %v", s)
	}
	h.clock.Advance(time.Millisecond)
	got := h.do("GET", depPath, "sandbox", nil).obj()
	if got["status"] != "in_progress" || got["started_at"] != "2025-01-15T10:00:01.000Z" || got["updated_at"] != "2025-01-15T10:00:01.000Z" || got["finished_at"] != nil {
		t.Errorf("in progress: %v", got)
	}
	h.expect(h.do("POST", appPath(id, "/deployments"), "sandbox", nil), http.StatusConflict, "")

	h.clock.Advance(4 * time.Second)
	got = h.do("GET", depPath, "sandbox", nil).obj()
	if got["status"] != "succeeded" || got["updated_at"] != "2025-01-15T10:00:05.000Z" || got["finished_at"] != "2025-01-15T10:00:05.000Z" || got["error_message"] != nil {
		t.Errorf("succeeded: %v", got)
	}

	// After a terminal state a new deployment is accepted, with overrides.
	if err := h.e.FailNextDeployment("unable_to_start"); err != nil {
		t.Fatal(err)
	}
	res = h.do("POST", appPath(id, "/deployments"), "sandbox", map[string]any{"replicas": 3, "channel": "nightly", "debug": true})
	h.expect(res, http.StatusAccepted, "")
	if res.obj()["replicas"] != 3.0 || res.obj()["image_tag"] != defaultImageTag {
		t.Errorf("overrides: %s", res.raw)
	}
	h.clock.Advance(5 * time.Second)
	failed := h.do("GET", appPath(id, "/deployments/"+itoa(num(res.obj()["id"]))), "sandbox", nil).obj()
	if failed["status"] != "failed" || failed["error_message"] != failureMessages["unable_to_start"] ||
		failed["error_code"] != "unable_to_start" || failed["started_at"] == nil {
		t.Errorf("bad image: %v", failed)
	}
	h.expect(h.do("POST", appPath(id, "/deployments"), "sandbox", nil), http.StatusAccepted, "")
	if n := h.e.DeploymentCount("sandbox", id); n != 3 {
		t.Errorf("DeploymentCount = %d", n)
	}
}

func TestDeploymentUsesAppConfig(t *testing.T) {
	cfg := enterpriseConfig()
	cfg.QueuedFor, cfg.RunsFor = time.Millisecond, time.Millisecond
	h := newHarness(t, cfg)
	id := h.deployableApp("sandbox", "config-app")
	h.expect(h.do("PUT", appPath(id, ""), "sandbox", map[string]any{"image_tag": "2.2.0", "replicas": 4}), http.StatusOK, "")
	res := h.do("POST", appPath(id, "/deployments"), "sandbox", "")
	h.expect(res, http.StatusAccepted, "")
	if res.obj()["image_tag"] != "2.2.0" || res.obj()["replicas"] != 4.0 {
		t.Errorf("defaults from the app: %s", res.raw)
	}
	h.clock.Advance(2 * time.Millisecond)
	if s := h.do("GET", appPath(id, "/deployments/"+itoa(num(res.obj()["id"]))), "sandbox", nil).obj()["status"]; s != "succeeded" {
		t.Errorf("custom phase durations: %v", s)
	}
}

func TestCreateDeploymentRefusals(t *testing.T) {
	h := newHarness(t, Config{})
	bare := h.createApp("sandbox", "bare-app")
	h.expect(h.do("POST", appPath(bare, "/deployments"), "sandbox", nil), http.StatusBadRequest,
		"App has no spicepod configuration. Update the app with a spicepod before deploying.")

	ready := h.deployableApp("sandbox", "ready-app")
	cases := []struct {
		body  map[string]any
		field string
		want  string
	}{
		{map[string]any{"replicas": 0}, "replicas", rules.Replicas(0)},
		{map[string]any{"replicas": 11}, "replicas", "Replicas must be between 1 and 10"},
		{map[string]any{"channel": "beta"}, "channel", rules.Enum("beta", rules.DeploymentChannels)},
		{map[string]any{"debug": "yes"}, "debug", "Expected boolean, received string"},
		{map[string]any{"image_tag": 5}, "image_tag", "Expected string, received number"},
	}
	for _, tc := range cases {
		res := h.do("POST", appPath(ready, "/deployments"), "sandbox", tc.body)
		h.expect(res, http.StatusBadRequest, "Validation error")
		if got := res.fieldErrors(tc.field); !slices.Equal(got, []string{tc.want}) {
			t.Errorf("%v: %q", tc.body, got)
		}
	}
	h.expect(h.do("POST", appPath(ready, "/deployments"), "sandbox", "{"), http.StatusBadRequest, "Validation error")

	if err := h.e.PauseSpicepod("sandbox", ready, true); err != nil {
		t.Fatal(err)
	}
	h.expect(h.do("POST", appPath(ready, "/deployments"), "sandbox", nil), http.StatusBadRequest, "Spicepod is paused")
	_ = h.e.PauseSpicepod("sandbox", ready, false)

	invalidPod := h.createApp("sandbox", "invalid-pod")
	h.expect(h.do("PUT", appPath(invalidPod, ""), "sandbox", map[string]any{"spicepod": map[string]any{"version": "v1", "kind": "Spicepod"}}), http.StatusOK, "")
	h.expect(h.do("POST", appPath(invalidPod, "/deployments"), "sandbox", nil), http.StatusBadRequest, "Invalid spicepod configuration")

	h.expect(h.do("POST", "/v1/apps/777/deployments", "sandbox", nil), http.StatusNotFound, "App with ID 777 not found")
	if h.e.DeploymentCount("sandbox", ready) != 0 {
		t.Errorf("refused requests created deployments")
	}
}

func TestCreateDeploymentOrgNotConfigured(t *testing.T) {
	h := newHarness(t, Config{Orgs: []Org{{Slug: "fresh", Owner: "alice", NotConfigured: true}}})
	id := h.deployableApp("sandbox", "early-app")
	// Body validation comes first, then the organization check.
	h.expect(h.do("POST", appPath(id, "/deployments"), "sandbox", map[string]any{"replicas": 0}), http.StatusBadRequest, "Validation error")
	h.expect(h.do("POST", appPath(id, "/deployments"), "sandbox", nil), http.StatusUnprocessableEntity, "Organization is not fully configured")
	bare := h.createApp("sandbox", "bare-app")
	h.expect(h.do("POST", appPath(bare, "/deployments"), "sandbox", nil), http.StatusUnprocessableEntity, "Organization is not fully configured")
}

func TestListDeployments(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "history-app")
	var ids []int64
	for i := range 5 {
		if i%2 == 1 {
			_ = h.e.FailNextDeployment("insufficient_memory")
		}
		res := h.do("POST", appPath(id, "/deployments"), "sandbox", nil)
		h.expect(res, http.StatusAccepted, "")
		ids = append(ids, num(res.obj()["id"]))
		h.clock.Advance(10 * time.Second)
	}
	h.expect(h.do("POST", appPath(id, "/deployments"), "sandbox", nil), http.StatusAccepted, "") // stays queued
	listIDs := func(query string) []int64 {
		res := h.do("GET", appPath(id, "/deployments"+query), "sandbox", nil)
		h.expect(res, http.StatusOK, "")
		var out []int64
		for _, d := range list(res.obj()["deployments"]) {
			requireKeys(t, "listed deployment", d.(map[string]any), deploymentKeys...)
			out = append(out, num(d.(map[string]any)["id"]))
		}
		return out
	}
	all := listIDs("")
	if len(all) != 6 || all[0] != ids[4]+1 || all[5] != ids[0] {
		t.Errorf("newest first: %v (created %v)", all, ids)
	}
	if got := listIDs("?limit=1"); !slices.Equal(got, all[:1]) {
		t.Errorf("limit=1: %v", got)
	}
	if got := listIDs("?limit=2&offset=1"); !slices.Equal(got, all[1:3]) {
		t.Errorf("offset: %v", got)
	}
	if got := listIDs("?status=failed"); !slices.Equal(got, []int64{ids[3], ids[1]}) {
		t.Errorf("status=failed: %v", got)
	}
	if got := listIDs("?status=queued"); !slices.Equal(got, all[:1]) {
		t.Errorf("status=queued: %v", got)
	}
	if got := listIDs("?status=created"); len(got) != 0 {
		t.Errorf("status=created: %v", got)
	}
	for query, field := range map[string]string{
		"?limit=0": "limit", "?limit=101": "limit", "?limit=abc": "limit", "?limit=1.5": "limit",
		"?status=done": "status", "?offset=-1": "offset",
	} {
		res := h.do("GET", appPath(id, "/deployments"+query), "sandbox", nil)
		h.expect(res, http.StatusBadRequest, "Validation error")
		if len(res.fieldErrors(field)) != 1 {
			t.Errorf("%s: %s", query, res.raw)
		}
	}
	if got := h.do("GET", appPath(id, "/deployments?limit=0"), "sandbox", nil).fieldErrors("limit"); got[0] != rules.Limit(0) {
		t.Errorf("limit message %q", got)
	}
	empty := h.createApp("sandbox", "empty-app")
	res := h.do("GET", appPath(empty, "/deployments"), "sandbox", nil)
	h.expect(res, http.StatusOK, "")
	if string(res.raw) != "{\"deployments\":[]}\n" {
		t.Errorf("empty list: %s", res.raw)
	}
}

func TestGetDeploymentNotFound(t *testing.T) {
	h := newHarness(t, Config{})
	a := h.deployableApp("sandbox", "app-one")
	b := h.deployableApp("sandbox", "app-two")
	dep := num(h.do("POST", appPath(a, "/deployments"), "sandbox", nil).obj()["id"])
	h.expect(h.do("GET", appPath(a, "/deployments/"+itoa(dep)), "sandbox", nil), http.StatusOK, "")
	h.expect(h.do("GET", appPath(b, "/deployments/"+itoa(dep)), "sandbox", nil), http.StatusNotFound, "Deployment not found")
	h.expect(h.do("GET", appPath(a, "/deployments/99999"), "sandbox", nil), http.StatusNotFound, "Deployment not found")
	h.expect(h.do("GET", "/v1/apps/555/deployments/"+itoa(dep), "sandbox", nil), http.StatusNotFound, "App with ID 555 not found")
	h.expect(h.do("GET", appPath(a, "/deployments/x"), "sandbox", nil), http.StatusBadRequest, "Invalid deployment ID")
}
