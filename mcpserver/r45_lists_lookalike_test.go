package mcpserver_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r45ListsLookAlikes imitate the app name, "yes" and "true" with Cyrillic, Greek and fullwidth
// letters.
var r45ListsLookAlikes = []string{
	"\u0430nalytics-app",                // Cyrillic a
	"an\u0430lytics-\u0430\u0440\u0440", // Cyrillic a and r (as p)
	"\u03b1nalytics-app",                // Greek alpha
	"\uff41nalytics-app",                // fullwidth a
	"ＡＮＡＬＹＴＩＣＳ-ＡＰＰ",                     // fullwidth capitals
	"\u0443\u0435\u0455",                // Cyrillic "yes"
	"ｙｅｓ", "ｔｒｕｅ",
}

// TestR45ListsLookAlikeConfirmIsRefusedClearly: with --confirm=agent, a confirm of look-alike
// characters is never an approval, and the refusal names confirm and says the value holds
// characters beyond ASCII that only look like others, in an escaped spelling that does not read
// as the name asked for.
func TestR45ListsLookAlikeConfirmIsRefusedClearly(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	p, s := emulatorKeys(t, h)
	for _, typed := range r45ListsLookAlikes {
		res := h.call(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2, "confirm": typed})
		out := text(res)
		if !res.IsError {
			t.Fatalf("%q approved the call: %s", typed, out)
		}
		mustContain(t, typed, out, "confirm", "beyond ASCII", "look alike", "Nothing was changed")
		if strings.Contains(out, typed) {
			t.Errorf("%q is quoted as typed, reading like the name asked for: %s", typed, out)
		}
	}
	wantKeys(t, h, "look-alike confirms", p, s)
}

// TestR45ListsLookAlikeTypedAnswerIsRefusedClearly: the person's typed answer follows the same
// rule: a look-alike of the app's name is refused, naming the answer's name field.
func TestR45ListsLookAlikeTypedAnswerIsRefusedClearly(t *testing.T) {
	for _, typed := range r45ListsLookAlikes[:5] {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
			elicit: func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
				return &mcp.ElicitationResult{ElicitationResponse: mcp.ElicitationResponse{
					Action: mcp.ElicitationResponseActionAccept, Content: map[string]any{"name": typed}}}, nil
			}})
		p, s := emulatorKeys(t, h)
		res := h.call(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2})
		out := text(res)
		if !res.IsError {
			t.Fatalf("%q approved the call: %s", typed, out)
		}
		mustContain(t, typed, out, `"name"`, "beyond ASCII", "look alike", "Nothing was changed")
		if strings.Contains(out, typed) {
			t.Errorf("%q is quoted as typed: %s", typed, out)
		}
		wantKeys(t, h, typed, p, s)
	}
}
