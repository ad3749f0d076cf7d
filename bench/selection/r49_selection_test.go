package selection

import "testing"

// Round 49's margin under its figures after tuning (whole corpus 83.2 % / 95.1 %, round 49's
// requests alone 64.1 % / 79.7 %; before, 76.0 % / 89.6 % and 34.4 % / 54.7 %): a reworded
// description that loses three requests of the whole, two of round 49's first places or three
// of its top 3, or drops the whole corpus under issue 13's top-3 threshold, fails. tools/list
// stays no dearer than round 48 left it (146.4 tokens a tool).
const (
	r49MinTop1          = 82.5
	r49MinTop3          = 95.0
	r49NewMinTop1       = 62.0
	r49NewMinTop3       = 76.0
	r49MaxTokensPerTool = r53MaxTokensPerTool // round 53 raised every round's ceiling to its own (users' words; under 150)
)

// TestR49SelectionMargin holds the margin on the whole corpus and on round 49's requests alone,
// and tools/list's cost as the golden catalogue has it. It prints the figures of every part:
//
//	go test ./bench/selection -v -run TestR49SelectionMargin
func TestR49SelectionMargin(t *testing.T) {
	selectionMargin{
		round:   49,
		minTop1: r49MinTop1, minTop3: r49MinTop3,
		newMinTop1: r49NewMinTop1, newMinTop3: r49NewMinTop3,
		minNewRequests:   50,
		maxTokensPerTool: r49MaxTokensPerTool,
	}.hold(t)
}
