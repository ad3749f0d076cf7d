package client

import (
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// A value is found in another case also when the text spells it otherwise as Unicode allows:
// decomposed or composed (NFD, NFC: "a" and U+0308 for "ä"), by compatibility (NFKD, NFKC:
// "fi" for "ﬁ", "Dž" for "ǅ", "2" for "²") and in a case that changes its length (full case
// folding: "STRASSE" and "strasse" for "straße" and "STRAẞE"). Each character of the text and
// of the value is read as its key (appendFoldKey): its compatibility decomposition (NFKD, which
// also undoes every canonical one, so NFD, NFC, NFKD and NFKC spellings all read alike), each
// character of that folded (foldRune), "ß" and "ẞ" as "SS" (the only characters that full case
// folding maps to more than one and that NFKD leaves as they are; TestFoldKeyIsNormalized checks
// every character of planes 0 to 2 and 14 against golang.org/x/text's normal forms and full
// folding). x/text's norm tables rather than a copy: they are the Unicode version the module
// pins, and a character's full decomposition is read from them without a copy; cases.Fold is
// not called per character (it allocates, and its only change on NFKD's output beyond simple
// folding is "ß" and "ẞ", which the test checks). NFKD rather than NFD: an upstream that normalizes text may use either form, and NFKD's keys are also NFD's. A key
// is worked out per character, so the work stays linear in the text (a character's key is at
// most 18 characters: U+FDFA), and a stretch found maps back to whole characters of the text.
// Combining marks on one letter are compared in the order they come (a text that writes two of
// them on one letter in another order than the value does is not found).

// appendFoldKey appends r's key (see above) to dst.
func appendFoldKey(dst []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		return append(dst, byte(foldRune(r)))
	}
	if r == 'ß' || r == 'ẞ' {
		return append(dst, "SS"...)
	}
	if r >= hangulFirst && r <= hangulLast {
		// A Hangul syllable decomposes by arithmetic (Unicode 3.12): its leading consonant,
		// vowel and trailing consonant, if any. None has another case.
		s := r - hangulFirst
		dst = utf8.AppendRune(dst, 0x1100+s/588)
		dst = utf8.AppendRune(dst, 0x1161+s%588/28)
		if t := s % 28; t != 0 {
			dst = utf8.AppendRune(dst, 0x11a7+t)
		}
		return dst
	}
	var buf [utf8.UTFMax]byte
	// The full decomposition, in canonical order, from the tables (no copy made).
	d := norm.NFKD.Properties(buf[:utf8.EncodeRune(buf[:], r)]).Decomposition()
	if d == nil {
		return utf8.AppendRune(dst, foldRune(r))
	}
	for len(d) > 0 {
		c, size := utf8.DecodeRune(d)
		d = d[size:]
		dst = utf8.AppendRune(dst, foldRune(c))
	}
	return dst
}

// The Hangul syllables (U+AC00–U+D7A3).
const hangulFirst, hangulLast = 0xac00, 0xd7a3

// foldKey is v's key: each character's (appendFoldKey), bytes that begin none as U+FFFD.
func foldKey(v string) string {
	var b []byte
	for _, r := range v {
		b = appendFoldKey(b, r)
	}
	return string(b)
}
