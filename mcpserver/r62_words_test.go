package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Round 62 words: tool results read as a careful operator writes them, one rule per fact across tools.

// TestR62WordsKeysSayHowTheyAreUsed: Spice's agent skill, "Using API Keys with Runtime" — a key goes
// in the x-api-key header of SQL and search requests (chat: Authorization: Bearer). get_api_keys
// says so once, at the app's own data endpoint (the skill's data.spiceai.io reaches us-east-1 apps
// only); a regeneration, whose reader replaces a key clients already use, does not repeat it.
func TestR62WordsKeysSayHowTheyAreUsed(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	for app, endpoint := range map[string]string{
		"analytics-app": "to https://us-west-2-prod-aws-data.spiceai.io (",
		"docs-search":   "to https://us-east-1-prod-aws-data.spiceai.io (",
		// An ID alone is not looked up in the list: the endpoint is named, not given.
		"102": "to the app's data endpoint (",
	} {
		out := h.ok(t, "get_api_keys", map[string]any{"app": app})
		mustContain(t, app, out, "header `x-api-key` "+endpoint, "`/v1/sql`", "`Authorization: Bearer`", "⚠️ API keys grant access")
		if strings.Index(out, "x-api-key") > strings.Index(out, "⚠️") {
			t.Errorf("%s: the storage warning comes last, after how keys are used:\n%s", app, out)
		}
	}
	out := h.ok(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2, "confirm": "analytics-app"})
	if strings.Contains(out, "x-api-key") {
		t.Errorf("a regeneration repeats how keys are used:\n%s", out)
	}
}
