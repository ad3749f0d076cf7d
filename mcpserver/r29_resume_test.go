package mcpserver_test

import (
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR29ResumeTimeoutWithoutWait: resume_app refuses timeout_seconds without wait true (it
// would be ignored), naming both, before any request: the paused app stays paused. It used to
// resume without waiting, dropping timeout_seconds silently.
func TestR29ResumeTimeoutWithoutWait(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	id := h.appID(t, "analytics-app")
	if err := h.emu.PauseSpicepod("sandbox", id, true); err != nil {
		t.Fatal(err)
	}
	deployments := h.emu.DeploymentCount("sandbox", id)
	for _, args := range []map[string]any{
		{"app": "analytics-app", "timeout_seconds": 60},
		{"app": "analytics-app", "timeout_seconds": 60, "wait": false},
	} {
		calls := h.emu.Calls("listProjects")
		out := h.fail(t, "resume_app", args)
		mustContain(t, "refusal", out, "timeout_seconds: Applies only with wait true", "What to do: Pass wait true to wait up to timeout_seconds for the deployment, or leave timeout_seconds out")
		if n := h.emu.Calls("listProjects"); n != calls {
			t.Errorf("%v: %d requests sent before the refusal", args, n-calls)
		}
	}
	if n := h.emu.DeploymentCount("sandbox", id); n != deployments {
		t.Errorf("deployments: %d, want %d (nothing resumed)", n, deployments)
	}
	// With wait true it applies: the resume waits for its deployment.
	mustContain(t, "resume with wait", h.ok(t, "resume_app", map[string]any{"app": "analytics-app", "wait": true, "timeout_seconds": 60}),
		"Resumed analytics-app (101) with deployment", "Finished after waiting")
}
