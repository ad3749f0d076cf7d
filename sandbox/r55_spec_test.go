package sandbox

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// r55SpecTriple is "operationId status code".
func r55SpecTriple(op string, status int, code string) string {
	return fmt.Sprintf("%s %d %s", op, status, code)
}

// r55SpecResolve follows a local $ref.
func r55SpecResolve(doc map[string]any, v any) map[string]any {
	m, _ := v.(map[string]any)
	for m != nil {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		var cur any = doc
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			cur = cur.(map[string]any)[part]
		}
		m, _ = cur.(map[string]any)
	}
	return m
}

// r55SpecDocumentedTriples lists every (operation, status, code) openapi.json documents: the
// error examples that carry a code.
func r55SpecDocumentedTriples(t *testing.T) map[string]bool {
	doc := spec(t)
	out := map[string]bool{}
	for _, item := range doc["paths"].(map[string]any) {
		for method, raw := range item.(map[string]any) {
			if !slices.Contains([]string{"get", "post", "put", "patch", "delete"}, method) {
				continue
			}
			op := raw.(map[string]any)
			for status, r := range op["responses"].(map[string]any) {
				resp := r55SpecResolve(doc, r)
				content, _ := resp["content"].(map[string]any)
				for _, c := range content {
					examples, _ := c.(map[string]any)["examples"].(map[string]any)
					for _, ex := range examples {
						value, _ := r55SpecResolve(doc, ex)["value"].(map[string]any)
						if code, ok := value["code"].(string); ok {
							n, _ := strconv.Atoi(status)
							out[r55SpecTriple(op["operationId"].(string), n, code)] = true
						}
					}
				}
			}
		}
	}
	return out
}

// r55SpecReadmeOnly are the triples api/README §5's table adds to openapi.json's examples: the
// fork's other scheduler_state_location codes (KnownErrorCode lists them, no example shows one).
var r55SpecReadmeOnly = []string{
	"forkProject 400 scheduler_state_location_unsupported",
	"forkProject 400 scheduler_state_location_overlaps_source",
	"forkProject 400 scheduler_state_location_not_applicable",
}

// r55SpecUnspecified are KnownErrorCode values of operations openapi.json does not specify
// (monitors; api/README §5 and §8): nothing here can produce them.
var r55SpecUnspecified = []string{"monitor_template_unavailable", "monitor_changed"}

// r55SpecGeneric are the codes every authenticated operation may answer (api/README §6):
// produced for each operation that documents them by TestR55SpecEveryDocumentedCodeIsProduced's
// loop, not by a producer of their own.
var r55SpecGeneric = []string{"insufficient_scope", "forbidden", "org_forbidden", "org_assertion_mismatch"}

// r55SpecProducers make each operation-specific triple happen over real HTTP. Each gets a fresh
// harness whose default organization "sandbox" has GitHub connected and AI credits left unless
// the producer's config says otherwise.
// r55SpecProduce makes the refusal r55SpecProducers names by tr ("createProject 409
// deployment_in_progress") on a harness of its own, and returns it with its status and code.
func r55SpecProduce(t *testing.T, tr string) (*harness, *result, int, string) {
	p := r55SpecProducers[tr]
	cfg := Config{}
	if p.cfg != nil {
		cfg = p.cfg()
	}
	h := newHarness(t, cfg)
	parts := strings.Fields(tr)
	status, _ := strconv.Atoi(parts[1])
	return h, p.make(h), status, parts[2]
}

