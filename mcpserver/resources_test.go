package mcpserver_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

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
	mustContain(t, "update_app", text(res), "Updated resources.", shown)
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
	mustContain(t, "update_app, one key", text(res), "Resources now (keys not given were kept; null removes a key): "+merged+".", "- Resources: "+merged)
	mustContain(t, "get_app, one key", h.ok(t, "get_app", app), "- Resources: "+merged)
	res = h.call(t, "update_app", map[string]any{"app": "fraud-scoring", "org": "acme-labs",
		"resources": map[string]any{"limits": map[string]any{"memory": "16Gi"}, "requests": map[string]any{"ephemeral-storage": "10Gi"}}})
	mustContain(t, "update_app, both groups", text(res),
		"- Resources: limits cpu=2, ephemeral-storage=20Gi, memory=16Gi; requests cpu=1, ephemeral-storage=10Gi, memory=4Gi")
}

// TestUpdateAppResourcesRefused: resources that break the ResourceSpec are refused before any
// request, naming the field and the rule: a key openapi.json does not define (a typo the API
// might ignore), a value that is not a string (or null, which removes) or not a Kubernetes
// quantity, a key given twice, and empty objects (which would change nothing).
func TestUpdateAppResourcesRefused(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	before := map[string]int{}
	for _, op := range api.Operations {
		before[op.ID] = h.emu.Calls(op.ID)
	}
	for _, tc := range []struct{ resources, want string }{
		{`{"limit":{"cpu":"2"}}`, `Invalid arguments, nothing was sent: resources.limit: unknown key; the keys taken there are limits, requests`},
		{`{"limits":{"cpus":"2"}}`, `Invalid arguments, nothing was sent: resources.limits.cpus: unknown key; the keys taken there are cpu, memory, ephemeral-storage`},
		{`{"requests":{"CPU":"2"}}`, `resources.requests.CPU: unknown key; the keys taken there are cpu, memory, ephemeral-storage`},
		{`{"limits":{"cpu":2}}`, `Invalid arguments, nothing was sent: resources.limits.cpu: expected a string (a Kubernetes quantity such as "2", "500m", "8Gi"), or null (removes the key), got number`},
		{`{"limits":{"cpus":null}}`, `Invalid arguments, nothing was sent: resources.limits.cpus: unknown key; the keys taken there are cpu, memory, ephemeral-storage`},
		{`{"limits":{"memory":1}}`, "Invalid arguments, nothing was sent: resources.limits.memory: expected a string (a Kubernetes quantity such as \"2\", \"500m\", \"8Gi\"), or null (removes the key), got number"},
		{`{"requests":{"cpu":[]}}`, "Invalid arguments, nothing was sent: resources.requests.cpu: expected a string (a Kubernetes quantity such as \"2\", \"500m\", \"8Gi\"), or null (removes the key), got array"},
		{`{"limits":{"cpu":"two"}}`, `resources: limits.cpu: 'two' is not a Kubernetes quantity (such as "2", "500m", "8Gi")`},
		{`{"requests":{"memory":"8GB"}}`, `resources: requests.memory: '8GB' is not a Kubernetes quantity`},
		{`{"limits":{"cpu":"1","cpu":"2"}}`, `Invalid arguments, nothing was sent: resources: key "limits.cpu" is given twice`},
		{`{"limits":{"cpu":"1"},"limits":{"memory":"2Gi"}}`, `key "limits" is given twice`},
		{`{"limits":"2"}`, "Invalid arguments, nothing was sent: resources.limits: expected an object of quantities, or null (removes the group), got string"},
		{`{"limits":{"cpu":null,"memory":"8 Gi"}}`, `resources: limits.memory: '8 Gi' is not a Kubernetes quantity`},
		{`{"limits":{}}`, "Invalid arguments, nothing was sent: resources: \"limits\" is empty\nWhat to do: Give at least one of cpu, memory, ephemeral-storage (null removes one)"},
		{`{}`, "Invalid arguments, nothing was sent: resources: it is empty\nWhat to do: Give at least one of limits, requests (null removes one)"},
		{`"2"`, "Invalid arguments, nothing was sent: resources: expected an object of limits and requests (each an object of quantities), or null (removes them all), got string"},
		{`5`, "Invalid arguments, nothing was sent: resources: expected an object of limits and requests (each an object of quantities), or null (removes them all), got number"},
		{`[]`, "Invalid arguments, nothing was sent: resources: expected an object of limits and requests (each an object of quantities), or null (removes them all), got array"},
		// JSON's kind names, never Go's ("got bool").
		{`true`, "Invalid arguments, nothing was sent: resources: expected an object of limits and requests (each an object of quantities), or null (removes them all), got boolean"},
		{`{"limits":false}`, "Invalid arguments, nothing was sent: resources.limits: expected an object of quantities, or null (removes the group), got boolean"},
		{`{"limits":{"cpu":true}}`, `Invalid arguments, nothing was sent: resources.limits.cpu: expected a string (a Kubernetes quantity such as "2", "500m", "8Gi"), or null (removes the key), got boolean`},
		// An unknown key is named as such, whatever its value (it was "expected a string …").
		{`{"limits":{"cpus":5}}`, `Invalid arguments, nothing was sent: resources.limits.cpus: unknown key; the keys taken there are cpu, memory, ephemeral-storage`},
		{`{"requests":{"gpu":{}}}`, `Invalid arguments, nothing was sent: resources.requests.gpu: unknown key; the keys taken there are cpu, memory, ephemeral-storage`},
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
		{"fraud-scoring", "acme-labs", map[string]any{"limits": map[string]any{"cpu": "32"}}, "Requested CPU 32 exceeds plan limits: your plan allows 16"},
		{"fraud-scoring", "acme-labs", map[string]any{"requests": map[string]any{"memory": "128Gi"}}, "Requested memory 128Gi exceeds plan limits: your plan allows 64Gi"},
		// A standard plan has no private compute (get_limits: resources null).
		{"analytics-app", "", map[string]any{"limits": map[string]any{"cpu": "1"}}, "Custom resources exceed plan limits: the private compute addon is required"},
	} {
		args := map[string]any{"app": tc.app, "resources": tc.resources}
		get := map[string]any{"app": tc.app}
		if tc.org != "" {
			args["org"], get["org"] = tc.org, tc.org
		}
		before := h.emu.Calls(api.UpdateProject.ID)
		out := h.fail(t, "update_app", args)
		mustContain(t, tc.want, out, tc.want, "403", "get_limits shows them")
		if n := h.emu.Calls(api.UpdateProject.ID) - before; n != 1 {
			t.Errorf("%s: %d update requests, want 1", tc.want, n)
		}
		if got := h.ok(t, "get_app", get); strings.Contains(got, "- Resources:") {
			t.Errorf("%s: resources changed:\n%s", tc.want, got)
		}
	}
}

