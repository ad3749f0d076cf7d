package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"testing"
	"time"
)

// TestR64Spec6SharedStateItems: api/README §10 "`shared_state` items" (Assumed): a fork's 201
// body carries shared_state as a list, and the emulator's is empty.
func TestR64Spec6SharedStateItems(t *testing.T) {
	h := newHarness(t, Config{})
	src := h.deployableApp("sandbox", "shared-src")
	res := h.do("POST", projectPath(src, "/forks"), "sandbox", nil)
	h.expect(res, http.StatusCreated, "")
	items, ok := res.obj()["shared_state"].([]any)
	if !ok || len(items) != 0 {
		t.Errorf("shared_state: want [], got %s", res.raw)
	}
}

// TestR64Spec6RuntimeTagSpelling: api/README §10 "Runtime tag spelling" and §7.14 (v2 runtime,
// no -models tags): every listed tag, and the default, is spelled 2.3.2 (no "v"), on both
// channels, and each image's name ends with its tag.
func TestR64Spec6RuntimeTagSpelling(t *testing.T) {
	h := newHarness(t, Config{})
	tag := regexp.MustCompile(`^2\.\d+\.\d+(-enterprise)?$`)
	for _, channel := range []string{"", "?channel=stable", "?channel=enterprise"} {
		res := h.do("GET", "/v1/container-images"+channel, "sandbox", nil)
		h.expect(res, http.StatusOK, "")
		var tags []string
		for _, it := range list(res.obj()["images"]) {
			img := it.(map[string]any)
			tg, _ := img["tag"].(string)
			name, _ := img["name"].(string)
			if !tag.MatchString(tg) || len(name) <= len(tg) || name[len(name)-len(tg)-1:] != ":"+tg {
				t.Errorf("%s: image %v, want a tag like 2.3.2 that its name ends with", channel, img)
			}
			tags = append(tags, tg)
		}
		if def, _ := res.obj()["default"].(string); len(tags) == 0 || !slices.Contains(tags, def) {
			t.Errorf("%s: default %q is not a listed tag %q", channel, def, tags)
		}
	}
}

// TestR64Spec6TerminalDeploymentsNeverMove: the older README §7.4 (Documented): succeeded and
// failed are terminal, nothing moves after them, and a deployment cannot be cancelled or deleted
// through the API. A deployment's object, once terminal, reads the same after a year, later
// deployments, a pause (which stops only the one in flight), a resume, and a delete and revival.
func TestR64Spec6TerminalDeploymentsNeverMove(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "terminal-app")
	deploy := func() string {
		res := h.do("POST", projectPath(id, "/deployments"), "sandbox", nil)
		h.expect(res, http.StatusAccepted, "")
		h.clock.Advance(time.Minute)
		return itoa(num(res.obj()["id"]))
	}
	read := func(dep string) string {
		res := h.do("GET", projectPath(id, "/deployments/"+dep), "sandbox", nil)
		h.expect(res, http.StatusOK, "")
		return string(res.raw)
	}
	succeeded := deploy()
	if err := h.e.FailNextDeployment("internal_error"); err != nil {
		t.Fatal(err)
	}
	failed := deploy()
	want := map[string]string{succeeded: read(succeeded), failed: read(failed)}
	for dep, body := range want {
		var d map[string]any
		if err := json.Unmarshal([]byte(body), &d); err != nil || (d["status"] != "succeeded" && d["status"] != "failed") {
			t.Fatalf("deployment %s is not terminal: %s", dep, body)
		}
	}
	check := func(after string) {
		t.Helper()
		for dep, body := range want {
			if got := read(dep); got != body {
				t.Errorf("after %s, deployment %s moved:\n got %s\nwant %s", after, dep, got, body)
			}
		}
	}
	h.clock.Advance(365 * 24 * time.Hour)
	check("a year")
	deploy()
	check("a later deployment")
	h.expect(h.do("POST", projectPath(id, "/deployments"), "sandbox", nil), http.StatusAccepted, "")
	h.expect(h.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
	check("a pause stopping a deployment in flight")
	h.expect(h.do("POST", projectPath(id, "/resume"), "sandbox", nil), http.StatusOK, "")
	h.clock.Advance(time.Minute)
	check("a resume")
	// No route cancels or deletes a deployment: every other method is 405 naming GET and HEAD.
	for _, method := range []string{"DELETE", "PUT", "PATCH", "POST"} {
		for _, path := range []string{projectPath(id, "/deployments/"+succeeded), appPath(id, "/deployments/"+succeeded)} {
			res := h.do(method, path, "sandbox", nil)
			if res.status != http.StatusMethodNotAllowed || res.header.Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: %d Allow %q, want 405 Allow \"GET, HEAD\"", method, path, res.status, res.header.Get("Allow"))
			}
		}
	}
	h.expect(h.do("POST", projectPath(id, "/deployments/"+succeeded+"/cancel"), "sandbox", nil), http.StatusNotFound, "")
	check("refused cancels")
	h.expect(h.do("DELETE", projectPath(id, ""), "sandbox", nil), http.StatusNoContent, "")
	h.expect(h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "terminal-app"}), http.StatusCreated, "")
	check("a delete and revival")
}

