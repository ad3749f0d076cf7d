package mcpserver_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR72MineCredentialNamedTagValueMasked: a tag whose key names a credential (api_key,
// db_password) holds a credential's value, as a spicepod's credential-named key does: every view
// of the app (create_app's answer, get_app, list_apps, describe_app; text and structured content)
// shows it masked, with the key; an ordinary tag is shown as set. Before round 72 the value was
// shown whole, since a tag's key and value were masked each alone (claims9's note).
func TestR72MineCredentialNamedTagValueMasked(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	secrets := []string{"hunter2-correct-horse", "s3cr3t-value-42"}
	tags := map[string]any{"api_key": secrets[0], "db_password": secrets[1], "team": "data-eng"}
	calls := []struct {
		tool string
		args map[string]any
	}{
		{"create_app", map[string]any{"name": "tagcred-app", "tags": tags}},
		{"get_app", map[string]any{"app": "tagcred-app"}},
		{"list_apps", map[string]any{}},
		{"describe_app", map[string]any{"app": "tagcred-app"}},
		{"update_app", map[string]any{"app": "tagcred-app", "tags": tags}},
	}
	for _, c := range calls {
		res := h.call(t, c.tool, c.args)
		raw, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		if res.IsError {
			t.Errorf("%s: refused: %s", c.tool, raw)
			continue
		}
		for _, s := range secrets {
			if strings.Contains(string(raw), s) {
				t.Errorf("%s shows the credential-named tag's value %q: %s", c.tool, s, raw)
			}
		}
		if c.tool != "list_apps" || strings.Contains(string(raw), "tagcred-app") {
			for _, want := range []string{"api_key", "db_password", "data-eng"} {
				if !strings.Contains(string(raw), want) {
					t.Errorf("%s leaves out %q: %s", c.tool, want, raw)
				}
			}
		}
	}
}
