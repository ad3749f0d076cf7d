package mcpserver_test

import (
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR39RepositoryDotSegmentsAreRefused: "." and ".." name no GitHub repository (GitHub refuses
// them) and are dot-segments in every URL built from them: connect_repository refuses them, with
// or without an owner, before any request. They used to match the pattern and be connected
// (sandbox/..). A name that starts with a dot (.github) is a repository name and is connected.
func TestR39RepositoryDotSegmentsAreRefused(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	before := apiCalls(h)
	var calls []refusal
	for _, repo := range []string{".", "..", "sandbox/.", "sandbox/.."} {
		calls = append(calls, refusal{"connect_repository", `{"app":"analytics-app","repository":"` + repo + `"}`,
			"repository: name must not be '.' or '..'"})
	}
	wantRefused(t, h, calls)
	wantNoNewCalls(t, h, before)
	h.ok(t, "connect_repository", map[string]any{"app": "docs-search", "repository": "sandbox/.github"})
}
