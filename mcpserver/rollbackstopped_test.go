package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestStoppedRollbackNamesCallsThatWork: a rollback stopped by pause_app. While the app is
// paused, get_deployment of it names resume_app (waiting), then the rollback, and both work as
// written. After a resume (its deployment succeeded), it no longer names resume_app (refused:
// "Project is not paused"), says the later deployment runs now and that rolling back again
// replaces it, and the rollback it names works.
func TestStoppedRollbackNamesCallsThatWork(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	res := h.call(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1001})
	if res.IsError {
		t.Fatalf("rollback: %s", text(res))
	}
	var rb struct {
		ID int64 `json:"id"`
	}
	structured(t, res, &rb)
	h.ok(t, "pause_app", map[string]any{"app": "analytics-app"})
	get := map[string]any{"app": "analytics-app", "deployment_id": rb.ID}

	out := h.ok(t, "get_deployment", get)
	calls := offeredCalls(out, "resume_app", "rollback_deployment")
	if len(calls) != 2 || calls[0][0] != "resume_app" || calls[1][0] != "rollback_deployment" {
		t.Fatalf("paused: offered %v\n%s", calls, out)
	}

	h.ok(t, "resume_app", map[string]any{"app": "analytics-app", "wait": true})
	out = h.ok(t, "get_deployment", get)
	if strings.Contains(out, "resume_app") || !strings.Contains(out, "succeeded after this rollback") {
		t.Errorf("resumed: still names resume_app, or not the later deployment:\n%s", out)
	}
	calls = offeredCalls(out, "resume_app", "rollback_deployment")
	if len(calls) != 1 || calls[0][0] != "rollback_deployment" {
		t.Fatalf("resumed: offered %v\n%s", calls, out)
	}
	runOffered(t, h, calls)
}
