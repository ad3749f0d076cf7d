package mcpserver_test

import (
	"slices"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r74Testtime15OnePerTool keeps the first call of each tool of script, and every resource read and prompt.
func r74Testtime15OnePerTool(script []r37SweepStep) []r37SweepStep {
	var out []r37SweepStep
	seen := map[string]bool{}
	for _, step := range script {
		if step.tool != "" {
			if seen[step.tool] {
				continue
			}
			seen[step.tool] = true
		}
		out = append(out, step)
	}
	return out
}

// TestR74Testtime15CredentiallessAnswerIgnoresArguments holds what lets the R37 sweep call each
// tool once without credentials: under a policy that hides tools, every call of one tool answers
// the same text whatever its arguments.
func TestR74Testtime15CredentiallessAnswerIgnoresArguments(t *testing.T) {
	for _, policy := range []tools.Policy{{ReadOnly: true}, {ExcludeTools: []string{"check_health"}}, {ExcludeTools: []string{"whoami"}}} {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, token: "-", policy: policy, safety: tools.Safety{NoConfirm: true}, inProcess: true})
		first := map[string]string{}
		for _, step := range r37SweepScript(1) {
			if step.tool == "" || !slices.Contains(policy.Offered(), step.tool) {
				continue
			}
			out := step.run(t, h)
			if prev, ok := first[step.tool]; !ok {
				first[step.tool] = out
			} else if out != prev {
				t.Errorf("%+v: %s answers without credentials\n%s\nbut its first call answered\n%s", policy, step, out, prev)
			}
		}
	}
}
