package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR74Hostile19OwnWordValueNotRemembered (README, Secret hygiene): a value set that is, in
// any case, a word of the server's own texts (a tool's name: create_deployment,
// Wait_For_Deployment) is not remembered past its call, so later results still read ("then
// create_deployment", not "then [REDACTED]"); a real value set in the same session, and one that
// holds such a word and more, still are, and are redacted from later results.
func TestR74Hostile19OwnWordValueNotRemembered(t *testing.T) {
	t.Parallel()
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	longer := "create_deployment-7f3k9q2"
	for i, v := range []string{"create_deployment", "Wait_For_Deployment", r74Hostile19Value, longer} {
		h.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "S" + string(rune('A'+i)), "value": v})
	}
	got := r71Hostile15Everything(h.call(t, "create_app", map[string]any{"name": "r74-words"}))
	if !strings.Contains(got, "then create_deployment") || strings.Contains(got, "[REDACTED]") {
		t.Errorf("create_app's next step is redacted: %.600s", got)
	}
	got = r71Hostile15Everything(h.call(t, "wait_for_deployment", map[string]any{"app": "analytics-app"}))
	if strings.Contains(got, "[REDACTED]") {
		t.Errorf("wait_for_deployment: %.600s", got)
	}
	got = r71Hostile15Everything(h.call(t, "update_app", map[string]any{"app": "analytics-app",
		"description": "runbook " + r74Hostile19Value + " and " + longer}))
	if r74Hostile19Shows(got) || strings.Contains(got, longer) || strings.Count(got, "[REDACTED]") < 2 {
		t.Errorf("update_app shows a value set earlier: %.800s", got)
	}
}