var r55SpecProducers = map[string]struct {
	cfg  func() Config
	make func(h *harness) *result
}{
	"updateProject 400 invalid_stable_image_tag": {enterpriseConfig, func(h *harness) *result {
		return h.do("PUT", projectPath(h.deployableApp("sandbox", "tag-app"), ""), "sandbox", map[string]any{"image_tag": "9.9.9"})
	}},
	"updateProject 403 image_tag_requires_enterprise": {nil, func(h *harness) *result {
		return h.do("PUT", projectPath(h.deployableApp("sandbox", "tag-app"), ""), "sandbox", map[string]any{"image_tag": "2.3.2"})
	}},
	"updateProject 409 github_connected": {nil, func(h *harness) *result {
		id := h.r55SpecConnected("conn-app", "main")
		return h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"spicepod": "version: v1\nkind: Spicepod\nname: x\n"})
	}},
	"createProjectDeployment 400 spicepod_paused": {nil, func(h *harness) *result {
		id := h.deployableApp("sandbox", "paused-app")
		h.expect(h.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
		return h.do("POST", projectPath(id, "/deployments"), "sandbox", nil)
	}},
	"createProjectDeployment 400 invalid_stable_image_tag": {enterpriseConfig, func(h *harness) *result {
		return h.do("POST", projectPath(h.deployableApp("sandbox", "tag-app"), "/deployments"), "sandbox", map[string]any{"image_tag": "9.9.9"})
	}},
	"createProjectDeployment 403 image_tag_requires_enterprise": {nil, func(h *harness) *result {
		return h.do("POST", projectPath(h.deployableApp("sandbox", "tag-app"), "/deployments"), "sandbox", map[string]any{"image_tag": "2.3.2"})
	}},
	"createProjectDeployment 422 branch_not_found": {nil, func(h *harness) *result {
		id := h.r55SpecConnected("conn-app", "gone-missing")
		return h.do("POST", projectPath(id, "/deployments"), "sandbox", nil)
	}},
	"resumeProject 422 branch_not_found": {nil, func(h *harness) *result {
		id := h.r55SpecConnected("conn-app", "gone-missing")
		h.expect(h.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
		return h.do("POST", projectPath(id, "/resume"), "sandbox", nil)
	}},
	"rollbackProject 400 spicepod_paused": {nil, func(h *harness) *result {
		id := h.deployableApp("sandbox", "paused-app")
		dep := h.do("POST", projectPath(id, "/deployments"), "sandbox", nil)
		h.expect(dep, http.StatusAccepted, "")
		h.clock.Advance(10 * time.Second)
		h.expect(h.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
		return h.do("POST", projectPath(id, "/rollback"), "sandbox", map[string]any{"target_deployment_id": num(dep.obj()["id"])})
	}},
	"forkProject 400 fork_placement_required": {nil, func(h *harness) *result {
		bare := h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "bare-app"})
		h.expect(bare, http.StatusCreated, "")
		return h.do("POST", projectPath(num(bare.obj()["id"]), "/forks"), "sandbox", nil)
	}},
	"forkProject 400 scheduler_state_location_required": {nil, func(h *harness) *result {
		return h.do("POST", projectPath(h.r55SpecWithPod("dist-app", r55SpecDistributed), "/forks"), "sandbox", nil)
	}},
	"forkProject 400 scheduler_state_location_unsupported": {nil, func(h *harness) *result {
		return h.do("POST", projectPath(h.r55SpecWithPod("dist-app", r55SpecDistributed), "/forks"), "sandbox", map[string]any{"scheduler_state_location": "gs://bucket/state"})
	}},
	"forkProject 400 scheduler_state_location_overlaps_source": {nil, func(h *harness) *result {
		return h.do("POST", projectPath(h.r55SpecWithPod("dist-app", r55SpecDistributed), "/forks"), "sandbox", map[string]any{"scheduler_state_location": "s3://acme/state/fork"})
	}},
	"forkProject 400 scheduler_state_location_not_applicable": {nil, func(h *harness) *result {
		return h.do("POST", projectPath(h.deployableApp("sandbox", "plain-app"), "/forks"), "sandbox", map[string]any{"scheduler_state_location": "s3://acme/other"})
	}},
	"forkProject 402 ai_credits_exhausted": {func() Config {
		return Config{Orgs: []Org{{Slug: "sandbox", Owner: "alice", AICreditsExhausted: true}}}
	}, func(h *harness) *result {
		id := h.r55SpecWithPod("model-app", "version: v1\nkind: Spicepod\nname: model-app\nmodels:\n  - from: openai:gpt-4o\n    name: gpt\n")
		return h.do("POST", projectPath(id, "/forks"), "sandbox", nil)
	}},
	"forkProject 409 fork_name_unavailable": {nil, func(h *harness) *result {
		src := h.deployableApp("sandbox", "src-app")
		h.createApp("sandbox", "src-app-fork")
		for i := 2; i <= 20; i++ {
			h.createApp("sandbox", fmt.Sprintf("src-app-fork-%d", i))
		}
		return h.do("POST", projectPath(src, "/forks"), "sandbox", nil)
	}},
	"forkProject 422 fork_source_has_no_spicepod": {nil, func(h *harness) *result {
		return h.do("POST", projectPath(h.createApp("sandbox", "empty-app"), "/forks"), "sandbox", nil)
	}},
	"forkProject 422 fork_source_spicepod_invalid": {nil, func(h *harness) *result {
		return h.do("POST", projectPath(h.r55SpecWithPod("bad-app", "version: v1\nkind: Spicepod\n"), "/forks"), "sandbox", nil)
	}},
	"forkProject 422 fork_source_loads_repository_files": {nil, func(h *harness) *result {
		id := h.r55SpecWithPod("files-app", "version: v1\nkind: Spicepod\nname: files-app\ndatasets:\n  - from: file:data/orders.csv\n    name: orders\n")
		h.expect(h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": "files"}), http.StatusOK, "")
		return h.do("POST", projectPath(id, "/forks"), "sandbox", nil)
	}},
	"forkProject 502 fork_source_repository_unreadable": {nil, func(h *harness) *result {
		id := h.r55SpecConnected("conn-app", "gone-missing")
		return h.do("POST", projectPath(id, "/forks"), "sandbox", nil)
	}},
	"listProjectInstances 409 project_paused": {nil, func(h *harness) *result {
		id := h.deployableApp("sandbox", "paused-app")
		h.expect(h.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
		return h.do("GET", projectPath(id, "/instances"), "sandbox", nil)
	}},
	"getProjectInstanceLogs 403 plan_limit": {nil, func(h *harness) *result {
		id, name := h.r55SpecRunning("run-app")
		return h.do("GET", projectPath(id, "/instances/"+name+"/logs?tail=100000"), "sandbox", nil)
	}},
	"getProjectInstanceLogs 404 instance_not_found": {nil, func(h *harness) *result {
		id, _ := h.r55SpecRunning("run-app")
		return h.do("GET", projectPath(id, "/instances/nope/logs"), "sandbox", nil)
	}},
	"getProjectInstanceLogs 409 project_not_deployed": {nil, func(h *harness) *result {
		return h.do("GET", projectPath(h.deployableApp("sandbox", "new-app"), "/instances/x/logs"), "sandbox", nil)
	}},
	"getProjectInstanceLogs 409 project_paused": {nil, func(h *harness) *result {
		id, name := h.r55SpecRunning("run-app")
		h.expect(h.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
		return h.do("GET", projectPath(id, "/instances/"+name+"/logs"), "sandbox", nil)
	}},
	"getProjectInstanceLogs 409 instance_offline": {nil, func(h *harness) *result {
		id := h.deployableApp("sandbox", "pending-app")
		if err := h.e.FailNextDeployment("insufficient_memory"); err != nil {
			h.t.Fatal(err)
		}
		h.expect(h.do("POST", projectPath(id, "/deployments"), "sandbox", nil), http.StatusAccepted, "")
		h.clock.Advance(10 * time.Second)
		insts := list(h.do("GET", projectPath(id, "/instances"), "sandbox", nil).obj()["instances"])
		if len(insts) != 1 {
			h.t.Fatalf("instances: %v", insts)
		}
		return h.do("GET", projectPath(id, "/instances/"+insts[0].(map[string]any)["name"].(string)+"/logs"), "sandbox", nil)
	}},
	"connectProjectRepository 400 invalid_repository": {nil, func(h *harness) *result {
		return h.do("PUT", projectPath(h.deployableApp("sandbox", "repo-app"), "/repository"), "sandbox", map[string]any{"repository": "not a repo!"})
	}},
	"connectProjectRepository 400 invalid_root_directory": {nil, func(h *harness) *result {
		return h.do("PUT", projectPath(h.deployableApp("sandbox", "repo-app"), "/repository"), "sandbox", map[string]any{"repository": "repo", "root_directory": "../x"})
	}},
	"connectProjectRepository 404 repository_not_found": {nil, func(h *harness) *result {
		return h.do("PUT", projectPath(h.deployableApp("sandbox", "repo-app"), "/repository"), "sandbox", map[string]any{"repository": "someone-else/repo"})
	}},
	"connectProjectRepository 409 github_not_connected": {func() Config {
		return Config{Orgs: []Org{{Slug: "sandbox", Owner: "alice", GitHubNotConnected: true}}}
	}, func(h *harness) *result {
		return h.do("PUT", projectPath(h.deployableApp("sandbox", "repo-app"), "/repository"), "sandbox", map[string]any{"repository": "repo"})
	}},
	"connectProjectRepository 409 root_directory_conflict": {nil, func(h *harness) *result {
		h.r55SpecConnected("conn-app", "main")
		return h.do("PUT", projectPath(h.deployableApp("sandbox", "repo-app"), "/repository"), "sandbox", map[string]any{"repository": "shared"})
	}},
	"connectProjectRepository 422 branch_not_found": {nil, func(h *harness) *result {
		return h.do("PUT", projectPath(h.deployableApp("sandbox", "repo-app"), "/repository"), "sandbox", map[string]any{"repository": "repo", "production_branch": "gone-missing"})
	}},
	"connectProjectRepository 422 spicepod_missing": {nil, func(h *harness) *result {
		return h.do("PUT", projectPath(h.deployableApp("sandbox", "repo-app"), "/repository"), "sandbox", map[string]any{"repository": "repo", "root_directory": "pods/x-empty"})
	}},
	"connectProjectRepository 503 github_unavailable": {nil, func(h *harness) *result {
		return h.do("PUT", projectPath(h.deployableApp("sandbox", "repo-app"), "/repository"), "sandbox", map[string]any{"repository": "repo-unavailable"})
	}},
}

const r55SpecDistributed = "version: v1\nkind: Spicepod\nname: dist-app\nruntime:\n  scheduler:\n    state_location: s3://acme/state\n"

// r55SpecWithPod creates a project with that spicepod.
func (h *harness) r55SpecWithPod(name, pod string) int64 {
	h.t.Helper()
	id := h.createApp("sandbox", name)
	h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"spicepod": pod}), http.StatusOK, "")
	return id
}

