package mcpserver_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/prompts"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestPromptSpicepodThatShowsNothingOrHidesText: deploy_app's spicepod made only of characters
// that do not show (a zero-width space, a Hangul filler, a Braille blank) is refused as blank, as
// spaces are (it rendered an empty-looking fence); a control or bidirectional character in one
// is quoted as its escape inside the fence (NUL and U+202E went in raw), line breaks and tabs
// kept.
func TestPromptSpicepodThatShowsNothingOrHidesText(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	get := func(pod string) (string, error) {
		var req mcp.GetPromptRequest
		req.Params.Name, req.Params.Arguments = "deploy_app", map[string]string{"name": "my-app", "spicepod": pod}
		res, err := h.mcp.GetPrompt(context.Background(), req)
		if err != nil {
			return "", err
		}
		return res.Messages[0].Content.(mcp.TextContent).Text, nil
	}
	for _, pod := range []string{"\u200b", "\u3164", "\u2800", " \u200b\n\u00a0\u3000\t"} {
		if _, err := get(pod); err == nil || !strings.Contains(err.Error(), `argument "spicepod"`) || !strings.Contains(err.Error(), r74Words15Rule(present.PromptArgBlank)) {
			t.Errorf("spicepod %q: %v", pod, err)
		}
	}
	for pod, want := range map[string]string{
		"a\x00b":                  "```\na\\u0000b\n```",
		"\u202eabc":               "```\n\\u202eabc\n```",
		"x: 1\r\ny:\t2\n\x1b[2Jz": "```\nx: 1\ny:\t2\n\\u001b[2Jz\n```",
		"\u200bname: a":           "```\n\\u200bname: a\n```", // text that shows, its zero-width space escaped
	} {
		body, err := get(pod)
		if err != nil {
			t.Errorf("spicepod %q: %v", pod, err)
			continue
		}
		if !strings.Contains(body, want) || strings.ContainsAny(body, "\x00\x1b\r\u202e") {
			t.Errorf("spicepod %q: no %q (or a raw control) in\n%q", pod, want, body)
		}
	}
}

// TestPromptSpicepodNamesTheEscapesItWrote: deploy_app escapes every bidirectional control
// (Unicode's Bidi_Control: U+200E, U+200F, U+061C went in raw) and, when it escaped anything,
// says after the fence which escapes it wrote on which lines, so that the user's own six
// characters \u001b (line 3) are not taken for one, and asks the agent to ask before deploying.
// It used to show a real ESC and a literal \u001b alike, with nothing saying escapes were written.
func TestPromptSpicepodNamesTheEscapesItWrote(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	get := func(pod string) string { return deployAppPrompt(t, h, pod) }
	body := get("version: v1\nname: a\u202eb # \x1b[31m red\r\nx: \"\\u001b\"\ny: \u200eabc\u061c\u200f\n\u2028z\n")
	want := "```\nversion: v1\nname: a\\u202eb # \\u001b[31m red\nx: \"\\\\u001b\"\ny: \\u200eabc\\u061c\\u200f\n\\u2028z\n```\n" +
		`Characters in it that do not print are written above as escapes (line 2: \u202e and \u001b; line 4: \u200e, \u061c and \u200f; line 5: \u2028), ` +
		`and each backslash it holds as \\. Before deploying it, tell me which of these it holds and where, and deploy only once I say whether to keep or remove them.`
	if !strings.Contains(body, want) {
		t.Errorf("no %q in\n%q", want, body)
	}
	if strings.ContainsAny(body, "\x1b\r\u202e\u200e\u200f\u061c\u2028") {
		t.Errorf("a raw control or bidirectional character in\n%q", body)
	}
	// Nothing escaped, no sentence; a \u the text holds is sent as given.
	if body := get("version: v1\nx: \"\\u001b\"\n"); strings.Contains(body, "written above as escapes") || !strings.Contains(body, "```\nversion: v1\nx: \"\\u001b\"\n```") {
		t.Errorf("plain spicepod:\n%q", body)
	}
}

// TestPromptsNameEveryDeploymentStatus: the presentation rules every prompt repeats name each
// deployment status the API has (created was left out).
func TestPromptsNameEveryDeploymentStatus(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	args := map[string]map[string]string{"deploy_app": {"name": "sales-app"}, "rotate_keys": {"app": "analytics-app"},
		"troubleshoot_deployment": {"app": "analytics-app"}}
	for _, name := range prompts.Names() {
		var req mcp.GetPromptRequest
		req.Params.Name, req.Params.Arguments = name, args[name]
		res, err := h.mcp.GetPrompt(context.Background(), req)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		body := res.Messages[0].Content.(mcp.TextContent).Text
		for _, status := range api.DeploymentStatus.Enum {
			if !strings.Contains(body, status+",") && !strings.Contains(body, status+")") {
				t.Errorf("%s: its presentation rules do not name the status %q", name, status)
			}
		}
	}
}

// deployAppPrompt is the text of deploy_app's prompt for app my-app with spicepod pod.
func deployAppPrompt(t *testing.T, h *harness, pod string) string {
	t.Helper()
	var req mcp.GetPromptRequest
	req.Params.Name, req.Params.Arguments = "deploy_app", map[string]string{"name": "my-app", "spicepod": pod}
	res, err := h.mcp.GetPrompt(context.Background(), req)
	if err != nil {
		t.Fatalf("spicepod %q: %v", pod, err)
	}
	return res.Messages[0].Content.(mcp.TextContent).Text
}
