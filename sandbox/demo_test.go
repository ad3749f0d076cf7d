package sandbox

import (
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"testing"
	"time"
)

func TestDemoData(t *testing.T) {
	h := newHarness(t, Config{Demo: true})
	apps := list(h.do("GET", "/v1/apps", "sandbox", nil).obj()["apps"])
	if len(apps) != 2 {
		t.Fatalf("demo apps: %v", apps)
	}
	analytics, docs := apps[0].(map[string]any), apps[1].(map[string]any)
	if analytics["name"] != "analytics-app" || analytics["region"] != "us-west-2" || analytics["visibility"] != "private" ||
		!reflect.DeepEqual(analytics["tags"], map[string]any{"team": "data", "environment": "production"}) {
		t.Errorf("analytics-app: %v", analytics)
	}
	if docs["name"] != "docs-search" || docs["region"] != "us-east-1" || docs["visibility"] != "public" {
		t.Errorf("docs-search: %v", docs)
	}
	id := num(analytics["id"])
	full := h.do("GET", appPath(id, ""), "sandbox", nil).obj()
	pod, _ := full["config"].(map[string]any)["spicepod"].(map[string]any)
	if pod["version"] != "v1" || pod["kind"] != "Spicepod" || pod["name"] != "analytics-app" || len(list(pod["datasets"])) != 1 {
		t.Errorf("demo spicepod: %v", pod)
	}
	var secretNames []string
	for _, s := range list(h.do("GET", appPath(id, "/secrets"), "sandbox", nil).obj()["secrets"]) {
		secretNames = append(secretNames, s.(map[string]any)["name"].(string))
	}
	if !slices.Equal(secretNames, []string{"OPENAI_API_KEY", "PG_PASS"}) {
		t.Errorf("demo secrets: %v", secretNames)
	}

	deps := list(h.do("GET", appPath(id, "/deployments"), "sandbox", nil).obj()["deployments"])
	if len(deps) != 3 {
		t.Fatalf("demo deployments: %v", deps)
	}
	createdBy := map[string]bool{}
	for _, d := range deps {
		m := d.(map[string]any)
		createdBy[fmt.Sprintf("%T", m["created_by"])] = true
		if m["created_at"].(string) >= "2025-01-15T10:00:00.000Z" {
			t.Errorf("demo deployment not in the past: %v", m)
		}
	}
	if !createdBy["string"] || !createdBy["float64"] || !createdBy["<nil>"] {
		t.Errorf("created_by kinds: %v", createdBy)
	}
	latest, failed := deps[0].(map[string]any), deps[1].(map[string]any)
	if latest["status"] != "succeeded" || failed["status"] != "failed" || failed["error_message"] != "Failed to pull container image" {
		t.Errorf("history: %v / %v", latest, failed)
	}
	// The demo app deploys right away; docs-search has nothing to deploy.
	h.expect(h.do("POST", appPath(id, "/deployments"), "sandbox", nil), http.StatusAccepted, "")
	h.expect(h.do("POST", appPath(num(docs["id"]), "/deployments"), "sandbox", nil), http.StatusBadRequest,
		"App has no spicepod configuration. Update the app with a spicepod before deploying.")
	if len(list(h.do("GET", appPath(num(docs["id"]), "/deployments"), "sandbox", nil).obj()["deployments"])) != 0 {
		t.Errorf("docs-search has deployments")
	}

	if err := h.e.SeedDemo("sandbox"); err == nil {
		t.Errorf("seeding twice must fail")
	}
	if err := h.e.SeedDemo("nope"); err == nil {
		t.Errorf("unknown organization must fail")
	}
}

// TestDemoPausedProjectResumesWithoutItsOldRuntime: nightly-etl was paused after it ran, so
// its runtime is gone; resuming it shows only the new deployment's pods.
func TestDemoPausedProjectResumesWithoutItsOldRuntime(t *testing.T) {
	h := newHarness(t, Config{Demo: true})
	id := h.projectID("acme-labs", "nightly-etl")
	h.expect(h.doOrg("POST", projectPath(id, "/resume"), "sandbox", "acme-labs", nil), http.StatusOK, "")
	res := h.doOrg("GET", projectPath(id, "/instances"), "sandbox", "acme-labs", nil)
	h.expect(res, http.StatusOK, "")
	if n := len(list(res.obj()["instances"])); n != 0 {
		t.Errorf("resumed project runs before its deployment starts: %s", res.raw)
	}
	h.clock.Advance(5 * time.Second)
	res = h.doOrg("GET", projectPath(id, "/instances"), "sandbox", "acme-labs", nil)
	if all := list(res.obj()["instances"]); len(all) != 1 || all[0].(map[string]any)["status"] != "ready" {
		t.Errorf("after the resume: %s", res.raw)
	}
}
