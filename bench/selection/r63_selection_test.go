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

// TestR63SelectionForkMakesACopy: fork_app's text says what a fork is in the words people use,
// "make a copy", so a request for one copy no longer meets list_forks first, which lists the
// copies. Before round 63 "make a copy of pricing-api I can break, call it pricing-scratch" and
// "Make a copy of workshop-base for each student; start with one named student-01." ranked
// list_forks or list_regions first.
func TestR63SelectionForkMakesACopy(t *testing.T) {
	r62RanksFirst(t, NewIndex(Docs(catalogue(t))), map[string][]string{
		"make a copy of pricing-api I can break, call it pricing-scratch":                  {"fork_app"},
		"Make a copy of workshop-base for each student; start with one named student-01.":  {"fork_app"},
		"The user would like an independent copy of 'orders-api' called 'orders-staging'.": {"fork_app"},
		// Many copies are still listed.
		"which copies of fraud-scoring exist already, I don't want make one more": {"list_forks"},
	})
}
