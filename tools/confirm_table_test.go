package tools

import (
	"slices"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestApprovalActionsNameTheToolsThatAsk: the instructions' table of actions that wait for an
// approval names exactly the tools that take confirm.
func TestApprovalActionsNameTheToolsThatAsk(t *testing.T) {
	var asking, named []string
	for _, tool := range All() {
		if tool.AsksApproval() {
			asking = append(asking, tool.Name)
		}
	}
	for _, a := range present.ApprovalActions {
		named = append(named, a.Tool)
	}
	slices.Sort(asking)
	slices.Sort(named)
	if !slices.Equal(asking, named) {
		t.Errorf("tools that take confirm: %v; present.ApprovalActions names: %v", asking, named)
	}
}
