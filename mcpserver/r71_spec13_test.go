package mcpserver_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR71Spec13StoppedNamesItsCause: a deployment a pause or delete ended in flight (failed,
// error_code stopped, error_message naming the cause: api/README §7.6, §10) is said to be stopped
// by what stopped it, in get_deployment's Error code line and What to do, and in the note of
// list_deployments and describe_app: a pause never reads as the app's deletion nor the reverse,
// and neither says "a pause or delete" when the message names one.
func TestR71Spec13StoppedNamesItsCause(t *testing.T) {
	for _, c := range []struct {
		end, message, by, other string
	}{
		{"pause", "Stopped: the project was paused", "a pause", "the app's deletion"},
		{"delete", "Stopped: the project was deleted", "the app's deletion", "a pause"}, // a /v1/projects DELETE (r72Spec14)
	} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
		r67Spec9Do(t, h, "POST", "/v1/projects/101/deployments", nil, http.StatusAccepted)
		h.clock.Advance(time.Second) // in progress
		if c.end == "pause" {
			r67Spec9Do(t, h, "POST", "/v1/projects/101/pause", nil, http.StatusNoContent)
		} else { // deleted, then brought back by name with its history
			r67Spec9Do(t, h, "DELETE", "/v1/projects/101", nil, http.StatusNoContent)
			r67Spec9Do(t, h, "POST", "/v1/projects", map[string]any{"name": "analytics-app", "region": "us-west-2"}, http.StatusCreated)
		}
		got := map[string]string{
			"get_deployment":   h.ok(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1008}),
			"list_deployments": h.ok(t, "list_deployments", map[string]any{"app": "analytics-app"}),
			"describe_app":     h.ok(t, "describe_app", map[string]any{"app": "analytics-app"}),
		}
		mustContain(t, c.end+": get_deployment", got["get_deployment"], c.message,
			"- Error code: `stopped` — not a failure: "+c.by+" stopped it", "What to do: Nothing failed; "+c.by+" stopped this deployment.")
		for _, tool := range []string{"list_deployments", "describe_app"} {
			mustContain(t, c.end+": "+tool, got[tool], "stopped: "+c.message, "(error code `stopped`: "+c.by+" ended it, not a failure of its own)")
		}
		for tool, text := range got {
			for _, wrong := range []string{c.other, "a pause or delete"} {
				if strings.Contains(text, wrong) {
					t.Errorf("%s: %s says %q of a deployment %q stopped:\n%s", c.end, tool, wrong, c.message, text)
				}
			}
		}
	}
}
