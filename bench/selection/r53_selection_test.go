package selection

import "testing"

// Round 53's margin under its figures after tuning (whole corpus 80.9 % / 95.4 % of 716, MRR
// 0.877, round 53's requests alone 73.3 % / 93.3 % of 90, MRR 0.828; on main's descriptions
// 78.9 % / 94.3 % and 60.0 % / 87.8 %): a reworded description that loses four first places or
// three top-3 places of the whole (which takes it under issue 13's 95 %), or four first or three top-3
// places of round 53's, fails. tools/list costs 147.3 tokens a tool (5,599; 5,547 before: the
// users' words round 53 added, less a few that no request used); the ceiling leaves six tokens,
// so that --confirm=agent's tools/list (95 more, 149.8 a tool) stays under issue 13's 150.
const (
	r53MinTop1          = 80.4
	r53MinTop3          = 95.0
	r53NewMinTop1       = 70.0
	r53NewMinTop3       = 91.0
	r53MaxTokensPerTool = 147.5
)

// TestR53SelectionMargin holds the margin on the whole corpus and on round 53's requests alone
// (written before round 53 tuned the descriptions), and tools/list's cost. It prints the figures
// of every part:
//
//	go test ./bench/selection -v -run TestR53SelectionMargin
func TestR53SelectionMargin(t *testing.T) {
	selectionMargin{
		round:   53,
		minTop1: r53MinTop1, minTop3: r53MinTop3,
		newMinTop1: r53NewMinTop1, newMinTop3: r53NewMinTop3,
		minNewRequests:   70,
		maxTokensPerTool: r53MaxTokensPerTool,
	}.hold(t)
}
