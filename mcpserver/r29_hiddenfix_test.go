package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// checkNamedOnlyWhereUsable checks a paragraph that names change tools: each tool of hidden it
// names is marked "(not available here)" and the paragraph ends saying why (reason) and that
// such a step is only proposed; usable tools are never marked.
func checkNamedOnlyWhereUsable(t *testing.T, what, para string, hidden []string, reason string) {
	t.Helper()
	body, closing, _ := strings.Cut(para, " not available here (")
	if i := strings.LastIndex(body, ". "); closing != "" && i >= 0 {
		body, closing = body[:i+2], body[i+2:]+" not available here ("+closing
	}
	marked := checkMarkedUnavailable(t, what, para, body, closing, hidden, reason)
	if len(hidden) > 0 && marked == 0 {
		t.Errorf("%s: nothing marked unavailable though %v are:\n%s", what, hidden, para)
	}
}

// paragraph is the paragraph of out that starts with prefix.
func paragraph(t *testing.T, out, prefix string) string {
	t.Helper()
	i := strings.Index(out, prefix)
	if i < 0 {
		t.Fatalf("no %q in\n%s", prefix, out)
	}
	p, _, _ := strings.Cut(out[i:], "\n\n")
	return p
}

// TestR29WouldFailAgainNamesOnlyUsableTools: create_and_deploy_app, re-run after its deployment
// failed in a way deploying unchanged repeats, names set_secret and create_deployment as calls
// only where the caller can use them (not under --toolsets workflows, nor set_secret for a token
// without secrets:write). It used to offer both regardless.
func TestR29WouldFailAgainNamesOnlyUsableTools(t *testing.T) {
	for _, tc := range []struct {
		name   string
		start  func(t *testing.T) *harness
		hidden []string
		reason string
	}{
		{"all usable", func(t *testing.T) *harness {
			return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
		}, nil, ""},
		{"toolsets workflows", func(t *testing.T) *harness {
			return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff},
				policy: tools.Policy{Toolsets: []string{"workflows"}}})
		}, []string{"set_secret", "create_deployment"}, `its toolset "secrets" is not enabled`},
		{"no secrets:write", func(t *testing.T) *harness {
			h, _ := twoTokenHarness(t, []string{"apps:read", "apps:write", "deployments:read", "deployments:write", "instances:read", "secrets:read"})
			return h
		}, []string{"set_secret"}, "token lacks"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.start(t)
			if err := h.emu.FailNextDeployment("unable_to_start"); err != nil {
				t.Fatal(err)
			}
			args := map[string]any{"name": "fails-app", "spicepod": podA}
			mustContain(t, "first run", text(h.call(t, "create_and_deploy_app", args)), "failed**")
			out := h.fail(t, "create_and_deploy_app", args)
			para := paragraph(t, out, "No deployment was started: ")
			checkNamedOnlyWhereUsable(t, tc.name, para, tc.hidden, tc.reason)
			if len(tc.hidden) == 0 {
				mustContain(t, tc.name, para, "a secret's value with set_secret", "deploy it unchanged instead: `create_deployment {\"app\":\"fails-app\"}`.")
			}
		})
	}
}

// TestR29FailedRollbackNamesOnlyUsableTools: a failed rollback's fix (get_deployment,
// wait_for_deployment) names set_secret, update_app and create_deployment as calls only where
// the caller can use them. It used to name all three regardless.
func TestR29FailedRollbackNamesOnlyUsableTools(t *testing.T) {
	for _, tc := range []struct {
		name   string
		policy tools.Policy
		hidden []string
		reason string
	}{
		{"all usable", tools.Policy{}, nil, ""},
		{"excluded", tools.Policy{ExcludeTools: fixChangeTools}, fixChangeTools, present.HiddenExcluded},
		{"exclude set_secret", tools.Policy{ExcludeTools: []string{"set_secret"}}, []string{"set_secret"}, present.HiddenExcluded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, policy: tc.policy})
			if err := h.emu.FailNextDeployment("unable_to_start"); err != nil {
				t.Fatal(err)
			}
			var rb struct {
				ID int64 `json:"id"`
			}
			structured(t, h.call(t, "rollback_deployment", map[string]any{"app": "analytics-app", "deployment_id": 1001}), &rb)
			args := map[string]any{"app": "analytics-app", "deployment_id": rb.ID}
			for _, tool := range []string{"wait_for_deployment", "get_deployment"} {
				out := h.ok(t, tool, args)
				para := paragraph(t, out, "What to do: This was a rollback to deployment 1001")
				checkNamedOnlyWhereUsable(t, tc.name+", "+tool, para, tc.hidden, tc.reason)
				if len(tc.hidden) == 0 {
					mustContain(t, tool, para, "create_deployment would deploy the app's stored configuration",
						"set it with set_secret", "with update_app and deploy it with create_deployment.")
				}
			}
		})
	}
}

// TestR29ResumeNotPausedNamesOnlyUsableTools: resume_app on an app that is not paused names
// create_deployment (and update_app, for an app with no spicepod) as the call that starts it
// only where the caller can use it. It used to offer create_deployment under --toolsets apps.
func TestR29ResumeNotPausedNamesOnlyUsableTools(t *testing.T) {
	for _, tc := range []struct {
		name     string
		policy   tools.Policy
		spicepod bool
		hidden   []string
		reason   string
	}{
		{"all usable", tools.Policy{}, true, nil, ""},
		{"toolsets apps", tools.Policy{Toolsets: []string{"apps"}}, true, []string{"create_deployment"}, `its toolset "deployments" is not enabled`},
		{"no spicepod, all usable", tools.Policy{}, false, nil, ""},
		{"no spicepod, toolsets apps", tools.Policy{Toolsets: []string{"apps"}}, false, []string{"create_deployment"}, `its toolset "deployments" is not enabled`},
		{"no spicepod, exclude update_app", tools.Policy{ExcludeTools: []string{"update_app"}}, false, []string{"update_app"}, present.HiddenExcluded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}, policy: tc.policy})
			app := "analytics-app"
			if !tc.spicepod {
				app = "bare-app"
				h.ok(t, "create_app", map[string]any{"name": app})
			}
			out := h.ok(t, "resume_app", map[string]any{"app": app})
			para := paragraph(t, out, "is not paused, so there is nothing to resume")
			checkNamedOnlyWhereUsable(t, tc.name, para, tc.hidden, tc.reason)
			if len(tc.hidden) == 0 {
				mustContain(t, tc.name, para, "`create_deployment {\"app\":\""+app+"\"}`")
			}
		})
	}
}
