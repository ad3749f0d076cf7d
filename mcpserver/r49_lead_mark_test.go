package mcpserver_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR49LeadRerunInANewProcessRecognisesItsDeployment: without SPICE_MCP_CONFIRM_KEY the
// deployment marks are keyed by a key derived from the server's own credential (MarkKey), so a
// re-run of create_and_deploy_app in a new process (over stdio, a new session) finds the
// deployment it started rather than taking it for another call's; two processes whose marks are
// keyed apart (no credential to derive from) still do.
func TestR49LeadRerunInANewProcessRecognisesItsDeployment(t *testing.T) {
	pod := "version: v1\nkind: Spicepod\nname: rerun-app\n"
	for _, c := range []struct {
		name       string
		key1, key2 []byte
		theirs     bool
	}{
		{"same credential", tools.MarkKeyFrom("spice_api_key_one"), tools.MarkKeyFrom("spice_api_key_one"), false},
		{"other credential", tools.MarkKeyFrom("spice_api_key_one"), tools.MarkKeyFrom("spice_api_key_two"), true},
		{"no credential", nil, nil, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			emu := sandbox.New(sandbox.Config{Demo: true})
			api := httptest.NewServer(emu)
			t.Cleanup(api.Close)
			shared := func(*testing.T, string) string { return api.URL }
			args := map[string]any{"name": "rerun-app", "spicepod": pod, "wait": false}
			var rerun string
			for i, key := range [][]byte{c.key1, c.key2} {
				h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: shared,
					safety: tools.Safety{Confirm: tools.ConfirmOff, MarkKey: key}})
				rerun = text(h.call(t, "create_and_deploy_app", args))
				if i == 0 && !strings.Contains(rerun, "1008") {
					t.Fatalf("first run: %s", rerun)
				}
			}
			if theirs := strings.Contains(rerun, "not of this configuration"); theirs != c.theirs {
				t.Errorf("the re-run took deployment 1008 for another call's: %v, want %v: %s", theirs, c.theirs, rerun)
			}
			reader := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: shared})
			var listed struct {
				Deployments []struct {
					ID int64 `json:"id"`
				} `json:"deployments"`
			}
			structuredOf(t, reader.call(t, "list_deployments", map[string]any{"app": "rerun-app"}), &listed)
			if got := len(listed.Deployments); got != 1 {
				t.Errorf("%d deployments, want 1 (the first run's): %+v", got, listed)
			}
		})
	}
}

// TestR49LeadEmptyAppNameSaysTheRule: a new app's name missing, null or "" is refused with what a
// name must be (the API's own rule says only "Required"), before any request.
func TestR49LeadEmptyAppNameSaysTheRule(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	for _, tool := range []string{"create_app", "create_and_deploy_app"} {
		for _, args := range []map[string]any{{}, {"name": nil}, {"name": ""}} {
			mustContain(t, tool, h.fail(t, tool, args), "name: Required: ", "4 to 38", "letters, digits and hyphens")
		}
	}
}
