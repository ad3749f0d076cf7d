package mcpserver_test

import (
	"encoding/json"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR39TagKeysRefuseSpacesAndHiddenCharacters: a tag key with spaces or a line break around it,
// or a character that does not show where it stands (a zero-width space, a control character,
// tag characters spelling hidden text), is refused before any request, naming tags, the key
// escaped and the rule, in every tool that takes tags. They used to be sent and shown back raw
// ("Tags: te​am=x"), while every other identifier refuses them. A key holding invisible
// characters that are part of its text (an emoji's joiner, a Persian non-joiner) is sent.
func TestR39TagKeysRefuseSpacesAndHiddenCharacters(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	args := func(m map[string]any) string {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	const pod = "version: v1\nkind: Spicepod\nname: x\n"
	hiddenText := "note\U000E0049\U000E0047\U000E004E"
	for i, c := range []struct{ key, want string }{
		{" team", `tags: key " team" has spaces or line breaks at the start or end`},
		{"team\n", `tags: key "team\n" has spaces or line breaks at the start or end`},
		{"te\u200bam", `tags: key "te\u200bam" holds a character that does not show`},
		{hiddenText, `tags: key "note\U000e0049\U000e0047\U000e004e" holds a character that does not show`},
		{"a\u0007b", `tags: key "a\ab" holds a character that does not show`},
	} {
		before := apiCalls(h)
		tags, name := map[string]any{c.key: "x"}, "tagkey-app-"+string(rune('a'+i))
		wantRefused(t, h, []refusal{
			{"create_app", args(map[string]any{"name": name, "tags": tags}), c.want},
			{"update_app", args(map[string]any{"app": "analytics-app", "tags": tags}), c.want},
			{"create_and_deploy_app", args(map[string]any{"name": name, "spicepod": pod, "tags": tags}), c.want},
		})
		wantNoNewCalls(t, h, before)
	}
	// Part of the key's text: sent as given.
	for _, key := range []string{"team-\u2764\ufe0f", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"} {
		n := h.emu.Calls(api.UpdateProject.ID)
		h.ok(t, "update_app", map[string]any{"app": "analytics-app", "tags": map[string]any{key: "x"}})
		if h.emu.Calls(api.UpdateProject.ID) != n+1 {
			t.Errorf("tag key %+q: not sent", key)
		}
	}
}
