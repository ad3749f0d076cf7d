package sandbox

import (
	"bytes"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// Stopped deployments' error_message, as the emulator writes them (api/README §10, Assumed).
const (
	r71Spec13ByPause  = "Stopped: the project was paused"
	r71Spec13ByDelete = "Stopped: the project was deleted" // through /v1/projects; /v1/apps says app (r72Spec14)
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
		{"deleted through /v1/apps while in_progress", time.Second, []string{"delete-v1apps"}, "Stopped: the app was deleted"},
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
			if c.want != r71Spec13ByPause {
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

// TestR71Spec13RateLimitRefusesFirstAndChangesNothing: api/README §3's check order and §10
// "Rate limits" (Assumed): with a limit of N a minute, a token's request beyond N is refused 429
// `{"error":"Too many requests"}` (no code) right after the token check, before the request's
// own refusal (an empty or unreachable X-Org-Name, a missing scope, a project not found, an
// invalid body) would be answered, and it changes nothing (no project created, none deleted, no
// deployment queued). It carries X-RateLimit-Limit N, -Remaining 0, -Reset at the window's end
// and Retry-After counting down to it; refusals use no budget; the next window has N again.
// Two tokens of one user each have their own N.
func TestR71Spec13RateLimitRefusesFirstAndChangesNothing(t *testing.T) {
	const n = 3
	clock := NewManualClock(testStart.Add(30 * time.Second)) // mid-window
	h := newHarness(t, Config{Clock: clock, RateLimit: n})
	reset := strconv.FormatInt(testStart.Add(time.Minute).Unix(), 10)
	readOnly := h.e.IssueUserToken("sandbox", "alice", []string{"apps:read", "deployments:read"}, 0)
	kept := h.createApp(DefaultToken, "kept-app") // DefaultToken: 1 of n
	h.expect(h.do("PUT", projectPath(kept, ""), DefaultToken, map[string]any{"spicepod": "version: v1\nkind: Spicepod\nname: kept-app\n"}), http.StatusOK, "")
	h.expect(h.do("GET", "/v1/projects", readOnly, nil), http.StatusOK, "")
	h.expect(h.do("GET", "/v1/projects", readOnly, nil), http.StatusOK, "")
	h.expect(h.do("GET", "/v1/projects", DefaultToken, nil), http.StatusOK, "") // DefaultToken: 3 of n
	h.expect(h.do("GET", "/v1/projects", readOnly, nil), http.StatusOK, "")     // readOnly: 3 of n
	over := func(what string, res *result, retryAfter string) {
		t.Helper()
		if res.status != http.StatusTooManyRequests || string(bytes.TrimSpace(res.raw)) != `{"error":"Too many requests"}` {
			t.Errorf("%s: %d %s, want 429 {\"error\":\"Too many requests\"}", what, res.status, res.raw)
		}
		for k, v := range map[string]string{"X-RateLimit-Limit": strconv.Itoa(n), "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset, "Retry-After": retryAfter} {
			if got := res.header.Get(k); got != v {
				t.Errorf("%s: %s %q, want %q", what, k, got, v)
			}
		}
	}
	over("a create", h.do("POST", "/v1/projects", DefaultToken, map[string]any{"name": "over-budget"}), "30")
	over("a create with an empty X-Org-Name", h.doOrg("POST", "/v1/projects", DefaultToken, "", map[string]any{"name": "over-budget"}), "30")
	over("a read naming an unreachable organization", h.doOrg("GET", "/v1/projects", DefaultToken, "nobody-org", nil), "30")
	over("a write the token has no scope for", h.do("POST", "/v1/projects", readOnly, map[string]any{"name": "over-budget"}), "30")
	over("a project that does not exist", h.do("GET", "/v1/projects/987654", DefaultToken, nil), "30")
	over("an invalid body", h.do("POST", "/v1/projects", DefaultToken, map[string]any{"name": 7}), "30")
	clock.Advance(15 * time.Second)
	over("a delete", h.do("DELETE", projectPath(kept, ""), DefaultToken, nil), "15")
	over("a deployment", h.do("POST", projectPath(kept, "/deployments"), DefaultToken, nil), "15")
	// Another token of the same user has its own budget.
	second := h.e.IssueUserToken("sandbox", "alice", []string{"apps:read"}, 0)
	if res := h.do("GET", "/v1/projects", second, nil); res.status != http.StatusOK || res.header.Get("X-RateLimit-Remaining") != strconv.Itoa(n-1) {
		t.Errorf("a second token of the same user: %d, remaining %q, want 200 and %d", res.status, res.header.Get("X-RateLimit-Remaining"), n-1)
	}

	clock.Advance(15 * time.Second) // the next window
	res := h.do("GET", "/v1/projects", DefaultToken, nil)
	h.expect(res, http.StatusOK, "")
	if got := res.header.Get("X-RateLimit-Remaining"); got != strconv.Itoa(n-1) {
		t.Errorf("next window: remaining %q, want %d (refusals use no budget of the next window)", got, n-1)
	}
	if body := string(res.raw); !strings.Contains(body, `"kept-app"`) || strings.Contains(body, "over-budget") {
		t.Errorf("after the refusals the projects are %s, want kept-app kept and no over-budget", body)
	}
	deps := h.do("GET", projectPath(kept, "/deployments"), DefaultToken, nil)
	h.expect(deps, http.StatusOK, "")
	if got := list(deps.obj()["deployments"]); len(got) != 0 {
		t.Errorf("a refused deployment was queued: %s", deps.raw)
	}
}

// r71Spec13ExampleShapes are the key sets of openapi.json's examples of op's status: those
// carrying code (coded true, code ""= any) or those without one.
func r71Spec13ExampleShapes(doc map[string]any, opID string, status int, coded bool, code string) []string {
	var out []string
	for _, item := range doc["paths"].(map[string]any) {
		for method, raw := range item.(map[string]any) {
			op, _ := raw.(map[string]any)
			if !slices.Contains([]string{"get", "post", "put", "patch", "delete"}, method) || op["operationId"] != opID {
				continue
			}
			r, ok := op["responses"].(map[string]any)[strconv.Itoa(status)]
			if !ok {
				continue
			}
			content, _ := r55SpecResolve(doc, r)["content"].(map[string]any)
			for _, c := range content {
				cm, _ := c.(map[string]any)
				examples, _ := cm["examples"].(map[string]any)
				values := []any{}
				for _, ex := range examples {
					values = append(values, r55SpecResolve(doc, ex)["value"])
				}
				if ex, ok := cm["example"]; ok {
					values = append(values, ex)
				}
				for _, v := range values {
					value, _ := v.(map[string]any)
					if value == nil {
						continue
					}
					c, has := value["code"]
					if has != coded || (code != "" && c != code) {
						continue
					}
					out = append(out, r71Spec13Keys(value))
				}
			}
		}
	}
	return out
}

// r71Spec13Keys is a body's top-level keys, sorted and joined.
func r71Spec13Keys(m map[string]any) string {
	keys := slices.Sorted(maps.Keys(m))
	return strings.Join(keys, ",")
}

// TestR71Spec13ErrorBodiesShapedAsDocumented: api/README §5, the error body per status and
// code: every refusal openapi.json documents with an example, produced over real HTTP (the
// producers of TestR55SpecEveryDocumentedCodeIsProduced and
// TestR55SpecEveryDocumentedUncodedRefusalIsProduced), carries exactly the top-level keys of an
// example of its operation, status and code (§5's `{"error","code"}` for the codes only §5's
// table documents): `max_tail` beside `plan_limit`, `activeDeploymentId` beside the deployment
// 409, and no key an example lacks.
func TestR71Spec13ErrorBodiesShapedAsDocumented(t *testing.T) {
	doc := spec(t)
	check := func(t *testing.T, what string, res *result, shapes []string) {
		t.Helper()
		if len(shapes) == 0 {
			t.Errorf("%s: openapi.json shows no example of it", what)
			return
		}
		if got := r71Spec13Keys(res.obj()); !slices.Contains(shapes, got) {
			t.Errorf("%s: body keys %s, openapi.json's examples show %q: %s", what, got, shapes, res.raw)
		}
	}
	for tr := range r55SpecProducers {
		t.Run(tr, func(t *testing.T) {
			_, res, status, code := r55SpecProduce(t, tr)
			shapes := r71Spec13ExampleShapes(doc, strings.Fields(tr)[0], status, true, code)
			if slices.Contains(r55SpecReadmeOnly, tr) {
				shapes = []string{"code,error"} // §5's table alone documents it: §5's body
			}
			check(t, tr, res, shapes)
		})
	}
	for key := range r55SpecUncodedProducers {
		t.Run(key, func(t *testing.T) {
			_, res, status := r55SpecProduceUncoded(t, key)
			check(t, key, res, r71Spec13ExampleShapes(doc, strings.Fields(key)[0], status, false, ""))
		})
	}
}

// TestR71Spec13ClustersAsDocumented: api/README §7.11 and §10 "Cluster endpoint" over HTTP, with
// one token switching organizations by X-Org-Name: a standard organization answers
// `{"clusters":[]}`; an Enterprise one lists its clusters with exactly the seven documented
// fields, `endpoint` the bare private host `private-<cluster_name>-<region>-prod-data.spiceai.io`,
// clusters sharing an `infra_cluster_name` (their hardware) that is no `cluster_name`. Each
// `cluster_name` is what create takes: the project is in the cluster's region with `endpoint`
// that host as a URL, in the create answer and the list; an update to the other cluster moves
// it at once. Another organization's cluster is not found.
func TestR71Spec13ClustersAsDocumented(t *testing.T) {
	h := newHarness(t, Config{})
	standard := h.doOrg("GET", "/v1/clusters", DefaultToken, "sandbox", nil)
	h.expect(standard, http.StatusOK, "")
	if got := string(bytes.TrimSpace(standard.raw)); got != `{"clusters":[]}` {
		t.Errorf("a standard organization's clusters: %s, want {\"clusters\":[]}", got)
	}
	res := h.doOrg("GET", "/v1/clusters", DefaultToken, "acme-labs", nil)
	h.expect(res, http.StatusOK, "")
	clusters := list(res.obj()["clusters"])
	if len(clusters) < 2 {
		t.Fatalf("an Enterprise organization's clusters: %s, want at least two", res.raw)
	}
	infra := map[string]int{}
	names := map[string]bool{}
	for _, raw := range clusters {
		c := raw.(map[string]any)
		if got := r71Spec13Keys(c); got != "cloud_provider,cluster_name,created_at,endpoint,infra_cluster_name,region,updated_at" {
			t.Errorf("cluster keys %s: %v", got, c)
		}
		name, region := c["cluster_name"].(string), c["region"].(string)
		if want := "private-" + name + "-" + region + "-prod-data.spiceai.io"; c["endpoint"] != want {
			t.Errorf("cluster %s: endpoint %v, want the bare host %s", name, c["endpoint"], want)
		}
		infra[c["infra_cluster_name"].(string)]++
		names[name] = true
	}
	for in, n := range infra {
		if n < 2 || names[in] {
			t.Errorf("infra_cluster_name %s: %d clusters on it (want clusters sharing it), and a cluster_name too: %v", in, n, names[in])
		}
	}
	var ids []int64
	for i, raw := range clusters {
		c := raw.(map[string]any)
		name := c["cluster_name"].(string)
		created := h.doOrg("POST", "/v1/projects", DefaultToken, "acme-labs", map[string]any{"name": fmt.Sprintf("on-cluster-%d", i), "cluster_name": name})
		h.expect(created, http.StatusCreated, "")
		p := created.obj()
		if p["cluster_name"] != name || p["region"] != c["region"] || p["endpoint"] != "https://"+c["endpoint"].(string) {
			t.Errorf("created on %s: cluster_name %v, region %v, endpoint %v; want the cluster's region and https://%v", name, p["cluster_name"], p["region"], p["endpoint"], c["endpoint"])
		}
		id := num(p["id"])
		ids = append(ids, id)
		for _, row := range list(h.doOrg("GET", "/v1/projects", DefaultToken, "acme-labs", nil).obj()["projects"]) {
			if r := row.(map[string]any); num(r["id"]) == id && r["endpoint"] != p["endpoint"] {
				t.Errorf("listed on %s: endpoint %v, created with %v", name, r["endpoint"], p["endpoint"])
			}
		}
		h.expect(h.doOrg("POST", "/v1/projects", DefaultToken, "sandbox", map[string]any{"name": fmt.Sprintf("elsewhere-%d", i), "cluster_name": name}),
			http.StatusBadRequest, "")
	}
	other := clusters[1].(map[string]any)
	moved := h.doOrg("PUT", projectPath(ids[0], ""), DefaultToken, "acme-labs", map[string]any{"cluster_name": other["cluster_name"]})
	h.expect(moved, http.StatusOK, "")
	if p := moved.obj(); p["cluster_name"] != other["cluster_name"] || p["endpoint"] != "https://"+other["endpoint"].(string) {
		t.Errorf("moved to %v: cluster_name %v, endpoint %v", other["cluster_name"], p["cluster_name"], p["endpoint"])
	}
	if got := h.doOrg("POST", "/v1/projects", DefaultToken, "sandbox", map[string]any{"name": "elsewhere-x", "cluster_name": clusters[0].(map[string]any)["cluster_name"]}); !strings.Contains(string(got.raw), "not found") {
		t.Errorf("another organization's cluster: %s, want not found", got.raw)
	}
}

// TestR71Spec13ForkCopiesWhatADeploymentWouldRead: api/README §7.2 says a fork copies "the
// deployed spicepod (from GitHub, registry or stored config)"; for a project whose stored
// spicepod changed since its last deployment the emulator copies the one a deployment would read
// now (Assumed there), not the one the last succeeded deployment ran, and leaves the source as it was.
func TestR71Spec13ForkCopiesWhatADeploymentWouldRead(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "fork-src")
	h.expect(h.do("POST", projectPath(id, "/deployments"), "sandbox", nil), http.StatusAccepted, "")
	h.clock.Advance(time.Minute) // succeeded, running the first spicepod
	changed := "version: v1\nkind: Spicepod\nname: fork-src\ndatasets:\n  - from: s3://bucket/changed/\n    name: changed_since\n"
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"spicepod": changed}), http.StatusOK, "")
	fork := h.do("POST", projectPath(id, "/forks"), "sandbox", map[string]any{"region": "us-west-2"})
	h.expect(fork, http.StatusCreated, "")
	got := h.do("GET", projectPath(num(fork.obj()["id"]), ""), "sandbox", nil)
	h.expect(got, http.StatusOK, "")
	cfg, _ := got.obj()["config"].(map[string]any)
	if pod := fmt.Sprint(cfg["spicepod"]); !strings.Contains(pod, "changed_since") {
		t.Errorf("the fork's spicepod %s, want the source's stored one (dataset changed_since), not the one its deployment ran", pod)
	}
	deps := list(h.do("GET", projectPath(id, "/deployments"), "sandbox", nil).obj()["deployments"])
	if len(deps) != 1 || deps[0].(map[string]any)["status"] != "succeeded" {
		t.Errorf("the source's deployments after the fork: %v, want its one succeeded deployment", deps)
	}
}

