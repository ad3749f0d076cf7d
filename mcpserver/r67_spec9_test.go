package mcpserver_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r67Spec9Call is one tool call of a row of TestR67Spec9CallsAsDeclared.
type r67Spec9Call struct {
	tool string
	args map[string]any
}

// TestR67Spec9CallsAsDeclared: README's table of operations says which operations a tool calls
// on every use and which only on some paths (tools.Tool's When, with the condition). Recorded
// against the emulator over a table of inputs (each row a fresh demo sandbox, every tool's valid
// example among them): a call reaches only operations its tool declares; one that succeeds calls
// every operation of its Operations that When does not name; and each operation When names is
// called by some successful call of the tool and skipped by another.
func TestR67Spec9CallsAsDeclared(t *testing.T) {
	t.Parallel() // no time bound, CPU-heavy under -race: beside another test, not alone
	pod := "version: v1\nkind: Spicepod\nname: fresh-app\n"
	fresh := map[string]any{"name": "fresh-app", "spicepod": pod}
	rows := [][]r67Spec9Call{
		// A first run creates, configures, deploys and waits; a re-run with the same arguments
		// reads the app and finds its deployment running them.
		{{"create_and_deploy_app", fresh}, {"create_and_deploy_app", fresh}},
		{{"create_and_deploy_app", map[string]any{"name": "fresh-app", "spicepod": pod, "wait": false}}},
		{{"create_and_deploy_app", map[string]any{"name": "cl-app", "org": "acme-labs", "cluster_name": "acme-labs-prod-production", "spicepod": pod}}},
		{{"create_and_deploy_app", map[string]any{"name": "cl-app", "org": "acme-labs", "image_tag": "2.3.2-enterprise", "spicepod": pod}}},
		{{"resume_app", map[string]any{"app": "nightly-etl", "org": "acme-labs"}}},
		{{"resume_app", map[string]any{"app": "nightly-etl", "org": "acme-labs", "wait": true}}},
		{{"wait_for_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003}}},
		{{"describe_app", map[string]any{"app": "nightly-etl", "org": "acme-labs"}}},
		{{"rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start"}}, {"rotate_api_keys", map[string]any{"app": "analytics-app", "step": "finish"}}},
		// Round 68: create_app's region given, and pause_app on an app paused already.
		{{"create_app", map[string]any{"name": "new-app", "region": "us-west-2"}}},
		{{"pause_app", map[string]any{"app": "nightly-etl", "org": "acme-labs"}}},
		// Round 69: an app with no spicepod, deployment or instance, and a failed deployment:
		// where the caller's role is read (listOrgs) for the next step's tools.
		{{"create_app", map[string]any{"name": "new-app"}}, {"get_app", map[string]any{"app": "new-app"}}, {"list_deployments", map[string]any{"app": "new-app"}},
			{"list_instances", map[string]any{"app": "new-app"}}, {"get_instance_logs", map[string]any{"app": "new-app"}}},
		{{"get_deployment", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "deployment_id": 1007}}},
		{{"wait_for_deployment", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "deployment_id": 1007}}},
		// A deployment still queued: no standing is read.
		{{"create_deployment", map[string]any{"app": "analytics-app"}}, {"get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1008}}},
		// A rollback to a deployment a later one replaced: its instances are not its own.
		{{"rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1001}}},
	}
	for _, tool := range tools.All() {
		rows = append(rows, []r67Spec9Call{{tool.Name, tool.Examples.Valid}})
		if tool.Examples.Valid["app"] == "analytics-app" { // round 68: the app named by its ID only
			rows = append(rows, []r67Spec9Call{{tool.Name, r68Spec10ByID(tool.Examples.Valid)}})
		}
	}
	succeeded := map[string][]map[*api.Operation]bool{} // per tool, the operations of each successful call
	reached := map[string][]map[*api.Operation]bool{}   // and of each call, successful or not
	// Round 69: each valid example again with a token that shows the caller's role (the
	// organization's owner), where no tool needs listOrgs for it.
	roleShown := len(rows)
	scopes := map[int][]string{} // a row's token shows these scopes and the role
	for _, tool := range tools.All() {
		scopes[len(rows)] = []string{"*"}
		rows = append(rows, []r67Spec9Call{{tool.Name, tool.Examples.Valid}})
	}
	// A token that visibly lacks secrets:read: create_deployment does not read what the
	// deployment's spicepod references.
	scopes[len(rows)] = []string{"apps:read", "deployments:write"}
	rows = append(rows, []r67Spec9Call{{"create_deployment", map[string]any{"app": "analytics-app"}}})
	// Round 72 (spec15): an API that does not serve GET /v1/orgs (404): list_orgs asks health
	// whether the address is the API at all.
	faults := map[int]sandbox.Fault{len(rows): {Operation: "listOrgs", Status: http.StatusNotFound}}
	rows = append(rows, []r67Spec9Call{{"list_orgs", map[string]any{}}})
	// And whoami with no credentials, which asks the API nothing.
	rows = append(rows, []r67Spec9Call{{"whoami", map[string]any{}}})
	for i, row := range rows {
		opts := harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}}
		switch {
		case i == len(rows)-1:
			opts.token = "-"
		case i >= roleShown:
			opts.token = r40JWT(map[string]any{"sub": "1", "username": "alice", "org": "sandbox", "role": "owner", "scopes": scopes[i]})
			opts.cfg.Tokens = []sandbox.Token{{Value: opts.token, Org: "sandbox", User: "alice", Scopes: scopes[i]}}
		}
		h := newHarness(t, opts)
		if f, ok := faults[i]; ok {
			h.emu.InjectFault(f)
		}
		for _, c := range row {
			tool, ok := tools.ByName(c.tool)
			if !ok {
				t.Fatalf("no tool %s", c.tool)
			}
			path := fmt.Sprintf("%s %v", c.tool, c.args)
			res, called := r68CallsAsDeclared(t, h, tool, c.args, path, nil)
			reached[c.tool] = append(reached[c.tool], called)
			if res.IsError {
				continue
			}
			succeeded[c.tool] = append(succeeded[c.tool], called)
		}
	}
	count := func(calls []map[*api.Operation]bool, op *api.Operation) (n int) {
		for _, called := range calls {
			if called[op] {
				n++
			}
		}
		return n
	}
	for _, tool := range tools.All() {
		for op, when := range tool.When {
			// An operation of MayCall may be called on a refusal's path only (round 69): some
			// call here, successful or not, calls it.
			some, which := succeeded[tool.Name], "successful"
			if !slices.Contains(tool.Operations, op) {
				some, which = reached[tool.Name], "recorded"
			}
			if n, m := count(some, op), count(succeeded[tool.Name], op); n == 0 || m == len(succeeded[tool.Name]) {
				t.Errorf("%s calls %s %q: called by %d of its %d %s calls and %d of its %d successful ones here, want some and not every successful one",
					tool.Name, op.ID, when, n, len(some), which, m, len(succeeded[tool.Name]))
			}
		}
		// Round 69: an operation declared MayCall with no condition in When is called for some
		// arguments only, so some successful call here does without it.
		for _, op := range tool.MayCall {
			if _, some := tool.When[op]; some || slices.Contains(tool.Operations, op) || slices.Contains(tool.Optional, op) {
				continue
			}
			if n := count(succeeded[tool.Name], op); n > 0 && n == len(succeeded[tool.Name]) {
				t.Errorf("%s declares %s MayCall with no condition, yet each of its %d successful calls here called it: move it to Operations, or give its condition in When", tool.Name, op.ID, n)
			}
		}
	}
}

// r67Spec9Do sends one request to the harness's emulator as the sandbox token and decodes the
// answer's JSON object, failing unless it has status want.
func r67Spec9Do(t *testing.T, h *harness, method, path string, body any, want int) map[string]any {
	t.Helper()
	var raw []byte
	if body != nil {
		raw, _ = json.Marshal(body)
	}
	req, err := http.NewRequest(method, h.api.URL+path, bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer sandbox")
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode != want {
		t.Fatalf("%s %s: %d %v, want %d", method, path, res.StatusCode, out, want)
	}
	return out
}

// TestR67Spec9ListDeploymentsFollowsEveryPage: list_deployments over apps of no deployment, one,
// exactly a default page, a page and one, the API's maximum and one more, with limit omitted and
// at the maximum: a page says more may follow (next_offset) whenever it is cut, and following
// next_offset until a page gives none reads every deployment once, newest first.
func TestR67Spec9ListDeploymentsFollowsEveryPage(t *testing.T) {
	t.Parallel() // CPU only, on harnesses of its own; bounds no time
	for _, n := range []int{0, 1, rules.LimitDefault, rules.LimitDefault + 1, rules.LimitMax, rules.LimitMax + 1} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{}, safety: tools.Safety{NoConfirm: true}})
		app := r67Spec9Do(t, h, "POST", "/v1/projects", map[string]any{"name": "paged-app", "region": "us-west-2"}, http.StatusCreated)
		path := fmt.Sprintf("/v1/projects/%v", app["id"])
		r67Spec9Do(t, h, "PUT", path, map[string]any{"spicepod": "version: v1\nkind: Spicepod\nname: paged-app\n"}, http.StatusOK)
		var ids []string // newest first
		for i := 0; i < n; i++ {
			dep := r67Spec9Do(t, h, "POST", path+"/deployments", nil, http.StatusAccepted)
			ids = append([]string{fmt.Sprint(dep["id"])}, ids...)
			h.clock.Advance(10 * time.Second)
		}
		for _, limit := range []any{nil, rules.LimitMax} {
			var got []string
			args := map[string]any{"app": "paged-app"}
			if limit != nil {
				args["limit"] = limit
			}
			pages := 0
			for ; ; pages++ {
				if pages > n+2 {
					t.Fatalf("%d deployments, limit %v: more than %d pages", n, limit, pages)
				}
				var page struct {
					Deployments []struct {
						ID int64 `json:"id"`
					} `json:"deployments"`
					NextOffset int `json:"next_offset"`
				}
				structured(t, h.call(t, "list_deployments", args), &page)
				for _, d := range page.Deployments {
					got = append(got, fmt.Sprint(d.ID))
				}
				if page.NextOffset == 0 {
					break
				}
				args["offset"] = page.NextOffset
			}
			if fmt.Sprint(got) != fmt.Sprint(ids) {
				t.Errorf("%d deployments, limit %v: read %d by following next_offset: %v", n, limit, len(got), got)
			}
			if size, _ := limit.(int); n > max(size, rules.LimitDefault) && pages == 0 {
				t.Errorf("%d deployments, limit %v: one page, no next_offset", n, limit)
			}
		}
	}
}
