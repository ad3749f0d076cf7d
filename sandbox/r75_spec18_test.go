package sandbox

import (
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

var (
	r75Spec18TriplesOnce sync.Once
	r75Spec18Triples     map[string]bool
)

// r75Spec18UndocumentedCode is the harness's check of error codes (api/README §5): a `code` the
// emulator answers must be one openapi.json shows for that operation and status (an example's
// `code`), or one §5's table alone adds (r55SpecReadmeOnly). "" when the body carries none or
// a documented one. Every response of every sandbox test passes through it (checkAgainstSpec),
// so a code drifting onto an operation that does not document it fails where it first appears.
func r75Spec18UndocumentedCode(t *testing.T, opID string, status int, raw []byte) string {
	var body struct {
		Code *string `json:"code"`
	}
	if json.Unmarshal(raw, &body) != nil || body.Code == nil {
		return ""
	}
	r75Spec18TriplesOnce.Do(func() {
		r75Spec18Triples = r55SpecDocumentedTriples(t)
		for _, tr := range r55SpecReadmeOnly {
			r75Spec18Triples[tr] = true
		}
	})
	code := *body.Code
	if status == http.StatusForbidden && slices.Contains(r75Spec18AnyOperation, code) {
		return ""
	}
	// A /v1/apps alias answers its twin's codes (api/README §2: only the list envelope
	// differs; the alias keeps the older document's examples, which show none).
	for _, op := range api.Operations {
		if op.ID == opID && op.AliasOf != "" && r75Spec18Triples[r55SpecTriple(op.AliasOf, status, code)] {
			return ""
		}
	}
	if tr := r55SpecTriple(opID, status, code); !r75Spec18Triples[tr] {
		return "code " + strconv.Quote(*body.Code) + " is not documented for " + opID + " " + strconv.Itoa(status)
	}
	return ""
}

// r75Spec18AnyOperation are the codes api/README §5 and §6 give every authenticated operation
// ("any operation"): the scope and organization refusals.
var r75Spec18AnyOperation = []string{"insufficient_scope", "org_forbidden", "org_assertion_mismatch"}

// TestR75Spec18BlankOrgHeaderAsTheSpecShowsIt: api/README §3, a present but blank X-Org-Name,
// on every operation that takes the header: the body is exactly openapi.json's blankOrgHeader
// example of the operation's 400 (`{"error":"Invalid X-Org-Name header"}`, no code, no
// details), but on createApp and addMember, whose 400 is the older reference's ValidationError
// (kept unchanged, api/CHANGES.md, and showing no such example): there the body names the
// header in details.fieldErrors, as that schema requires (the harness checks the schema).
func TestR75Spec18BlankOrgHeaderAsTheSpecShowsIt(t *testing.T) {
	doc := spec(t)
	h := newHarness(t, Config{Demo: true})
	checked := 0
	for _, op := range api.Operations {
		if len(op.Headers) == 0 {
			continue // no X-Org-Name: health, the token endpoint
		}
		var body any
		if op.Body != "" {
			body = r59SpecBody(op)
		}
		res := h.doOrg(op.Method, r59SpecPathWith(t, h, op, "", ""), "sandbox", "", body)
		if res.status != http.StatusBadRequest || res.errText() != blankOrgHeader {
			t.Errorf("%s: %d %s", op.ID, res.status, res.raw)
			continue
		}
		checked++
		resp := r55SpecResolve(doc, specOperation(t, op.Method, op.Path)["responses"].(map[string]any)["400"])
		examples, _ := resp["content"].(map[string]any)["application/json"].(map[string]any)["examples"].(map[string]any)
		example, shown := examples["blankOrgHeader"]
		if op == api.CreateApp || op == api.AddMember {
			if shown || len(res.fieldErrors(orgHeader)) != 1 || res.obj()["code"] != nil {
				t.Errorf("%s: the ValidationError 400 (example shown: %v) answered %s", op.ID, shown, res.raw)
			}
			continue
		}
		want := r55SpecResolve(doc, example)["value"]
		if !shown || !reflect.DeepEqual(res.body, want) {
			t.Errorf("%s: answered %s, openapi.json's blankOrgHeader example is %v", op.ID, res.raw, want)
		}
	}
	if checked < 45 {
		t.Errorf("only %d operations answered a blank X-Org-Name", checked)
	}
}

// TestR75Spec18PausedProjectOrder: api/README §7.4's one order on every route a paused project
// refuses (Assumed; no source publishes one): what the request asks for first (400 validation;
// 403 plan limits on the values it sends or names: `tail`, `replicas`, `image_tag`), then the
// project's paused state (400 spicepod_paused, 409 project_paused), then the state of what is
// inside the project (an instance's name, a rollback target that did not succeed: before round
// 75 that one answered 409 before spicepod_paused). And the two routes a pause leaves working:
// metrics answer 200 with no pod and zero counters, and connecting a repository answers 200,
// leaves the project paused, and its resume deploys from that repository.
func TestR75Spec18PausedProjectOrder(t *testing.T) {
	h := newHarness(t, Config{})
	id := h.deployableApp("sandbox", "order-app")
	first := h.deployAndSettle(id)
	var instance string
	for name := range h.instances(id) {
		instance = name
	}
	second := num(h.do("POST", projectPath(id, "/deployments"), "sandbox", map[string]any{}).obj()["id"])
	h.expect(h.do("POST", projectPath(id, "/pause"), "sandbox", nil), http.StatusNoContent, "")
	logs := projectPath(id, "/instances/"+instance+"/logs")

	h.expect(h.do("GET", logs+"?tail=abc", "sandbox", nil), http.StatusBadRequest, validationError)
	plan := h.do("GET", logs+"?tail=1001", "sandbox", nil)
	h.expectCode(plan, http.StatusForbidden, "plan_limit")
	h.expectCode(h.do("GET", logs+"?tail=10", "sandbox", nil), http.StatusConflict, "project_paused")
	h.expectCode(h.do("GET", projectPath(id, "/instances/no-such-pod/logs"), "sandbox", nil), http.StatusConflict, "project_paused")
	h.expectCode(h.do("GET", projectPath(id, "/instances"), "sandbox", nil), http.StatusConflict, "project_paused")

	deploy := projectPath(id, "/deployments")
	h.expect(h.do("POST", deploy, "sandbox", map[string]any{"replicas": "2"}), http.StatusBadRequest, validationError)
	h.expectCode(h.do("POST", deploy, "sandbox", map[string]any{"image_tag": "2.3.2"}), http.StatusForbidden, "image_tag_requires_enterprise")
	if res := h.do("POST", deploy, "sandbox", map[string]any{"replicas": 6}); res.status != http.StatusForbidden || res.obj()["code"] != nil {
		t.Errorf("replicas above the plan on a paused project: %s", res.raw)
	}
	h.expectCode(h.do("POST", deploy, "sandbox", map[string]any{}), http.StatusBadRequest, "spicepod_paused")

	rollback := projectPath(id, "/rollback")
	h.expect(h.do("POST", rollback, "sandbox", map[string]any{}), http.StatusBadRequest, validationError)
	h.expect(h.do("POST", rollback, "sandbox", map[string]any{"target_deployment_id": 999999}), http.StatusNotFound, "Deployment not found")
	for _, target := range []int64{second, first} { // stopped by the pause, then succeeded
		h.expectCode(h.do("POST", rollback, "sandbox", map[string]any{"target_deployment_id": target}), http.StatusBadRequest, "spicepod_paused")
	}

	metrics := h.do("GET", projectPath(id, "/metrics?window=5m"), "sandbox", nil)
	h.expect(metrics, http.StatusOK, "")
	m := metrics.obj()
	if pods, _ := m["metrics"].(map[string]any); len(pods) != 0 || num(m["cluster"].(map[string]any)["active_executors_count"]) != 0 ||
		num(m["ingestion"].(map[string]any)["rows_ingested"]) != 0 {
		t.Errorf("metrics of a paused project: %s", metrics.raw)
	}

	h.expect(h.do("PUT", projectPath(id, "/repository"), "sandbox", map[string]any{"repository": "shared"}), http.StatusOK, "")
	h.expectCode(h.do("GET", projectPath(id, "/instances"), "sandbox", nil), http.StatusConflict, "project_paused")
	resumed := h.do("POST", projectPath(id, "/resume"), "sandbox", nil)
	h.expect(resumed, http.StatusOK, "")
	d := h.do("GET", projectPath(id, "/deployments/"+strconv.FormatInt(num(resumed.obj()["deployment_id"]), 10)), "sandbox", nil).obj()
	if d["creation_source"] != "github" || d["branch"] != "main" {
		t.Errorf("the resume of a project connected while paused: %v", d)
	}
}

// TestR75Spec18EveryOperationsGenericRefusals: api/README §5 and §6 over every operation of the
// contract, both generations: a token without the operation's scope answers 403
// insufficient_scope, an organization the caller cannot reach 403 org_forbidden, a
// client-credentials token naming another organization 403 org_assertion_mismatch, and a viewer
// 403 forbidden on each operation whose x-required-role is above viewer (and no such refusal
// where it is viewer). The harness checks each answer's status and body against openapi.json and
// its code against the codes openapi.json gives that operation (r75Spec18UndocumentedCode).
func TestR75Spec18EveryOperationsGenericRefusals(t *testing.T) {
	h := newHarness(t, Config{Demo: true})
	noScope := h.e.IssueToken("acme-labs", []string{"config:read"}, 0)
	h.e.mu.Lock()
	pinned := h.e.issueToken(h.e.mustOrg("sandbox"), "client-r75", "", true, []string{"*"}, 0)
	h.e.mu.Unlock()
	viewer := h.e.IssueUserToken("acme-labs", "bob", []string{"*"}, 0)
	ops := 0
	for _, op := range api.Operations {
		if len(op.Headers) == 0 {
			continue
		}
		ops++
		var body any
		if op.Body != "" {
			body = r59SpecBody(op)
		}
		path := r59SpecPathWith(t, h, op, "", "")
		for _, c := range []struct {
			token, org, code string
		}{
			{noScope, "acme-labs", "insufficient_scope"},
			{"sandbox", "nobody-org", "org_forbidden"},
			{pinned, "acme-labs", "org_assertion_mismatch"},
		} {
			if res := h.doOrg(op.Method, path, c.token, c.org, body); res.status != http.StatusForbidden || res.obj()["code"] != c.code {
				t.Errorf("%s (%s): %d %s", op.ID, c.code, res.status, res.raw)
			}
		}
		res := h.doOrg(op.Method, path, viewer, "acme-labs", body)
		if refused := res.status == http.StatusForbidden && res.obj()["code"] == "forbidden"; refused != (op.Role != "viewer") {
			t.Errorf("%s (x-required-role %s) for a viewer: %d %s", op.ID, op.Role, res.status, res.raw)
		}
	}
	if ops < 45 {
		t.Errorf("only %d operations", ops)
	}
}
