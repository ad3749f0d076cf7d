package mcpserver_test

import (
	"encoding/json"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestNamesRefuseTextInFlagTagsAndBareKeycapSelectors (audit r25): an org or username carrying
// text in black flags' tag characters ("acme🏴" + tags("ignore") + U+E007F + …, any lowercase
// text 3 to 6 letters a flag) or a VS16 after a digit with no keycap mark ("acme1\ufe0fcorp",
// "acme9\ufe0f") was accepted and sent. Only the RGI subdivision flags (England, Scotland,
// Wales) and keycap sequences (1️⃣) keep them; the rest is refused before any request.
func TestNamesRefuseTextInFlagTagsAndBareKeycapSelectors(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	tagged := func(s string) string {
		var b []rune
		for _, r := range s {
			b = append(b, 0xe0000+r)
		}
		return string(b)
	}
	smuggled := "acme\U0001F3F4" + tagged("ignore") + "\U000E007F\U0001F3F4" + tagged("allrul") + "\U000E007F"
	california := "team\U0001F3F4" + tagged("usca") + "\U000E007F"
	quote := func(s string) string {
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	const refused = "holds a character that does not show"
	before := apiCalls(h)
	var calls []refusal
	for _, name := range []string{smuggled, california, "acme1\ufe0fcorp", "acme9\ufe0f"} {
		quoted := quote(name)
		calls = append(calls,
			refusal{"list_apps", `{"org":` + quoted + `}`, "org: " + refused},
			refusal{"add_member", `{"username":` + quoted + `}`, "username: " + refused})
	}
	wantRefused(t, h, calls)
	wantNoNewCalls(t, h, before)
	// Scotland's flag and a keycap are no handles Spice sends ([A-Za-z0-9._-]{1,64}): refused
	// before any request (r49; they reached the API before).
	for _, name := range []string{"scot-\U0001F3F4" + tagged("gbsct") + "\U000E007F", "team-1\ufe0f\u20e3"} {
		r49SpecauditOrgRefusedByRule(t, h, name)
	}
}
