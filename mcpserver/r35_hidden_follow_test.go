package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR35QueuedDeploymentFollowedWithUsableTools: create_deployment's result (the most common
// one) follows the queued deployment with wait_for_deployment only where usable: with the
// deployments toolset alone, or wait_for_deployment excluded, it names get_deployment called
// again; with get_deployment excluded too, the portal. Its result for an app missing secrets
// marks set_secret where the secrets toolset is off.
func TestR35QueuedDeploymentFollowedWithUsableTools(t *testing.T) {
	for _, tc := range []struct {
		name   string
		policy tools.Policy
		want   string
	}{
		{"toolsets apps,deployments", tools.Policy{Toolsets: []string{tools.ToolsetApps, tools.ToolsetDeployments}}, `get_deployment {`},
		{"wait excluded", tools.Policy{ExcludeTools: []string{"wait_for_deployment"}}, `get_deployment {`},
		{"both excluded", tools.Policy{ExcludeTools: []string{"wait_for_deployment", "get_deployment"}}, "the Spice.ai portal"},
		{"nothing hidden", tools.Policy{}, `wait_for_deployment {`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tc.policy, safety: tools.Safety{Confirm: tools.ConfirmOff}})
			res := h.call(t, "create_deployment", map[string]any{"app": "analytics-app"})
			all := everything(res)
			if tc.want != `wait_for_deployment {` && strings.Contains(all, "wait_for_deployment {") {
				t.Errorf("offers the hidden wait_for_deployment as a call:\n%s", text(res))
			}
			if !strings.Contains(text(res), tc.want) {
				t.Errorf("does not name %q:\n%s", tc.want, text(res))
			}
		})
	}
	t.Run("missing secrets, secrets toolset off", func(t *testing.T) {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
			policy: tools.Policy{Toolsets: []string{tools.ToolsetApps, tools.ToolsetDeployments}}})
		pod := "version: v1\nkind: Spicepod\nname: analytics-app\nsecrets:\n  - from: env\n    name: env\ndatasets:\n" +
			"  - from: postgres:public.t\n    name: t\n    params:\n      pg_pass: ${secrets:R35_UNSET_PASS}\n"
		h.ok(t, "update_app", map[string]any{"app": "analytics-app", "spicepod": pod})
		res := h.call(t, "create_deployment", map[string]any{"app": "analytics-app"})
		got := text(res)
		if !strings.Contains(got, "R35_UNSET_PASS") {
			t.Fatalf("not the missing-secrets result:\n%s", got)
		}
		if strings.Contains(got, "wait_for_deployment {") || !strings.Contains(got, "set_secret (not available here)") {
			t.Errorf("names hidden tools as steps:\n%s", got)
		}
	})
}

// TestR35PausedRerunNamesResumeOnlyWhereUsable: create_and_deploy_app run again on a paused
// app with nothing to deploy (the settled path) marks resume_app where it is hidden, as every
// other deployment text does.
func TestR35PausedRerunNamesResumeOnlyWhereUsable(t *testing.T) {
	pod := "version: v1\nkind: Spicepod\nname: r35-app\n"
	for _, pol := range []tools.Policy{
		{Toolsets: []string{tools.ToolsetWorkflows}},
		{ExcludeTools: []string{"resume_app"}},
	} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: pol, safety: tools.Safety{Confirm: tools.ConfirmOff}})
		var run struct {
			AppID int64 `json:"app_id"`
		}
		structured(t, h.call(t, "create_and_deploy_app", map[string]any{"name": "r35-app", "spicepod": pod}), &run)
		emuSend(t, h, "sandbox", "POST", "/v1/projects/"+itoa(run.AppID)+"/pause", nil, nil)
		res := h.call(t, "create_and_deploy_app", map[string]any{"name": "r35-app", "spicepod": pod})
		if all := everything(res); strings.Contains(all, "resume_app {") || !strings.Contains(text(res), "resume_app (not available here)") {
			t.Errorf("policy %+v: resume_app offered while hidden:\n%s", pol, text(res))
		}
	}
}
