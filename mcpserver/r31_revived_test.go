package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR31LostCreateRevivedWritesSecrets: create_and_deploy_app's own create revives the deleted
// app but its answer is lost (applied, then 503). The run adopts the app and writes the secret
// the call gave over the restored (deleted app's) value, as when the create is answered; the
// first line claims a match only for the settings the call gave. Round 30 kept the old value
// ("already set; not rewritten") and claimed region, visibility, description and tags matched.
func TestR31LostCreateRevivedWritesSecrets(t *testing.T) {
	for _, tc := range []struct {
		name   string
		extra  map[string]any
		claim  string   // what the first line says matched; "" for nothing
		absent []string // settings not given, so not named
	}{
		{name: "none given", absent: []string{"this call gave", "region", "visibility", "description", "tags"}},
		{name: "description and tags", extra: map[string]any{"description": "mine", "tags": map[string]any{"team": "mine"}},
			claim: "and it matches the description and tags this call gave.", absent: []string{"region,", "visibility"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
			id := h.appID(t, "analytics-app")
			old, _ := h.emu.SecretValue("sandbox", id, "PG_PASS")
			h.ok(t, "delete_app", map[string]any{"app": "analytics-app"})
			h.emu.InjectFault(sandbox.Fault{Operation: api.CreateProject.ID, Status: 503, AfterApply: true})
			args := map[string]any{"name": "analytics-app", "spicepod": podA, "wait": false,
				"secrets": map[string]any{"PG_PASS": "brand-new-value-2025"}}
			for k, v := range tc.extra {
				args[k] = v
			}
			out := h.ok(t, "create_and_deploy_app", args)
			first, _, _ := strings.Cut(out, "\n")
			if !strings.HasPrefix(first, "analytics-app (101) is a deleted app brought back by this call's unanswered create or by a concurrent run") {
				t.Fatalf("no notice first:\n%s", out)
			}
			mustContain(t, "adopted revived", out, "| secret PG_PASS | stored (value never shown) |",
				"Its previous API keys are live again.", "| deploy | deployment ")
			if strings.Contains(out, "already set; not rewritten") {
				t.Errorf("the given secret was kept, not written:\n%s", out)
			}
			if tc.claim != "" && !strings.Contains(first, tc.claim) {
				t.Errorf("first line lacks %q:\n%s", tc.claim, first)
			}
			for _, word := range tc.absent {
				if strings.Contains(first, word) {
					t.Errorf("first line names %q, which the call did not give:\n%s", word, first)
				}
			}
			if got := h.appID(t, "analytics-app"); got != id {
				t.Fatalf("revived app has ID %d, want %d", got, id)
			}
			if v, _ := h.emu.SecretValue("sandbox", id, "PG_PASS"); v != "brand-new-value-2025" || v == old {
				t.Error("PG_PASS still has the deleted app's value, not the one given")
			}
		})
	}
}
