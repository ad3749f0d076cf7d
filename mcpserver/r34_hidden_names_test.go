package mcpserver_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR34HiddenToolsNeverOfferedAsCalls: results named resume_app, rollback_deployment and
// wait_for_deployment as calls (`tool {…}`) even where the caller cannot use them (--read-only,
// --exclude-tools, --toolsets): list_instances, get_instance_logs and describe_app of a paused
// app, pause_app, resume_app, create_deployment's and rollback_deployment's refusals, a queued rollback, get_deployment of a paused app's
// replaced deployment, and create_and_deploy_app's texts. Each now names a hidden tool only as
// not available (or another way to follow a deployment), in text and structured content alike.
func TestR34HiddenToolsNeverOfferedAsCalls(t *testing.T) {
	const app, appNumber = "analytics-app", "101" // the demo app and its ID (list_apps is not in every toolset)
	pause := func(t *testing.T, h *harness) {
		emuSend(t, h, "sandbox", http.MethodPost, "/v1/projects/"+appNumber+"/pause", nil, nil)
	}
	deploy := func(t *testing.T, h *harness) {
		emuSend(t, h, "sandbox", http.MethodPost, "/v1/projects/"+appNumber+"/deployments", map[string]any{}, nil)
	}
	pod := "version: v1\nkind: Spicepod\nname: r34-app\n"
	// pausedRun: an app of create_and_deploy_app's, paused, so the next run's deployment is refused.
	pausedRun := func(t *testing.T, h *harness) {
		var run struct {
			AppID int64 `json:"app_id"`
		}
		structured(t, h.call(t, "create_and_deploy_app", map[string]any{"name": "r34-app", "spicepod": pod}), &run)
		emuSend(t, h, "sandbox", http.MethodPost, "/v1/projects/"+itoa(run.AppID)+"/pause", nil, nil)
	}
	readOnly := tools.Policy{ReadOnly: true}
	exclude := func(names ...string) tools.Policy { return tools.Policy{ExcludeTools: names} }
	for _, tc := range []hiddenToolCase{
		{"list_instances of a paused app, read-only", readOnly, []func(*testing.T, *harness){pause}, "list_instances",
			map[string]any{"app": app}, []string{"resume_app"}, []string{"resume_app (not available here)", "--read-only"}},
		{"get_instance_logs of a paused app, read-only", readOnly, []func(*testing.T, *harness){pause}, "get_instance_logs",
			map[string]any{"app": app}, []string{"resume_app"}, []string{"resume_app (not available here)"}},
		{"describe_app of a paused app, read-only", readOnly, []func(*testing.T, *harness){pause}, "describe_app",
			map[string]any{"app": app}, []string{"resume_app"}, []string{"**Paused**", "resume_app (not available here)"}},
		{"get_deployment of a paused app's replaced deployment, read-only", readOnly, []func(*testing.T, *harness){pause}, "get_deployment",
			map[string]any{"app": app, "deployment_id": 1001}, []string{"resume_app", "rollback_deployment"},
			[]string{"rollback_deployment (not available here) (to deployment 1001)"}},
		{"pause_app of a paused app, resume_app excluded", exclude("resume_app"), []func(*testing.T, *harness){pause}, "pause_app",
			map[string]any{"app": app}, []string{"resume_app"}, []string{"already paused", "resume_app (not available here) starts it again"}},
		{"pause_app, resume_app excluded", exclude("resume_app"), nil, "pause_app",
			map[string]any{"app": app}, []string{"resume_app"}, []string{"Paused ", "resume_app (not available here) starts it again"}},
		{"resume_app not paused, deployment in flight, wait excluded", exclude("wait_for_deployment"), []func(*testing.T, *harness){deploy},
			"resume_app", map[string]any{"app": app}, []string{"wait_for_deployment"}, []string{"get_deployment {"}},
		{"resume_app, apps toolset only", tools.Policy{Toolsets: []string{tools.ToolsetApps}}, []func(*testing.T, *harness){pause},
			"resume_app", map[string]any{"app": app}, []string{"wait_for_deployment", "get_deployment"}, []string{"the Spice.ai portal"}},
		{"resume_app waiting, timed out, wait excluded", exclude("wait_for_deployment"), []func(*testing.T, *harness){pause},
			"resume_app", map[string]any{"app": app, "wait": true, "timeout_seconds": 1}, []string{"wait_for_deployment"},
			[]string{"still", "get_deployment {"}},
		{"create_deployment of a paused app, resume_app excluded", exclude("resume_app"), []func(*testing.T, *harness){pause},
			"create_deployment", map[string]any{"app": app}, []string{"resume_app"}, []string{"resume_app (not available here)"}},
		{"create_deployment with one in flight, deployments toolset", tools.Policy{Toolsets: []string{tools.ToolsetDeployments}},
			[]func(*testing.T, *harness){deploy}, "create_deployment", map[string]any{"app": app}, []string{"wait_for_deployment"},
			[]string{"get_deployment {", "wait_for_deployment is not available here"}},
		{"create_and_deploy_app not waiting, wait excluded", exclude("wait_for_deployment"), nil, "create_and_deploy_app",
			map[string]any{"name": "r34-app", "spicepod": pod, "wait": false}, []string{"wait_for_deployment"}, []string{"get_deployment {"}},
		{"create_and_deploy_app timed out, wait excluded", exclude("wait_for_deployment"), nil, "create_and_deploy_app",
			map[string]any{"name": "r34-app", "spicepod": pod, "timeout_seconds": 1}, []string{"wait_for_deployment"},
			[]string{"still", "get_deployment {"}},
		{"create_and_deploy_app of a paused app, workflows toolset", tools.Policy{Toolsets: []string{tools.ToolsetWorkflows}},
			[]func(*testing.T, *harness){pausedRun}, "create_and_deploy_app",
			map[string]any{"name": "r34-app", "spicepod": pod + "description: changed\n", "wait": false}, []string{"resume_app"},
			[]string{"resume_app (not available here)"}},
		{"rollback_deployment of a paused app, resume_app excluded", exclude("resume_app"), []func(*testing.T, *harness){pause},
			"rollback_deployment", map[string]any{"app": app, "deployment_id": 1001}, []string{"resume_app"},
			[]string{"resume_app (not available here)", "rollback_deployment {"}},
		{"rollback_deployment queued, wait excluded", exclude("wait_for_deployment"), nil,
			"rollback_deployment", map[string]any{"app": app, "deployment_id": 1001}, []string{"wait_for_deployment"},
			[]string{"Queued a rollback", "get_deployment {"}},
		{"rollback_deployment with one in flight, deployments toolset", tools.Policy{Toolsets: []string{tools.ToolsetDeployments}},
			[]func(*testing.T, *harness){deploy}, "rollback_deployment", map[string]any{"app": app, "deployment_id": 1001},
			[]string{"wait_for_deployment"}, []string{"get_deployment {"}},
		{"get_deployment in flight, wait excluded", exclude("wait_for_deployment"), []func(*testing.T, *harness){deploy},
			"get_deployment", map[string]any{"app": app, "deployment_id": 1008}, []string{"wait_for_deployment"},
			[]string{"Still running", "get_deployment {"}},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.check(t, false) })
	}
}

