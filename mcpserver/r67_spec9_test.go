package mcpserver_test

import (
	"slices"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
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
	}
	for _, tool := range tools.All() {
		rows = append(rows, []r67Spec9Call{{tool.Name, tool.Examples.Valid}})
	}
	succeeded := map[string][]map[*api.Operation]bool{} // per tool, the operations of each successful call
	for _, row := range rows {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
		for _, c := range row {
			tool, ok := tools.ByName(c.tool)
			if !ok {
				t.Fatalf("no tool %s", c.tool)
			}
			before := upstreamCalls(h)
			res := h.call(t, c.tool, c.args)
			called := map[*api.Operation]bool{}
			for op, n := range upstreamCalls(h) {
				called[op] = n > before[op]
				if called[op] && !slices.Contains(tool.Operations, op) && !slices.Contains(tool.MayCall, op) {
					t.Errorf("%s %v called %s, which it does not declare", c.tool, c.args, op.ID)
				}
			}
			if res.IsError {
				continue
			}
			for _, op := range tool.Operations {
				if _, some := tool.When[op]; !some && !called[op] {
					t.Errorf("%s %v succeeded without calling %s, which README's table says it calls on every use", c.tool, c.args, op.ID)
				}
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
