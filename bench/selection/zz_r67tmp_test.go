package selection

import "testing"

func TestZZR67TmpMisses(t *testing.T) {
	corpus, _ := Corpus()
	corpus = corpusAsOf(t, corpus, 66)
	rep, _ := Evaluate(catalogue(t), corpus)
	roundOf := corpusRounds(t)
	for _, r := range corpus {
		_ = r
	}
	t.Logf("%d top1 %d top3 %d", rep.Scored, rep.Top1, rep.Top3)
	for _, m := range rep.Misses {
		t.Log(m)
	}
	t.Logf("confusions:\n%s", confusionTable(rep.Confusions))
	_ = roundOf
}
