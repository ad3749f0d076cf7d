package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// A paused app whose instances cannot be read must not read as running: the overview says its
// runtime could not be checked, in the text and in unavailable, and names list_instances only
// where the caller can use it.
func TestR39DescribeInstancesReadFailsIsReported(t *testing.T) {
	for _, tc := range []struct {
		name   string
		policy tools.Policy
		want   string
	}{
		{"usable", tools.Policy{}, "**Runtime**: whether the app runs could not be checked, so it may be paused even if its newest " +
			"deployment succeeded (list_instances shows its runtime); its instances could not be read: Spice.ai API error 500"},
		{"excluded", tools.Policy{ExcludeTools: []string{"list_instances"}}, "**Runtime**: whether the app runs could not be checked, " +
			"so it may be paused even if its newest deployment succeeded; its instances could not be read: Spice.ai API error 500"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, policy: tc.policy})
			h.ok(t, "pause_app", map[string]any{"app": "analytics-app"})
			h.emu.InjectFault(sandbox.Fault{Operation: api.ListProjectInstances.ID, Status: 500, Times: -1})
			res := h.call(t, "describe_app", map[string]any{"app": "analytics-app"})
			out := text(res)
			if !strings.Contains(out, tc.want) {
				t.Errorf("instance read failed: the overview does not say the runtime could not be checked (want %q):\n%s", tc.want, out)
			}
			sc, _ := res.StructuredContent.(map[string]any)
			unavailable, _ := sc["unavailable"].(map[string]any)
			if _, ok := unavailable["instances"]; !ok {
				t.Errorf("instance read failed: unavailable names no instances section: %v", sc["unavailable"])
			}
		})
	}
}

// A rollback whose answer was lost is found by the read after it: the result is the rollback's
// deployment, and running it again is refused with only the wait named, as the deployment in
// flight is that rollback. When that read fails too, the re-run's 409 compares the deployment in
// flight with the target (image tag, commit, created since) and says the same.
func TestR39RollbackLostAnswerRerun(t *testing.T) {
	args := map[string]any{"app": "analytics-app", "deployment_id": 1001}
	again := "then `rollback_deployment {\"app\":\"analytics-app\",\"deployment_id\":1001}`"
	// Only matched by image tag, commit and replicas: said with the hedge (R42).
	same := "Deployment 1008, still queued or in progress, is taken for the rollback to deployment 1001 whose answer this server lost: " +
		"it was created since with that deployment's image tag, commit and replicas. But a deployment another caller started " +
		"meanwhile would look the same (nothing the API returns tells them apart). If it is that rollback, no second one is needed: follow it with " +
		"`wait_for_deployment {\"app\":\"analytics-app\",\"deployment_id\":1008}`"
	for _, tc := range []struct {
		name      string
		readFails bool
	}{{"read after", false}, {"read after fails", true}} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
			h.emu.InjectFault(sandbox.Fault{Operation: api.RollbackProject.ID, Status: 502, AfterApply: true})
			if tc.readFails {
				// The read before the rollback is answered (a fault of no status passes it), the
				// read after it fails.
				h.emu.InjectFault(sandbox.Fault{Operation: api.ListProjectDeployments.ID})
				h.emu.InjectFault(sandbox.Fault{Operation: api.ListProjectDeployments.ID, Status: 500})
				h.fail(t, "rollback_deployment", args)
			} else {
				first := h.ok(t, "rollback_deployment", args)
				if want := "The API's answer to the rollback was lost, but deployment 1008, created since with deployment 1001's " +
					"image tag, commit and replicas, is taken for that rollback, so this server sends no second one."; !strings.Contains(first, want) {
					t.Errorf("lost answer, rollback queued: the result does not name its deployment (want %q):\n%s", want, first)
				}
			}
			out := h.fail(t, "rollback_deployment", args)
			if strings.Contains(out, again) || !strings.Contains(out, same) {
				t.Errorf("re-run after a lost rollback answer does not say the deployment in flight is that rollback (want %q):\n%s", same, out)
			}
		})
	}
}

// A rollback refused with a server error it did not apply (nothing queued) is not called queued:
// the read after it finds no deployment created since with the target's image tag and commit.
func TestR39RollbackLostAnswerNotAppliedClaimsNothing(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RollbackProject.ID, Status: 502})
	out := h.fail(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1001})
	if strings.Contains(out, "is that rollback") || !strings.Contains(out, "Outcome unknown") {
		t.Errorf("a rollback not applied, its answer lost: the result claims a rollback or drops the unknown outcome:\n%s", out)
	}
}
