package sandbox

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Stopped deployments' error_message, as the emulator writes them (api/README §10, Assumed).
const (
	r71Spec13ByPause  = "Stopped: the project was paused"
	r71Spec13ByDelete = "Stopped: the app was deleted"
)

// TestR71Spec13StoppedMessageNamesItsCause: a deployment that a pause or a delete ends in
// flight (queued or in_progress, through either generation's route) is failed with error_code
// stopped and an error_message naming what ended it (api/README §7.6, §10), the same in the
// deployment, in the list and in its deployment logs' last line; a pause never reads as a
// deletion nor the reverse, and a delete after a pause leaves the pause's message (an ended
// deployment stays as it was). A deleted project's deployments are read after it is brought
// back by name (its history comes back with it).
func TestR71Spec13StoppedMessageNamesItsCause(t *testing.T) {
	for _, c := range []struct {
		name    string
		advance time.Duration // from creation: 0 queued, 1 s in_progress
		end     []string      // the requests that end it: "pause", "delete", "delete-v1apps"
		want    string
	}{
		{"paused while queued", 0, []string{"pause"}, r71Spec13ByPause},
		{"paused while in_progress", time.Second, []string{"pause"}, r71Spec13ByPause},
		{"deleted while queued", 0, []string{"delete"}, r71Spec13ByDelete},
		{"deleted while in_progress", time.Second, []string{"delete"}, r71Spec13ByDelete},
		{"deleted through /v1/apps while in_progress", time.Second, []string{"delete-v1apps"}, r71Spec13ByDelete},
		{"paused, then deleted", time.Second, []string{"pause", "delete"}, r71Spec13ByPause},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, Config{})
			id := h.deployableApp("sandbox", "stop-app")
			project := fmt.Sprintf("/v1/projects/%d", id)
			created := h.do("POST", project+"/deployments", "sandbox", nil)
			h.expect(created, http.StatusAccepted, "")
			d := num(created.obj()["id"])
			h.clock.Advance(c.advance)
			deleted := false
			for _, end := range c.end {
				switch end {
				case "pause":
					h.expect(h.do("POST", project+"/pause", "sandbox", nil), http.StatusNoContent, "")
				case "delete":
					h.expect(h.do("DELETE", project, "sandbox", nil), http.StatusNoContent, "")
					deleted = true
				case "delete-v1apps":
					h.expect(h.do("DELETE", fmt.Sprintf("/v1/apps/%d", id), "sandbox", nil), http.StatusNoContent, "")
					deleted = true
				}
			}
			h.clock.Advance(time.Hour) // a stopped deployment never moves on
			if deleted {
				h.expect(h.do("GET", fmt.Sprintf("%s/deployments/%d", project, d), "sandbox", nil), http.StatusNotFound, "")
				revived := h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "stop-app"})
				h.expect(revived, http.StatusCreated, "")
				if got := num(revived.obj()["id"]); got != id {
					t.Fatalf("brought back as %d, want %d", got, id)
				}
			}
			other := r71Spec13ByDelete
			if c.want == r71Spec13ByDelete {
				other = r71Spec13ByPause
			}
			check := func(where string, o map[string]any) {
				t.Helper()
				if o["status"] != "failed" || o["error_code"] != "stopped" || o["error_message"] != c.want {
					t.Errorf("%s: %v, want failed, stopped, %q", where, o, c.want)
				}
				if (c.advance == 0) != (o["started_at"] == nil) {
					t.Errorf("%s: started_at %v; the deployment was %s when it was stopped", where, o["started_at"], map[bool]string{true: "queued", false: "in_progress"}[c.advance == 0])
				}
			}
			got := h.do("GET", fmt.Sprintf("%s/deployments/%d", project, d), "sandbox", nil)
			h.expect(got, http.StatusOK, "")
			check("get", got.obj())
			list := h.do("GET", project+"/deployments?status=failed", "sandbox", nil)
			h.expect(list, http.StatusOK, "")
			found := false
			for _, raw := range list.obj()["deployments"].([]any) {
				if o := raw.(map[string]any); num(o["id"]) == d {
					found = true
					check("list", o)
				}
			}
			if !found {
				t.Errorf("list of failed deployments: %d missing: %s", d, list.raw)
			}
			logs := h.do("GET", fmt.Sprintf("%s/deployments/%d/logs", project, d), "sandbox", nil)
			h.expect(logs, http.StatusOK, "")
			entries := logs.obj()["logs"].([]any)
			last := entries[len(entries)-1].(map[string]any)
			if last["level"] != "warn" || last["message"] != c.want {
				t.Errorf("logs' last line %v, want warn %q", last, c.want)
			}
			if strings.Contains(string(got.raw)+string(list.raw)+string(logs.raw), other) {
				t.Errorf("a deployment stopped so (%q) reads %q somewhere:\n%s\n%s\n%s", c.want, other, got.raw, list.raw, logs.raw)
			}
		})
	}
}
