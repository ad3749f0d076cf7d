package selection

import "testing"

// Round 55's margin (figures filled in after tuning).
func TestR55SelectionMargin(t *testing.T) {
	selectionMargin{
		round:            55,
		minNewRequests:   100,
		maxTokensPerTool: 150,
	}.hold(t)
}
