package selection

import (
	"maps"
	"slices"
	"testing"
)

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
	listed := catalogue(t)
	corpus, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	// Later rounds' requests sit just above this part; their margin tests hold them, and this
	// margin stays on the corpus round 53 left.
	corpus = corpusAsOf(t, corpus, 53)
	parts := corpusParts(t, corpus)
	type part struct {
		name             string
		requests         []Request
		minTop1, minTop3 float64
	}
	checks := []part{{"whole corpus", corpus, r53MinTop1, r53MinTop3}}
	for _, round := range slices.Sorted(maps.Keys(parts)) {
		check := part{name: partName(round), requests: parts[round]}
		if round == 53 {
			check.minTop1, check.minTop3 = r53NewMinTop1, r53NewMinTop3
		}
		checks = append(checks, check)
	}
	for _, part := range checks {
		rep, err := Evaluate(listed, part.requests)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d requests, top-1 %.1f %%, top-3 %.1f %%, MRR %.3f", part.name, rep.Scored, rep.Rate(rep.Top1), rep.Rate(rep.Top3), rep.MRR)
		if rate := rep.Rate(rep.Top1); rate < part.minTop1 {
			t.Errorf("%s: top-1 %.1f %% < %.1f %%", part.name, rate, part.minTop1)
		}
		if rate := rep.Rate(rep.Top3); rate < part.minTop3 {
			t.Errorf("%s: top-3 %.1f %% < %.1f %%", part.name, rate, part.minTop3)
		}
	}
	if n := len(parts[53]); n < 70 {
		t.Errorf("round 53's part has %d requests, want at least 70", n)
	}

	total := toolsListTokens(t)
	perTool := float64(total) / float64(len(listed))
	t.Logf("tools/list: %d tools, %d o200k tokens, %.1f per tool", len(listed), total, perTool)
	if perTool > r53MaxTokensPerTool {
		t.Errorf("tools/list costs %.1f tokens per tool, over %.1f", perTool, r53MaxTokensPerTool)
	}
}
