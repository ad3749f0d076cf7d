package mcpserver_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// mustNotName fails when out names tool but as not available (plainlyNamed).
func mustNotName(t *testing.T, what, out string, hidden ...string) {
	t.Helper()
	for _, tool := range hidden {
		if plainlyNamed(out, tool) {
			t.Errorf("%s: names the hidden %s as usable:\n%s", what, tool, out)
		}
	}
}

// TestR38StuckQueueNamesOnlyUsableTools: a deployment stuck queued said "`get_app {…}` shows it"
// and named list_container_images and list_instances under --toolsets deployments,workflows,
// where none of them is offered; those hints are now left out where hidden.
func TestR38StuckQueueNamesOnlyUsableTools(t *testing.T) {
	for _, tc := range []struct {
		name   string
		policy tools.Policy
		hidden []string
		want   string
	}{
		{"toolsets", tools.Policy{Toolsets: []string{"deployments", "workflows"}}, []string{"get_app", "list_container_images"},
			"A deployment that stays queued usually means the app has no valid spicepod configured or a pinned image_tag " +
				"(Enterprise plans) does not exist; `list_instances {\"app\":\"analytics-app\"}` shows what runs now."},
		{"excluded", tools.Policy{ExcludeTools: []string{"get_app", "list_container_images", "list_instances"}},
			[]string{"get_app", "list_container_images", "list_instances"},
			"A deployment that stays queued usually means the app has no valid spicepod configured or a pinned image_tag " +
				"(Enterprise plans) does not exist."},
		{"usable", tools.Policy{}, nil,
			"configured (`get_app {\"app\":\"analytics-app\"}` shows it) or a pinned image_tag (Enterprise plans) does not exist " +
				"(list_container_images lists the published ones); `list_instances {\"app\":\"analytics-app\"}` shows what runs now."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, QueuedFor: 2 * time.Hour}, policy: tc.policy,
				safety: tools.Safety{NoConfirm: true}})
			h.ok(t, "create_deployment", map[string]any{"app": "analytics-app"})
			for _, c := range []struct {
				tool string
				args map[string]any
			}{
				{"wait_for_deployment", map[string]any{"app": "analytics-app", "timeout_seconds": 900}},
				{"get_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1008}},
			} {
				out := text(h.call(t, c.tool, c.args))
				mustContain(t, c.tool, out, "It has been queued for at least", tc.want)
				mustNotName(t, c.tool, out, tc.hidden...)
			}
		})
	}
}

// TestR38RotationFinishPointsToThePortalForKeys: a refused finish step said "(get_api_keys shows
// it), call finish again with force: true" where get_api_keys was excluded; it now says the
// Spice.ai portal shows the keys, and why get_api_keys is not available.
func TestR38RotationFinishPointsToThePortalForKeys(t *testing.T) {
	portal := "get_api_keys is not available here (it is listed in --exclude-tools): the Spice.ai portal shows the keys, " +
		"in the app's Settings, section General."
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ExcludeTools: []string{"get_api_keys"}},
		safety: tools.Safety{NoConfirm: true}})
	unseen := h.fail(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "finish"})
	mustContain(t, "unseen", unseen, "if every client already uses the current secondary key, call finish again with force: true. "+portal)
	mustNotName(t, "unseen", unseen, "get_api_keys")

	h.ok(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start"})
	h.ok(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2})
	replaced := h.fail(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "finish"})
	mustContain(t, "replaced", replaced, "already uses the current secondary key, call finish again with force: true. "+portal)
	mustNotName(t, "replaced", replaced, "get_api_keys")

	h = newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	mustContain(t, "usable", h.fail(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "finish", "confirm": "analytics-app"}),
		"the current secondary key (get_api_keys shows it), call finish again with force: true.")
}

// TestR38RegenerateAnswerWithoutTheOtherKey: a regeneration whose answer leaves the unchanged key
// out said "not in this answer (unchanged; get_api_keys shows it)" where get_api_keys was
// excluded; it now points to the Spice.ai portal.
func TestR38RegenerateAnswerWithoutTheOtherKey(t *testing.T) {
	for _, tc := range []struct {
		name   string
		policy tools.Policy
		want   []string
	}{
		{"hidden", tools.Policy{ExcludeTools: []string{"get_api_keys"}}, []string{"- Primary (`api_key`): unchanged and still valid, not repeated here\n",
			"\n\nget_api_keys is not available here (it is listed in --exclude-tools): the Spice.ai portal shows the keys, in the app's Settings, section General.\n\n"}},
		{"usable", tools.Policy{}, []string{"- Primary (`api_key`): unchanged and still valid, not repeated here (get_api_keys shows it)\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			drop := editedAnswer(func(r *http.Response) bool {
				return r.Request.Method == http.MethodPost && strings.HasSuffix(r.Request.URL.Path, "/api-keys")
			}, func(a map[string]any) { a["api_key"] = nil })
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tc.policy,
				safety: tools.Safety{NoConfirm: true}, upstream: cannedProxy(&[]canned{}, drop)})
			out := h.ok(t, "regenerate_api_key", map[string]any{"app": "analytics-app", "key_number": 2})
			mustContain(t, tc.name, out, tc.want...)
			if tc.name == "hidden" {
				mustNotName(t, tc.name, out, "get_api_keys")
			}
		})
	}
}

// TestR38ClustersLeaveListRegionsOutWhereHidden: list_clusters in an organization without
// clusters named list_regions where it was excluded; the hint is now left out there.
func TestR38ClustersLeaveListRegionsOutWhereHidden(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tools.Policy{ExcludeTools: []string{"list_regions"}}})
	out := h.ok(t, "list_clusters", map[string]any{})
	mustContain(t, "hidden", out, "The organization has no dedicated clusters (an Enterprise feature); its apps run in shared regions.")
	mustNotName(t, "hidden", out, "list_regions")
	h = newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	mustContain(t, "usable", h.ok(t, "list_clusters", map[string]any{}), "its apps run in shared regions (list_regions).")
}
