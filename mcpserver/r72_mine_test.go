package mcpserver_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r72MineTagSecrets are credentials' values a careless user keeps in tags named for them.
var r72MineTagSecrets = []string{"hunter2-correct-horse", "s3cr3t-value-42"}

// TestR72MineCredentialNamedTagRefused: a tag whose key names a credential (api_key,
// db_password) holds a credential's value, as a spicepod's credential-named key does, and a tag
// is kept with the app and shown to everyone who can see it: create_app and update_app refuse
// it, naming tags.<key>, the value quoted masked, nothing sent (no app made, the tags as they
// were); a tag naming how (auth_mode=oauth) and an ordinary tag are sent. Before round 72 both
// calls sent it, and every view showed it whole.
func TestR72MineCredentialNamedTagRefused(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	appTags := func() map[string]string {
		var p struct{ Tags map[string]string }
		emuSend(t, h, "sandbox", "GET", "/v1/projects/"+itoa(h.appID(t, "analytics-app")), nil, &p)
		return p.Tags
	}
	before := appTags()
	for i, key := range []string{"api_key", "db_password"} {
		tags := map[string]any{key: r72MineTagSecrets[i], "team": "data-eng"}
		for _, c := range []struct {
			tool string
			args map[string]any
		}{
			{"create_app", map[string]any{"name": "tagcred-app", "tags": tags}},
			{"update_app", map[string]any{"app": "analytics-app", "tags": tags}},
		} {
			res := h.call(t, c.tool, c.args)
			raw, _ := json.Marshal(res)
			text := string(raw)
			if !res.IsError || !strings.Contains(text, "tags."+key) || !strings.Contains(text, "nothing was sent") {
				t.Errorf("%s with tag %s: want a refusal naming tags.%s that says nothing was sent, got %s", c.tool, key, key, raw)
			}
			if strings.Contains(text, r72MineTagSecrets[i]) {
				t.Errorf("%s's refusal shows the value: %s", c.tool, raw)
			}
		}
	}
	var list struct{ Projects []struct{ Name string } }
	emuSend(t, h, "sandbox", "GET", "/v1/projects", nil, &list)
	for _, a := range list.Projects {
		if a.Name == "tagcred-app" {
			t.Errorf("create_app's refused call made the app")
		}
	}
	if got := appTags(); len(got) != len(before) {
		t.Errorf("update_app's refused call changed the tags: %v, were %v", got, before)
	}
	// Held: a key naming how a credential is given, and an ordinary tag, are sent.
	h.ok(t, "update_app", map[string]any{"app": "analytics-app", "tags": map[string]any{"auth_mode": "oauth", "team": "data-eng"}})
	if got := appTags(); got["auth_mode"] != "oauth" || got["team"] != "data-eng" {
		t.Errorf("update_app with auth_mode=oauth, team=data-eng: the app has %v", got)
	}
}

// TestR72MineCredentialNamedTagValueMasked: such a tag stored by another client is shown masked,
// with the key, in every view of the app (get_app, list_apps, describe_app, list_forks; text and
// structured content), by the spicepod's rule; an ordinary tag shows as stored. Before round 72
// its value was shown whole, since a tag's key and value were masked each alone (claims9's note).
func TestR72MineCredentialNamedTagValueMasked(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	id := itoa(h.appID(t, "analytics-app"))
	emuSend(t, h, "sandbox", "PUT", "/v1/projects/"+id, map[string]any{"tags": map[string]string{
		"api_key": r72MineTagSecrets[0], "db_password": r72MineTagSecrets[1], "team": "data-eng"}}, nil)
	for _, c := range []struct {
		tool string
		args map[string]any
	}{
		{"get_app", map[string]any{"app": "analytics-app"}},
		{"list_apps", map[string]any{}},
		{"describe_app", map[string]any{"app": "analytics-app"}},
	} {
		res := h.call(t, c.tool, c.args)
		raw, _ := json.Marshal(res)
		if res.IsError {
			t.Errorf("%s: refused: %s", c.tool, raw)
			continue
		}
		for _, s := range r72MineTagSecrets {
			if strings.Contains(string(raw), s) {
				t.Errorf("%s shows the credential-named tag's value %q: %s", c.tool, s, raw)
			}
		}
		if c.tool == "list_apps" {
			continue // its table leaves tags to the structured content, checked above
		}
		for _, want := range []string{"api_key", "db_password", "data-eng", "masked"} {
			if !strings.Contains(string(raw), want) {
				t.Errorf("%s leaves out %q: %s", c.tool, want, raw)
			}
		}
	}
}
