package mcpserver_test

import (
	"encoding/json"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR30ResumeWithSchemaDefaults: a client that fills in the defaults resume_app's listed
// schema advertises gets a resume, not a refusal. The schema used to advertise
// timeout_seconds "default": 600 while resume_app refuses timeout_seconds without wait true,
// so every such resume without wait was refused.
func TestR30ResumeWithSchemaDefaults(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	props, found := h.schemaDefaults(t)["resume_app"]
	if !found {
		t.Fatal("resume_app is not listed")
	}
	args := map[string]any{"app": "analytics-app"}
	for name, d := range props {
		if d != nil {
			args[name] = d
		}
	}
	id := h.appID(t, "analytics-app")
	if err := h.emu.PauseSpicepod("sandbox", id, true); err != nil {
		t.Fatal(err)
	}
	deployments := h.emu.DeploymentCount("sandbox", id)
	given, _ := json.Marshal(args)
	mustContain(t, "resume with the schema's defaults "+string(given), h.ok(t, "resume_app", args),
		"Resumed analytics-app (101): deployment ", "started")
	if n := h.emu.DeploymentCount("sandbox", id); n != deployments+1 {
		t.Errorf("deployments: %d, want %d", n, deployments+1)
	}
}

// schemaDefaults is, per listed tool, each property of its input schema with the default the
// schema advertises (nil for none): what a client that fills in defaults sends.
func (h *harness) schemaDefaults(t *testing.T) map[string]map[string]any {
	t.Helper()
	all := map[string]map[string]any{}
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
		all[tool.Name] = map[string]any{}
		for name, p := range listed.InputSchema.Properties {
			all[tool.Name][name] = p.Default
		}
	}
	return all
}
