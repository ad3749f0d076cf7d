package present

import (
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// clusterEnds returns the start and the end of s, a text longer than head+tail code points, for
// quoting it as its start, "…" and its end: at most head and tail code points (what lengths
// count everywhere in present/), cut where a person sees one character end and the next begin
// (grapheme-cluster boundaries, UAX #29), so neither shows part of a flag, an emoji ZWJ sequence
// or a letter without its combining marks, nor pairs a run of flags' indicators differently.
// A cut between two ASCII characters (but CR LF) is always such a boundary, so the common case
// reads two bytes at each cut; otherwise s is segmented from its start, once (a run of flags
// pairs from its first). A single character longer than head (or tail) code points (a letter
// under hundreds of marks) is cut at a code point instead, so an end is never empty.
func clusterEnds(s string, head, tail int) (string, string) {
	h, t := runeOffset(s, head), len(s)
	for n := 0; n < tail && t > 0; n++ {
		_, size := utf8.DecodeLastRuneInString(s[:t])
		t -= size
	}
	if h >= t {
		return s[:h], s[h:]
	}
	headOK, tailOK := asciiBreak(s, h), asciiBreak(s, t)
	if headOK && tailOK {
		return s[:h], s[t:]
	}
	lastHead := 0 // the last boundary at or before h
	state, at, rest := -1, 0, s
	for rest != "" && at < t {
		var cluster string
		cluster, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		if at += len(cluster); at <= h {
			lastHead = at
		}
	}
	if !headOK && lastHead > 0 {
		h = lastHead
	}
	if !tailOK && at < len(s) { // at: the first boundary at or after t
		t = at
	}
	return s[:h], s[t:]
}

// asciiBreak reports whether i is at either end of s or between two ASCII characters other
// than CR LF: no rule of UAX #29 keeps those together.
func asciiBreak(s string, i int) bool {
	if i <= 0 || i >= len(s) {
		return true
	}
	return s[i-1] < utf8.RuneSelf && s[i] < utf8.RuneSelf && (s[i-1] != '\r' || s[i] != '\n')
}

// runeOffset is the byte offset of s's n-th code point (len(s) when it has fewer).
func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}
