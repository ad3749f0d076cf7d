package selection

import (
	"slices"
	"testing"
)

// Round 58 read "up" and "down" as words (see stopWords): "is orders-api up?" asks whether it
// runs, "is spice down?" whether the platform is out, and "spin up", "tear down", "scale down"
// and "lock down" are one verb each, as a model reads them. Before, those requests kept only the
// app's name ("is fraud-scoring up right now?" reached no tool at all). Seven descriptions gained
// or lost a word for a class of misses: list_instances "whether each is up, running, serving"
// (status asked as "is X up?"), create_and_deploy_app "Ship (launch, spin up)", pause_app "scale
// down to zero", delete_secret "unset" (the word of Heroku's, Fly's and the shell's config vars),
// get_deployment "One rollout's details" (one "deployment" fewer: a bare "deploy X" asks for a new
// deployment, not an old one's details), list_members "the people …, everyone with access: …
// roles: who is an admin, who owns the org" ("who's on our team, like everybody" met "Who am I")
// and describe_app "Begin here" (its "Start here" caught "start again" and "start with step 1").
// tools/list costs 141.4 tokens a tool (5,372; 5,362 before) and 143.9 under --confirm=agent
// (5,467; 5,457 before), 6.1 under issue 13's 150: the ceilings below leave a tenth, and rounds
// 54–57 share them.
const (
	r58MaxTokensPerTool      = r59MaxTokensPerTool      // round 59 lowered it to its own (141.2: words given up)
	r58MaxAgentTokensPerTool = r59MaxAgentTokensPerTool // round 59: 143.7, 6.3 under 150
)

// TestR58SelectionTermsKeepUpAndDown: "up" and "down" are read as words, and the requests they
// carry reach their tools. Before round 58 Terms dropped them as stop words: "is fraud-scoring up
// right now?" ranked no tool (every score 0), "is spice down or is it just me?" ranked add_member
// first, "QA finished, tear down the qa-smoke app." rotate_api_keys, and "deploy docs-search"
// get_deployment.
func TestR58SelectionTermsKeepUpAndDown(t *testing.T) {
	for in, want := range map[string][]string{
		"is orders-api up?":         {"order", "api", "up"},
		"is spice down?":            {"spic", "down"},
		"tear down the staging app": {"tear", "down", "stag", "app"},
	} {
		if got := Terms(in); !slices.Equal(got, want) {
			t.Errorf("Terms(%q) = %q, want %q", in, got, want)
		}
	}
	listed := catalogue(t)
	ix := NewIndex(Docs(listed))
	for query, want := range map[string][]string{
		"is fraud-scoring up right now?":                                   {"describe_app", "list_instances", "check_health"},
		"is the thing up?":                                                 {"check_health", "describe_app", "list_instances"},
		"is spice down or is it just me?":                                  {"check_health"},
		"QA finished, tear down the qa-smoke app.":                         {"delete_app"},
		"QA: spin up a new app qa-e2e from this spicepod and deploy it":    {"create_and_deploy_app"},
		"deploy docs-search":                                               {"create_deployment"},
		"who is in our organization?":                                      {"list_members"},
		"who's on our team in spice right now like everybody":              {"list_members"},
		"please start again the app I stopped yesterday, fraud-scoring":    {"resume_app"},
		"Unset the config var LEGACY_REDIS_URL on orders-api":              {"delete_secret", "list_secrets"},
		"scale fraud-scoring down to nothing for now, we'll need it later": {"pause_app", "create_app"},
	} {
		ranked := ix.Rank(query)
		// The last two: the intended tool in the top 3 (14th and 3rd before round 58, 2nd now).
		top := 1
		if len(want) == 2 {
			top = 3
			want = want[:1]
		}
		if rank, _ := RankOf(ranked, want); rank > top {
			t.Errorf("%q ranks %s %d (first %s), want it within %d", query, want, rank, ranked[0].Name, top)
		}
	}
}

// Round 58's margin. Its part (82 scored requests in four voices not used before: someone writing
// an incident postmortem, someone typing on a phone, an agency consultant acting for client
// companies, a Kubernetes operator in kubectl's words) was written after the tuning above and
// scored once, not tuned on: 82.9 % / 95.1 % (MRR 0.894; 81.7 % / 95.1 % on round 57's
// descriptions and reading). The whole corpus then reads 82.1 % / 96.0 % of 1,188 (MRR 0.889;
// 81.4 % / 95.5 % on round 57's): 975 first and 1,141 in the top 3, 24 and 12 over issue 13's
// line, which TestToolSelection holds on it (lineHeldThrough). A reworded description that loses
// four first places or three top-3 places of the whole, or four first or three top-3 places of
// round 58's part, fails.
const (
	r58MinTop1    = 81.75
	r58MinTop3    = 95.8
	r58NewMinTop1 = 78.5
	r58NewMinTop3 = 92.0
)

// TestR58SelectionMargin holds the margin on the whole corpus and on round 58's held-out part, and
// tools/list's cost. It prints the figures of every part:
//
//	go test ./bench/selection -v -run TestR58SelectionMargin
func TestR58SelectionMargin(t *testing.T) {
	selectionMargin{
		round:   58,
		minTop1: r58MinTop1, minTop3: r58MinTop3,
		newMinTop1: r58NewMinTop1, newMinTop3: r58NewMinTop3,
		minNewRequests:   80,
		maxTokensPerTool: r58MaxTokensPerTool,
	}.hold(t)
}
