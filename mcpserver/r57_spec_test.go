package mcpserver_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR57SpecRegeneratedSecondaryNextFitsTheSandbox: the skill's rotation (seeds 000, "Rotate
// API Keys (Zero Downtime)": regenerate the secondary, update clients to it, regenerate the
// primary) follows regenerate_api_key key_number 2 as its next step. Where keys are shown
// masked in the sandbox, the result itself says no real client uses the emulator's keys and no
// portal has them, so "move every client to the new secondary key" cannot apply: the next step
// says so, as rotate_api_keys' start does there, and still names the call that replaces the
// primary. Masked outside the sandbox, the skill's line stays (the note above it names the
// portal's field API Key 2, where the new key is); shown in full too
// (TestR56SeedsRegeneratedSecondaryLeadsToThePrimary).
func TestR57SpecRegeneratedSecondaryNextFitsTheSandbox(t *testing.T) {
	const move = "move every client to the new secondary key"
	const primary = `regenerate_api_key {"app":"analytics-app","key_number":1}`
	args := map[string]any{"app": "analytics-app", "key_number": 2}

	sb := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, sandboxNote: true,
		safety: tools.Safety{MaskAPIKeys: true, Confirm: tools.ConfirmOff}})
	out := sb.ok(t, "regenerate_api_key", args)
	mustContain(t, "masked sandbox", out, present.MaskedKeysNoteSandbox, "no client needs moving to the new secondary", primary)
	if strings.Contains(out, move) {
		t.Errorf("masked sandbox: the next step tells to move clients the result says do not exist:\n%s", out)
	}

	masked := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		safety: tools.Safety{MaskAPIKeys: true, Confirm: tools.ConfirmOff}})
	out = masked.ok(t, "regenerate_api_key", args)
	mustContain(t, "masked", out, present.MaskedKeysNote, "Next, for no downtime: "+move+", then `"+primary+"` replaces the primary.")

	full := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, sandboxNote: true,
		safety: tools.Safety{Confirm: tools.ConfirmOff}})
	out = full.ok(t, "regenerate_api_key", args)
	mustContain(t, "sandbox, keys in full", out, "Next, for no downtime: "+move+", then `"+primary+"` replaces the primary.")
}

// TestR57SpecPlatformListsNeedAppsRead: the skill (seeds 000, Regions and Container Images) says
// GET /v1/regions and GET /v1/container-images need the apps:read scope. list_regions and
// list_container_images derive exactly that: listed and answering for a token with apps:read
// alone, hidden and refused before any request, naming apps:read, for one with every other
// scope the tools use but not apps:read (nor a scope that implies it).
func TestR57SpecPlatformListsNeedAppsRead(t *testing.T) {
	for _, name := range []string{"list_regions", "list_container_images"} {
		tool, ok := tools.ByName(name)
		if !ok {
			t.Fatalf("no tool %s", name)
		}
		if got := tool.Scopes(); !slices.Equal(got, []string{"apps:read"}) {
			t.Errorf("%s derives scopes %v; the skill says apps:read", name, got)
		}
	}
	with := scopedHarness(t, []string{"apps:read"})
	without := scopedHarness(t, []string{"deployments:write", "secrets:write", "members:write", "members:delete"})
	for _, name := range []string{"list_regions", "list_container_images"} {
		if !listed(t, with, name) {
			t.Errorf("%s not listed for a token with apps:read", name)
		}
		with.ok(t, name, map[string]any{})
		if listed(t, without, name) {
			t.Errorf("%s listed for a token without apps:read", name)
		}
		before := upstreamCalls(without)
		mustContain(t, name+" without apps:read", without.fail(t, name, map[string]any{}), "lacks the scope", "apps:read")
		for op, n := range upstreamCalls(without) {
			if n != before[op] {
				t.Errorf("%s without apps:read called %s", name, op.ID)
			}
		}
	}
}
