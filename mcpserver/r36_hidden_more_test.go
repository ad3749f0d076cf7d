package mcpserver_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// plainlyNamed reports whether out names tool other than marked "(not available here)" or in
// a sentence saying which tools are not available and why.
func plainlyNamed(out, tool string) bool {
	if !strings.Contains(out, tool) { // what follows only takes text away; its regexp costs seconds under -race
		return false
	}
	out = strings.ReplaceAll(out, tool+" (not available here)", "")
	for loc := plainlyNamedWhy.FindStringIndex(out); loc != nil; loc = plainlyNamedWhy.FindStringIndex(out) {
		end, depth := loc[1], 1
		for ; end < len(out) && depth > 0; end++ {
			switch out[end] {
			case '(':
				depth++
			case ')':
				depth--
			}
		}
		out = out[:loc[0]] + out[end:]
	}
	return strings.Contains(out, tool)
}

// plainlyNamedWhy is the start of a sentence saying which tools are not available and why.
var plainlyNamedWhy = regexp.MustCompile(`[a-z_, ]*(is|are) not available here \(`)

// listed reports whether tools/list shows tool.
func (h *harness) listed(t *testing.T, tool string) bool {
	t.Helper()
	for _, tl := range h.listTools(t) {
		if tl.Name == tool {
			return true
		}
	}
	return false
}

// r36SharedState rewrites the fork's 201 answer to hold one shared_state item.
var r36SharedState = editedAnswer(forkCreated, func(fork map[string]any) {
	fork["shared_state"] = []any{"datasets[0].params.pg_host"}
})

// TestR36ResumeUnknownOffersUsableTools: a resume whose outcome is unknown (answered 500)
// offered `list_deployments {…}` as a call where --toolsets or --exclude-tools hid it; it now
// points to the portal, saying why, and follows the deployment with what the caller can use.
func TestR36ResumeUnknownOffersUsableTools(t *testing.T) {
	for _, tc := range []struct {
		name   string
		policy tools.Policy
		want   []string
	}{
		{"toolsets apps", tools.Policy{Toolsets: []string{tools.ToolsetApps}}, []string{
			"What to do: The Spice.ai portal shows the app's deployments (newest first; list_deployments, wait_for_deployment and " +
				"get_deployment are not available here (list_deployments and get_deployment: its toolset \"deployments\" is not enabled " +
				"(--toolsets); wait_for_deployment: its toolset \"workflows\" is not enabled (--toolsets)); an operator can make one available): " +
				"if a new deployment was queued, the resume went through, so follow it there; if not, resume again."}},
		{"list_deployments excluded", tools.Policy{ExcludeTools: []string{"list_deployments"}}, []string{
			"What to do: The Spice.ai portal shows the app's deployments (newest first; list_deployments is not available here " +
				"(it is listed in --exclude-tools); an operator can make it available): if a new deployment was queued, the resume went " +
				"through, so follow it with `wait_for_deployment {\"app\":\"analytics-app\"}`; if not, resume again."}},
		{"list_deployments and wait excluded", tools.Policy{ExcludeTools: []string{"list_deployments", "wait_for_deployment"}}, []string{
			"What to do: The Spice.ai portal shows the app's deployments (newest first; list_deployments is not available here " +
				"(it is listed in --exclude-tools); an operator can make it available): if a new deployment was queued, the resume went " +
				"through, so follow it with get_deployment with its deployment_id, called again until it ends (wait_for_deployment is not " +
				"available here (it is listed in --exclude-tools)); if not, resume again."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tc.policy})
			emuSend(t, h, "sandbox", http.MethodPost, "/v1/projects/"+itoa(h.appID(t, "analytics-app"))+"/pause", nil, nil)
			h.emu.InjectFault(sandbox.Fault{Operation: api.ResumeProject.ID, Status: http.StatusInternalServerError})
			out := h.fail(t, "resume_app", map[string]any{"app": "analytics-app"})
			mustContain(t, tc.name, out, append([]string{"Outcome unknown"}, tc.want...)...)
			for _, hidden := range []string{"list_deployments", "wait_for_deployment", "get_deployment"} {
				if h.listed(t, hidden) {
					continue
				}
				if strings.Contains(out, "`"+hidden) || plainlyNamed(out, hidden) {
					t.Errorf("%s is hidden, yet named as usable:\n%s", hidden, out)
				}
			}
		})
	}
}

