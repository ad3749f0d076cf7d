package mcpserver_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r68Spec10Call is one tool call of a row of TestR68Spec10CallsAsDeclaredOnEveryPath: fault,
// when set, answers every request of its operation during the call; refused says the call is
// to be refused before any request.
type r68Spec10Call struct {
	tool    string
	args    map[string]any
	fault   *sandbox.Fault
	refused bool
}

// r68Spec10ByID is args with the demo's analytics-app named by its ID only (id:101), where
// the tool needs no app list to find it.
func r68Spec10ByID(args map[string]any) map[string]any {
	byID := maps.Clone(args)
	byID["app"] = "id:101"
	return byID
}

// TestR68Spec10CallsAsDeclaredOnEveryPath: the operations a tool declares (README's table of
// operations) hold on every path, not only its valid example's: recorded against the emulator
// over each tool's valid example, the same naming the app by ID, every operation it declares
// answering 404, 409 and 429 in turn (failures midway) or applied with its answer lost once
// (502), conditions of When true and false, and refusals. A call reaches only operations its tool declares; one that succeeds calls every
// operation of its Operations that When does not name; a refusal of the arguments calls
// nothing. (TestR67Spec9CallsAsDeclared holds each condition of When true and false.)
func TestR68Spec10CallsAsDeclaredOnEveryPath(t *testing.T) {
	t.Parallel() // a harness of its own for each row, hundreds: runs beside the other parallel tests
	var rows [][]r68Spec10Call
	add := func(calls ...r68Spec10Call) { rows = append(rows, calls) }
	for _, tool := range tools.All() {
		valid := tool.Examples.Valid
		add(r68Spec10Call{tool: tool.Name, args: valid})
		add(r68Spec10Call{tool: tool.Name, args: tool.Examples.Invalid, refused: true})
		unknown := maps.Clone(valid)
		unknown["no_such_argument"] = 1
		add(r68Spec10Call{tool: tool.Name, args: unknown, refused: true})
		if valid["app"] == "analytics-app" {
			add(r68Spec10Call{tool: tool.Name, args: r68Spec10ByID(valid)})
			spaced := maps.Clone(valid)
			spaced["app"] = " analytics-app"
			add(r68Spec10Call{tool: tool.Name, args: spaced, refused: true})
		}
		var declared []*api.Operation
		for _, op := range append(slices.Clone(tool.Operations), tool.MayCall...) {
			if !slices.Contains(declared, op) {
				declared = append(declared, op)
			}
		}
		for _, op := range declared {
			for _, status := range []int{http.StatusNotFound, http.StatusConflict, http.StatusTooManyRequests} {
				add(r68Spec10Call{tool: tool.Name, args: valid, fault: &sandbox.Fault{Operation: op.ID, Status: status, RetryAfter: "0", Times: -1}})
			}
			// Applied, its answer lost once: what the tool reads or retries to settle it.
			add(r68Spec10Call{tool: tool.Name, args: valid, fault: &sandbox.Fault{Operation: op.ID, Status: http.StatusBadGateway, AfterApply: true}})
		}
	}
	acme := func(args map[string]any) map[string]any {
		args["org"] = "acme-labs"
		return args
	}
	// Paths beside the valid examples'.
	add(r68Spec10Call{tool: "create_app", args: map[string]any{"name": "new-app", "region": "us-west-2"}})
	add(r68Spec10Call{tool: "create_app", args: acme(map[string]any{"name": "new-app", "cluster_name": "acme-labs-prod-production"})})
	add(r68Spec10Call{tool: "pause_app", args: acme(map[string]any{"app": "nightly-etl"})})
	add(r68Spec10Call{tool: "resume_app", args: map[string]any{"app": "analytics-app"}})
	add(r68Spec10Call{tool: "set_secret", args: map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": "example-value"}})
	add(r68Spec10Call{tool: "wait_for_deployment", args: map[string]any{"app": "analytics-app", "deployment_id": 1003}})
	add(r68Spec10Call{tool: "rotate_api_keys", args: map[string]any{"app": "analytics-app", "step": "start"}},
		r68Spec10Call{tool: "rotate_api_keys", args: map[string]any{"app": "analytics-app", "step": "finish"}})
	for _, member := range []string{"id:2", "bob"} {
		add(r68Spec10Call{tool: "get_member", args: map[string]any{"member": member}})
		add(r68Spec10Call{tool: "update_member_roles", args: map[string]any{"member": member, "roles": []any{"viewer"}}})
		add(r68Spec10Call{tool: "remove_member", args: map[string]any{"member": member}})
	}
	// Failures midway: the API's own refusals of a resource.
	add(r68Spec10Call{tool: "delete_secret", args: map[string]any{"app": "analytics-app", "name": "NO_SUCH_SECRET"}})
	add(r68Spec10Call{tool: "get_instance_logs", args: acme(map[string]any{"app": "nightly-etl"})})
	add(r68Spec10Call{tool: "get_deployment", args: acme(map[string]any{"app": "nightly-etl", "deployment_id": 1})})

	for _, row := range rows {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
		for _, c := range row {
			tool, ok := tools.ByName(c.tool)
			if !ok {
				t.Fatalf("no tool %s", c.tool)
			}
			path := fmt.Sprintf("%s %v", c.tool, c.args)
			if c.fault != nil {
				path += fmt.Sprintf(" (%s answering %d, applied %v)", c.fault.Operation, c.fault.Status, c.fault.AfterApply)
			}
			res, called := r68CallsAsDeclared(t, h, tool, c.args, path, c.fault)
			if c.refused && (!res.IsError || len(called) > 0) {
				t.Errorf("%s: a refusal of the arguments, want an error and no request; got error %v after %d operations: %.200s", path, res.IsError, len(called), text(res))
			}
		}
	}
}

// r68CallsAsDeclared calls tool with args on h, fault injected for the call if not nil, and
// returns the result and the operations the call sent. It reports each operation sent that the
// tool does not declare and, for a call that succeeded, each it declares on every use (no When)
// and did not send; path names the call in those reports.
func r68CallsAsDeclared(t *testing.T, h *harness, tool tools.Tool, args map[string]any, path string, fault *sandbox.Fault) (*mcp.CallToolResult, map[*api.Operation]bool) {
	t.Helper()
	if fault != nil {
		h.emu.InjectFault(*fault)
	}
	before := upstreamCalls(h)
	res := h.call(t, tool.Name, args)
	h.emu.ClearFaults()
	called := map[*api.Operation]bool{}
	for op, n := range upstreamCalls(h) {
		if n > before[op] {
			called[op] = true
			if !slices.Contains(tool.Operations, op) && !slices.Contains(tool.MayCall, op) {
				t.Errorf("%s called %s, which it does not declare", path, op.ID)
			}
		}
	}
	if res.IsError {
		return res, called
	}
	for _, op := range append(slices.Clone(tool.Operations), tool.Optional...) {
		if _, some := tool.When[op]; !some && !called[op] {
			t.Errorf("%s succeeded without calling %s, which README's table says it calls on every use", path, op.ID)
		}
	}
	return res, called
}

// r68Spec10Status sends one request to h's emulator with token and returns its status.
func r68Spec10Status(t *testing.T, h *harness, token, method, path string, body any) int {
	t.Helper()
	raw, _ := json.Marshal(body)
	req, err := http.NewRequest(method, h.api.URL+path, bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	return r68StatusOf(t, req)
}

// TestR68Spec10MemberToolsAgreeWithTheAPI: add_member, update_member_roles and remove_member,
// called by each role (owner, admin, member, viewer; opaque tokens, so the server reads the
// role from list_orgs), succeed exactly where the API itself accepts the same change from the
// same caller (api/README §4, §7.9): nothing the API allows is refused, and what it refuses
// the tool refuses before sending the change.
func TestR68Spec10MemberToolsAgreeWithTheAPI(t *testing.T) {
	t.Parallel() // no time bound, CPU-heavy under -race: beside another test, not alone
	// memberWorld's user IDs: carol 1 (owner), alice 2 and frank 3 (admins), dan 4 (member),
	// bob 5 (viewer), erin 6 (no organization).
	type change struct {
		tool         string
		args         map[string]any
		method, path string
		body         any
	}
	var changes []change
	for _, roles := range [][]any{nil, {"viewer"}, {"billing"}, {"admin"}, {"owner"}} {
		args, body := map[string]any{"username": "erin"}, map[string]any{"username": "erin"}
		if roles != nil {
			args["roles"], body["roles"] = roles, roles
		}
		changes = append(changes, change{"add_member", args, "POST", "/v1/members", body})
	}
	for _, c := range []struct {
		member string
		id     int
		roles  []any
	}{{"dan", 4, []any{"viewer"}}, {"dan", 4, []any{"admin"}}, {"bob", 5, []any{"billing"}}, {"frank", 3, []any{"member"}}, {"carol", 1, []any{"member"}}} {
		changes = append(changes, change{"update_member_roles", map[string]any{"member": c.member, "roles": c.roles},
			"PATCH", fmt.Sprintf("/v1/members/%d", c.id), map[string]any{"roles": c.roles}})
	}
	for _, c := range []struct {
		member string
		id     int
	}{{"dan", 4}, {"bob", 5}, {"frank", 3}, {"carol", 1}} {
		changes = append(changes, change{"remove_member", map[string]any{"member": c.member}, "DELETE", fmt.Sprintf("/v1/members/%d", c.id), nil})
	}
	for _, caller := range []string{"carol", "alice", "dan", "bob"} {
		for _, c := range changes {
			api := r68Spec10Status(t, memberHarness(t, caller, []string{"*"}, tools.ConfirmOff, nil, nil), "tok-"+caller, c.method, c.path, c.body)
			h := memberHarness(t, caller, []string{"*"}, tools.ConfirmOff, nil, nil)
			res := h.call(t, c.tool, c.args)
			if allowed := api < 300; res.IsError == allowed {
				t.Errorf("%s as %s: the API answers %d, the tool's result is an error: %v: %.300s", c.tool, caller, api, res.IsError, text(res))
			}
			tool, _ := tools.ByName(c.tool)
			if change := tool.Operations[len(tool.Operations)-1]; api >= 300 && h.emu.Calls(change.ID) > 0 {
				t.Errorf("%s as %s: sent %s, which the API refuses (%d); want it refused before the API", c.tool, caller, change.ID, api)
			}
		}
	}
}
