package sandbox

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestR69Claims6DeletedSecretReachesNoLaterDeployment: delete_secret's description says "later
// deployments no longer get it". In the emulator a deployment created after the secret its
// spicepod references was deleted fails to start, the one running before stays succeeded, and
// setting the secret again lets the next one start.
func TestR69Claims6DeletedSecretReachesNoLaterDeployment(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.createApp("sandbox", "gone-secret")
	h.putSpicepod(id, secretPod)
	h.expect(h.do("POST", projectPath(id, "/secrets"), "sandbox", map[string]any{"name": "PG_PASSWORD", "value": "pw-r69"}), http.StatusOK, "")
	running := itoa(h.deployAndSettle(id))
	h.expect(h.do("DELETE", projectPath(id, "/secrets/PG_PASSWORD"), "sandbox", nil), http.StatusNoContent, "")
	h.clock.Advance(5 * time.Second)
	later := itoa(h.deployAndSettle(id))
	h.expect(h.do("POST", projectPath(id, "/secrets"), "sandbox", map[string]any{"name": "PG_PASSWORD", "value": "pw-r69-again"}), http.StatusOK, "")
	h.clock.Advance(5 * time.Second)
	again := itoa(h.deployAndSettle(id))
	r69Claims6DeploymentsEnded(t, h, id, map[string][2]string{running: {"succeeded", ""}, later: {"failed", "unable_to_start"}, again: {"succeeded", ""}})
}

// r69Claims6DeploymentsEnded checks how each of app id's deployments ended: want maps its ID
// to its status and error_code.
func r69Claims6DeploymentsEnded(t *testing.T, h *harness, id int64, want map[string][2]string) {
	t.Helper()
	for dep, want := range want {
		d := h.do("GET", projectPath(id, "/deployments/"+dep), "sandbox", nil).obj()
		code, _ := d["error_code"].(string)
		if d["status"] != want[0] || code != want[1] {
			t.Errorf("deployment %s: status %v, error_code %q; want %s %q", dep, d["status"], code, want[0], want[1])
		}
	}
}

// TestR69Claims6ListRowsCarryNoWarning: api/README §7.1 says of a project's `warning` "Only
// `Project` carries the field: list rows (`ProjectSummary`) do not, so a list cannot show it". A
// project created with its initial configuration not applied has the warning on its create and
// get answers, and its row of either list, on both spellings, has no warning field.
func TestR69Claims6ListRowsCarryNoWarning(t *testing.T) {
	h := newHarness(t, Config{Orgs: []Org{{Slug: "sandbox", Owner: "alice", InitialConfigNotApplied: true}},
		Users: []User{{ID: 1, Username: "alice"}}})
	res := h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "warned-app", "region": "us-east-1", "replicas": 3})
	h.expect(res, http.StatusCreated, "")
	if w, _ := res.obj()["warning"].(string); w == "" {
		t.Fatalf("the create carries no warning: %s", res.raw)
	}
	for _, route := range []string{"/v1/projects", "/v1/apps"} {
		list := h.do("GET", route, "sandbox", nil)
		h.expect(list, http.StatusOK, "")
		rows := 0
		for _, v := range list.obj() {
			items, _ := v.([]any)
			for _, item := range items {
				row, _ := item.(map[string]any)
				if row["name"] != "warned-app" {
					continue
				}
				rows++
				if _, ok := row["warning"]; ok {
					t.Errorf("%s: the row carries warning: %v", route, row)
				}
			}
		}
		if rows != 1 || !strings.Contains(string(list.raw), "warned-app") {
			t.Errorf("%s: %d rows of warned-app in %s", route, rows, list.raw)
		}
	}
}
