package sandbox

import (
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
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

// r71Spec13NotFoundExample is openapi.json's 404 example for a missing project (projectNotFound)
// or app (appNotFound) of the operation, with its example ID (123) replaced by id.
func r71Spec13NotFoundExample(t *testing.T, doc map[string]any, op *api.Operation, id int64) map[string]any {
	t.Helper()
	item, _ := doc["paths"].(map[string]any)[op.Path].(map[string]any)
	raw, _ := item[strings.ToLower(op.Method)].(map[string]any)
	resp, _ := raw["responses"].(map[string]any)["404"]
	content, _ := r55SpecResolve(doc, resp)["content"].(map[string]any)
	js, _ := content["application/json"].(map[string]any)
	examples, _ := js["examples"].(map[string]any)
	for _, name := range []string{"projectNotFound", "appNotFound"} {
		if ex, ok := examples[name]; ok {
			value, _ := r55SpecResolve(doc, ex)["value"].(map[string]any)
			out := map[string]any{}
			for k, v := range value {
				if s, ok := v.(string); ok {
					v = strings.ReplaceAll(s, "123", itoa(id))
				}
				out[k] = v
			}
			return out
		}
	}
	t.Fatalf("%s: openapi.json shows no 404 example for a missing project", op.ID)
	return nil
}

// TestR71Spec13DeletedProjectOnEveryRoute: api/README §7.1 (soft delete, Assumed), §2 (resources
// of other organizations answer 404) and §5's not-found texts: a project acted on from another
// organization of the caller, and a project deleted through either generation, answer every
// operation that addresses them (all 37 with {projectId} or {appId}, reads and writes alike)
// 404 with exactly openapi.json's not-found example of that operation (`Project not found` on
// /v1/projects, `App with ID <id> not found` or, on the older secrets routes, `App not found` on
// /v1/apps; no code), the body a project that never existed gets. The deleted one is listed by
// neither generation; created again by name, the same ID answers 200 again.
func TestR71Spec13DeletedProjectOnEveryRoute(t *testing.T) {
	doc := spec(t)
	for _, via := range []string{"/v1/projects", "/v1/apps"} {
		h := newHarness(t, Config{Demo: true})
		etl := h.projectID("acme-labs", "nightly-etl")
		paths := map[string]string{} // each operation's path to it, written while it exists
		for _, op := range api.Operations {
			if params := op.PathParams(); slices.Contains(params, "projectId") || slices.Contains(params, "appId") {
				paths[op.ID] = r48SpecauditPath(t, h, op)
			}
		}
		// Acting in another organization of the caller, the project is as missing (api/README §2).
		for _, op := range api.Operations {
			if path, ok := paths[op.ID]; ok {
				res := h.doOrg(op.Method, path, "sandbox", "sandbox", map[string]any{})
				if want := r71Spec13NotFoundExample(t, doc, op, etl); res.status != http.StatusNotFound || !reflect.DeepEqual(res.obj(), want) {
					t.Errorf("%s %s acting in another organization: %d %s, want 404 %v", op.Method, op.Path, res.status, res.raw, want)
				}
			}
		}
		h.expect(h.doOrg("DELETE", fmt.Sprintf("%s/%d", via, etl), "sandbox", "acme-labs", nil), http.StatusNoContent, "")
		for _, route := range []string{"/v1/projects", "/v1/apps"} {
			if strings.Contains(string(h.doOrg("GET", route, "sandbox", "acme-labs", nil).raw), `"nightly-etl"`) {
				t.Errorf("deleted via %s: GET %s still lists it", via, route)
			}
		}
		n := 0
		for _, op := range api.Operations {
			path, ok := paths[op.ID]
			if !ok {
				continue
			}
			n++
			deleted := h.doOrg(op.Method, path, "sandbox", "acme-labs", map[string]any{})
			want := r71Spec13NotFoundExample(t, doc, op, etl)
			if deleted.status != http.StatusNotFound || !reflect.DeepEqual(deleted.obj(), want) {
				t.Errorf("deleted via %s: %s %s: %d %s, want 404 %v", via, op.Method, op.Path, deleted.status, deleted.raw, want)
			}
			// A project that never existed answers alike (with its own ID in the /v1/apps text).
			never := strings.Replace(path, "/"+itoa(etl), "/987654", 1)
			absent := h.doOrg(op.Method, never, "sandbox", "acme-labs", map[string]any{})
			if want := r71Spec13NotFoundExample(t, doc, op, 987654); absent.status != http.StatusNotFound || !reflect.DeepEqual(absent.obj(), want) {
				t.Errorf("%s %s of a project that never existed: %d %s, want 404 %v", op.Method, never, absent.status, absent.raw, want)
			}
		}
		if n != 37 {
			t.Errorf("%d operations address a project, want 37 (api/README §6)", n)
		}
		revived := h.doOrg("POST", "/v1/projects", "sandbox", "acme-labs", map[string]any{"name": "nightly-etl"})
		h.expect(revived, http.StatusCreated, "")
		if num(revived.obj()["id"]) != etl {
			t.Fatalf("created again: id %v, want %d", revived.obj()["id"], etl)
		}
		h.expect(h.doOrg("GET", projectPath(etl, ""), "sandbox", "acme-labs", nil), http.StatusOK, "")
		h.expect(h.doOrg("GET", fmt.Sprintf("/v1/apps/%d", etl), "sandbox", "acme-labs", nil), http.StatusOK, "")
	}
}
