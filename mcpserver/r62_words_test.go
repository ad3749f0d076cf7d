package mcpserver_test

import (
	"regexp"
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

// r62WordsClock finds a time of day in a result: what follows it says its zone.
var r62WordsClock = regexp.MustCompile(`\b\d{2}:\d{2}(:\d{2})?(.{0,4})`)

// TestR62WordsTimesOneZone: results wrote a moment three ways — "2026-11-22 12:00Z" (every
// timestamp), "expires 12:10 UTC" (approval and secret-entry links) and "2026-11-22 12:00:00 UTC"
// (rotate_api_keys' start step). Every time of day a result shows now ends in Z, whichever tool.
func TestR62WordsTimesOneZone(t *testing.T) {
	human := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	agent := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	agent.ok(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start"})
	results := map[string]string{
		"delete_app's approval link": human.fail(t, "delete_app", map[string]any{"app": "docs-search"}),
		"get_deployment":             human.ok(t, "get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003}),
		"list_secrets":               human.ok(t, "list_secrets", map[string]any{"app": "analytics-app"}),
		"a second rotation start":    agent.fail(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start"}),
		"the rotation's finish":      agent.ok(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "finish"}),
		"check_health":               human.ok(t, "check_health", map[string]any{}),
	}
	for what, out := range results {
		found := r62WordsClock.FindAllStringSubmatch(out, -1)
		if len(found) == 0 {
			t.Errorf("%s shows no time of day:\n%s", what, out)
		}
		for _, m := range found {
			if !strings.HasPrefix(m[2], "Z") {
				t.Errorf("%s writes %q: a time of day ends in Z, as every result writes it:\n%s", what, m[0], out)
			}
		}
	}
}

// TestR62WordsLimitsSayTheirUnit: get_limits wrote "Request timeout (s): 60" where every other
// result says a duration with its unit after the number, as the rate limit's "wait 1 h" does.
func TestR62WordsLimitsSayTheirUnit(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for org, want := range map[string][]string{
		"sandbox":   {"- Request timeout: 1 min\n", "- SQL query timeout: 5 min\n"},
		"acme-labs": {"- Request timeout: 5 min\n", "- SQL query timeout: 1 h\n"},
	} {
		out := h.ok(t, "get_limits", map[string]any{"org": org})
		mustContain(t, org, out, want...)
		if strings.Contains(out, "(s)") {
			t.Errorf("%s: a limit says its unit in its label:\n%s", org, out)
		}
	}
}

// TestR62WordsMemberIDSaidOneWay: a member is "bob (user 2)" in every result but one, the
// refusal of an unknown member, which listed "alice (1), bob (2)" as the app refusal lists apps:
// there the number now says it is a user ID too, as member takes a username or a user_id.
func TestR62WordsMemberIDSaidOneWay(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	results := map[string]string{
		"get_member, unknown": h.fail(t, "get_member", map[string]any{"member": "jdoe"}),
		"get_member":          h.ok(t, "get_member", map[string]any{"member": "bob"}),
		"list_members":        h.ok(t, "list_members", map[string]any{}),
		"remove_member":       h.fail(t, "remove_member", map[string]any{"member": "bob"}),
	}
	bare := regexp.MustCompile(`\b(alice|bob) \(\d+\)`)
	for what, out := range results {
		if m := bare.FindString(out); m != "" {
			t.Errorf("%s writes %q, where every result writes a member as bob (user 2):\n%s", what, m, out)
		}
	}
	mustContain(t, "get_member, unknown", results["get_member, unknown"], "Members: alice (user 1), bob (user 2).")
}
