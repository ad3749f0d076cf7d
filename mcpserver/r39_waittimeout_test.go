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
		"What to do: Pass wait true to wait up to timeout_seconds for the deployment, or leave timeout_seconds out")
	wantNoNewCalls(t, h, before)
	// With wait true (or left out: its default) it applies.
	mustContain(t, "wait true", h.ok(t, "create_and_deploy_app", map[string]any{"name": "cda-wait",
		"spicepod": "version: v1\nkind: Spicepod\nname: x\n", "wait": true, "timeout_seconds": 60}), "cda-wait")
}

// TestR39CreateAndDeployWithSchemaDefaults: a client that fills in the defaults
// create_and_deploy_app's listed schema advertises, and sets wait false, gets its app created
// and deployed, not a refusal: timeout_seconds advertises no default (the wait's is 600 s),
// as resume_app's does not. No tool's schema gives timeout_seconds a default where wait
// false can leave it unused.
func TestR39CreateAndDeployWithSchemaDefaults(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	listed := h.schemaDefaults(t)
	for tool, props := range listed {
		if _, wait := props["wait"]; wait && props["timeout_seconds"] != nil {
			t.Errorf("%s: timeout_seconds advertises default %v, which wait false refuses", tool, props["timeout_seconds"])
		}
	}
	args := map[string]any{}
	for name, d := range listed["create_and_deploy_app"] {
		if d != nil {
			args[name] = d
		}
	}
	args["name"], args["spicepod"], args["wait"] = "cda-defaults", "version: v1\nkind: Spicepod\nname: x\n", false
	given, _ := json.Marshal(args)
	h.ok(t, "create_and_deploy_app", args)
	if h.emu.AppCount("sandbox") == 0 {
		t.Errorf("with the schema's defaults %s: no app", given)
	}
}
