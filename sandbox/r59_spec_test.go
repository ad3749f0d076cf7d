package sandbox

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// r59SpecErrorPairs lists every (operationId, status ≥ 400) openapi.json declares, read from
// the document itself (not from the generated table), sorted.
func r59SpecErrorPairs(t *testing.T) map[string][]int {
	out := map[string][]int{}
	for _, item := range spec(t)["paths"].(map[string]any) {
		for method, raw := range item.(map[string]any) {
			if !slices.Contains([]string{"get", "post", "put", "patch", "delete"}, method) {
				continue
			}
			op := raw.(map[string]any)
			id := op["operationId"].(string)
			for status := range op["responses"].(map[string]any) {
				n, err := strconv.Atoi(status)
				if err != nil {
					t.Fatalf("%s: status %q is not a number", id, status)
				}
				if n >= 400 {
					out[id] = append(out[id], n)
				}
			}
			sort.Ints(out[id])
		}
	}
	return out
}

// r59SpecInjectedOnly names the documented statuses the emulator has no way to come to by
// itself, with the reason; the test produces each with an injected fault (Fault, the
// X-Sandbox-Fault header says so) and checks that answer against the operation's schema.
var r59SpecInjectedOnly = map[int]string{
	http.StatusInternalServerError: "500: the emulator has no internal failure of its own (writeReply answers 500 only for an unencodable body, an emulator bug)",
}

// r59SpecOldValidationError are the operations whose 400 keeps the older document's
// ValidationError response unchanged (api/CHANGES.md), so shows no blank X-Org-Name example; the
// emulator's answer still matches that schema (api/README §3 gives it details for that reason).
var r59SpecOldValidationError = map[string]bool{"createApp": true, "addMember": true}

// r59SpecPathWith expands op's path from the demo samples, with one parameter replaced.
func r59SpecPathWith(t *testing.T, h *harness, op *api.Operation, param, value string) string {
	t.Helper()
	path := r48SpecauditPath(t, h, op)
	if param == "" {
		return path
	}
	segs := strings.Split(path, "/")
	for i, seg := range strings.Split(op.Path, "/") {
		if seg == "{"+param+"}" {
			segs[i] = value
		}
	}
	return strings.Join(segs, "/")
}

// r59SpecNumericParams are the path parameters openapi.json types integer (api.Operations'
// Params, generated from the document).
func r59SpecNumericParams(op *api.Operation) []string {
	var out []string
	for _, p := range op.Params {
		if p.In == "path" && p.Rule.Type == "integer" {
			out = append(out, p.Name)
		}
	}
	return out
}

// r59SpecBody is a body each operation with a required body accepts (so that a refusal is
// about what the case changes, not a missing body).
func r59SpecBody(op *api.Operation) any {
	switch op.ID {
	case "createProject":
		return map[string]any{"name": "r59-new-app"}
	case "createApp":
		return map[string]any{"name": "r59-new-app", "region": "us-west-2"}
	case "upsertProjectSecret", "upsertSecret":
		return map[string]any{"name": "R59_KEY", "value": "v"}
	case "connectProjectRepository":
		return map[string]any{"repository": "repo"}
	case "addMember":
		return map[string]any{"username": "carol"}
	case "updateMemberRoles":
		return map[string]any{"roles": []string{"member"}}
	case "rollbackProject", "rollbackApp":
		return map[string]any{"target_deployment_id": 1}
	}
	return map[string]any{}
}

