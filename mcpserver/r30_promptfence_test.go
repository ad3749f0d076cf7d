package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestPromptSpicepodTellsItsOwnEscapeFromAHiddenCharacter (round 30): when deploy_app writes a
// hidden character as an escape, a backslash the spicepod holds is written \\, so its own text
// \U000e0041 reads \\U000e0041 and cannot be taken for the escape of the tag character on the
// same line; a spicepod with nothing escaped is sent as given.
func TestPromptSpicepodTellsItsOwnEscapeFromAHiddenCharacter(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	get := func(pod string) string { return deployAppPrompt(t, h, pod) }
	body := get("name: app # literal \\U000e0041 here, real one: x\U000e0041y\nz: \\u200b\u200b\n")
	want := "```\nname: app # literal \\\\U000e0041 here, real one: x\\U000e0041y\nz: \\\\u200b\\u200b\n```\n" +
		`Characters in it that do not print are written above as escapes (line 1: \U000e0041; line 2: \u200b), ` +
		`and each backslash it holds as \\.`
	if !strings.Contains(body, want) {
		t.Errorf("no %q in\n%q", want, body)
	}
	plain := "name: app # literal \\U000e0041 and C:\\dir\n"
	if body := get(plain); !strings.Contains(body, "```\n"+plain+"```") || strings.Contains(body, "backslash") {
		t.Errorf("spicepod with nothing escaped not sent as given:\n%q", body)
	}
}
