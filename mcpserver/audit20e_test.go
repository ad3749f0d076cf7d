package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestIdentifiersRefusedAsSent (audit r20e): an identifier with an invisible character in it,
// or spaces around it, is refused before any request, naming the argument and quoting the
// value with the character escaped; the API's refusal would show it with the character
// dropped, naming a valid value as invalid.
func TestIdentifiersRefusedAsSent(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	const app = "analytics-app"
	cases := []struct {
		tool string
		args string
		want []string
	}{
		{"update_app", `{"app":"analytics-app","image_tag":"2.3.2\u200b"}`, []string{"image_tag:", `"2.3.2\u200b"`, "does not show"}},
		{"create_deployment", `{"app":"analytics-app","image_tag":"2.3.2\u200b"}`, []string{"image_tag:", `"2.3.2\u200b"`}},
		{"create_app", `{"name":"newapp1","cluster_name":"acme-production\u200b"}`, []string{"cluster_name:", `"acme-production\u200b"`}},
		{"create_app", `{"name":"newapp1","cname":"us-east-1\u200b"}`, []string{"cname:", `"us-east-1\u200b"`}},
		{"update_app", `{"app":"analytics-app","version":"2.x\u200b"}`, []string{"version:", `"2.x\u200b"`}},
		{"update_app", `{"app":"analytics-app","production_branch":"ma\u00adin"}`, []string{"production_branch:", `"ma\u00adin"`}},
		{"update_app", `{"app":"analytics-app","image_tag":" 2.3.2"}`, []string{"image_tag: has spaces"}},
		{"update_app", `{"app":"analytics-app","version":" 2.x"}`, []string{"version: has spaces"}},
		{"update_app", `{"app":"analytics-app","image":" img"}`, []string{"image: has spaces"}},
		{"update_app", `{"app":"analytics-app","registry":"reg "}`, []string{"registry: has spaces"}},
		{"update_app", `{"app":"analytics-app","node_group":"\tng"}`, []string{"node_group: has spaces"}},
		{"update_app", `{"app":"analytics-app","production_branch":""}`, []string{"production_branch: must name a branch"}}, // version "" clears (TestUpdateAppClearsSettingsWithEmpty)
		// 1e-400 is no float64: it would be sent as 0.
		{"update_app", `{"app":"analytics-app","storage_size_gb":1e-400}`, []string{"storage_size_gb:", "1e-400"}},
		{"update_app", `{"app":"analytics-app","storage_claim_size_gb":-1e-999}`, []string{"storage_claim_size_gb:", "-1e-999"}},
		// null is no value: it names the argument, not app ("Nothing to update").
		{"update_app", `{"app":"analytics-app","description":null}`, []string{"description: null"}},
		{"update_app", `{"app":"analytics-app","tags":null}`, []string{"tags: null"}},
		{"update_app", `{"app":"analytics-app","replicas":null}`, []string{"replicas: null"}},
		{"update_app", `{"app":"analytics-app","visibility":null}`, []string{"visibility: null"}},
		{"add_member", `{"username":"jdoe","roles":[null]}`, []string{"roles:", "null"}},
		{"get_deployment", `{"app":"analytics-app","deployment_id":0}`, []string{"deployment_id: must be a positive deployment ID"}},
	}
	before := apiCalls(h)
	for _, tc := range cases {
		res := h.callRaw(t, tc.tool, tc.args)
		if !res.IsError {
			t.Errorf("%s %s: want an error, got: %s", tc.tool, tc.args, text(res))
			continue
		}
		mustContain(t, tc.tool+" "+tc.args, text(res), tc.want...)
	}
	wantNoNewCalls(t, h, before)
	_ = app
}

// TestSmallRefusalTexts (audit r20e): the instance-name rule in plain words, not a
// Markdown-escaped regex; a look-alike secret name quoted escaped, saying ASCII; a YAML
// spicepod key given twice named with its lines.
func TestSmallRefusalTexts(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	cases := []struct {
		tool string
		args string
		want []string
	}{
		{"get_instance_logs", `{"app":"analytics-app","instance":"Bad/Pod"}`, []string{"instance: must be a runtime instance (pod) name", "without '/', backslash"}},
		{"set_secret", `{"app":"analytics-app","name":"\u0410PI","value":"x"}`, []string{"name:", "ASCII letter", `"\u0410PI"`}},
		{"update_app", `{"app":"analytics-app","spicepod":"version: v1\nkind: Spicepod\nname: a\nname: b\n"}`, []string{"spicepod:", `"name"`, "line 4", "line 3"}},
	}
	before := apiCalls(h)
	for _, tc := range cases {
		res := h.callRaw(t, tc.tool, tc.args)
		if !res.IsError {
			t.Errorf("%s %s: want an error, got: %s", tc.tool, tc.args, text(res))
			continue
		}
		mustContain(t, tc.tool+" "+tc.args, text(res), tc.want...)
		if strings.Contains(text(res), `\]`) {
			t.Errorf("%s: a Markdown-escaped rule: %s", tc.tool, text(res))
		}
	}
	wantNoNewCalls(t, h, before)
}
