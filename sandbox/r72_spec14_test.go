package sandbox

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestR72Spec14StopMessageSaysItsGeneration: a deployment a DELETE ends in flight says the noun
// of the route generation the DELETE came through (api/README §10 "Deployment stopped by pause or
// delete"): "Stopped: the app was deleted" through /v1/apps, "Stopped: the project was deleted"
// through /v1/projects, and a pause, which has only a /v1/projects route, "Stopped: the project was
// paused"; read through either generation (get, the failed list, the deployment logs' last line),
// the message is the one the stop wrote, and no other generation's noun appears. Before, a
// /v1/projects DELETE wrote "the app was deleted" beside the pause's "the project".
func TestR72Spec14StopMessageSaysItsGeneration(t *testing.T) {
	for _, c := range []struct {
		name, method, route, want string
	}{
		{"DELETE /v1/apps", "DELETE", "/v1/apps/%d", "Stopped: the app was deleted"},
		{"DELETE /v1/projects", "DELETE", "/v1/projects/%d", "Stopped: the project was deleted"},
		{"POST /v1/projects/pause", "POST", "/v1/projects/%d/pause", "Stopped: the project was paused"},
	} {
		for _, advance := range []time.Duration{0, time.Second} { // queued, in_progress
			t.Run(fmt.Sprintf("%s after %v", c.name, advance), func(t *testing.T) {
				h := newHarness(t, Config{})
				id := h.deployableApp("sandbox", "stop-app")
				created := h.do("POST", fmt.Sprintf("/v1/projects/%d/deployments", id), "sandbox", nil)
				h.expect(created, http.StatusAccepted, "")
				d := num(created.obj()["id"])
				h.clock.Advance(advance)
				h.expect(h.do(c.method, fmt.Sprintf(c.route, id), "sandbox", nil), http.StatusNoContent, "")
				if c.method == "DELETE" { // brought back by name with its history
					h.expect(h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "stop-app"}), http.StatusCreated, "")
				}
				h.clock.Advance(time.Hour)
				wrongNoun := "the project was"
				if strings.Contains(c.want, "project") {
					wrongNoun = "the app was"
				}
				for _, gen := range []string{"apps", "projects"} {
					base := fmt.Sprintf("/v1/%s/%d/deployments", gen, id)
					got := h.do("GET", fmt.Sprintf("%s/%d", base, d), "sandbox", nil)
					h.expect(got, http.StatusOK, "")
					if o := got.obj(); o["status"] != "failed" || o["error_code"] != "stopped" || o["error_message"] != c.want {
						t.Errorf("GET %s/%d: %v, want failed, stopped, %q", base, d, o, c.want)
					}
					list := h.do("GET", base+"?status=failed", "sandbox", nil)
					h.expect(list, http.StatusOK, "")
					logs := h.do("GET", fmt.Sprintf("%s/%d/logs", base, d), "sandbox", nil)
					h.expect(logs, http.StatusOK, "")
					entries := logs.obj()["logs"].([]any)
					if last := entries[len(entries)-1].(map[string]any); last["message"] != c.want {
						t.Errorf("%s/%d/logs' last line %v, want %q", base, d, last, c.want)
					}
					all := string(got.raw) + string(list.raw) + string(logs.raw)
					if !strings.Contains(string(list.raw), c.want) || strings.Contains(all, wrongNoun) {
						t.Errorf("%s: the list lacks %q, or %q appears:\n%s", gen, c.want, wrongNoun, all)
					}
				}
			})
		}
	}
}
