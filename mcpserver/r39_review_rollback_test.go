package mcpserver_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// A rollback sent just after an ordinary deployment of the same image (no commit: an app not
// connected to a repository), whose 502 came before anything was applied, is not a rollback:
// the newest deployment is the agent's own create_deployment from a minute before, which had
// been taken for the rollback (same image tag and commit, within the clock slack). Only a
// deployment newer than the one newest before the request can be it.
func TestR39ReviewRollbackLostNeverClaimsPriorDeployment(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "update_app", map[string]any{"app": "docs-search", "spicepod": "version: v1\nkind: Spicepod\nname: docs\n"})
	t.Log(h.ok(t, "create_deployment", map[string]any{"app": "docs-search"}))
	h.clock.Advance(10 * time.Minute)
	t.Log(h.ok(t, "create_deployment", map[string]any{"app": "docs-search"}))
	h.clock.Advance(60 * time.Second)
	t.Log(h.ok(t, "list_deployments", map[string]any{"app": "docs-search"}))
	h.emu.InjectFault(sandbox.Fault{Operation: api.RollbackProject.ID, Status: 502}) // not applied
	id := h.newestIDs(t)
	out := h.call(t, "rollback_deployment", map[string]any{"app": "docs-search", "deployment_id": id})
	t.Log(text(out))
	if strings.Contains(text(out), "is that rollback") {
		t.Errorf("a rollback not applied is said to be queued, naming the caller's own earlier deployment:\n%s", text(out))
	}
}

func (h *harness) newestIDs(t *testing.T) int64 {
	out := h.ok(t, "list_deployments", map[string]any{"app": "docs-search"})
	var ids []int64
	for _, f := range strings.Fields(out) {
		var n int64
		if _, err := fmt.Sscanf(strings.Trim(f, "*#|,:"), "%d", &n); err == nil && n > 1000 && n < 2000 {
			ids = append(ids, n)
		}
	}
	t.Log(ids)
	min := int64(0)
	for _, n := range ids {
		if min == 0 || n < min {
			min = n
		}
	}
	return min
}
