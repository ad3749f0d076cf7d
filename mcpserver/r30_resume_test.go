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
	args := map[string]any{"app": "analytics-app"}
	found := false
	for _, tool := range h.listTools(t) {
		if tool.Name != "resume_app" {
			continue
		}
		found = true
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
		for name, p := range listed.InputSchema.Properties {
			if p.Default != nil {
				args[name] = p.Default
			}
		}
	}
	if !found {
		t.Fatal("resume_app is not listed")
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
