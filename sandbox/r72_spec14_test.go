package sandbox

import (
	"fmt"
	"net/http"
	"net/url"
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

// TestR72Spec14SinceEveryUnit: api/README §7.6's since forms that TestDeploymentLogsSinceForms
// left out, over HTTP on both generations: the units ms and w of a duration (alone and with
// others), RFC 3339 with t and z in lower case (§5.6 allows either case) and with a fraction and
// an offset, and unix seconds 0; each bounds the deployment logs as the form says.
func TestR72Spec14SinceEveryUnit(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "since-walk")
	res := h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{})
	h.expect(res, http.StatusAccepted, "")
	dep := itoa(num(res.obj()["id"]))
	h.clock.Advance(10 * time.Second) // the lines are from the first seconds after testStart (10:00:00Z)
	for _, gen := range []string{"apps", "projects"} {
		logs := func(since string) (int, *result) {
			t.Helper()
			res := h.do("GET", fmt.Sprintf("/v1/%s/%d/deployments/%s/logs?since=%s", gen, id, dep, since), "sandbox", nil)
			return len(list(res.obj()["logs"])), res
		}
		all, _ := logs("1h")
		if all == 0 {
			t.Fatal("no log lines")
		}
		for since, want := range map[string]int{
			"2w": all, "1w2d": all, "600000ms": all, "1500ms": 0, "1m500ms": all, "1w": all,
			"2025-01-15t09:59:00z": all, "2025-01-15t10:00:30z": 0, "2025-01-15T09:59:59.999%2B00:00": all,
			"0": all, "1.5w": all, "0.5s": 0,
		} {
			got, res := logs(since)
			h.expect(res, http.StatusOK, "")
			if got != want {
				t.Errorf("%s since=%s: %d lines, want %d", gen, since, got, want)
			}
		}
		for _, bad := range []string{"2W", "w", "ms", "5mss", "2025-01-15 09:59:00Z"} {
			_, res := logs(url.QueryEscape(bad))
			if res.status != http.StatusBadRequest || len(res.fieldErrors("since")) != 1 {
				t.Errorf("%s since=%q: %s", gen, bad, res.raw)
			}
		}
	}
}

// TestR72Spec14RollbackReadsAsItsTarget: api/README §7.6 (Assumed), over HTTP on both
// generations' rollback routes: the deployment a rollback queues records creation_source api,
// created_by null, and its target's own branch, commit_sha, commit_message, image and replicas
// (the project's replicas and spicepod changed since), and none of the three commit fields when
// the target had none: nothing marks it a rollback.
func TestR72Spec14RollbackReadsAsItsTarget(t *testing.T) {
	for _, route := range []string{"/v1/projects/%d/rollback", "/v1/apps/%d/rollback"} {
		t.Run(strings.Split(route, "/")[2], func(t *testing.T) {
			h := newHarness(t, Config{})
			id := h.deployableApp("sandbox", "rollback-walk")
			h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"replicas": 2}), http.StatusOK, "")
			first := h.do("POST", projectPath(id, "/deployments"), "sandbox",
				map[string]any{"branch": "release", "commit_sha": "abc1234", "commit_message": "Ship it"})
			h.expect(first, http.StatusAccepted, "")
			h.clock.Advance(time.Minute)
			h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"replicas": 1,
				"spicepod": "version: v1\nkind: Spicepod\nname: rollback-walk-2\n"}), http.StatusOK, "")
			second := h.do("POST", projectPath(id, "/deployments"), "sandbox", nil)
			h.expect(second, http.StatusAccepted, "")
			h.clock.Advance(time.Minute)
			for _, target := range []*result{first, second} {
				tid := num(target.obj()["id"])
				want := h.do("GET", projectPath(id, "/deployments/"+itoa(tid)), "sandbox", nil).obj()
				res := h.do("POST", fmt.Sprintf(route, id), "sandbox", map[string]any{"target_deployment_id": tid})
				h.expect(res, http.StatusAccepted, "")
				got := res.obj()
				if got["creation_source"] != "api" || got["created_by"] != nil {
					t.Errorf("rollback to %d: creation_source %v, created_by %v; want api, null", tid, got["creation_source"], got["created_by"])
				}
				for _, k := range []string{"branch", "commit_sha", "commit_message", "image", "image_tag", "replicas"} {
					if fmt.Sprint(got[k]) != fmt.Sprint(want[k]) {
						t.Errorf("rollback to %d: %s %v, its target's %v", tid, k, got[k], want[k])
					}
				}
				h.clock.Advance(time.Minute)
			}
			if o := first.obj(); o["branch"] != "release" || num(o["replicas"]) != 2 {
				t.Errorf("the first deployment: %v", o)
			}
			if o := second.obj(); o["branch"] != nil || num(o["replicas"]) != 1 {
				t.Errorf("the second deployment: %v", o)
			}
		})
	}
}
