package mcpserver_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r53HostileDeploymentGone answers every read of one deployment 404 "Deployment not found".
func r53HostileDeploymentGone(r *http.Request, _ int) (int, string, bool) {
	if r.Method == http.MethodGet && regexp.MustCompile(`/deployments/\d+$`).MatchString(r.URL.Path) {
		return http.StatusNotFound, `{"error":"Deployment not found"}`, true
	}
	return 0, "", false
}

// TestR53HostileWaitNotFoundListHidden: create_and_deploy_app whose deployment is then answered
// 404, list_deployments excluded, ended its wait step "(the Spice.ai portal shows the app's
// deployments)" — under --sandbox too, whose emulator no portal shows — and named no reason
// list_deployments was not offered. It now says why, and in sandbox mode names no portal.
func TestR53HostileWaitNotFoundListHidden(t *testing.T) {
	spicepod := "version: v1\nkind: Spicepod\nname: s\n"
	for _, sandboxMode := range []bool{false, true} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, sandboxNote: sandboxMode, apiSandbox: sandboxMode,
			safety: tools.Safety{Confirm: tools.ConfirmOff}, policy: tools.Policy{ExcludeTools: []string{"list_deployments"}},
			upstream: r50HostileProxy(r53HostileDeploymentGone)})
		got := h.fail(t, "create_and_deploy_app", map[string]any{"name": "shop", "spicepod": spicepod})
		mustContain(t, "wait step", got, "stopped: the API does not find deployment 1008, which it named (", "list_deployments is not available here (it is listed in --exclude-tools")
		if sandboxMode {
			if strings.Contains(got, "portal") && !strings.Contains(got, "no portal") {
				t.Errorf("sandbox: names a portal:\n%s", got)
			}
			mustContain(t, "sandbox", got, "the sandbox has no portal that shows")
		} else {
			mustContain(t, "real", got, "the Spice.ai portal shows the app's deployments")
		}
	}
}

// TestR53HostileDeployUnansweredListHidden: create_and_deploy_app whose deploy request went
// unanswered (a 502), list_deployments excluded, said "a deployment may have started; check
// list_deployments" and "(list_deployments shows it)": a tool not offered. Neither is named now.
func TestR53HostileDeployUnansweredListHidden(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, sandboxNote: true, apiSandbox: true,
		safety: tools.Safety{Confirm: tools.ConfirmOff}, policy: tools.Policy{ExcludeTools: []string{"list_deployments"}},
		upstream: r50HostileProxy(func(r *http.Request, _ int) (int, string, bool) {
			if r.Method == http.MethodPost && regexp.MustCompile(`/deployments$`).MatchString(r.URL.Path) {
				return http.StatusBadGateway, `{"error":"bad gateway"}`, true
			}
			return 0, "", false
		})})
	got := h.fail(t, "create_and_deploy_app", map[string]any{"name": "shop", "spicepod": "version: v1\nkind: Spicepod\nname: s\n"})
	mustContain(t, "deploy step", got, "outcome unknown: a deployment may have started", "may have started a deployment")
	if strings.Contains(got, "list_deployments") && !strings.Contains(got, "list_deployments is not available") {
		t.Errorf("names list_deployments, which is not offered:\n%s", got)
	}
}