// r55SpecConnected creates a project connected to sandbox/shared, then sets its production
// branch (a branch ending in -missing does not exist on GitHub).
func (h *harness) r55SpecConnected(name, branch string) int64 {
	h.t.Helper()
	id := h.deployableApp("sandbox", name)
	h.expect(h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": "shared"}), http.StatusOK, "")
	if branch != "main" {
		h.expect(h.do("PUT", projectPath(id, ""), "sandbox", map[string]any{"production_branch": branch}), http.StatusOK, "")
	}
	return id
}

// r55SpecRunning creates and deploys a project and returns it with its ready instance.
func (h *harness) r55SpecRunning(name string) (int64, string) {
	h.t.Helper()
	id := h.deployableApp("sandbox", name)
	h.expect(h.do("POST", projectPath(id, "/deployments"), "sandbox", nil), http.StatusAccepted, "")
	h.clock.Advance(10 * time.Second)
	insts := list(h.do("GET", projectPath(id, "/instances"), "sandbox", nil).obj()["instances"])
	if len(insts) != 1 {
		h.t.Fatalf("instances: %v", insts)
	}
	return id, insts[0].(map[string]any)["name"].(string)
}

// TestR55SpecEveryDocumentedCodeIsProduced: every (operation, status, code) that openapi.json's
// examples and api/README §5 document is one the emulator answers over real HTTP — each
// operation-specific one by its producer, the generic ones (insufficient_scope, forbidden,
// org_forbidden, org_assertion_mismatch) on every operation that documents them — and every
// KnownErrorCode is documented somewhere. A code or operation added to the spec without a way
// to produce it fails here.
func TestR55SpecEveryDocumentedCodeIsProduced(t *testing.T) {
	documented := r55SpecDocumentedTriples(t)
	for _, tr := range r55SpecReadmeOnly {
		documented[tr] = true
	}
	known := list(r55SpecResolve(spec(t), map[string]any{"$ref": "#/components/schemas/KnownErrorCode"})["enum"])
	for _, c := range known {
		code := c.(string)
		if slices.Contains(r55SpecUnspecified, code) {
			continue
		}
		if !slices.ContainsFunc(slices.Collect(func(yield func(string) bool) {
			for tr := range documented {
				if !yield(tr) {
					return
				}
			}
		}), func(tr string) bool { return strings.HasSuffix(tr, " "+code) }) {
			t.Errorf("KnownErrorCode %s: no operation documents it", code)
		}
	}

	generic := map[string]map[string]bool{} // operationId → generic codes it documents
	for tr := range documented {
		parts := strings.Fields(tr)
		if slices.Contains(r55SpecGeneric, parts[2]) {
			if generic[parts[0]] == nil {
				generic[parts[0]] = map[string]bool{}
			}
			generic[parts[0]][parts[2]] = true
			continue
		}
		if _, ok := r55SpecProducers[tr]; !ok {
			t.Errorf("%s: documented, but nothing here produces it", tr)
		}
	}
	for tr := range r55SpecProducers {
		if !documented[tr] {
			t.Errorf("%s: produced, but neither openapi.json nor api/README documents it", tr)
			continue
		}
		t.Run(tr, func(t *testing.T) {
			h, res, status, code := r55SpecProduce(t, tr)
			h.expectCode(res, status, code)
		})
	}

	h := newHarness(t, Config{Demo: true, OAuthClients: []OAuthClient{{ID: "ci", Secret: "s", Org: "sandbox", Scopes: []string{"*"}}}})
	tok := h.tokenRequest("application/x-www-form-urlencoded", "grant_type=client_credentials&client_id=ci&client_secret=s")
	clientToken, _ := tok.obj()["access_token"].(string)
	noScope := h.e.IssueUserToken("acme-labs", "alice", []string{"monitors:read"}, 0)
	viewer := h.e.IssueUserToken("acme-labs", "bob", []string{"*"}, 0)
	for _, op := range api.Operations {
		codes := generic[op.ID]
		if op.Scope != "" && codes != nil {
			// api/README §5 and §6: 403 insufficient_scope on any authenticated operation. The
			// deprecated /v1/apps operations' 403 examples keep the older generation's uncoded
			// text (x-documented) and show no coded one.
			codes["insufficient_scope"] = true
		}
		if op.Scope == "" {
			if len(codes) > 0 {
				t.Errorf("%s: needs no token, yet documents %v", op.ID, codes)
			}
			continue
		}
		path := r48SpecauditPath(t, h, op)
		for _, code := range r55SpecGeneric {
			if !codes[code] {
				// forbidden is documented on the operations a viewer may not call.
				if code != "forbidden" || op.Role != "viewer" {
					t.Errorf("%s: does not document %s", op.ID, code)
				}
				continue
			}
			var res *result
			switch code {
			case "insufficient_scope":
				res = h.doOrg(op.Method, path, noScope, "acme-labs", map[string]any{})
			case "forbidden":
				res = h.doOrg(op.Method, path, viewer, "acme-labs", map[string]any{})
			case "org_forbidden":
				res = h.doOrg(op.Method, path, "sandbox", "nobody-org", map[string]any{})
			case "org_assertion_mismatch":
				res = h.doOrg(op.Method, path, clientToken, "acme-labs", map[string]any{})
			}
			if got, _ := res.obj()["code"].(string); res.status != http.StatusForbidden || got != code {
				t.Errorf("%s %s: %d %s, want 403 %s", op.ID, path, res.status, res.raw, code)
			}
		}
	}
}

// r55SpecUncoded lists the route-specific refusals (402, 409, 422, 502, 503) that openapi.json
// documents with an example carrying no code, as "operationId status".
func r55SpecUncoded(t *testing.T) map[string]bool {
	doc := spec(t)
	out := map[string]bool{}
	for _, item := range doc["paths"].(map[string]any) {
		for method, raw := range item.(map[string]any) {
			if !slices.Contains([]string{"get", "post", "put", "patch", "delete"}, method) {
				continue
			}
			op := raw.(map[string]any)
			for status, r := range op["responses"].(map[string]any) {
				if !slices.Contains([]string{"402", "409", "422", "502", "503"}, status) {
					continue
				}
				content, _ := r55SpecResolve(doc, r)["content"].(map[string]any)
				for _, c := range content {
					examples, _ := c.(map[string]any)["examples"].(map[string]any)
					for _, ex := range examples {
						value, _ := r55SpecResolve(doc, ex)["value"].(map[string]any)
						if _, coded := value["code"]; !coded && value != nil {
							out[op["operationId"].(string)+" "+status] = true
						}
					}
				}
			}
		}
	}
	return out
}

// r55SpecUncodedProducers make each uncoded refusal happen; the two an emulator cannot come to
// by itself (an upstream provisioning failure, the metrics service down) are injected faults,
// as the documented statuses of a service outside the API.
// r55SpecProduceUncoded makes the refusal r55SpecUncodedProducers names by key ("createProject
// 409") on a harness of its own, through the route generation its operation's path is on, and
// returns it with the status its key gives.
func r55SpecProduceUncoded(t *testing.T, key string) (*harness, *result, int) {
	p := r55SpecUncodedProducers[key]
	cfg := Config{}
	if p.cfg != nil {
		cfg = p.cfg()
	}
	h := newHarness(t, cfg)
	parts := strings.Fields(key)
	base := "/v1/projects"
	if op := api.ByID(parts[0]); op != nil && strings.HasPrefix(op.Path, "/v1/apps") {
		base = "/v1/apps"
	}
	status, _ := strconv.Atoi(parts[1])
	return h, p.make(h, base), status
}

var r55SpecUncodedProducers = map[string]struct {
	cfg  func() Config
	make func(h *harness, base string) *result
}{
	"createProject 409": {nil, func(h *harness, _ string) *result {
		h.createApp("sandbox", "taken-app")
		return h.do("POST", "/v1/projects", "sandbox", map[string]any{"name": "TAKEN-APP"})
	}},
	"createApp 409": {nil, func(h *harness, _ string) *result {
		h.createApp("sandbox", "taken-app")
		return h.do("POST", "/v1/apps", "sandbox", map[string]any{"name": "taken-app", "region": "us-west-2"})
	}},
	"addMember 409": {nil, func(h *harness, _ string) *result {
		return h.do("POST", "/v1/members", "sandbox", map[string]any{"username": "bob"})
	}},
	"createProjectDeployment 409": {nil, r55SpecInFlight("/deployments", nil)},
	"createDeployment 409":        {nil, r55SpecInFlight("/deployments", nil)},
	"rollbackProject 409":         {nil, r55SpecInFlight("/rollback", true)},
	"rollbackApp 409":             {nil, r55SpecInFlight("/rollback", true)},
	"createProjectDeployment 422": {r55SpecNotConfigured, r55SpecCall("POST", "/deployments")},
	"createDeployment 422":        {r55SpecNotConfigured, r55SpecCall("POST", "/deployments")},
	"resumeProject 422": {r55SpecNotConfigured, func(h *harness, base string) *result {
		id := h.deployableApp("sandbox", "nc-app")
		h.expect(h.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
		return h.do("POST", projectPath(id, "/resume"), "sandbox", nil)
	}},
	"getProjectMetrics 422":       {r55SpecNotConfigured, r55SpecCall("GET", "/metrics")},
	"getAppMetrics 422":           {r55SpecNotConfigured, r55SpecCall("GET", "/metrics")},
	"createProjectDeployment 502": {nil, r55SpecFault("createProjectDeployment", http.StatusBadGateway, "POST", "/deployments")},
	"createDeployment 502":        {nil, r55SpecFault("createDeployment", http.StatusBadGateway, "POST", "/deployments")},
	"getProjectMetrics 503":       {nil, r55SpecFault("getProjectMetrics", http.StatusServiceUnavailable, "GET", "/metrics")},
	"getAppMetrics 503":           {nil, r55SpecFault("getAppMetrics", http.StatusServiceUnavailable, "GET", "/metrics")},
}

func r55SpecNotConfigured() Config {
	return Config{Orgs: []Org{{Slug: "sandbox", Owner: "alice", NotConfigured: true}}}
}

// r55SpecCall sends method to suffix of a fresh deployable project, under base (/v1/projects or /v1/apps).
func r55SpecCall(method, suffix string) func(h *harness, base string) *result {
	return func(h *harness, base string) *result {
		id := h.deployableApp("sandbox", "call-app")
		return h.do(method, fmt.Sprintf("%s/%d%s", base, id, suffix), "sandbox", nil)
	}
}

func r55SpecFault(op string, status int, method, suffix string) func(h *harness, base string) *result {
	return func(h *harness, base string) *result {
		id := h.deployableApp("sandbox", "fault-app")
		h.e.InjectFault(Fault{Operation: op, Status: status})
		return h.do(method, fmt.Sprintf("%s/%d%s", base, id, suffix), "sandbox", nil)
	}
}

// r55SpecInFlight answers POST suffix while a deployment is in flight (a rollback names a
// succeeded target when rollback is set).
func r55SpecInFlight(suffix string, rollback any) func(h *harness, base string) *result {
	return func(h *harness, base string) *result {
		id := h.deployableApp("sandbox", "busy-app")
		first := h.do("POST", projectPath(id, "/deployments"), "sandbox", nil)
		h.expect(first, http.StatusAccepted, "")
		h.clock.Advance(10 * time.Second)
		h.expect(h.do("POST", projectPath(id, "/deployments"), "sandbox", nil), http.StatusAccepted, "")
		var body any
		if rollback != nil {
			body = map[string]any{"target_deployment_id": num(first.obj()["id"])}
		}
		res := h.do("POST", fmt.Sprintf("%s/%d%s", base, id, suffix), "sandbox", body)
		if res.obj()["activeDeploymentId"] == nil {
			h.t.Errorf("%s: 409 without activeDeploymentId: %s", suffix, res.raw)
		}
		return res
	}
}

// TestR55SpecEveryDocumentedUncodedRefusalIsProduced: the route-specific refusals openapi.json
// documents without a code (name taken, member already added, a deployment in flight with
// activeDeploymentId, organization not fully configured, upstream and metrics outages) each come
// from the emulator over real HTTP, with no code; one added to the spec without a producer fails.
func TestR55SpecEveryDocumentedUncodedRefusalIsProduced(t *testing.T) {
	documented := r55SpecUncoded(t)
	for key := range documented {
		if _, ok := r55SpecUncodedProducers[key]; !ok {
			t.Errorf("%s: documented without a code, but nothing here produces it", key)
		}
	}
	for key := range r55SpecUncodedProducers {
		if !documented[key] {
			t.Errorf("%s: produced, but openapi.json documents no uncoded example of it", key)
			continue
		}
		t.Run(key, func(t *testing.T) {
			h, res, status := r55SpecProduceUncoded(t, key)
			h.expect(res, status, "")
			if code, ok := res.obj()["code"]; ok {
				t.Errorf("%s: code %v, documented without one: %s", key, code, res.raw)
			}
		})
	}
}
