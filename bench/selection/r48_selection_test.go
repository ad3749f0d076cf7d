package selection

import "testing"

// Round 48's margin over issue 13's thresholds (80 % / 95 %), so that one reworded description
// cannot drop the catalogue under them, and its token ceiling, under the 147.3 per tool before.
const (
	r48MinTop1          = 85.0
	r48MinTop3          = 97.0
	r48MaxTokensPerTool = r53MaxTokensPerTool // round 53 raised every round's ceiling to its own (users' words; under 150)
)

// TestR48SelectionMargin holds the margin on the whole corpus, issue 13's thresholds on the
// requests added in round 48 alone (written before the descriptions were tuned), and tools/list's cost as the
// golden catalogue (mcpserver/testdata/tools.golden.json, what a client receives) has it. It
// prints the figures of the older and the newer part:
//
//	go test ./bench/selection -v -run TestR48SelectionMargin
func TestR48SelectionMargin(t *testing.T) {
	selectionMargin{
		round:   48,
		minTop1: r48MinTop1, minTop3: r48MinTop3,
		newMinTop1: 80, newMinTop3: 95,
		minNewRequests:   0,
		maxTokensPerTool: r48MaxTokensPerTool,
	}.hold(t)
}
