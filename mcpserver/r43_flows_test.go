package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// A rollback whose answer was lost, matched to a deployment created since only by shape (image
// tag, commit, replicas), that deployment then failing: its text hedges that it may not be the
// rollback, and its "what to do" must not then say as a fact that "this was a rollback to
// deployment N" (get_deployment and wait_for_deployment).
func TestR43FlowsFailedByShapeRollbackWhatToDoHedged(t *testing.T) {
	for _, code := range []string{"unable_to_start", "insufficient_cpu", "internal_error"} {
		t.Run(code, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
			if err := h.emu.FailNextDeployment(code); err != nil {
				t.Fatal(err)
			}
			h.emu.InjectFault(sandbox.Fault{Operation: api.RollbackProject.ID, Status: 502, AfterApply: true})
			mustContain(t, "lost", h.ok(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1001}),
				"is taken for that rollback")
			for _, out := range []string{
				h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app"}),
				h.ok(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1008}),
			} {
				t.Logf("%s", out)
				mustContain(t, "hedged", out, "Taken for the rollback to deployment 1001 whose answer this server lost")
				if strings.Contains(strings.ToLower(out), "this was a rollback to deployment 1001") {
					t.Errorf("a failed deployment only matched by shape is called a rollback as a fact in its what-to-do:\n%s", out)
				}
			}
		})
	}
}

// A rollback whose answer was lost, matched by shape to a deployment created since: the result
// hedges that another caller's deployment would look the same, so it does not say as a fact that
// "no second one is needed"; it says what to do if that deployment is not the rollback.
func TestR43FlowsRollbackAnswerLostNoSecondOneHedged(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RollbackProject.ID, Status: 502, AfterApply: true})
	out := h.ok(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1001})
	t.Logf("lost:\n%s", out)
	if strings.Contains(out, "is taken for that rollback: no second one is needed") {
		t.Errorf("a deployment only taken for the lost rollback by shape is said to make a second one needless, as a fact:\n%s", out)
	}
	mustContain(t, "lost", out, "would look the same", "If it is not that rollback", "roll back again once it has ended")
}
