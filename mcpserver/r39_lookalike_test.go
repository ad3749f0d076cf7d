package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR39LookAlikeAppReferenceIsRefused (audit r39b): app names are ASCII letters, digits and
// hyphens, so a reference holding a Cyrillic а (U+0430) names no app. It was answered, after a
// request, `No app named "аnalytics-app" … Did you mean: analytics-app (101)?`, two names that
// read the same; it is refused before any request, quoted with the character escaped.
func TestR39LookAlikeAppReferenceIsRefused(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	before := apiCalls(h)
	wantRefused(t, h, []refusal{
		{"get_app", `{"app":"\u0430nalytics-app"}`, `app: must be an app name (ASCII letters, digits and hyphens) or ID; "\u0430nalytics-app" holds a character ` +
			`beyond ASCII (a look-alike?), so it names no app`},
		{"list_secrets", `{"app":"docs-s\u00e9arch"}`, `"docs-s\u00e9arch" holds a character beyond ASCII`},
	})
	wantNoNewCalls(t, h, before)
	if got := text(h.callRaw(t, "get_app", `{"app":"\u0430nalytics-app"}`)); strings.Contains(got, "Did you mean") {
		t.Errorf("a look-alike is offered the app it mimics: %s", got)
	}
}

// TestR39LookAlikeMemberIsShownEscaped (audit r39b): usernames have no ASCII rule, so a member
// reference beyond ASCII is looked up; when it matches nobody, the miss quotes it with those
// characters escaped, so `аlice` cannot read as the member alice listed beside it.
func TestR39LookAlikeMemberIsShownEscaped(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	got := h.fail(t, "get_member", map[string]any{"member": "\u0430lice"})
	mustContain(t, "look-alike member", got, `No member "\u0430lice" (it holds characters beyond ASCII, which may only look like others)`, "alice (user 1)")
	got = h.fail(t, "get_member", map[string]any{"member": "zed"})
	mustContain(t, "ASCII member", got, `No member "zed" in this organization`)
}
