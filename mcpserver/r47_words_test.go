package mcpserver_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR47WordsInvisibleRegionShownEscaped: a region holding a character that does not show (a
// zero-width space, a right-to-left override) is refused with that character written as an
// escape, in deploy_app's prompt and in the tools' argument refusals alike, so the reader sees
// why "us-west-2" was refused.
func TestR47WordsInvisibleRegionShownEscaped(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, tc := range []struct{ region, shown string }{
		{"us-west-2\u200b", `us-west-2\u200b`},
		{"us-west-2\u202e", `us-west-2\u202e`},
		{"us-west-2\x07", `us-west-2\u0007`},
	} {
		var req mcp.GetPromptRequest
		req.Params.Name, req.Params.Arguments = "deploy_app", map[string]string{"name": "abcd", "region": tc.region}
		_, err := h.mcp.GetPrompt(context.Background(), req)
		if err == nil || !strings.Contains(err.Error(), tc.shown) || strings.Contains(err.Error(), tc.region) {
			t.Errorf("deploy_app region %q: %v", tc.region, err)
		}
		for _, call := range []struct {
			tool string
			args map[string]any
		}{
			{"create_app", map[string]any{"name": "okay-name", "region": tc.region}},
			{"create_and_deploy_app", map[string]any{"name": "okay-name", "region": tc.region, "spicepod": podYAML}},
			{"fork_app", map[string]any{"app": "analytics-app", "region": tc.region}},
			{"update_app", map[string]any{"app": "analytics-app", "region": tc.region}},
		} {
			text := h.fail(t, call.tool, call.args)
			if !strings.Contains(text, tc.shown) || strings.Contains(text, tc.region) {
				t.Errorf("%s region %q: %s", call.tool, tc.region, text)
			}
		}
	}
}

// TestR47WordsInvisibleInAPIRefusalShownEscaped: the emulator's 400 quotes a value as the
// real API does, raw; the server's presentation of it writes a character that does not show as
// an escape, so "2\u200b" does not read as the quantity 2 refused.
func TestR47WordsInvisibleInAPIRefusalShownEscaped(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, tc := range []struct {
		args  map[string]any
		shown string
	}{
		{map[string]any{"app": "analytics-app", "resources": map[string]any{"limits": map[string]any{"cpu": "2\u200b"}}}, `'2\u200b'`},
		{map[string]any{"app": "analytics-app", "resources": map[string]any{"limits": map[string]any{"cpu\u202e": "2"}}}, `cpu\u202e`},
		{map[string]any{"app": "analytics-app", "spicepod": "version: v1\nkind: Spicepod\u200b\nname: x\n"}, `got Spicepod\u200b`},
	} {
		text := h.fail(t, "update_app", tc.args)
		if !strings.Contains(text, tc.shown) || strings.ContainsAny(text, "\u200b\u202e") {
			t.Errorf("update_app %v: %s", tc.args, text)
		}
	}
}
