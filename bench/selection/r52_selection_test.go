package selection

import (
	"maps"
	"slices"
	"testing"
)

// Round 52's margin under its figures after tuning (whole corpus 81.6 % / 95.2 % of 626, round
// 52's requests alone 74.2 % / 89.9 % of 89; on main's descriptions 77.8 % / 93.6 % and 53.9 % /
// 80.9 %): a reworded description that loses three first places of the whole, two of its top-3
// places (issue 13's 95 % is one away) or three of round 52's, fails. tools/list stays at round
// 52's cost (146.0 tokens a tool, 5,547, list_regions' env default prod included).
const (
	r52MinTop1          = 81.1
	r52MinTop3          = 95.0
	r52NewMinTop1       = 70.5
	r52NewMinTop3       = 86.5
	r52MaxTokensPerTool = r53MaxTokensPerTool // round 53 raised every round's ceiling to its own (users' words; under 150)
)

// TestR52SelectionMargin holds the margin on the whole corpus and on round 52's requests alone
// (written before round 52 tuned the descriptions), and tools/list's cost. It prints the figures
// of every part:
//
//	go test ./bench/selection -v -run TestR52SelectionMargin
func TestR52SelectionMargin(t *testing.T) {
	listed := catalogue(t)
	corpus, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	// Later rounds' requests sit just above this part; their margin tests hold them, and this
	// margin stays on the corpus round 52 left.
	corpus = corpusAsOf(t, corpus, 52)
	parts := corpusParts(t, corpus)
	type part struct {
		name             string
		requests         []Request
		minTop1, minTop3 float64
	}
	checks := []part{{"whole corpus", corpus, r52MinTop1, r52MinTop3}}
	for _, round := range slices.Sorted(maps.Keys(parts)) {
		check := part{name: partName(round), requests: parts[round]}
		if round == 52 {
			check.minTop1, check.minTop3 = r52NewMinTop1, r52NewMinTop3
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
	if n := len(parts[52]); n < 70 {
		t.Errorf("round 52's part has %d requests, want at least 70", n)
	}

	total := toolsListTokens(t)
	perTool := float64(total) / float64(len(listed))
	t.Logf("tools/list: %d tools, %d o200k tokens, %.1f per tool", len(listed), total, perTool)
	if perTool > r52MaxTokensPerTool {
		t.Errorf("tools/list costs %.1f tokens per tool, over %.1f", perTool, r52MaxTokensPerTool)
	}
}
