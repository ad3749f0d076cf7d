package mcpserver_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestUpdateAppResources: update_app's resources (config.resources, api/README.md §7.1) — the
// way the remedies of insufficient_cpu, insufficient_memory and pod_exceeds_node_capacity
// point to — reaches the API as sent, and get_app and describe_app show it. The demo's
// fraud-scoring is in acme-labs, an Enterprise organization (private compute: 16 CPU, 64Gi).
func TestUpdateAppResources(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	app := map[string]any{"app": "fraud-scoring", "org": "acme-labs"}
	before := h.emu.Calls(api.UpdateProject.ID)
	res := h.call(t, "update_app", map[string]any{"app": "fraud-scoring", "org": "acme-labs",
		"resources": map[string]any{"limits": map[string]any{"cpu": "2", "memory": "8Gi", "ephemeral-storage": "20Gi"},
			"requests": map[string]any{"cpu": "500m", "memory": "4Gi"}}})
	if res.IsError {
		t.Fatalf("refused:\n%s", text(res))
	}
	if n := h.emu.Calls(api.UpdateProject.ID) - before; n != 1 {
		t.Errorf("%d update requests, want 1", n)
	}
	const shown = "- Resources: limits cpu=2, ephemeral-storage=20Gi, memory=8Gi; requests cpu=500m, memory=4Gi"
	mustContain(t, "update_app", text(res), "Updated resources of", shown)
	mustContain(t, "get_app", h.ok(t, "get_app", app), shown)
	mustContain(t, "describe_app", h.ok(t, "describe_app", app), shown)

	// Structured content carries them as the API returned them.
	raw, _ := json.Marshal(h.call(t, "get_app", app).StructuredContent)
	var view struct {
		Config client.ProjectConfig `json:"config"`
	}
	if err := json.Unmarshal(raw, &view); err != nil {
		t.Fatal(err)
	}
	if r := view.Config.Resources; r == nil || r.Limits["memory"] != "8Gi" || r.Requests["cpu"] != "500m" {
		t.Errorf("structured config.resources = %+v", r)
	}

	// Only the keys given change (the API replaces config.resources whole: the request carries
	// the app's current ones merged); it used to drop limits and requests.memory silently.
	res = h.call(t, "update_app", map[string]any{"app": "fraud-scoring", "org": "acme-labs",
		"resources": map[string]any{"requests": map[string]any{"cpu": "1"}}})
	if res.IsError {
		t.Fatalf("refused:\n%s", text(res))
	}
	const merged = "limits cpu=2, ephemeral-storage=20Gi, memory=8Gi; requests cpu=1, memory=4Gi"
	mustContain(t, "update_app, one key", text(res), "Resources now (keys not given were kept): "+merged+".", "- Resources: "+merged)
	mustContain(t, "get_app, one key", h.ok(t, "get_app", app), "- Resources: "+merged)
	res = h.call(t, "update_app", map[string]any{"app": "fraud-scoring", "org": "acme-labs",
		"resources": map[string]any{"limits": map[string]any{"memory": "16Gi"}, "requests": map[string]any{"ephemeral-storage": "10Gi"}}})
	mustContain(t, "update_app, both groups", text(res),
		"- Resources: limits cpu=2, ephemeral-storage=20Gi, memory=16Gi; requests cpu=1, ephemeral-storage=10Gi, memory=4Gi")
}

