package mcpserver_test

import (
	"slices"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r75Testtime16OwnAnswers are the tools whose answer without credentials is their own:
// check_health and whoami work, and create_and_deploy_app answers with its steps table.
var r75Testtime16OwnAnswers = []string{"check_health", "whoami", "create_and_deploy_app"}

// r75Testtime16NoCredentialSteps is r74Testtime15OnePerTool(script) cut further for a sweep that
// hides hidden: every other tool answers one text without credentials
// (TestR75Testtime16CredentiallessAnswerIsOneText), so the first tool call that is not hidden
// stands for the others. Resources (a hidden tool's resource answers that it is not available)
// and prompts and r75Testtime16OwnAnswers are all kept.
func r75Testtime16NoCredentialSteps(script []r37SweepStep, hidden []string) []r37SweepStep {
	var out []r37SweepStep
	tool := false
	for _, step := range r74Testtime15OnePerTool(script) {
		if step.tool != "" && !slices.Contains(r75Testtime16OwnAnswers, step.tool) {
			if tool || slices.Contains(hidden, step.tool) {
				continue
			}
			tool = true
		}
		out = append(out, step)
	}
	return out
}

// TestR75Testtime16CredentiallessAnswerIsOneText holds what lets the R37 sweep call one tool
// without credentials: under policies that hide tools or none, every listed tool but
// r75Testtime16OwnAnswers answers the same text.
func TestR75Testtime16CredentiallessAnswerIsOneText(t *testing.T) {
	t.Parallel() // CPU only, on harnesses of its own; bounds no time
	for _, policy := range []tools.Policy{{}, {ReadOnly: true}, {ExcludeTools: []string{"check_health"}}, {ExcludeTools: []string{"whoami"}},
		{ExcludeTools: []string{"list_apps"}}} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, token: "-", policy: policy, safety: tools.Safety{NoConfirm: true}, quietLogs: true, inProcess: true})
		first, n := "", 0
		for _, step := range r74Testtime15OnePerTool(r37SweepScript(1)) {
			if step.tool == "" || slices.Contains(r75Testtime16OwnAnswers, step.tool) || !slices.Contains(policy.Offered(), step.tool) {
				continue
			}
			out := step.run(t, h)
			if n++; first == "" {
				first = out
			} else if out != first {
				t.Errorf("%+v: %s answers without credentials\n%s\nbut the first tool answered\n%s", policy, step, out, first)
			}
		}
		if n < 15 {
			t.Errorf("%+v: %d tools compared", policy, n)
		}
	}
}
