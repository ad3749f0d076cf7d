package selection

import (
	"testing"
)

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
	listed := catalogue(t)
	corpus, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	// Later rounds' requests sit just above this part; their margin tests hold them, and this
	// margin stays on the corpus round 49 left.
	corpus = corpusAsOf(t, corpus, 49)
	parts := corpusParts(t, corpus)
	older, r49, r48 := parts[0], parts[49], parts[48]
	for _, part := range []struct {
		name             string
		requests         []Request
		minTop1, minTop3 float64
	}{
		{"whole corpus", corpus, r49MinTop1, r49MinTop3},
		{"older part", older, 0, 0},
		{"round 48's part", r48, 0, 0},
		{"round 49's part", r49, r49NewMinTop1, r49NewMinTop3},
	} {
		rep, err := Evaluate(listed, part.requests)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d requests, top-1 %.1f %%, top-3 %.1f %%, MRR %.3f", part.name, rep.Scored, rep.Rate(rep.Top1), rep.Rate(rep.Top3), rep.MRR)
		if rate := rep.Rate(rep.Top1); rate < part.minTop1 {
			t.Errorf("%s: top-1 %.1f %% < %.0f %%", part.name, rate, part.minTop1)
		}
		if rate := rep.Rate(rep.Top3); rate < part.minTop3 {
			t.Errorf("%s: top-3 %.1f %% < %.0f %%", part.name, rate, part.minTop3)
		}
	}
	if len(r49) < 50 {
		t.Errorf("round 49's part has %d requests, want at least 50", len(r49))
	}

	total := toolsListTokens(t)
	perTool := float64(total) / float64(len(listed))
	t.Logf("tools/list: %d tools, %d o200k tokens, %.1f per tool", len(listed), total, perTool)
	if perTool > r49MaxTokensPerTool {
		t.Errorf("tools/list costs %.1f tokens per tool, over %.1f", perTool, r49MaxTokensPerTool)
	}
}
