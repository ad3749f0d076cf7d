package selection

import "testing"

// Round 63's part (81 scored requests, and two for features the server lacks, in four voices not
// used before: a security engineer in an incident response, someone translating literally from
// German or Japanese word order, a data engineer in Airflow and dbt words, a solo hobbyist) was
// written before any change of round 63 and scored once before it: 77.8 % / 98.8 % (63 and 80 of
// 81, MRR 0.882), the whole 1,594 82.7 % / 96.0 % (1,318 and 1,531, MRR 0.893); two of its
// unsupported requests ranked destructive tools first. After round 63's readings (SQL by its
// verbs, a collection's conventional plural as no list, list tools' titles as plural, "set up",
// "log in" and "export" as the verbs they are) and fork_app's "make a copy" (tools/list stays
// 141.2 tokens a tool and 143.7 under --confirm=agent) it reads 80.2 % / 98.8 % (65 and 80, MRR
// 0.896), round 62's part 72.3 % / 94.0 % (60 and 78 of 83, MRR 0.826; 60.2 % / 89.2 % before),
// the 1,513 through round 62 84.5 % / 96.3 % (1,278 and 1,457, MRR 0.904; 82.9 % / 95.9 %
// before), and the whole 84.3 % / 96.4 % of 1,594 (1,343 and 1,537, MRR 0.903): 67 first and 22
// top-3 places over issue 13's line, which TestToolSelection holds on the whole corpus
// (lineHeldThrough 63). Losing four first places or three top-3 places of the whole, or four
// first or three top-3 places of round 63's part, fails.
const (
	r63MinTop1    = 84.03
	r63MinTop3    = 96.27
	r63NewMinTop1 = 76.0
	r63NewMinTop3 = 95.5
)

// TestR63SelectionMargin holds the margin on the whole corpus and on round 63's held-out part, and
// tools/list's cost. It prints the figures of every part:
//
//	go test ./bench/selection -v -run TestR63SelectionMargin
func TestR63SelectionMargin(t *testing.T) {
	selectionMargin{
		round:   63,
		minTop1: r63MinTop1, minTop3: r63MinTop3,
		newMinTop1: r63NewMinTop1, newMinTop3: r63NewMinTop3,
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