// TestR59SpecEveryDocumentedErrorStatusIsProduced walks every (operation, status ≥ 400) pair of
// openapi.json and makes the emulator answer it over real HTTP, the harness checking each
// body against the status's schema (Error, CodedError, ValidationError, DeploymentConflictError):
//
//	400 blank X-Org-Name, and a non-numeric value for each integer path parameter
//	401 no token, and an unknown token (each with WWW-Authenticate)
//	403 an organization the caller cannot reach (org_forbidden)
//	404 an unknown value for each path parameter (addMember: an unknown username; rollbacks:
//	    an unknown target_deployment_id)
//	429 a second request in the window of RateLimit 1 (with Retry-After)
//	402/409/422/502/503 the producers of TestR55SpecEveryDocumentedCodeIsProduced and
//	    TestR55SpecEveryDocumentedUncodedRefusalIsProduced for that operation and status
//	500 an injected fault only (r59SpecInjectedOnly says why)
//
// The 400 and 404 answers' texts must be among the status's examples (digits aside), so that
// openapi.json shows each text a client meets. A status added to an operation without a way
// to produce it fails here.
func TestR59SpecEveryDocumentedErrorStatusIsProduced(t *testing.T) {
	pairs := r59SpecErrorPairs(t)
	for _, op := range api.Operations {
		if _, ok := pairs[op.ID]; !ok {
			t.Errorf("%s: not in openapi.json's paths", op.ID)
		}
	}
	limited := newHarness(t, Config{Demo: true, RateLimit: 1})
	for _, op := range api.Operations {
		statuses := pairs[op.ID]
		t.Run(op.ID, func(t *testing.T) {
			h := newHarness(t, Config{Demo: true})
			body := r59SpecBody(op)
			if op.Body == "" {
				body = nil
			}
			for _, status := range statuses {
				var got []*result
				var why []string
				call := func(what string, res *result) {
					got = append(got, res)
					why = append(why, what)
				}
				switch status {
				case http.StatusBadRequest:
					call("blank X-Org-Name", h.doOrg(op.Method, r59SpecPathWith(t, h, op, "", ""), "sandbox", "", body))
					for _, p := range r59SpecNumericParams(op) {
						call("non-numeric "+p, h.doOrg(op.Method, r59SpecPathWith(t, h, op, p, "abc"), "sandbox", "acme-labs", body))
					}
				case http.StatusUnauthorized:
					call("no token", h.do(op.Method, r59SpecPathWith(t, h, op, "", ""), "", body))
					call("unknown token", h.do(op.Method, r59SpecPathWith(t, h, op, "", ""), "no-such-token", body))
					for _, res := range got {
						if res.status == http.StatusUnauthorized && !strings.HasPrefix(res.header.Get("WWW-Authenticate"), "Bearer") {
							t.Errorf("%s 401 without a Bearer challenge: %q", op.ID, res.header.Get("WWW-Authenticate"))
						}
					}
				case http.StatusForbidden:
					call("org_forbidden", h.doOrg(op.Method, r59SpecPathWith(t, h, op, "", ""), "sandbox", "nobody-org", body))
				case http.StatusNotFound:
					if op.ID == "rollbackProject" || op.ID == "rollbackApp" {
						call("unknown target_deployment_id", h.doOrg(op.Method, r59SpecPathWith(t, h, op, "", ""), "sandbox", "acme-labs", map[string]any{"target_deployment_id": 999999}))
					}
					if op.ID == "addMember" {
						call("unknown username", h.doOrg(op.Method, op.Path, "sandbox", "acme-labs", map[string]any{"username": "nobody-such-user"}))
					}
					for _, p := range op.PathParams() {
						if p == "instanceName" {
							continue // needs a running project: r55's getProjectInstanceLogs 404 instance_not_found
						}
						value := "999999"
						if !slices.Contains(r59SpecNumericParams(op), p) {
							value = "NO_SUCH_NAME"
						}
						call("unknown "+p, h.doOrg(op.Method, r59SpecPathWith(t, h, op, p, value), "sandbox", "acme-labs", body))
					}
				case http.StatusTooManyRequests:
					tok := limited.e.IssueUserToken("acme-labs", "alice", []string{"*"}, 0)
					// The path comes from h: the limited harness's own lookups would spend its window.
					path := r59SpecPathWith(t, h, op, "", "")
					limited.doOrg(op.Method, path, tok, "acme-labs", body)
					res := limited.doOrg(op.Method, path, tok, "acme-labs", body)
					call("second request at RateLimit 1", res)
					if res.status == http.StatusTooManyRequests && res.header.Get("Retry-After") == "" {
						t.Errorf("%s 429 without Retry-After", op.ID)
					}
				case http.StatusInternalServerError:
					path := r59SpecPathWith(t, h, op, "", "") // before the fault: its lookups may be this operation
					h.e.InjectFault(Fault{Operation: op.ID, Status: status})
					res := h.doOrg(op.Method, path, "sandbox", "acme-labs", body)
					call("injected: "+r59SpecInjectedOnly[status], res)
					if res.header.Get(FaultHeader) == "" {
						t.Errorf("%s: injected 500 without %s", op.ID, FaultHeader)
					}
				default:
					prefix := op.ID + " " + strconv.Itoa(status)
					var keys []string
					for k := range r55SpecProducers {
						if k == prefix || strings.HasPrefix(k, prefix+" ") {
							keys = append(keys, k)
						}
					}
					for k := range r55SpecUncodedProducers {
						if k == prefix {
							keys = append(keys, k)
						}
					}
					if len(keys) == 0 {
						t.Errorf("%s %d: documented, but nothing produces it", op.ID, status)
					}
					// Run by the r55 tests; here only their existence is checked.
					continue
				}
				if len(got) == 0 {
					t.Errorf("%s %d: documented, but nothing produces it", op.ID, status)
				}
				texts := r59SpecExampleTexts(t, op, status)
				for i, res := range got {
					if res.status != status {
						t.Errorf("%s %d (%s): answered %d %s", op.ID, status, why[i], res.status, res.raw)
						continue
					}
					if r59SpecOldValidationError[op.ID] && why[i] == "blank X-Org-Name" {
						continue
					}
					if (status == http.StatusBadRequest || status == http.StatusNotFound) && !texts[r59SpecDigitless(res.errText())] {
						t.Errorf("%s %d (%s): %q is none of the documented examples' texts %v", op.ID, status, why[i], res.errText(), texts)
					}
				}
			}
		})
	}
}