// TestUpdateAppResourcesRemove: resources is a JSON Merge Patch (RFC 7396) of the app's: a key
// set to null is removed and the others kept, a group set to null is removed, and when none
// is left the API is sent null (openapi.json's ResourceSpec takes it; the app then has no
// resources, not an empty object). Removing what the app does not have is not an error: with
// nothing else to change no update is sent and the result says so; with other fields, only
// those are named as changed.
func TestUpdateAppResourcesRemove(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	app := map[string]any{"app": "fraud-scoring", "org": "acme-labs"}
	update := func(resources string) (*mcp.CallToolResult, int) {
		t.Helper()
		before := h.emu.Calls(api.UpdateProject.ID)
		res := h.callRaw(t, "update_app", `{"app":"fraud-scoring","org":"acme-labs","resources":`+resources+`}`)
		if res.IsError {
			t.Fatalf("%s refused:\n%s", resources, text(res))
		}
		return res, h.emu.Calls(api.UpdateProject.ID) - before
	}
	stored := func() *client.ResourceSpec { // what the API stored, as get_app returns it
		t.Helper()
		var view struct {
			Config struct {
				Resources json.RawMessage `json:"resources"`
			} `json:"config"`
		}
		structured(t, h.call(t, "get_app", app), &view)
		if string(view.Config.Resources) == "null" || view.Config.Resources == nil {
			return nil
		}
		var r client.ResourceSpec
		if err := json.Unmarshal(view.Config.Resources, &r); err != nil {
			t.Fatal(err)
		}
		return &r
	}
	update(`{"limits":{"cpu":"2","memory":"8Gi"},"requests":{"cpu":"500m","memory":"4Gi"}}`)

	res, n := update(`{"limits":{"cpu":null}}`)
	mustContain(t, "remove limits.cpu", text(res), "Updated resources.",
		"Resources now (keys not given were kept; null removes a key): limits memory=8Gi; requests cpu=500m, memory=4Gi.")
	if r := stored(); n != 1 || r == nil || !reflect.DeepEqual(r.Limits, map[string]any{"memory": "8Gi"}) || len(r.Requests) != 2 {
		t.Errorf("after removing limits.cpu: %d updates, stored %+v", n, r)
	}

	res, n = update(`{"requests":null,"limits":{"ephemeral-storage":"20Gi"}}`)
	mustContain(t, "remove requests", text(res), "Updated resources.", "Resources now (keys not given were kept; null removes a key): limits ephemeral-storage=20Gi, memory=8Gi.")
	if r := stored(); n != 1 || r == nil || r.Requests != nil || len(r.Limits) != 2 {
		t.Errorf("after removing requests: %d updates, stored %+v", n, r)
	}

	// Keys the app does not have: nothing to send, and the result says so (not an error).
	res, n = update(`{"requests":{"cpu":null},"limits":{"cpu":null}}`)
	mustContain(t, "remove absent keys", text(res), "Nothing changed on fraud-scoring", "no update was sent",
		"Resources now (keys not given were kept; null removes a key): limits ephemeral-storage=20Gi, memory=8Gi.",
		"Not set, so not removed: limits.cpu, requests.cpu.")
	if n != 0 {
		t.Errorf("removing absent keys sent %d updates", n)
	}

	res, n = update(`{"limits":{"memory":null,"ephemeral-storage":null}}`)
	mustContain(t, "remove the last keys", text(res), "Updated resources.", "The API's answer shows no resources")
	if r := stored(); n != 1 || r != nil {
		t.Errorf("after removing the last keys: %d updates, stored %+v, want null", n, r)
	}
	if got := h.ok(t, "get_app", app); strings.Contains(got, "- Resources:") {
		t.Errorf("get_app still shows resources:\n%s", got)
	}

	// The form the schema (an object) takes, as README documents it, removes them all too.
	update(`{"limits":{"cpu":"1"},"requests":{"memory":"1Gi"}}`)
	res, n = update(`{"limits":null,"requests":null}`)
	mustContain(t, "both groups null", text(res), "Updated resources.", "The API's answer shows no resources")
	if r := stored(); n != 1 || r != nil {
		t.Errorf("after both groups null: %d updates, stored %+v, want null", n, r)
	}

	update(`{"limits":{"cpu":"1"}}`)
	res, n = update(`null`)
	mustContain(t, "resources: null", text(res), "Updated resources.", "The API's answer shows no resources")
	if r := stored(); n != 1 || r != nil {
		t.Errorf("after resources: null: %d updates, stored %+v, want null", n, r)
	}

	// With another field, only that one is named as changed; a standard plan (no private
	// compute, where any resources are a 403) is not sent any.
	before := h.emu.Calls(api.UpdateProject.ID)
	res = h.call(t, "update_app", map[string]any{"app": "analytics-app", "description": "Resized", "resources": nil})
	if res.IsError {
		t.Fatalf("refused:\n%s", text(res))
	}
	mustContain(t, "description and resources: null", text(res), "Updated description.",
		"Not set, so not removed: limits, requests.")
	if strings.Contains(text(res), "resources of") || h.emu.Calls(api.UpdateProject.ID)-before != 1 {
		t.Errorf("%d updates:\n%s", h.emu.Calls(api.UpdateProject.ID)-before, text(res))
	}
}

