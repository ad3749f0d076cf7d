package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR75Spec18ConnectWhilePausedSaysResume: connecting a repository to a paused app succeeds
// (api/README §7.4, Assumed) but deploys nothing: connect_repository says the app is paused and
// that resume_app deploys the repository's spicepod from the production branch, marked not
// available where the caller cannot use it; for an app that is not paused it says nothing of a
// pause.
func TestR75Spec18ConnectWhilePausedSaysResume(t *testing.T) {
	const paused = "The app is paused, so nothing runs from the repository yet and deployments are refused (spicepod_paused): "
	for _, tc := range []struct {
		name   string
		policy tools.Policy
		resume string
	}{
		{"resume_app usable", tools.Policy{}, "`resume_app {\"app\":\"analytics-app\"}`"},
		{"resume_app excluded", tools.Policy{ExcludeTools: []string{"resume_app"}}, "resume_app (not available here)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, policy: tc.policy})
			if out := h.ok(t, "connect_repository", map[string]any{"app": "docs-search", "repository": "shared"}); strings.Contains(out, "paused") {
				t.Errorf("an app that is not paused: %s", out)
			}
			h.ok(t, "pause_app", map[string]any{"app": "analytics-app"})
			out := h.ok(t, "connect_repository", map[string]any{"app": "analytics-app", "repository": "analytics"})
			if want := paused + tc.resume + " deploys the repository's spicepod at the head of branch main."; !strings.Contains(out, want) {
				t.Errorf("a paused app: want %q in\n%s", want, out)
			}
		})
	}
}