// r59SpecDigitless replaces each run of digits with "N" ("App with ID 123 not found" and
// "App with ID 999999 not found" are one text).
func r59SpecDigitless(s string) string {
	var b strings.Builder
	digits := false
	for _, r := range s {
		if r >= '0' && r <= '9' {
			if !digits {
				b.WriteByte('N')
			}
			digits = true
			continue
		}
		digits = false
		b.WriteRune(r)
	}
	return b.String()
}

// r59SpecExampleTexts are the error texts of the operation's examples for status, digitless.
func r59SpecExampleTexts(t *testing.T, op *api.Operation, status int) map[string]bool {
	doc := spec(t)
	out := map[string]bool{}
	resp := r55SpecResolve(doc, specOperation(t, op.Method, op.Path)["responses"].(map[string]any)[strconv.Itoa(status)])
	content, _ := resp["content"].(map[string]any)
	for _, c := range content {
		examples, _ := c.(map[string]any)["examples"].(map[string]any)
		for _, ex := range examples {
			value, _ := r55SpecResolve(doc, ex)["value"].(map[string]any)
			if text, ok := value["error"].(string); ok {
				out[r59SpecDigitless(text)] = true
			}
		}
	}
	return out
}

// TestR59SpecQueryBoundariesAccepted is the accepting side of TestR55SpecEveryDeclaredInputIsChecked,
// derived from openapi.json: each query parameter's minimum and maximum, every enum value and
// the pattern's own examples are accepted (no 400 naming it), an empty value is refused naming
// it, and so is one sent twice (api/README §10: the service's query parser makes it an array,
// which no schema accepts; the emulator took the first value before), and a list's limit gives
// at most that many rows, newest first.
func TestR59SpecQueryBoundariesAccepted(t *testing.T) {
	doc := spec(t)
	h, id, depID, vals := r59SpecQueryApp(t)
	for _, op := range api.Operations {
		var args []string
		for _, p := range op.PathParams() {
			args = append(args, vals[p])
		}
		path := op.Expand(args...)
		for _, raw := range list(specOperation(t, op.Method, op.Path)["parameters"]) {
			p := r55SpecResolve(doc, raw)
			if p["in"] != "query" {
				continue
			}
			name := p["name"].(string)
			s := r55SpecResolve(doc, p["schema"])
			var good []string
			for _, e := range list(s["enum"]) {
				good = append(good, e.(string))
			}
			if s["pattern"] != nil {
				good = append(good, "30s", "5m", "1h", "7d")
			}
			if m, ok := s["minimum"].(float64); ok {
				good = append(good, itoa(int64(m)))
			}
			if m, ok := s["maximum"].(float64); ok {
				good = append(good, itoa(int64(m)))
			}
			if d, ok := s["default"]; ok {
				good = append(good, fmt.Sprint(d))
			}
			if len(good) == 0 && s["type"] == "string" {
				good = append(good, "2025-01-01")
			}
			for _, v := range good {
				res := h.do(op.Method, path+"?"+name+"="+v, "sandbox", nil)
				if res.status == http.StatusBadRequest && len(res.fieldErrors(name)) > 0 || res.status >= 500 {
					t.Errorf("%s %s=%s: %d %s, want it accepted", op.ID, name, v, res.status, res.raw)
				}
			}
			res := h.do(op.Method, path+"?"+name+"=", "sandbox", nil)
			if res.status != http.StatusBadRequest || len(res.fieldErrors(name)) == 0 {
				t.Errorf("%s %s empty: %d %s, want 400 naming it", op.ID, name, res.status, res.raw)
			}
			twice := path + "?" + name + "=" + good[0] + "&" + name + "=" + good[len(good)-1]
			if res := h.do(op.Method, twice, "sandbox", nil); res.status != http.StatusBadRequest || len(res.fieldErrors(name)) == 0 {
				t.Errorf("%s %s sent twice: %d %.200s, want 400 naming it", op.ID, name, res.status, res.raw)
			}
		}
	}
	for _, base := range []string{"/v1/projects", "/v1/apps"} {
		rows := func(q string) []any {
			res := h.do("GET", fmt.Sprintf("%s/%d/deployments%s", base, id, q), "sandbox", nil)
			h.expect(res, http.StatusOK, "")
			return list(res.obj()["deployments"])
		}
		all := rows("")
		if len(all) != 3 {
			t.Fatalf("%s: %d deployments, want 3", base, len(all))
		}
		for i := 1; i < len(all); i++ {
			if num(all[i-1].(map[string]any)["id"]) < num(all[i].(map[string]any)["id"]) {
				t.Errorf("%s: not newest first: %v", base, all)
			}
		}
		if one := rows("?limit=1"); len(one) != 1 || num(one[0].(map[string]any)["id"]) != depID {
			t.Errorf("%s limit=1: %v, want the newest (%d) only", base, one, depID)
		}
		if got := rows("?limit=100"); len(got) != 3 {
			t.Errorf("%s limit=100: %d rows", base, len(got))
		}
	}
	if got := list(h.do("GET", fmt.Sprintf("/v1/apps/%d/deployments?offset=1&limit=1", id), "sandbox", nil).obj()["deployments"]); len(got) != 1 ||
		num(got[0].(map[string]any)["id"]) == depID {
		t.Errorf("/v1/apps offset=1 limit=1: %v, want the second newest", got)
	}
	if got := list(h.do("GET", fmt.Sprintf("/v1/apps/%d/deployments?offset=3", id), "sandbox", nil).obj()["deployments"]); len(got) != 0 {
		t.Errorf("/v1/apps offset past the end: %v, want none", got)
	}
}

// r59SpecQueryApp is an enterprise emulator with one app of three deployments (10 s apart) and
// its instance, and the values of the path parameters that name them.
func r59SpecQueryApp(t *testing.T) (h *harness, id, depID int64, vals map[string]string) {
	t.Helper()
	h = newHarness(t, enterpriseConfig())
	id = h.deployableApp("sandbox", "query-app")
	for i := 0; i < 3; i++ {
		dep := h.do("POST", projectPath(id, "/deployments"), "sandbox", nil)
		h.expect(dep, http.StatusAccepted, "")
		depID = num(dep.obj()["id"])
		h.clock.Advance(10 * time.Second)
	}
	insts := list(h.do("GET", projectPath(id, "/instances"), "sandbox", nil).obj()["instances"])
	if len(insts) != 1 {
		t.Fatalf("instances: %v", insts)
	}
	vals = map[string]string{"appId": itoa(id), "projectId": itoa(id), "deploymentId": itoa(depID),
		"instanceName": insts[0].(map[string]any)["name"].(string)}
	return h, id, depID, vals
}