// TestR71Spec13LimitsGovernWhatTheyName: api/README §7.12 and §9.7 over HTTP, one token switching
// between a standard and an Enterprise organization: what GET /v1/limits says is what the other
// routes enforce. users -1 is unlimited (12 members added beyond the standard plan's 10), a
// number is a cap; `resources` null means no private compute (custom resources refused 403
// "private compute addon is required"), an object caps CPU at max_cpu; replicas above
// `replicas` are refused 403 and at it accepted (a plan allowing the schema's maximum, 10, meets
// the schema's 400 above it). The plan refusals are 403 without a code.
func TestR71Spec13LimitsGovernWhatTheyName(t *testing.T) {
	users := DefaultUsers()
	for i := range 12 {
		users = append(users, User{ID: int64(100 + i), Username: fmt.Sprintf("r71user%02d", i)})
	}
	h := newHarness(t, Config{Users: users})
	resources := func(cpu string) map[string]any {
		return map[string]any{"resources": map[string]any{"limits": map[string]any{"cpu": cpu, "memory": "8Gi"}}}
	}
	planRefusal := func(what string, res *result, text string) {
		t.Helper()
		if res.status != http.StatusForbidden || !strings.Contains(res.errText(), text) || res.obj()["code"] != nil {
			t.Errorf("%s: %d %s, want 403 %q without a code", what, res.status, res.raw, text)
		}
	}
	for _, org := range []string{"sandbox", "acme-labs"} {
		limits := h.doOrg("GET", "/v1/limits", DefaultToken, org, nil)
		h.expect(limits, http.StatusOK, "")
		l := limits.obj()
		id := num(h.doOrg("POST", "/v1/projects", DefaultToken, org, map[string]any{"name": "limits-app", "region": "us-west-2"}).obj()["id"])
		replicas := num(l["replicas"])
		h.expect(h.doOrg("PUT", projectPath(id, ""), DefaultToken, org, map[string]any{"replicas": replicas}), http.StatusOK, "")
		above := h.doOrg("PUT", projectPath(id, ""), DefaultToken, org, map[string]any{"replicas": replicas + 1})
		if replicas < 10 {
			planRefusal(org+": replicas above the plan", above, "Requested replicas exceed plan limits")
		} else { // the plan allows the schema's maximum (10): above it the schema refuses first
			h.expectField(above, "replicas", "Replicas must be between 1 and 10")
		}
		switch r, _ := l["resources"].(map[string]any); {
		case l["resources"] == nil:
			planRefusal(org+": resources without private compute", h.doOrg("PUT", projectPath(id, ""), DefaultToken, org, resources("1")), "private compute addon is required")
		case r != nil:
			maxCPU := num(r["max_cpu"])
			h.expect(h.doOrg("PUT", projectPath(id, ""), DefaultToken, org, resources(itoa(maxCPU))), http.StatusOK, "")
			planRefusal(org+": CPU above max_cpu", h.doOrg("PUT", projectPath(id, ""), DefaultToken, org, resources(itoa(maxCPU+1))), "exceeds plan limits")
		default:
			t.Errorf("%s: resources %v, want null or an object", org, l["resources"])
		}
		members := len(list(h.doOrg("GET", "/v1/members", DefaultToken, org, nil).obj()["members"]))
		added := 0
		for i := range 12 {
			res := h.doOrg("POST", "/v1/members", DefaultToken, org, map[string]any{"username": fmt.Sprintf("r71user%02d", i)})
			if res.status == http.StatusCreated {
				added++
				continue
			}
			planRefusal(org+": a member beyond the plan", res, "maximum user limit")
			break
		}
		switch max := num(l["users"]); {
		case max == -1 && added != 12:
			t.Errorf("%s: users -1 (unlimited), yet %d of 12 members were added", org, added)
		case max >= 0 && int64(members+added) != max:
			t.Errorf("%s: users %d, yet the organization has %d members after adding", org, max, members+added)
		}
	}
}
