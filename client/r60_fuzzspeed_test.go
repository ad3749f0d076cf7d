package client

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestR60FuzzspeedMatcherBuildAllocations: building the matcher of a long value's needles
// allocates a few slices, not one map (or more) for each state of the trie: a map of children
// per state made newMultiMatcher half of FuzzRedact's CPU time (its values run to kilobytes,
// each redaction builds the tries of all their spellings).
func TestR60FuzzspeedMatcherBuildAllocations(t *testing.T) {
	needles := []string{strings.Repeat("\xd1", 2000), strings.Repeat("ab", 1000), "abc", "b"}
	allocs := testing.AllocsPerRun(3, func() { newMultiMatcher(needles) })
	if allocs > 100 {
		t.Errorf("newMultiMatcher of %d bytes of needles: %.0f allocations", 4004, allocs)
	}
}

// TestR60FuzzspeedMatcherFindsWhatIndexFinds: the matcher, its edges now laid out from lists,
// finds each needle at each place strings.Index finds it, for random needles and texts over a
// small alphabet (where needles share prefixes and suffixes).
func TestR60FuzzspeedMatcherFindsWhatIndexFinds(t *testing.T) {
	rng := rand.New(rand.NewPCG(60, 60))
	word := func(n int) string {
		b := make([]byte, 1+rng.IntN(n))
		for i := range b {
			b[i] = "abc\xff"[rng.IntN(4)]
		}
		return string(b)
	}
	for range 200 {
		needles := make([]string, 1+rng.IntN(6))
		for i := range needles {
			needles[i] = word(5)
		}
		text := word(60)
		m := newMultiMatcher(needles)
		var got, want [][2]int // end, needle
		s := int32(0)
		for i := 0; i < len(text); i++ {
			s = m.next(s, text[i])
			for _, k := range m.ends(s, nil) {
				got = append(got, [2]int{i + 1, k})
			}
		}
		for k, v := range needles {
			for i := 0; i+len(v) <= len(text); i++ {
				if text[i:i+len(v)] == v {
					want = append(want, [2]int{i + len(v), k})
				}
			}
		}
		cmp := func(a, b [2]int) int { return a[0]*100 + a[1] - b[0]*100 - b[1] }
		slices.SortFunc(got, cmp)
		slices.SortFunc(want, cmp)
		if !slices.Equal(got, want) {
			t.Fatalf("needles %q in %q: found %v, want %v", needles, text, got, want)
		}
	}
}
