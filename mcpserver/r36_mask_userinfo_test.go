package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR36UserinfoMaskedInAppResults: a spicepod's strings holding a URL whose user name is
// empty or holds a space, or whose password holds an "@" and a space, show the userinfo masked
// whole in update_app and get_app, text and structured content.
func TestR36UserinfoMaskedInAppResults(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	const urls = "cache at redis://:rain fall@cache.internal:6379/0, db at postgres://ad min:rainfall@db.internal/app" +
		" or postgres://admin:p@ss word@db2.internal/app"
	h.ok(t, "create_app", map[string]any{"name": "cache-app"})
	pod := "version: v1\nkind: Spicepod\nname: cache-app\ndatasets:\n  - from: postgres:orders\n    name: orders\n" +
		"    description: \"" + urls + "\"\n    params:\n      pg_host: db.internal\n"
	updated := h.call(t, "update_app", map[string]any{"app": "cache-app", "spicepod": pod})
	got := h.call(t, "get_app", map[string]any{"app": "cache-app"})
	for name, res := range map[string]string{"update_app": everything(updated), "get_app": everything(got)} {
		for _, secret := range []string{"rain fall", "ad min", "rainfall", "p@ss", "ss word"} {
			if strings.Contains(res, secret) {
				t.Errorf("%s shows %q:\n%s", name, secret, res)
			}
		}
	}
	for name, res := range map[string]string{"update_app": text(updated), "get_app": text(got)} {
		mustContain(t, name, res, "redis://"+present.Masked+"@cache.internal:6379/0", "postgres://"+present.Masked+"@db.internal/app",
			"postgres://"+present.Masked+"@db2.internal/app")
	}
}
