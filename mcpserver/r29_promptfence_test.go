package mcpserver_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestPromptSpicepodEscapesInvisibleCharacters: deploy_app writes the spicepod's invisible
// characters (a zero-width space, a word joiner, a byte order mark, a tag character, which can
// hide text) as escapes, one above U+FFFF as \U and eight digits, and names them by line; tabs
// and line breaks stay.
func TestPromptSpicepodEscapesInvisibleCharacters(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	var req mcp.GetPromptRequest
	req.Params.Name = "deploy_app"
	req.Params.Arguments = map[string]string{"name": "my-app",
		"spicepod": "version: v1\nname: a\u200bb\n\tkind: \u2060x\ufeff\ny: \U000e0041\U000e0042z1\n"}
	res, err := h.mcp.GetPrompt(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	body := res.Messages[0].Content.(mcp.TextContent).Text
	want := "```\nversion: v1\nname: a\\u200bb\n\tkind: \\u2060x\\ufeff\ny: \\U000e0041\\U000e0042z1\n```\n" +
		`Characters in it that do not print are written above as escapes (line 2: \u200b; line 3: \u2060 and \ufeff; ` +
		`line 4: \U000e0041 and \U000e0042), and each backslash it holds as \\.`
	if !strings.Contains(body, want) {
		t.Errorf("no %q in\n%q", want, body)
	}
	if strings.ContainsAny(body, "\u200b\u2060\ufeff\U000e0041\U000e0042") {
		t.Errorf("a raw invisible character in\n%q", body)
	}
}