// hiddenToolCase is a call made with some tools hidden (policy): the result never offers one
// of hidden as a call, and says want instead.
type hiddenToolCase struct {
	name   string
	policy tools.Policy
	setup  []func(*testing.T, *harness)
	tool   string
	args   map[string]any
	hidden []string // never offered as a call (nor, strict, named bare)
	want   []string // what is said instead
}

// check makes the call and checks its text and structured content; strict: a hidden tool is
// named only as not available.
func (tc hiddenToolCase) check(t *testing.T, strict bool) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tc.policy, outputSchemas: true,
		safety: tools.Safety{Confirm: tools.ConfirmOff}})
	for _, setup := range tc.setup {
		setup(t, h)
	}
	res := h.call(t, tc.tool, tc.args)
	all := everything(res) // text and structured content
	if testing.Verbose() {
		t.Log(text(res))
	}
	mustContain(t, tc.name, text(res), tc.want...)
	for _, hidden := range tc.hidden {
		if strings.Contains(all, hidden+" {") {
			t.Errorf("%s: offers %s as a call though the caller cannot use it:\n%s", tc.name, hidden, all)
		}
		rest := strings.NewReplacer(hidden+" (not available here)", "", hidden+" is not available here", "").Replace(all)
		if strict && strings.Contains(rest, hidden) {
			t.Errorf("%s: names %s as if the caller could use it:\n%s", tc.name, hidden, all)
		}
	}
}
