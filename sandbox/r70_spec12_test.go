package sandbox

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// TestR70Spec12DeploymentStatesOverTime walks a deployment through each state the emulator
// gives it on its clock (api/README §7.6: queued, in_progress, succeeded, failed with its
// error_code, and failed `stopped` when a pause ends it in flight) and asks, at each, what every
// other request answers: get and list (with the state as the status filter) show it so; a new
// deployment is refused 409 with activeDeploymentId while it is in flight; a rollback to it is
// refused unless it succeeded; a rollback to an earlier succeeded one is refused while it is in
// flight; a pause ends it `stopped` only while in flight; a resume answers only a paused project;
// a delete of the project answers 404 for it after. A terminal state never moves on; an
// in-flight one does as the clock runs.
func TestR70Spec12DeploymentStatesOverTime(t *testing.T) {
	const (
		inFlight    = "A deployment is already in progress for this app"
		notSucceded = "Only a succeeded deployment can be rolled back to"
	)
	type answer struct {
		status int
		text   string // the error text ("" any); for a 409 in flight activeDeploymentId is d
	}
	states := []struct {
		name, status, code string
		reach              func(h *harness, id int64) // from the first deployment's success
		terminal           bool
		// the answers to deploy, rollback to it, rollback to the first, resume
		deploy, rollbackIt, rollbackFirst, resume answer
	}{
		{name: "queued", status: "queued", reach: func(h *harness, id int64) {},
			deploy: answer{409, inFlight}, rollbackIt: answer{409, notSucceded}, rollbackFirst: answer{409, inFlight}, resume: answer{400, "Project is not paused"}},
		{name: "in_progress", status: "in_progress", reach: func(h *harness, id int64) { h.clock.Advance(time.Second) },
			deploy: answer{409, inFlight}, rollbackIt: answer{409, notSucceded}, rollbackFirst: answer{409, inFlight}, resume: answer{400, "Project is not paused"}},
		{name: "succeeded", status: "succeeded", reach: func(h *harness, id int64) { h.clock.Advance(5 * time.Second) }, terminal: true,
			deploy: answer{202, ""}, rollbackIt: answer{202, ""}, rollbackFirst: answer{202, ""}, resume: answer{400, "Project is not paused"}},
		{name: "failed", status: "failed", code: "unable_to_start", reach: func(h *harness, id int64) { h.clock.Advance(5 * time.Second) }, terminal: true,
			deploy: answer{202, ""}, rollbackIt: answer{409, notSucceded}, rollbackFirst: answer{202, ""}, resume: answer{400, "Project is not paused"}},
		{name: "stopped by a pause", status: "failed", code: "stopped", terminal: true,
			reach: func(h *harness, id int64) {
				h.clock.Advance(time.Second)
				h.expect(h.do("POST", fmt.Sprintf("/v1/projects/%d/pause", id), "sandbox", nil), http.StatusNoContent, "")
			},
			// A paused project is refused before its target's state (round 75, api/README §7.4).
			deploy: answer{400, "Spicepod is paused"}, rollbackIt: answer{400, "Spicepod is paused"}, rollbackFirst: answer{400, "Spicepod is paused"}, resume: answer{200, ""}},
	}
	actions := []struct {
		name         string
		method, path string
		want         func(s int) answer
		body         func(first, d int64) any
	}{
		{"deploy", "POST", "/deployments", func(s int) answer { return states[s].deploy }, nil},
		{"rollback to it", "POST", "/rollback", func(s int) answer { return states[s].rollbackIt },
			func(first, d int64) any { return map[string]any{"target_deployment_id": d} }},
		{"rollback to the first", "POST", "/rollback", func(s int) answer { return states[s].rollbackFirst },
			func(first, d int64) any { return map[string]any{"target_deployment_id": first} }},
		{"resume", "POST", "/resume", func(s int) answer { return states[s].resume }, nil},
		{"pause", "POST", "/pause", func(int) answer { return answer{204, ""} }, nil},
		{"delete", "DELETE", "", func(int) answer { return answer{204, ""} }, nil},
	}
	for s, st := range states {
		for _, a := range actions {
			what := st.name + ", " + a.name
			h := newHarness(t, Config{})
			id := h.deployableApp("sandbox", "states-app")
			project := fmt.Sprintf("/v1/projects/%d", id)
			first := num(h.do("POST", project+"/deployments", "sandbox", nil).obj()["id"])
			h.clock.Advance(5 * time.Second) // the first one succeeded
			if st.code == "unable_to_start" {
				if err := h.e.FailNextDeployment(st.code); err != nil {
					t.Fatal(err)
				}
			}
			created := h.do("POST", project+"/deployments", "sandbox", nil)
			h.expect(created, http.StatusAccepted, "")
			d := num(created.obj()["id"])
			st.reach(h, id)
			read := fmt.Sprintf("%s/deployments/%d", project, d)
			got := h.do("GET", read, "sandbox", nil).obj()
			if got["status"] != st.status || (st.code != "" && got["error_code"] != st.code) || (st.code == "" && got["error_code"] != nil) ||
				(st.status == "failed" && got["error_message"] == nil) || (got["finished_at"] != nil) != st.terminal {
				t.Errorf("%s: read as %v", what, got)
			}
			listed := list(h.do("GET", project+"/deployments?status="+st.status, "sandbox", nil).obj()["deployments"])
			if len(listed) == 0 || num(listed[0].(map[string]any)["id"]) != d {
				t.Errorf("%s: the list filtered by status %s does not show it first: %v", what, st.status, listed)
			}

			var body any
			if a.body != nil {
				body = a.body(first, d)
			}
			res := h.do(a.method, project+a.path, "sandbox", body)
			want := a.want(s)
			if res.status != want.status || (want.text != "" && res.errText() != want.text) ||
				(want.text == inFlight && num(res.obj()["activeDeploymentId"]) != d) {
				t.Errorf("%s: %d %s, want %d %q", what, res.status, res.raw, want.status, want.text)
			}

			after := h.do("GET", read, "sandbox", nil)
			switch {
			case a.name == "delete":
				h.expect(after, http.StatusNotFound, "Project not found")
				continue
			case a.name == "pause" && !st.terminal:
				// A pause ends it in flight: failed, stopped, never to move again.
				if o := after.obj(); o["status"] != "failed" || o["error_code"] != "stopped" || o["error_message"] != "Stopped: the project was paused" {
					t.Errorf("%s: after the pause read as %s", what, after.raw)
				}
			case after.obj()["status"] != got["status"] || after.obj()["error_code"] != got["error_code"]:
				t.Errorf("%s: its state changed from %v to %s", what, got["status"], after.raw)
			}
			// Time runs on: a terminal state stays, an in-flight one ends (succeeded here).
			h.clock.Advance(10 * time.Second)
			later := h.do("GET", read, "sandbox", nil).obj()
			stayed := later["status"] == after.obj()["status"] && later["error_code"] == after.obj()["error_code"]
			if ended := after.obj()["finished_at"] != nil; ended != stayed || (!ended && later["status"] != "succeeded") {
				t.Errorf("%s: %v became %v %v ten seconds later", what, after.obj()["status"], later["status"], later["error_code"])
			}
		}
	}
}
