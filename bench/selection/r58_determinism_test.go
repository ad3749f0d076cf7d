package selection

import "testing"

// TestR58DeterminismSimilarityIsTheSameEachTime: a pair's similarity is the same number each
// time it is computed (the sums run in term order): summed in a map's order, it differed in
// its last bits from one call to the next, enough to swap pairs that read equally alike in
// Alike's order.
func TestR58DeterminismSimilarityIsTheSameEachTime(t *testing.T) {
	listed := catalogue(t)
	docs := make([]Doc, len(listed))
	for i, tool := range listed {
		docs[i] = Doc{Name: tool.Name, Terms: Terms(ToolText(tool))}
	}
	ix := NewIndex(docs)
	for i := range min(len(docs), 8) {
		for j := i + 1; j < len(docs); j++ {
			first := ix.Similarity(i, j)
			for range 5 {
				if got := ix.Similarity(i, j); got != first {
					t.Fatalf("%s / %s: %v, then %v", docs[i].Name, docs[j].Name, first, got)
				}
			}
		}
	}
}
