package client

import (
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// A value is found in another case also when the text spells it otherwise as Unicode allows:
// decomposed or composed (NFD, NFC: "a" and U+0308 for "ä"), by compatibility (NFKD, NFKC:
// "fi" for "ﬁ", "Dž" for "ǅ", "2" for "²") and in a case that changes its length (full case
// folding: "STRASSE" and "strasse" for "straße" and "STRAẞE"). Each character of the text and
// of the value is read as its key (appendKeyRunes): its compatibility decomposition (NFKD, which
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
// A key is canonically ordered as NFD and NFKD are (keyWriter): each run of combining marks
// (characters of a nonzero canonical combining class) is sorted by class, stably, across the
// characters they come from ("e\u0301" + "\u0329" reads as "e\u0329\u0301"), so two marks on
// one letter read alike in any order that a normal form allows; a run whose order changed maps
// back to all the characters it came from (TestFoldKeyIsCanonicallyOrdered checks keys of
// texts of letters and marks against their normal forms). A run is sorted at most maxMarkRun marks at a time
// (the Stream-Safe Text Format's bound, which x/text's normal forms keep), so the work stays
// linear. Dotted and dotless i read as i (foldRune: "ı" as "I"; a combining dot above right after
// an "I" of the key is left out, so "İ", "I\u0307", "i" and "I" read alike): Turkish upper- and
// lower-casing ("PAROLASI" for "parolası", "istanbul" for "İstanbul") keep the value found, and
// the texts that read alike only so are spellings of the value in all but a dot.

// The Hangul syllables (U+AC00–U+D7A3).
const hangulFirst, hangulLast = 0xac00, 0xd7a3

// foldKey is v's key: each character's (appendKeyRunes), canonically ordered (keyWriter), bytes
// that begin none as U+FFFD.
func foldKey(v string) string {
	var w keyWriter
	var kr []keyRune
	for i, r := range v {
		kr = appendKeyRunes(kr[:0], r)
		w.add(kr, i, i+utf8.RuneLen(r))
	}
	w.flush()
	return string(w.key)
}

// maxMarkRun is the most combining marks of a run that are sorted together (the Stream-Safe
// Text Format's 30: x/text's normal forms put a U+034F after as many).
const maxMarkRun = 30

// keyRune is a character of a key: folded (foldRune), with the canonical combining class of the
// character it was folded from.
type keyRune struct {
	r   rune
	ccc uint8
}

// appendKeyRunes appends the characters of r's key (see above) to dst, each with the canonical
// combining class of the character it was folded from. A Hangul syllable decomposes by
// arithmetic (Unicode 3.12): its leading consonant, vowel and trailing consonant, if any; none
// has another case.
func appendKeyRunes(dst []keyRune, r rune) []keyRune {
	if r < utf8.RuneSelf {
		return append(dst, keyRune{foldRune(r), 0})
	}
	if r == 'ß' || r == 'ẞ' {
		return append(dst, keyRune{'S', 0}, keyRune{'S', 0})
	}
	if r >= hangulFirst && r <= hangulLast {
		s := r - hangulFirst
		dst = append(dst, keyRune{0x1100 + s/588, 0}, keyRune{0x1161 + s%588/28, 0})
		if t := s % 28; t != 0 {
			dst = append(dst, keyRune{0x11a7 + t, 0})
		}
		return dst
	}
	var buf [utf8.UTFMax]byte
	// The full decomposition, in canonical order, from the tables (no copy made).
	d := norm.NFKD.Properties(buf[:utf8.EncodeRune(buf[:], r)]).Decomposition()
	if d == nil {
		return append(dst, keyRune{foldRune(r), combiningClass(r)})
	}
	for len(d) > 0 {
		c, size := utf8.DecodeRune(d)
		d = d[size:]
		dst = append(dst, keyRune{foldRune(c), combiningClass(c)})
	}
	return dst
}

// plainKey appends the bytes of the key characters kr to dst, and reports whether they can be
// written as they are (none is a mark or an "I", which keyWriter holds).
func plainKey(dst []byte, kr []keyRune) ([]byte, bool) {
	plain := true
	for _, k := range kr {
		plain = plain && k.ccc == 0 && k.r != 'I'
		dst = utf8.AppendRune(dst, k.r)
	}
	return dst, plain
}

// combiningClass is r's canonical combining class (0 for every character before U+0300).
func combiningClass(r rune) uint8 {
	if r < 0x300 {
		return 0
	}
	var buf [utf8.UTFMax]byte
	return norm.NFD.Properties(buf[:utf8.EncodeRune(buf[:], r)]).CCC()
}

// keyWriter writes the key of a text, character by character (add), into key, and where each
// byte comes from into from: the character of the text it was read from, or, for the marks of
// a run whose order changed, all the characters the run came from. The marks of a run are held
// until a character of class 0 (or flush) ends it.
type keyWriter struct {
	key   []byte
	from  []charAt
	marks []pendingMark
	// held is set while an "I" of the key is held, from heldAt: a dot above that comes right
	// after it is left out, and the "I" comes from its character too.
	held   bool
	heldAt charAt
}

// charAt is a stretch of the text: the characters a byte of the key comes from.
type charAt struct{ start, end int }

// pendingMark is a combining mark of the run not yet written, and the character it comes from.
type pendingMark struct {
	keyRune
	charAt
}

// add writes the key characters kr (appendKeyRunes) of the character s[start:end].
func (w *keyWriter) add(kr []keyRune, start, end int) {
	for _, k := range kr {
		if k.ccc == 0 {
			w.flush()
			w.put(k.r, charAt{start, end})
			continue
		}
		if len(w.marks) == maxMarkRun {
			w.flush()
		}
		w.marks = append(w.marks, pendingMark{k, charAt{start, end}})
	}
}

// flush writes the run of marks held, sorted by class (stably; if that changed their order,
// each comes from all the characters of the run), and the "I" held.
func (w *keyWriter) flush() {
	m := w.marks
	if len(m) == 0 {
		if w.held {
			w.held = false
			w.write('I', w.heldAt)
		}
		return
	}
	moved := false
	for i := 1; i < len(m); i++ { // insertion sort: at most maxMarkRun marks
		for j := i; j > 0 && m[j-1].ccc > m[j].ccc; j-- {
			m[j-1], m[j], moved = m[j], m[j-1], true
		}
	}
	if moved {
		run := m[0].charAt
		for _, p := range m {
			run.start, run.end = min(run.start, p.start), max(run.end, p.end)
		}
		for i := range m {
			m[i].charAt = run
		}
	}
	for _, p := range m {
		w.put(p.r, p.charAt)
	}
	w.marks = m[:0]
	w.flush()
}

// put writes the key character r, from at (an "I" is held).
func (w *keyWriter) put(r rune, at charAt) {
	if w.held {
		w.held = false
		if r == 0x307 { // a dot above on an I: "İ" reads as "I"
			w.write('I', charAt{min(w.heldAt.start, at.start), max(w.heldAt.end, at.end)})
			return
		}
		w.write('I', w.heldAt)
	}
	if r == 'I' {
		w.held, w.heldAt = true, at
		return
	}
	w.write(r, at)
}

// write writes the key character r, from at.
func (w *keyWriter) write(r rune, at charAt) {
	n := len(w.key)
	w.key = utf8.AppendRune(w.key, r)
	for range len(w.key) - n {
		w.from = append(w.from, at)
	}
}

// pending reports whether w holds marks or an "I".
func (w *keyWriter) pending() bool { return w.held || len(w.marks) > 0 }

// reset empties key and from (the marks held stay held).
func (w *keyWriter) reset() { w.key, w.from = w.key[:0], w.from[:0] }
