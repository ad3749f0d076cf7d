package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR34RevivedNoticeSaysWhoBroughtItBack: create_and_deploy_app's first line about an
// adopted app that is a deleted one brought back says what the run knows. After a 409 a
// concurrent run brought it back (this call's create was refused); it said "by this call's
// unanswered create or by a concurrent run", which only a lost create leaves open, and still
// does after one.
func TestR34RevivedNoticeSaysWhoBroughtItBack(t *testing.T) {
	const refused = "analytics-app (101) is a deleted app brought back meanwhile by a concurrent run " +
		"(this call's create was refused: the name was taken), not a new one: it has its earlier ID"
	const unanswered = "analytics-app (101) is a deleted app brought back by this call's unanswered create or by a concurrent run, " +
		"not a new one: it has its earlier ID"
	args := map[string]any{"name": "analytics-app", "spicepod": podA, "wait": false, "description": "mine"}

	t.Run("409", func(t *testing.T) {
		h := rivalRevives(t, `{"name":"analytics-app","description":"mine","region":"us-east-1",`+
			`"tags":{"created-by":"spice-cloud-mcp"}}`)
		h.ok(t, "delete_app", map[string]any{"app": "analytics-app"})
		out := h.ok(t, "create_and_deploy_app", args)
		first, _, _ := strings.Cut(out, "\n")
		if !strings.HasPrefix(first, refused) || strings.Contains(first, "unanswered") {
			t.Errorf("first line after a 409:\n%s", first)
		}
		mustContain(t, "409", out, "and it matches the description this call gave.", "Its previous API keys are live again.",
			"| create app | found analytics-app (101), brought back from deletion meanwhile by a concurrent run; using it |")
	})
	t.Run("unanswered", func(t *testing.T) {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
		h.ok(t, "delete_app", map[string]any{"app": "analytics-app"})
		h.emu.InjectFault(sandbox.Fault{Operation: api.CreateProject.ID, Status: 503, AfterApply: true})
		out := h.ok(t, "create_and_deploy_app", args)
		first, _, _ := strings.Cut(out, "\n")
		if !strings.HasPrefix(first, unanswered) || strings.Contains(first, "refused") {
			t.Errorf("first line after an unanswered create:\n%s", first)
		}
	})
}
