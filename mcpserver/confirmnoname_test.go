package mcpserver_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestConfirmationWithoutATypedName: an answer that accepts the confirmation without a name, or
// with a name that is not text, is refused saying so; it was once reported as `The user typed "",
// not "docs-search".`, which no user typed.
func TestConfirmationWithoutATypedName(t *testing.T) {
	for _, tc := range []struct {
		name    string
		content any
		want    string
	}{
		{"no content", nil, `carried no name (no "name" in its content), so it does not confirm "docs-search". Nothing was changed.`},
		{"empty content", map[string]any{}, `carried no name (no "name" in its content)`},
		{"a number", map[string]any{"name": 5}, `The answer's "name" was a number, not the text the user typed, so it does not confirm "docs-search". Nothing was changed.`},
		{"null", map[string]any{"name": nil}, `The answer's "name" was null`},
	} {
		for _, protocol := range []string{mcp.ProtocolVersion20250618, "modern"} {
			t.Run(protocol+"/"+tc.name, func(t *testing.T) {
				h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, protocol: protocol,
					elicit: func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
						return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept, Content: tc.content}}, nil
					}})
				before := h.emu.AppCount("sandbox")
				res := h.call(t, "delete_app", map[string]any{"app": "docs-search"})
				mustContain(t, "result", text(res), tc.want)
				if strings.Contains(text(res), "The user typed") || !res.IsError || h.emu.AppCount("sandbox") != before {
					t.Errorf("isError %v, apps %d → %d: %s", res.IsError, before, h.emu.AppCount("sandbox"), text(res))
				}
			})
		}
	}
}
