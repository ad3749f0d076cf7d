package mcpserver_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR53TokensCreatedAppNamedOnce: create_app's first line says the app was created and what
// comes next, without naming the app (name and ID) the heading under it names.
func TestR53TokensCreatedAppNamedOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	out := h.ok(t, "create_app", map[string]any{"name": "new-app"})
	if strings.Count(out, "105") != 1 || strings.Contains(out, "Created app new-app") {
		t.Errorf("the app is named twice:\n%s", out)
	}
	mustContain(t, "create_app", out, "App created. Next: set a spicepod with update_app, add secrets with set_secret, then create_deployment.\n\n**new-app** (ID 105) — https://new-app.spice.ai")
}

// TestR53TokensDeployedAppNamedOnce: create_and_deploy_app's deployment line sits under the
// app's heading, so it does not name the app again; nor does a wait that ran out of time.
func TestR53TokensDeployedAppNamedOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	spicepod := "version: v1\nkind: Spicepod\nname: fresh-app\n"
	out := h.ok(t, "create_and_deploy_app", map[string]any{"name": "fresh-app", "spicepod": spicepod})
	if strings.Contains(out, "Deployment 1008 of") {
		t.Errorf("the deployment line names the app again:\n%s", out)
	}
	mustContain(t, "create_and_deploy_app", out, "**fresh-app** (ID 105) — https://fresh-app.spice.ai\n\nDeployment 1008: **✅ succeeded**\n")

	out = h.ok(t, "create_and_deploy_app", map[string]any{"name": "slow-app", "spicepod": spicepod, "timeout_seconds": 1})
	if strings.Contains(out, "Deployment 1009 of") {
		t.Errorf("the timed-out wait names the app again:\n%s", out)
	}
	mustContain(t, "timed out", out, "**slow-app** (ID 106)", "\n\nDeployment 1009 is still **", `wait_for_deployment {"app":"slow-app","deployment_id":1009}`)

	// wait_for_deployment has no heading: its line keeps the app.
	out = h.ok(t, "wait_for_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1003})
	mustContain(t, "wait_for_deployment", out, "Deployment 1003 of analytics-app (101): **✅ succeeded**")
}

// TestR53TokensImagePinNoteOnce: list_container_images says how pinning a tag works in full on
// its first page only; a later page keeps the one fact a client reading it alone needs (pinning
// needs Enterprise) in a few words.
func TestR53TokensImagePinNoteOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: cannedProxy(&[]canned{}, r42bRewrite("/container-images", func(a map[string]any) {
			var list []any
			for i := range 60 {
				list = append(list, map[string]any{"name": fmt.Sprintf("spiceai/spiceai:2.%d.0", 60-i), "tag": fmt.Sprintf("2.%d.0", 60-i), "channel": "stable"})
			}
			a["images"], a["default"] = list, "2.60.0"
		}))})
	first := h.ok(t, "list_container_images", nil)
	mustContain(t, "first page", first, "Pinning a tag (`image_tag`) needs the Enterprise plan; on other plans choose the runtime with update_app's `update_channel` and `version` instead:",
		`list_container_images {"offset":50}`)
	second := h.ok(t, "list_container_images", map[string]any{"offset": 50})
	if strings.Contains(second, "update_channel") || strings.Contains(second, "on other plans") {
		t.Errorf("the second page repeats the whole pinning note:\n%s", second)
	}
	mustContain(t, "second page", second, "Pinning a tag (`image_tag`) needs the Enterprise plan.\n\n| Tag |", "| 2.1.0 |", "(the last page)")
}