// TestR36DeleteSecretReferencedNamesUsableTools: delete_secret of a secret the spicepod
// references offered `set_secret {…}` where set_secret was excluded, and under --toolsets
// secrets named create_deployment, resume_app and update_app as if usable.
func TestR36DeleteSecretReferencedNamesUsableTools(t *testing.T) {
	t.Run("set_secret excluded", func(t *testing.T) {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true},
			policy: tools.Policy{ExcludeTools: []string{"set_secret"}}})
		h.ok(t, "update_app", map[string]any{"app": "analytics-app", "spicepod": "version: v1\nkind: Spicepod\nname: analytics-app\n" +
			"datasets:\n  - from: postgres:public.x\n    name: x\n    params:\n      pg_pass: ${secrets:PG_PASS}\n"})
		out := h.ok(t, "delete_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS"})
		mustContain(t, "set_secret excluded", out, "set again with set_secret (not available here) or the reference is removed from the spicepod (update_app).",
			"set_secret is not available here (it is listed in --exclude-tools): for a step that needs it, propose it, naming the tool, but apply nothing.")
		if strings.Contains(out, "`set_secret") {
			t.Errorf("offers the excluded set_secret as a call:\n%s", out)
		}
	})
	t.Run("toolsets secrets", func(t *testing.T) {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true},
			policy: tools.Policy{Toolsets: []string{tools.ToolsetSecrets}}})
		// fraud-scoring's spicepod references PG_PASSWORD (sandbox/demo.go).
		h.ok(t, "set_secret", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "name": "PG_PASSWORD", "value": "r36-secret-value"})
		out := h.ok(t, "delete_secret", map[string]any{"app": "fraud-scoring", "org": "acme-labs", "name": "PG_PASSWORD"})
		mustContain(t, "toolsets secrets", out, "the next deployment fails to start (unable_to_start)",
			"`set_secret {\"app\":\"fraud-scoring\",\"org\":\"acme-labs\",\"name\":\"PG_PASSWORD\"}`", "update_app (not available here)")
		for _, hidden := range []string{"create_deployment", "resume_app", "update_app"} {
			if plainlyNamed(out, hidden) {
				t.Errorf("%s is hidden, yet named as usable:\n%s", hidden, out)
			}
		}
	})
}

// TestR36ForkNamesUsableTools: fork_app told to "deploy it with create_deployment" (and, with
// shared_state, to set the spicepod with update_app) where --toolsets apps hid create_deployment.
func TestR36ForkNamesUsableTools(t *testing.T) {
	for _, tc := range []struct {
		name   string
		policy tools.Policy
		want   string
		hidden []string
	}{
		{"toolsets apps", tools.Policy{Toolsets: []string{tools.ToolsetApps}},
			"Nothing is deployed yet: deploy it with create_deployment (not available here). create_deployment is not available here " +
				"(its toolset \"deployments\" is not enabled (--toolsets)): for a step that needs it, propose it, naming the tool, but apply nothing.",
			[]string{"create_deployment"}},
		{"nothing hidden", tools.Policy{}, "Nothing is deployed yet: deploy it with create_deployment. URL", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tc.policy})
			out := h.ok(t, "fork_app", map[string]any{"app": "analytics-app", "name": "r36-fork"})
			mustContain(t, tc.name, out, tc.want)
			for _, hidden := range tc.hidden {
				if plainlyNamed(out, hidden) {
					t.Errorf("%s is hidden, yet named as usable:\n%s", hidden, out)
				}
			}
		})
	}
	// shared_state: the fork must be changed before it is deployed, with update_app, then create_deployment.
	for _, tc := range []struct {
		name   string
		policy tools.Policy
		want   string
		hidden []string
	}{
		{"shared state, toolsets apps", tools.Policy{Toolsets: []string{tools.ToolsetApps}},
			"changed with update_app (app r36-fork, spicepod), then deploy it with create_deployment (not available here). " +
				"create_deployment is not available here (its toolset \"deployments\" is not enabled (--toolsets)): for a step that needs it, " +
				"propose it, naming the tool, but apply nothing.", []string{"create_deployment"}},
		{"shared state, both excluded", tools.Policy{ExcludeTools: []string{"update_app", "create_deployment"}},
			"changed with update_app (not available here), then deploy it with create_deployment (not available here). " +
				"update_app and create_deployment are not available here (each: it is listed in --exclude-tools)", []string{"update_app", "create_deployment"}},
		{"shared state, get_app excluded", tools.Policy{ExcludeTools: []string{"get_app"}},
			"Change them first: get_app (not available here) shows the fork's spicepod", []string{"get_app"}},
		{"shared state, nothing hidden", tools.Policy{},
			"changed with update_app (app r36-fork, spicepod), then deploy it with `create_deployment {\"app\":\"r36-fork\"}`.", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, policy: tc.policy,
				upstream: cannedProxy(&[]canned{}, r36SharedState)})
			out := h.ok(t, "fork_app", map[string]any{"app": "analytics-app", "name": "r36-fork"})
			mustContain(t, tc.name, out, "shared_state", tc.want)
			for _, hidden := range tc.hidden {
				if plainlyNamed(out, hidden) {
					t.Errorf("%s is hidden, yet named as usable:\n%s", hidden, out)
				}
			}
		})
	}
}
