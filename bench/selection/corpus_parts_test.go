package selection

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/tokens"
)

// roundMarker starts each part of corpus.txt written in a later round ("# --- added in round
// 52, ..."); the requests above the first marker are the older part (round 0).
const roundMarker = "# --- added in round "

// corpusRounds reads the round markers and returns which round wrote the request on a line of
// corpus.txt (0 for the older part). Parts sit newest first below the older part, so that a part
// written later never changes the lines, and figures, of an earlier one; it fails the test
// otherwise.
func corpusRounds(t *testing.T) (roundOf func(line int) int) {
	t.Helper()
	type start struct{ line, round int }
	var starts []start
	for n, line := range strings.Split(corpusText, "\n") {
		rest, ok := strings.CutPrefix(line, roundMarker)
		if !ok {
			continue
		}
		digits, _, _ := strings.Cut(rest, ",")
		round, err := strconv.Atoi(strings.TrimSpace(digits))
		if err != nil || round <= 0 {
			t.Fatalf("corpus.txt:%d: want %q followed by a round number and a comma", n+1, roundMarker)
		}
		if k := len(starts); k > 0 && starts[k-1].round <= round {
			t.Fatalf("corpus.txt:%d: round %d's part follows round %d's; want the rounds' parts newest first", n+1, round, starts[k-1].round)
		}
		starts = append(starts, start{n + 1, round})
	}
	return func(line int) int {
		round := 0
		for _, s := range starts {
			if line >= s.line {
				round = s.round
			}
		}
		return round
	}
}

// corpusParts splits the corpus into the older part (key 0) and each round's part.
func corpusParts(t *testing.T, corpus []Request) map[int][]Request {
	t.Helper()
	roundOf := corpusRounds(t)
	parts := map[int][]Request{}
	for _, r := range corpus {
		parts[roundOf(r.Line)] = append(parts[roundOf(r.Line)], r)
	}
	return parts
}

// corpusAsOf is the corpus as round n left it: the older part and the parts of rounds up to n,
// in corpus order.
func corpusAsOf(t *testing.T, corpus []Request, n int) []Request {
	t.Helper()
	roundOf := corpusRounds(t)
	var out []Request
	found := false
	for _, r := range corpus {
		round := roundOf(r.Line)
		found = found || round == n
		if round <= n {
			out = append(out, r)
		}
	}
	if !found {
		t.Fatalf("corpus.txt has no part for round %d", n)
	}
	return out
}

// partName names a part in the margin tests' logs.
func partName(round int) string {
	if round == 0 {
		return "older part"
	}
	return fmt.Sprintf("round %d's part", round)
}

// toolsListTokens is what tools/list costs as the golden catalogue has it (what a client
// receives): o200k tokens of its compact JSON.
func toolsListTokens(t *testing.T) int {
	t.Helper()
	// Counted once per test binary: every margin test asks, of the same file.
	r73Testtime13Tokens.once.Do(func() { r73Testtime13Tokens.n, r73Testtime13Tokens.err = toolsListTokensOf() })
	if r73Testtime13Tokens.err != nil {
		t.Fatal(r73Testtime13Tokens.err)
	}
	return r73Testtime13Tokens.n
}

var r73Testtime13Tokens struct {
	once sync.Once
	n    int
	err  error
}

func toolsListTokensOf() (int, error) {
	golden, err := os.ReadFile("../../mcpserver/testdata/tools.golden.json")
	if err != nil {
		return 0, err
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, golden); err != nil {
		return 0, err
	}
	return tokens.Count(compact.String()), nil
}

// selectionMargin is one round's margin test: the figures it holds on the whole corpus that
// round left and on the round's own part (written before it tuned the descriptions), the size
// of that part, and tools/list's cost per tool.
type selectionMargin struct {
	round                  int
	minTop1, minTop3       float64
	newMinTop1, newMinTop3 float64
	minNewRequests         int
	maxTokensPerTool       float64
}

// hold scores the whole corpus as the round left it and each of its parts, logging every figure,
// and fails below the margin. Later rounds' requests are left out: their own margin tests hold them.
func (m selectionMargin) hold(t *testing.T) {
	t.Helper()
	listed := catalogue(t)
	corpus, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	corpus = corpusAsOf(t, corpus, m.round)
	parts := corpusParts(t, corpus)
	type part struct {
		name             string
		requests         []Request
		minTop1, minTop3 float64
	}
	checks := []part{{"whole corpus", corpus, m.minTop1, m.minTop3}}
	for _, round := range slices.Sorted(maps.Keys(parts)) {
		check := part{name: partName(round), requests: parts[round]}
		if round == m.round {
			check.minTop1, check.minTop3 = m.newMinTop1, m.newMinTop3
		}
		checks = append(checks, check)
	}
	for _, part := range checks {
		rep := evaluate(t, listed, part.requests)
		t.Logf("%s: %d requests, top-1 %.1f %%, top-3 %.1f %%, MRR %.3f", part.name, rep.Scored, rep.Rate(rep.Top1), rep.Rate(rep.Top3), rep.MRR)
		if rate := rep.Rate(rep.Top1); rate < part.minTop1 {
			t.Errorf("%s: top-1 %.1f %% < %.1f %%", part.name, rate, part.minTop1)
		}
		if rate := rep.Rate(rep.Top3); rate < part.minTop3 {
			t.Errorf("%s: top-3 %.1f %% < %.1f %%", part.name, rate, part.minTop3)
		}
	}
	if n := len(parts[m.round]); n < m.minNewRequests {
		t.Errorf("%s has %d requests, want at least %d", partName(m.round), n, m.minNewRequests)
	}

	total := toolsListTokens(t)
	perTool := float64(total) / float64(len(listed))
	t.Logf("tools/list: %d tools, %d o200k tokens, %.1f per tool", len(listed), total, perTool)
	if perTool > m.maxTokensPerTool {
		t.Errorf("tools/list costs %.1f tokens per tool, over %.1f", perTool, m.maxTokensPerTool)
	}
}