// TestUpdateAppResourcesRefused: resources that break the ResourceSpec are refused before any
// request, naming the field and the rule: a key openapi.json does not define (a typo the API
// might ignore), a value that is not a string or not a Kubernetes quantity, a key given twice,
// null and empty objects (which would not be sent as given).
func TestUpdateAppResourcesRefused(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	before := map[string]int{}
	for _, op := range api.Operations {
		before[op.ID] = h.emu.Calls(op.ID)
	}
	for _, tc := range []struct{ resources, want string }{
		{`{"limit":{"cpu":"2"}}`, `Invalid argument resources: key "limit" is not one of limits, requests`},
		{`{"limits":{"cpus":"2"}}`, `Invalid argument resources: key "limits.cpus" is not one of cpu, memory, ephemeral-storage`},
		{`{"requests":{"CPU":"2"}}`, `key "requests.CPU" is not one of cpu, memory, ephemeral-storage`},
		{`{"limits":{"cpu":2}}`, "Invalid argument resources.limits.cpu: expected string, got number"},
		{`{"limits":{"memory":null}}`, "Invalid argument resources.limits.memory: expected string, got null"},
		{`{"limits":{"cpu":"two"}}`, `resources: limits.cpu: 'two' is not a Kubernetes quantity (such as "2", "500m", "8Gi")`},
		{`{"requests":{"memory":"8GB"}}`, `resources: requests.memory: '8GB' is not a Kubernetes quantity`},
		{`{"limits":{"cpu":"1","cpu":"2"}}`, `Invalid argument resources: key "limits.cpu" is given twice`},
		{`{"limits":{"cpu":"1"},"limits":{"memory":"2Gi"}}`, `key "limits" is given twice`},
		{`{"limits":"2"}`, "Invalid argument resources.limits: expected map, got string"},
		{`{"limits":null}`, "Invalid argument resources.limits: expected map, got null"},
		{`{"limits":{}}`, `Invalid argument resources: "limits" is empty; give at least one of cpu, memory, ephemeral-storage`},
		{`{}`, "Invalid argument resources: it is empty; give at least one of limits, requests"},
		{`null`, "Invalid argument resources: null cannot clear resources"},
		{`"2"`, "Invalid argument resources: expected map, got string"},
	} {
		args := `{"app":"fraud-scoring","org":"acme-labs","resources":` + tc.resources + `}`
		res := h.callRaw(t, "update_app", args)
		if !res.IsError {
			t.Errorf("%s: accepted:\n%s", tc.resources, text(res))
			continue
		}
		mustContain(t, tc.resources, text(res), tc.want)
	}
	for _, op := range api.Operations {
		if n := h.emu.Calls(op.ID) - before[op.ID]; n != 0 {
			t.Errorf("%s reached the API %d times", op.ID, n)
		}
	}
}

// TestUpdateAppResourcesAbovePlan: resources above the plan's (GET /v1/limits) are the API's
// to refuse (403, api/README.md §7.1): the refusal is presented, and nothing changes.
func TestUpdateAppResourcesAbovePlan(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, tc := range []struct {
		app, org  string
		resources map[string]any
		want      string
	}{
		{"fraud-scoring", "acme-labs", map[string]any{"limits": map[string]any{"cpu": "32"}}, "CPU 32 exceeds your plan's limit of 16"},
		{"fraud-scoring", "acme-labs", map[string]any{"requests": map[string]any{"memory": "128Gi"}}, "Memory 128Gi exceeds your plan's limit of 64Gi"},
		// A standard plan has no private compute (get_limits: resources null).
		{"analytics-app", "", map[string]any{"limits": map[string]any{"cpu": "1"}}, "Custom resources need the private compute addon"},
	} {
		args := map[string]any{"app": tc.app, "resources": tc.resources}
		get := map[string]any{"app": tc.app}
		if tc.org != "" {
			args["org"], get["org"] = tc.org, tc.org
		}
		before := h.emu.Calls(api.UpdateProject.ID)
		out := h.fail(t, "update_app", args)
		mustContain(t, tc.want, out, tc.want, "403")
		if n := h.emu.Calls(api.UpdateProject.ID) - before; n != 1 {
			t.Errorf("%s: %d update requests, want 1", tc.want, n)
		}
		if got := h.ok(t, "get_app", get); strings.Contains(got, "- Resources:") {
			t.Errorf("%s: resources changed:\n%s", tc.want, got)
		}
	}
}
