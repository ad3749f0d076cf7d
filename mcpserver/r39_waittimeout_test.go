package mcpserver_test

import (
	"encoding/json"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR39CreateAndDeployTimeoutWithoutWait: create_and_deploy_app refuses timeout_seconds with
// wait false, as resume_app does (it would be ignored: the caller expects a wait), naming it,
// before any request. It used to create and deploy the app without waiting, dropping
// timeout_seconds without a word.
func TestR39CreateAndDeployTimeoutWithoutWait(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	before := apiCalls(h)
	out := h.fail(t, "create_and_deploy_app", map[string]any{"name": "cda-nowait", "spicepod": "version: v1\nkind: Spicepod\nname: x\n",
		"wait": false, "timeout_seconds": 5})
	mustContain(t, "refusal", out, "timeout_seconds: Applies only with wait true",
		"pass wait true to wait up to timeout_seconds for the deployment, or leave timeout_seconds out")
	wantNoNewCalls(t, h, before)
	// With wait true (or left out: its default) it applies.
	mustContain(t, "wait true", h.ok(t, "create_and_deploy_app", map[string]any{"name": "cda-wait",
		"spicepod": "version: v1\nkind: Spicepod\nname: x\n", "wait": true, "timeout_seconds": 60}), "cda-wait")
}

// TestR39CreateAndDeployWithSchemaDefaults: a client that fills in the defaults
// create_and_deploy_app's listed schema advertises, and sets wait false, gets its app created
// and deployed, not a refusal: timeout_seconds advertises no default (its description says
// it), as resume_app's does not. No tool's schema gives timeout_seconds a default where wait
// false can leave it unused.
func TestR39CreateAndDeployWithSchemaDefaults(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	defaults := map[string]map[string]any{}
	for _, tool := range h.listTools(t) {
		var listed struct {
			InputSchema struct {
				Properties map[string]struct {
					Default any `json:"default"`
				} `json:"properties"`
			} `json:"inputSchema"`
		}
		raw, _ := json.Marshal(tool)
		if err := json.Unmarshal(raw, &listed); err != nil {
			t.Fatal(err)
		}
		defaults[tool.Name] = map[string]any{}
		for name, p := range listed.InputSchema.Properties {
			if p.Default != nil {
				defaults[tool.Name][name] = p.Default
			}
		}
		if _, wait := listed.InputSchema.Properties["wait"]; wait {
			if d, ok := defaults[tool.Name]["timeout_seconds"]; ok {
				t.Errorf("%s: timeout_seconds advertises default %v, which wait false refuses", tool.Name, d)
			}
		}
	}
	args := defaults["create_and_deploy_app"]
	args["name"], args["spicepod"], args["wait"] = "cda-defaults", "version: v1\nkind: Spicepod\nname: x\n", false
	given, _ := json.Marshal(args)
	h.ok(t, "create_and_deploy_app", args)
	if h.emu.AppCount("sandbox") == 0 {
		t.Errorf("with the schema's defaults %s: no app", given)
	}
}
