package selection

import (
	"testing"
)

// Round 48's margin over issue 13's thresholds (80 % / 95 %), so that one reworded description
// cannot drop the catalogue under them, and its token ceiling, under the 147.3 per tool before.
const (
	r48MinTop1          = 85.0
	r48MinTop3          = 97.0
	r48MaxTokensPerTool = r53MaxTokensPerTool // round 53 raised every round's ceiling to its own (users' words; under 150)
)

// TestR48SelectionMargin holds the margin on the whole corpus, issue 13's thresholds on the
// requests added in round 48 alone (written before the descriptions were tuned), and tools/list's cost as the
// golden catalogue (mcpserver/testdata/tools.golden.json, what a client receives) has it. It
// prints the figures of the older and the newer part:
//
//	go test ./bench/selection -v -run TestR48SelectionMargin
func TestR48SelectionMargin(t *testing.T) {
	listed := catalogue(t)
	corpus, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	// Later rounds' harder requests sit just above this part; their margin tests hold them, and
	// this margin stays on the corpus round 48 left.
	corpus = corpusAsOf(t, corpus, 48)
	parts := corpusParts(t, corpus)
	older, newer := parts[0], parts[48]
	for _, part := range []struct {
		name     string
		requests []Request
	}{{"whole corpus", corpus}, {"older part", older}, {"round 48's part", newer}} {
		rep, err := Evaluate(listed, part.requests)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d requests, top-1 %.1f %%, top-3 %.1f %%, MRR %.3f", part.name, rep.Scored, rep.Rate(rep.Top1), rep.Rate(rep.Top3), rep.MRR)
		// The margin holds on the whole corpus; round 48's 40 requests alone meet issue 13's own
		// thresholds (what the older part meets is TestToolSelection's).
		minTop1, minTop3 := r48MinTop1, r48MinTop3
		switch part.name {
		case "older part":
			continue
		case "round 48's part":
			minTop1, minTop3 = 80, 95
		}
		if rate := rep.Rate(rep.Top1); rate < minTop1 {
			t.Errorf("%s: top-1 %.1f %% < %.0f %%", part.name, rate, minTop1)
		}
		if rate := rep.Rate(rep.Top3); rate < minTop3 {
			t.Errorf("%s: top-3 %.1f %% < %.0f %%", part.name, rate, minTop3)
		}
	}

	total := toolsListTokens(t)
	perTool := float64(total) / float64(len(listed))
	t.Logf("tools/list: %d tools, %d o200k tokens, %.1f per tool", len(listed), total, perTool)
	if perTool > r48MaxTokensPerTool {
		t.Errorf("tools/list costs %.1f tokens per tool, over %.0f", perTool, r48MaxTokensPerTool)
	}
}
