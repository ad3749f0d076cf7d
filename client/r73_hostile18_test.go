package client

import (
	"strings"
	"testing"
)

// TestR73Hostile18LongNeedleTrieBuiltWithoutRegrowth: a long value's trie (a secret of a
// certificate bundle's size is looked for in several forms) is sized once from its needles'
// bytes, not grown by append, which copied it about 20 times for 1 MiB: building the matcher
// of a 64 KiB needle takes a fixed number of allocations.
func TestR73Hostile18LongNeedleTrieBuiltWithoutRegrowth(t *testing.T) {
	needles := []string{strings.Repeat("x", 64<<10), strings.Repeat("ab", 32<<10)}
	allocs := testing.AllocsPerRun(3, func() { newMultiMatcher(needles) })
	if allocs > 16 {
		t.Errorf("%.0f allocations building the matcher of 128 KiB of needles, want at most 16", allocs)
	}
	m := newMultiMatcher(needles)
	if len(m.fail) != 128<<10+1 || len(m.moreByte) != 0 {
		t.Errorf("%d states, %d edges apart, want %d and 0", len(m.fail), len(m.moreByte), 128<<10+1)
	}
}