// r64Spec6Timestamp is the API's timestamp (older README §1): UTC ISO 8601 with milliseconds.
var r64Spec6Timestamp = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$`)

// r64Spec6Timestamps appends to bad each time-valued field (…_at, timestamp) of v that is
// not the API's timestamp, and returns how many it saw.
func r64Spec6Timestamps(v any, bad *[]string) int {
	n := 0
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && (k == "timestamp" || len(k) > 3 && k[len(k)-3:] == "_at") {
				n++
				if !r64Spec6Timestamp.MatchString(s) {
					*bad = append(*bad, k+"="+s)
				}
				continue
			}
			n += r64Spec6Timestamps(e, bad)
		}
	case []any:
		for _, e := range x {
			n += r64Spec6Timestamps(e, bad)
		}
	}
	return n
}

// TestR64Spec6TimestampsHaveMilliseconds: the older README §1 (Documented): timestamps are UTC
// ISO 8601 with milliseconds (2024-01-15T10:30:00.000Z), in every answer of the emulator that
// carries one: projects, deployments, secrets, members, health, instances, deployment logs,
// clusters and organizations' objects, at a clock that is not on a whole second.
func TestR64Spec6TimestampsHaveMilliseconds(t *testing.T) {
	h := newHarness(t, enterpriseConfig())
	h.clock.Advance(1234567 * time.Microsecond)
	id := h.deployableApp("sandbox", "stamped-app")
	h.expect(h.do("POST", projectPath(id, "/secrets"), "sandbox", map[string]any{"name": "K", "value": "v"}), http.StatusOK, "")
	dep := h.do("POST", projectPath(id, "/deployments"), "sandbox", nil)
	h.clock.Advance(time.Minute + 7*time.Millisecond)
	h.expect(h.do("POST", projectPath(id, "/forks"), "sandbox", nil), http.StatusCreated, "")
	for _, path := range []string{"/v1/health", "/v1/projects", "/v1/apps", projectPath(id, ""), appPath(id, ""),
		projectPath(id, "/deployments"), projectPath(id, "/deployments/"+itoa(num(dep.obj()["id"]))),
		projectPath(id, "/deployments/"+itoa(num(dep.obj()["id"]))+"/logs"), projectPath(id, "/secrets"),
		projectPath(id, "/secrets/K"), projectPath(id, "/instances"), projectPath(id, "/forks"), "/v1/members",
		"/v1/members/1", "/v1/clusters"} {
		h.expect(h.do("GET", path, "sandbox", nil), http.StatusOK, "")
	}
	seen := 0
	var bad []string
	for _, raw := range bytes.Split(h.allBodies(), []byte("\n")) {
		var v any
		if json.Unmarshal(raw, &v) == nil {
			seen += r64Spec6Timestamps(v, &bad)
		}
	}
	if len(bad) > 0 {
		t.Errorf("timestamps not as 2024-01-15T10:30:00.000Z: %q", bad)
	}
	if seen < 30 {
		t.Errorf("saw %d timestamps, want the answers' many", seen)
	}
}
