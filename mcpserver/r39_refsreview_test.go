package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR39MemberMissEscapesALookAlikeListed: asked for bob, the organization has bоb (a Cyrillic
// о). The miss lists the members, and bоb is listed with its look-alike escaped, so "No member
// bob … Members: bоb (5)" cannot read as bob being there.
func TestR39MemberMissEscapesALookAlikeListed(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, Orgs: []sandbox.Org{{Slug: "acme-labs", Name: "Acme", Owner: "alice",
		Members: []string{"b\u043eb"}}}}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	got := h.fail(t, "get_member", map[string]any{"member": "bob"})
	if !strings.Contains(got, `"b\u043eb"`) {
		t.Errorf("the miss lists the look-alike member bоb without its escaped spelling: %s", got)
	}
	if strings.Contains(got, `"alice"`) {
		t.Errorf("an ASCII username is quoted escaped too: %s", got)
	}
}

// TestR39DigitNameSentAsANumber: an app may be named with 20 digits (4–38 letters, digits and
// hyphens); sent as a JSON number, no ID is that large, so it is the name, as before round 39.
// Another spelling of a number beyond any ID (1e20) is still refused with the range.
func TestR39DigitNameSentAsANumber(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	h.ok(t, "create_app", map[string]any{"name": "12345678901234567890", "region": "us-west-2"})
	res := h.callRaw(t, "get_app", `{"app":12345678901234567890}`)
	if got := text(res); res.IsError || !strings.Contains(got, "**12345678901234567890**") {
		t.Errorf(`get_app {"app":12345678901234567890}: %.300s`, got)
	}
	if got := text(h.callRaw(t, "get_app", `{"app":1e20}`)); !strings.Contains(got, "beyond the range of integers") {
		t.Errorf(`get_app {"app":1e20}: %.300s`, got)
	}
}
