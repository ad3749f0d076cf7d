package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR39MemberReferenceFoldsASCIIOnly: usernames have no ASCII rule, and member references were
// matched with strings.EqualFold, which folds the Kelvin sign K (U+212A) to k and the long s ſ
// (U+017F) to s: "sam" was taken as the member "ſam" and "kate" as "Kate" (made an admin).
// They are matched as rules.SameName matches app names, ASCII letters folding alone, so the
// look-alike is a miss that lists it escaped.
func TestR39MemberReferenceFoldsASCIIOnly(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, Orgs: []sandbox.Org{{Slug: "acme-labs", Name: "Acme", Owner: "alice",
		Members: []string{"\u212aate", "\u017fam"}}}}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	if res := h.call(t, "get_member", map[string]any{"member": "sam"}); !res.IsError {
		t.Errorf(`get_member "sam" (no member sam; only "\u017fam") answered with that member:\n%.300s`, text(res))
	}
	res := h.call(t, "update_member_roles", map[string]any{"member": "kate", "roles": []string{"admin"}})
	if out := text(res); !res.IsError && strings.Contains(out, "\u212a") {
		t.Errorf(`update_member_roles "kate" made the look-alike "\u212aate" an admin:\n%.300s`, out)
	}
}

// TestR39MemberReferenceStillFoldsASCII: alice is still reached as ALICE (the API compares
// usernames without regard to case).
func TestR39MemberReferenceStillFoldsASCII(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	if got := h.ok(t, "get_member", map[string]any{"member": "ALICE"}); !strings.Contains(got, "alice") {
		t.Errorf("get_member ALICE: %s", got)
	}
}
