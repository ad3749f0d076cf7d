package mcpserver_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
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
	}
	for _, tool := range tools.All() {
		rows = append(rows, []r67Spec9Call{{tool.Name, tool.Examples.Valid}})
		if tool.Examples.Valid["app"] == "analytics-app" { // round 68: the app named by its ID only
			rows = append(rows, []r67Spec9Call{{tool.Name, r68Spec10ByID(tool.Examples.Valid)}})
		}
	}
	succeeded := map[string][]map[*api.Operation]bool{} // per tool, the operations of each successful call
	for _, row := range rows {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
		for _, c := range row {
			tool, ok := tools.ByName(c.tool)
			if !ok {
				t.Fatalf("no tool %s", c.tool)
			}
			path := fmt.Sprintf("%s %v", c.tool, c.args)
			res, called := r68CallsAsDeclared(t, h, tool, c.args, path, nil)
			if res.IsError {
				continue
			}
			succeeded[c.tool] = append(succeeded[c.tool], called)
		}
	}
	for _, tool := range tools.All() {
		for op, when := range tool.When {
			n := 0
			for _, called := range succeeded[tool.Name] {
				if called[op] {
					n++
				}
			}
			if n == 0 || n == len(succeeded[tool.Name]) {
				t.Errorf("%s calls %s %q: called by %d of its %d successful calls here, want some and not all", tool.Name, op.ID, when, n, len(succeeded[tool.Name]))
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
