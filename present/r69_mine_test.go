package present

import (
	"strings"
	"testing"
	"unicode"
)

// r69LinedSpaces is text with each ASCII space one of lineSpaces (from which on), but for the
// spaces that indent a line (indentAt, the maskers' own reading): after a line break an indent
// continues the line before (a header's folded value, AuthoriZAtion:0\n 0), where a line
// separator would start a line of its own, so FuzzMaskInvisible's line-separator view keeps them.
func r69LinedSpaces(text string, which uint8) string {
	var b strings.Builder
	n := 0
	for i := range len(text) {
		if text[i] == ' ' && !indentAt(text, i) {
			b.WriteString(lineSpaces[(int(which)+n)%len(lineSpaces)])
			n++
			continue
		}
		b.WriteByte(text[i])
	}
	return b.String()
}

// TestR69MineLinedKeepsIndentation: my closing fuzz run's FuzzMaskInvisible finding was the
// oracle's (seed 2d336d83f6de283e): "AuthoriZAtion:0\n 0" continues the header on its indented
// line, and MaskText masks both 0s; with the indent written as U+2028 the second 0 starts a line
// of its own, no value of the header, and is rightly shown. The view keeps indents; every other
// space still becomes a line separator.
func TestR69MineLinedKeepsIndentation(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"AuthoriZAtion:0\n 0", "AuthoriZAtion:0\n 0"},
		{"AuthoriZAtion:0\r 0", "AuthoriZAtion:0\r 0"},
		{"a b\n  c d", "a\u0085b\n  c\u2028d"},
		{"x:\n\t y z", "x:\n\t y\u0085z"},
		{" lead", "\u0085lead"},
	} {
		if got := r69LinedSpaces(c.in, 0); got != c.want {
			t.Errorf("r69LinedSpaces(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// The header's folded value is masked on both lines, as the view now leaves it.
	if got := MaskText("AuthoriZAtion:0\n 0"); strings.Count(got, Masked) != 2 {
		t.Errorf("MaskText of a folded header = %q, want both values masked", got)
	}
}

// TestR69MineYAMLGlobalTagNamesNoCredential: my closing fuzz run's FuzzMaskLogLinesCoversOld
// finding was the oracle's (seed 40e0452a0777c49f, "ApikeY:!!A\u16800"): a YAML global tag
// (!!str, !!binary) before a value names no credential, and MaskLogLines hides the value after
// it, as it does after a local tag's reference; the oracle exempted local tags only, so the old
// masker's hiding of the tag itself ("ApikeY:!!A 0" with an ASCII space too) was asked of
// MaskLogLines. A word that is no tag (a digit in it) is still asked.
func TestR69MineYAMLGlobalTagNamesNoCredential(t *testing.T) {
	for _, line := range []string{"ApikeY:!!A\u16800", "ApikeY:!!A 0", "password: !!str hunter22", "token: !!binary c2VjcmV0MTIz"} {
		coversOld(t, line)
		out := MaskLogLines([]string{line})[0]
		if value := line[strings.LastIndexAny(line, " \u1680")+1:]; len(value) > 2 && strings.Contains(out, value) {
			t.Errorf("MaskLogLines(%q) = %q shows the value after the tag", line, out)
		}
	}
	near := "password: !!hunter9 rest"
	_, shownPlain := oldHidden(near)
	r := readOld(near, near, shownPlain, false)
	asked := false
	for _, h := range r.hidden {
		if _, why := r.principle(h); why == "" {
			asked = true
		}
	}
	if !asked {
		t.Errorf("%q shown whole: the oracle exempts every value it hid (%q), want !!hunter9, no tag, asked", near, r.hidden)
	}
}

// TestR69MineValueTextAcrossAKeyIsNotShown: my closing fuzz run's second FuzzMaskLogLinesCoversOld
// finding was the oracle's (seed e28f6b529c694ff8, "pAsswd=d=] [pAsswd=]0"): MaskLogLines masks
// the first pair's value d=], and its text stands again only across the second pair's key and
// bracket ("pAsswd=]"), which the oracle counted as the value shown. Counted outside the keys,
// it is not; the value shown at its own place still is.
func TestR69MineValueTextAcrossAKeyIsNotShown(t *testing.T) {
	coversOld(t, "pAsswd=d=] [pAsswd=]0")
	if got := r69MineOutsideKeys("pAsswd=******** [pAsswd=]0", [][2]string{{"pAsswd=", "d=]"}, {" [pAsswd=", "]0"}}); strings.Contains(got, "d=]") {
		t.Errorf("outside the keys: %q still holds d=]", got)
	}
	shown := "pAsswd=d=] [pAsswd=]0"
	_, shownPlain := oldHidden(shown)
	r := readOld(shown, shown, shownPlain, false)
	if core, why := r.principle(r.hidden[0]); why != "" {
		t.Errorf("the value %q shown at its own place is exempt (%q), want asked", core, why)
	}
}

// r69MinePunctuationOnly reports whether piece holds no letter, digit or symbol that a secret is
// made of: punctuation and spaces alone (",;"), which a line separator may leave shown after a
// value it ends earlier than an ASCII space does.
func r69MinePunctuationOnly(piece string) bool {
	return !strings.ContainsFunc(piece, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSymbol(r) })
}

// TestR69MineLineSeparatorEndsAConnectionStringValue: my second closing fuzz run's
// FuzzMaskInvisible finding was the oracle's (seed dc6613a153669198): "pAss=0 ,;" reads as a
// connection string's value running to its ";" (Password=my pass;), so the masks hide "0 ,";
// with the space a paragraph separator the line, and so the value, ends there (decided: a
// Unicode line separator ends a value), and ",;" is shown on the next line: punctuation alone,
// no secret. A letter, digit or symbol so shown is still a finding.
func TestR69MineLineSeparatorEndsAConnectionStringValue(t *testing.T) {
	if got := MaskAPIText("pAss=0\u2029,;"); got != "pAss="+Masked+",;" {
		t.Errorf("MaskAPIText = %q, want the value masked (with the separator that ends it) and \",;\" as written", got)
	}
	for piece, want := range map[string]bool{",;": true, " , ;": true, ",a": false, "0;": false, ",$": false} {
		if got := r69MinePunctuationOnly(piece); got != want {
			t.Errorf("r69MinePunctuationOnly(%q) = %v, want %v", piece, got, want)
		}
	}
}