// TestTypeRefusalsSayJSONKinds: a value of the wrong JSON type was refused in Go's words
// ("expected int, got bool"): the refusal names JSON's kinds (integer, boolean, ...), and
// nothing reaches the API.
func TestTypeRefusalsSayJSONKinds(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, tc := range []struct{ tool, args, want string }{
		{"update_app", `{"app":"docs-search","replicas":true}`, "Invalid arguments, nothing was sent: replicas: expected integer, got boolean"},
		{"update_app", `{"app":"docs-search","replicas":"two"}`, "Invalid arguments, nothing was sent: replicas: expected integer, got string"},
		{"update_app", `{"app":"docs-search","replicas":1.5}`, "Invalid arguments, nothing was sent: replicas: expected integer, got number 1.5"},
		{"create_deployment", `{"app":"docs-search","replicas":false}`, "Invalid arguments, nothing was sent: replicas: expected integer, got boolean"},
	} {
		res := h.callRaw(t, tc.tool, tc.args)
		out := text(res)
		if !res.IsError || !strings.Contains(out, tc.want) || strings.Contains(out, " bool,") || strings.Contains(out, "expected int,") {
			t.Errorf("%s %s: want %q, got:\n%s", tc.tool, tc.args, tc.want, out)
		}
	}
	if n := h.emu.Calls(api.UpdateProject.ID) + h.emu.Calls(api.CreateProjectDeployment.ID); n != 0 {
		t.Errorf("a refused value reached the API (%d calls)", n)
	}
}
