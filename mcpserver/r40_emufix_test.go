package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR40ConnectRepositorySaysTheDescriptionWasReplaced: connecting copies the repository's
// description onto the app (api/README §7.3, Documented), which replaced the description the
// user wrote without a word. The result says what it was and what it is now; a repository
// without a description leaves the app without one.
func TestR40ConnectRepositorySaysTheDescriptionWasReplaced(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	out := h.ok(t, "connect_repository", map[string]any{"app": "docs-search", "repository": "analytics"})
	mustContain(t, "connect", out, "Its description was replaced by the repository's: was ", "Semantic search over product documentation",
		"now ", "Spicepod for analytics")
	out = h.ok(t, "connect_repository", map[string]any{"app": "docs-search", "repository": "notes-undescribed"})
	mustContain(t, "connect undescribed", out, "Its description was replaced by the repository's: was ", "Spicepod for analytics", "now none.")
	if out := h.ok(t, "connect_repository", map[string]any{"app": "docs-search", "repository": "notes-undescribed"}); strings.Contains(out, "description") {
		t.Errorf("connecting again, nothing replaced:\n%s", out)
	}
}
