package mcpserver_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR55NewcomerHumanTestsCoverEveryApprovedTool: README's Tests section says the human-channel
// tests call "each tool a person approves" (declined by elicitation, approved by link). The tools
// a person approves are the ones offering confirm under --confirm=agent; the `destructive` table
// those tests range over must name each of them, so a tool that joins the approved set (as
// add_member granting admin or owner did) cannot go untested while README counts it.
func TestR55NewcomerHumanTestsCoverEveryApprovedTool(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}})
	var approved []string
	for _, tool := range h.listTools(t) {
		raw, _ := json.Marshal(tool)
		if strings.Contains(string(raw), `"confirm"`) {
			approved = append(approved, tool.Name)
		}
	}
	slices.Sort(approved)
	var tested []string
	for _, c := range destructive {
		if !slices.Contains(tested, c.tool) {
			tested = append(tested, c.tool)
		}
	}
	slices.Sort(tested)
	if !slices.Equal(tested, approved) {
		t.Errorf("the human-channel tests call %v; the tools a person approves are %v", tested, approved)
	}
}
