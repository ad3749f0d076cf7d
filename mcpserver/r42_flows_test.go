package mcpserver_test

import (
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r42FlowsGoodBad gives docs-search (no repository: every deployment has the default image
// tag, no commit, one replica) a good deployment and a newer bad one; returns the good one.
func r42FlowsGoodBad(t *testing.T, h *harness) int64 {
	t.Helper()
	h.ok(t, "update_app", map[string]any{"app": "docs-search", "spicepod": "version: v1\nkind: Spicepod\nname: docs\n"})
	h.ok(t, "create_deployment", map[string]any{"app": "docs-search"})
	h.clock.Advance(10 * time.Minute)
	good := h.newestIDs(t)
	h.ok(t, "update_app", map[string]any{"app": "docs-search", "spicepod": "version: v1\nkind: Spicepod\nname: docs-broken\n"})
	h.ok(t, "create_deployment", map[string]any{"app": "docs-search"})
	h.clock.Advance(10 * time.Minute)
	return good
}

// A rollback whose request failed with a 502 BEFORE anything was applied; the read after it
// succeeded and showed nothing new (the rollback did not happen). An hour later the agent (or a
// colleague) redeploys the stored, bad configuration with create_deployment, then retries the
// rollback: the API refuses it with 409 naming that create_deployment's deployment. The re-run's
// 409 path compares the deployment in flight with the unsettled lost record (lostAt: no
// 15-minute window, and the record was never cleared though the read showed nothing applied)
// and says flatly that it "is the rollback ... this server queued already: no second one is
// needed" -- and records it as a rollback, so wait_for_deployment then reports the bad
// configuration's deployment as having run the target's configuration again. The rollback never
// happened.
func TestR42FlowsRollbackRerunTakesLaterCreateDeploymentForTheRollback(t *testing.T) {
	for _, gap := range []time.Duration{2 * time.Minute, time.Hour} {
		t.Run(gap.String(), func(t *testing.T) { r42FlowsRollbackRerun(t, gap) })
	}
}

func r42FlowsRollbackRerun(t *testing.T, gap time.Duration) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	good := r42FlowsGoodBad(t, h)
	args := map[string]any{"app": "docs-search", "deployment_id": good}
	h.emu.InjectFault(sandbox.Fault{Operation: api.RollbackProject.ID, Status: 502}) // not applied
	first := h.fail(t, "rollback_deployment", args)
	t.Logf("first (not applied, read after ok):\n%s", first)
	h.clock.Advance(gap)
	h.ok(t, "create_deployment", map[string]any{"app": "docs-search"}) // the stored (bad) configuration
	out := h.fail(t, "rollback_deployment", args)
	t.Logf("re-run:\n%s", out)
	if strings.Contains(out, "this server queued already: no second one is needed") {
		t.Errorf("a create_deployment of the stored (bad) configuration, made an hour after a rollback that was never applied, "+
			"is called the rollback queued already (no second one needed):\n%s", out)
	}
	w := text(h.call(t, "wait_for_deployment", map[string]any{"app": "docs-search"}))
	t.Logf("wait:\n%s", w)
	if strings.Contains(strings.ToLower(w), "rollback") {
		t.Errorf("wait_for_deployment reports the create_deployment's deployment as a rollback:\n%s", w)
	}
}

// A rollback whose answer was lost and whose read after it failed; an hour later the agent
// redeploys the stored configuration and retries the rollback: the 409 names that
// create_deployment's deployment. The lost record is an hour old (past the 15 minutes a retry's
// lost answer is checked against an earlier attempt): it is not compared with the deployment in
// flight, which is not taken for the rollback.
func TestR42FlowsRollbackRerunWindow(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	good := r42FlowsGoodBad(t, h)
	args := map[string]any{"app": "docs-search", "deployment_id": good}
	h.emu.InjectFault(sandbox.Fault{Operation: api.RollbackProject.ID, Status: 502})
	h.emu.InjectFault(sandbox.Fault{Operation: api.ListProjectDeployments.ID}) // the read before passes
	h.emu.InjectFault(sandbox.Fault{Operation: api.ListProjectDeployments.ID, Status: 500})
	h.fail(t, "rollback_deployment", args)
	h.clock.Advance(time.Hour)
	h.ok(t, "create_deployment", map[string]any{"app": "docs-search"})
	out := h.fail(t, "rollback_deployment", args)
	t.Logf("re-run:\n%s", out)
	if strings.Contains(out, "taken for the rollback") || strings.Contains(out, "queued already") {
		t.Errorf("a create_deployment made an hour after a lost rollback answer is taken for that rollback:\n%s", out)
	}
}

// A rollback whose answer was lost but whose read after it found a deployment created since with
// the target's image tag, commit and replicas: that deployment is only taken for the rollback
// (another caller's would look the same), so wait_for_deployment and get_deployment say it with
// that hedge rather than as a fact.
func TestR42FlowsRollbackByShapeHedgedInWait(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.emu.InjectFault(sandbox.Fault{Operation: api.RollbackProject.ID, Status: 502, AfterApply: true})
	mustContain(t, "lost", h.ok(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1001}),
		"is taken for that rollback")
	for _, out := range []string{
		h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app"}),
		h.ok(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1008}),
	} {
		t.Logf("%s", out)
		mustContain(t, "hedged", out, "Taken for the rollback to deployment 1001 whose answer this server lost",
			"a deployment another caller started meanwhile would look the same", "If it is, it ran that deployment's configuration again.")
		if strings.Contains(out, "A rollback to deployment 1001:") {
			t.Errorf("a deployment only matched by shape is called a rollback as a fact:\n%s", out)
		}
	}
}
