package present

import (
	"strings"
	"testing"
)

// TestClusterEndsCutsBetweenCharacters: a long text's start and end are cut between characters
// as a person sees them: flags (pairs counted from their run's start), emoji ZWJ sequences and
// letters with combining marks stay whole; ASCII is cut at the code point; a character longer
// than an end alone is cut rather than dropped.
func TestClusterEndsCutsBetweenCharacters(t *testing.T) {
	family := "👩\u200d👩\u200d👧\u200d👦" // 7 code points
	marked := "e\u0301\u0301\u0301"    // 4
	for _, c := range []struct {
		s          string
		n          int
		head, tail string
	}{
		{strings.Repeat("x", 30), 4, "xxxx", "xxxx"},
		{"abc" + strings.Repeat("🇮🇳", 8) + "d", 4, "abc", "🇮🇳d"},
		{"a" + family + strings.Repeat("y", 20) + family, 8, "a" + family, "y" + family},
		{"a" + family + strings.Repeat("y", 20) + "b" + family, 7, "a", family},
		{marked + strings.Repeat("z", 20) + "o" + marked, 4, marked, marked},
		{marked + strings.Repeat("z", 20) + "o" + marked, 5, marked + "z", "o" + marked},
		// One character longer than an end: cut at the code point, not dropped.
		{marked + strings.Repeat("z", 20), 3, "e\u0301\u0301", "zzz"},
		{"q" + strings.Repeat("\u0301", 20) + "r\r\n", 4, "q\u0301\u0301\u0301", "r\r\n"},
	} {
		head, tail := clusterEnds(c.s, c.n, c.n)
		if head != c.head || tail != c.tail {
			t.Errorf("clusterEnds(%+q, %d) = %+q, %+q; want %+q, %+q", c.s, c.n, head, tail, c.head, c.tail)
		}
	}
}
