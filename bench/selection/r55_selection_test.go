package selection

import "testing"

// Round 55's margin under its figures after tuning (whole corpus 79.1 % / 94.4 % of 941, MRR
// 0.866, round 55's requests alone 70.8 % / 89.2 % of 120, MRR 0.802; on round 54's descriptions
// 78.9 % / 94.0 % and 67.5 % / 87.5 %): a reworded description that loses four first places or
// three top-3 places of the whole, or four first or three top-3 places of round 55's, fails.
// The whole corpus is under issue 13's 80 % / 95 % since round 55's part (TestToolSelection).
// tools/list costs 139.7 tokens a tool (5,309; 5,305 before).
const (
	r55MinTop1          = 78.7
	r55MinTop3          = 94.1
	r55NewMinTop1       = 67.6
	r55NewMinTop3       = 86.7
	r55MaxTokensPerTool = r56MaxTokensPerTool // round 56 raised it to its own (140.9: users' words; under 150)
)

// TestR55SelectionMargin holds the margin on the whole corpus and on round 55's requests alone
// (written before round 55 tuned the descriptions: a new hire reading the docs aloud, CLI-style
// commands, a security reviewer, a data engineer, follow-ups leaning on the conversation), and
// tools/list's cost. It prints the figures of every part:
//
//	go test ./bench/selection -v -run TestR55SelectionMargin
func TestR55SelectionMargin(t *testing.T) {
	selectionMargin{
		round:   55,
		minTop1: r55MinTop1, minTop3: r55MinTop3,
		newMinTop1: r55NewMinTop1, newMinTop3: r55NewMinTop3,
		minNewRequests:   110,
		maxTokensPerTool: r55MaxTokensPerTool,
	}.hold(t)
}
