package selection

import (
	"encoding/json"
	"reflect"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
)

// r73Testtime13Rankers holds one ranker per catalogue (keyed by its JSON): the margin tests
// score the same requests against the same catalogue, each round's test the corpus as that round
// left it (27 tests, about 100,000 rankings, 221 s of the package's race run in round 72), and a
// request's ranking depends on the catalogue and its own text only (Rank reads the index, never
// writes it).
var r73Testtime13Rankers sync.Map // string → *r73Testtime13Ranker

// r73Testtime13Ranker ranks each query once against one catalogue's index.
type r73Testtime13Ranker struct {
	ix     *Index
	mu     sync.Mutex
	ranked map[string][]Scored
	fresh  int // rankings computed, not found
}

func (r *r73Testtime13Ranker) rank(query string) []Scored {
	r.mu.Lock()
	defer r.mu.Unlock()
	if got, ok := r.ranked[query]; ok {
		return got
	}
	got := r.ix.Rank(query)
	r.ranked[query] = got
	r.fresh++
	return got
}

// r73Testtime13RankerFor is the shared ranker of the catalogue listed.
func r73Testtime13RankerFor(t *testing.T, listed []mcp.Tool) *r73Testtime13Ranker {
	t.Helper()
	key, err := json.Marshal(listed)
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := r73Testtime13Rankers.Load(string(key)); ok {
		return r.(*r73Testtime13Ranker)
	}
	r, _ := r73Testtime13Rankers.LoadOrStore(string(key), &r73Testtime13Ranker{ix: NewIndex(Docs(listed)), ranked: map[string][]Scored{}})
	return r.(*r73Testtime13Ranker)
}

// evaluate is Evaluate with each request ranked once per test binary (r73Testtime13Rankers).
func evaluate(t *testing.T, listed []mcp.Tool, corpus []Request) *Report {
	t.Helper()
	rep, err := evaluateRanked(listed, corpus, r73Testtime13RankerFor(t, listed).rank)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestR73Testtime13SharedRankingsScoreAsEvaluate: the tests' shared rankings give the report
// Evaluate gives (every figure, miss and confusion), on every fourth request of the corpus (the
// whole, ranked afresh, would cost what the sharing saves), scored twice through the shared
// ranker; and the second time ranks nothing anew.
func TestR73Testtime13SharedRankingsScoreAsEvaluate(t *testing.T) {
	listed := catalogue(t)
	all, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	var corpus []Request
	for i, r := range all {
		if i%4 == 0 {
			corpus = append(corpus, r)
		}
	}
	want, err := Evaluate(listed, corpus)
	if err != nil {
		t.Fatal(err)
	}
	r := r73Testtime13RankerFor(t, listed)
	if got := evaluate(t, listed, corpus); !reflect.DeepEqual(got, want) {
		t.Fatalf("the shared rankings score %d / %d / %d (MRR %.4f), Evaluate %d / %d / %d (MRR %.4f)",
			got.Scored, got.Top1, got.Top3, got.MRR, want.Scored, want.Top1, want.Top3, want.MRR)
	}
	r.mu.Lock()
	before := r.fresh
	r.mu.Unlock()
	if got := evaluate(t, listed, corpus); got.Scored < 500 {
		t.Fatalf("the sample scored %d requests", got.Scored)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fresh != before {
		t.Errorf("the second scoring ranked %d requests anew", r.fresh-before)
	}
	if r73Testtime13RankerFor(t, catalogue(t)) != r {
		t.Error("a second catalogue(t), the same tools, has a ranker of its own")
	}
}
