package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR55MineEnumValueMasked: a credential given where one of a few words is allowed (an agent
// that put a token in the wrong argument) is refused without showing it, saying why it is
// masked; an ordinary wrong word is still quoted as sent.
func TestR55MineEnumValueMasked(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	const token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
	for _, tc := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"update_app", map[string]any{"app": "analytics-app", "visibility": token}, "visibility: must be public or private; got '"},
		{"update_app", map[string]any{"app": "analytics-app", "update_channel": token}, "update_channel: must be "},
		{"create_app", map[string]any{"name": "abcd-x", "region": token}, "region: must be "},
		{"list_deployments", map[string]any{"app": "analytics-app", "status": token}, "status: must be one of "},
		{"rotate_api_keys", map[string]any{"app": "analytics-app", "step": token}, "step: must be start or finish; got '"},
	} {
		got := h.fail(t, tc.tool, tc.args)
		mustContain(t, tc.tool, got, tc.want)
		mustContain(t, tc.tool, got, "(masked: it looks like a credential)")
		if strings.Contains(got, token) || strings.Contains(got, "abcdefghijklmnop") {
			t.Errorf("%s: the credential is shown:\n%s", tc.tool, got)
		}
	}
	got := h.fail(t, "update_app", map[string]any{"app": "analytics-app", "visibility": "open"})
	mustContain(t, "update_app", got, "visibility: must be public or private; got 'open'")
	if strings.Contains(got, "masked") {
		t.Errorf("an ordinary word is called masked:\n%s", got)
	}
}

// TestR55MineCNameNoteOnlyWhenItPlacesElsewhere: a cname that names the same region as region
// (its code or the region's own cname from list_regions) is no note; one naming another region
// is, in create_and_deploy_app as in create_app.
func TestR55MineCNameNoteOnlyWhenItPlacesElsewhere(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	got := h.ok(t, "create_app", map[string]any{"name": "abcd-w", "region": "us-west-2", "cname": "us-west-2-prod-aws-data"})
	if strings.Contains(got, "was not used") {
		t.Errorf("the region's own cname is noted as unused:\n%s", got)
	}
	got = h.ok(t, "create_and_deploy_app", map[string]any{"name": "abcd-v", "region": "us-west-2", "cname": "us-east-1",
		"spicepod": "version: v1\nkind: Spicepod\nname: abcd-v\n", "wait": false})
	mustContain(t, "create_and_deploy_app", got, `region us-west-2 (cname "us-east-1" not used: region wins when both are given)`)
}

// TestR55MineNegativeReplicasInAppConfigIsOdd: an app whose config the API answers with a
// negative replicas count is shown as given with a note, as a deployment's is, not as a setting.
func TestR55MineNegativeReplicasInAppConfigIsOdd(t *testing.T) {
	h := r54HostileAnswering(t, "GET", `^/v1/projects/101$`, 200,
		`{"id":101,"name":"analytics-app","visibility":"private","created_at":"2026-01-01T00:00:00.000Z","config":{"replicas":-3}}`)
	got := h.ok(t, "get_app", map[string]any{"app": "analytics-app"})
	mustContain(t, "get_app", got, "replicas -3 (odd in the API's answer: no app has fewer than 0)")
}
