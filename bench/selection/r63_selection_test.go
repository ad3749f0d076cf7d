package selection

import "testing"

// TestR63SelectionMargin holds the margin on the whole corpus and on round 63's held-out part, and
// tools/list's cost. It prints the figures of every part:
//
//	go test ./bench/selection -v -run TestR63SelectionMargin
func TestR63SelectionMargin(t *testing.T) {
	selectionMargin{
		round:            63,
		minNewRequests:   80,
		maxTokensPerTool: r60MaxTokensPerTool,
	}.hold(t)
}
