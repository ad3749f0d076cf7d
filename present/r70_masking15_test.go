package present

import (
	"strings"
	"testing"
)

// r70Masking15ValueEnds are the ways a value ends that the fuzz oracles' views met last rounds: a
// quote, a bracket, a comma, a semicolon, an ampersand, a line separator, a tab, a line break
// and an indented line, a YAML tag before the next word.
var r70Masking15ValueEnds = []string{`"`, `'`, ")", "]", "}", ",", ";", "&", "\u2028", "\u2029", "\u0085", "\t", "\n", "\n ", "\n\t", " !!str "}

// r70Masking15Keys are the key forms the values follow: key=value, YAML, JSON, a connection
// string, a header's scheme, a YAML tag, a URL's userinfo.
var r70Masking15Keys = []string{"password=", "password: ", `{"password": "`, "Server=db;Password=", "Authorization: Bearer ", "token: !!str ", "x postgres://bob:"}

// TestR70Masking15ViewsReadAsTheMaskers: each view the fuzz oracles build reads spaces, line
// separators and indents through the maskers' own definitions (spaceAt, lineSeparatorAt,
// indentAt), and across every key form × value end the oracles (FuzzMaskInvisible's views,
// FuzzMaskLogLinesCoversOld's coversOld) find nothing where the maskers agree with themselves.
func TestR70Masking15ViewsReadAsTheMaskers(t *testing.T) {
	for _, u := range unicodeSpaces {
		if n := unicodeBlankAt(u, 0); n != len(u) || lineSeparatorAt(u, 0) != 0 {
			t.Errorf("%q: the spaced view's space is no blank to the maskers (unicodeBlankAt %d)", u, n)
		}
	}
	for _, l := range lineSpaces {
		if lineSeparatorAt(l, 0) != len(l) || unicodeBlankAt(l, 0) != 0 {
			t.Errorf("%q: the lined view's separator is no line separator to the maskers", l)
		}
	}
	for _, key := range r70Masking15Keys {
		for _, end := range r70Masking15ValueEnds {
			text := key + "s3cr3tV9" + end + "tail9 x@db"
			// The views, read back, are the text as the maskers read it.
			spaced := strings.ReplaceAll(text, " ", "\u2009")
			if got := unicodeSpacesAsASCII(spaced); got != text || readable(spaced) != text {
				t.Errorf("%q: spaced view read back %q (readable %q)", text, got, readable(spaced))
			}
			lined := r69LinedSpaces(text, 0)
			if kept := strings.Count(lined, " "); kept != r70Masking15Indents(text) {
				t.Errorf("%q: the lined view %q keeps %d spaces, the maskers read %d indents", text, lined, kept, r70Masking15Indents(text))
			}
			for which := range uint8(len(unicodeSpaces)) {
				maskInvisibleViews(t, text, which, which)
			}
			coversOld(t, text)
			coversOld(t, spaced)
		}
	}
}

// r70Masking15Indents counts the spaces of text that indent a line as the maskers read one.
func r70Masking15Indents(text string) int {
	n := 0
	for i := range len(text) {
		if text[i] == ' ' && indentAt(text, i) {
			n++
		}
	}
	return n
}

// TestR70Masking15TagAfterAUnicodeSpaceNamesNoCredential: the views table's first finding was the
// oracle's: in "token:\u2009!!str\u2009s3cr3tV9" the old masker hid "!!str\u2009s3cr3tV9" (its
// \s knew no thin space) and MaskLogLines shows the YAML tag !!str, hiding the value after it, as
// it does with ASCII spaces, where the oracle exempts the tag (names no credential); with the
// thin space it asked for it. What names no credential read with ASCII spaces, in a line
// MaskLogLines reads alike, is exempt (principleSpaces); a word that is no tag is still asked.
func TestR70Masking15TagAfterAUnicodeSpaceNamesNoCredential(t *testing.T) {
	for _, line := range []string{"token:\u2009!!str\u2009s3cr3tV9", "password:\u00a0!!binary\u3000c2VjcmV0MTIz x"} {
		coversOld(t, line)
		if out := MaskLogLines([]string{line})[0]; strings.Contains(out, "s3cr3tV9") || strings.Contains(out, "c2VjcmV0") {
			t.Errorf("MaskLogLines(%q) = %q shows the value after the tag", line, out)
		}
	}
	if why := r69Masking14Why("token:\u2009!!str\u2009s3cr3tV9", MaskLogLines([]string{"token:\u2009!!str\u2009s3cr3tV9"})[0])["!!str"]; why != principleSpaces {
		t.Errorf("!!str exempt as %q, want %q", why, principleSpaces)
	}
	near := "token:\u2009!!hunter9\u2009rest"
	if why, ok := r69Masking14Why(near, near)["!!hunter9"]; !ok || why != "" {
		t.Errorf("%q shown whole: !!hunter9 exempt as %q (hidden %v), want asked", near, why, ok)
	}
}
