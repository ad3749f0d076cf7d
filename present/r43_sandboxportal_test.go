package present

import (
	"strings"
	"testing"
)

// portalOr: outside the sandbox the portal stands; in it, a tool hidden by this server's own
// options is made usable by a restart without them, any other by an operator.
func TestR43SandboxPortalOr(t *testing.T) {
	excluded := []UnavailableTool{{Name: "get_api_keys", Reason: HiddenExcluded}}
	if got := portalOr(excluded, "the keys", "the Spice.ai portal shows them"); got != "the Spice.ai portal shows them" {
		t.Errorf("not sandbox: %q", got)
	}
	excluded[0].Sandbox = true
	got := portalOr(excluded, "the keys", "the Spice.ai portal shows them")
	if strings.Contains(got, "portal shows them") || !strings.Contains(got, "ask the user to restart this server without the option that hides it") {
		t.Errorf("sandbox, excluded: %q", got)
	}
	toolset := []UnavailableTool{{Name: "get_api_keys", Reason: HiddenToolset("api_keys"), Sandbox: true}}
	if got := portalOr(toolset, "the keys", ""); !strings.Contains(got, "restart this server") {
		t.Errorf("sandbox, toolset: %q", got)
	}
	role := []UnavailableTool{{Name: "get_api_keys", Reason: HiddenRole("member", "admin"), Sandbox: true}}
	if got := portalOr(role, "the keys", ""); strings.Contains(got, "restart") || !strings.Contains(got, "an operator can make it available") {
		t.Errorf("sandbox, role: %q", got)
	}
}
