package selection

import "testing"

// Round 56 tuned ten descriptions with words the corpus's misses used and the descriptions lacked
// (list_apps "(exposed)", get_app "replica count" and "branch it deploys from", update_app "set"
// and "swap", pause_app "an app (project)", get_instance_logs "throws 500s", list_secrets "every
// secret … when each was set", delete_secret "erase" and "an old or stale credential no longer
// used", update_member_roles "bump up", list_regions "whether there is one in Europe or Asia",
// wait_for_deployment "release" and "finished"): the whole corpus of 941 went from 79.1 % / 94.4 %
// (MRR 0.866) to 80.4 % / 95.3 % (MRR 0.877), over issue 13's line by three first and three top-3
// places. tools/list costs 140.9 tokens a tool (5,355; 5,309 before) and 143.4 under
// --confirm=agent (5,450; 5,404 before), 6.6 under issue 13's 150: the ceilings below leave two
// tokens, and every earlier round's ceiling is raised to them.
const (
	r56MaxTokensPerTool      = r57MaxTokensPerTool      // round 57 raised it to its own (141.1: users' words; under 150)
	r56MaxAgentTokensPerTool = r57MaxAgentTokensPerTool // round 57: 143.6, 6.4 under 150
)

// Round 56's margin. Its part (84 scored requests in four voices not used before: a finance person,
// an agent planning multi-step work, a support engineer relaying tickets, a QA tester) was written
// after the tuning above and scored once, not tuned on: 79.8 % / 94.0 % (MRR 0.871). The whole
// corpus then reads 80.4 % / 95.2 % of 1,025 (MRR 0.876): 824 first and 976 in the top 3, four
// and two over issue 13's line, which TestToolSelection holds on it again. A reworded description
// that loses four first places or three top-3 places of the whole, or four first or three top-3
// places of round 56's part, fails.
const (
	r56MinTop1    = 80.09
	r56MinTop3    = 94.96
	r56NewMinTop1 = 75.5
	r56NewMinTop3 = 91.0
)

// TestR56SelectionMargin holds the margin on the whole corpus and on round 56's held-out part, and
// tools/list's cost. It prints the figures of every part:
//
//	go test ./bench/selection -v -run TestR56SelectionMargin
func TestR56SelectionMargin(t *testing.T) {
	selectionMargin{
		round:   56,
		minTop1: r56MinTop1, minTop3: r56MinTop3,
		newMinTop1: r56NewMinTop1, newMinTop3: r56NewMinTop3,
		minNewRequests:   80,
		maxTokensPerTool: r56MaxTokensPerTool,
	}.hold(t)
}
