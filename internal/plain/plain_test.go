package plain

import (
	"testing"
	"unicode"
)

// TestText: a text as it is shown on one line — escapes stripped, each run of breaking
// characters one space, the ends trimmed — and Text of that is itself, so what presentation
// does to a normalized text changes nothing.
func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"\nhunter2 rejected":               "hunter2 rejected",
		" x ":                              "x",
		"a\nb\tc\u2028d\u202ee\x00f\r\n g": "a b c d e f g",
		"hunter2\x1b[0m-secret":            "hunter2-secret",
		"a\x1b[0m\x1b[Kb\x1b[2K\x1b[1;2Hc": "abc",
		"a\x1b[?25lb\x1b[ qc":              "abc",
		"\x1b[password=x":                  "[password=x",
		"a\x1b]8;;https://x\x07b":          "ab",
		"a\x1b]0;t\x1b\\b":                 "ab",
		"a\x1bZb":                          "a Zb",
		"a  b":                             "a  b",
		// Invisible formatting characters are shown as nothing, so they are dropped.
		"hunter2\u200bsuper\u200e\u200f\u061c\u2060\u00ad\ufeffsecret": "hunter2supersecret",
		"\u200b x \ufeff": "x",
		// Default-ignorable code points are too: a combining grapheme joiner, variation
		// selectors, a Hangul filler, a tag.
		"hunter2\u034fsuper\ufe0fsecret\u3164\U000e0020\u180b": "hunter2supersecret",
	} {
		if v := Visible(in); Text(in) != Line(Visible(StripANSI(in))) || Visible(v) != v {
			t.Errorf("Text(%q) is not Line(Visible(StripANSI))", in)
		}
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
		if again := Text(Text(in)); again != Text(in) {
			t.Errorf("Text(Text(%q)) = %q, not %q", in, again, Text(in))
		}
		if Line(Text(in)) != Text(in) {
			t.Errorf("Line changes Text(%q)", in)
		}
	}
}

// TestLineKeepsInvisibleCharacters: the one-line display keeps what is shown as nothing but
// joins (an emoji's zero-width joiners, a Persian non-joiner): free text reads as written.
func TestLineKeepsInvisibleCharacters(t *testing.T) {
	for _, in := range []string{"Team \U0001F468\u200d\U0001F469\u200d\U0001F467", "\u0645\u06cc\u062e\u0648\u0627\u0647\u0645\u200c\u0647\u0627", "a\u00adb\ufeff"} {
		if got := Line(in); got != in {
			t.Errorf("Line(%q) = %q", in, got)
		}
	}
	if got := Line("a\u200d\nb"); got != "a\u200d b" {
		t.Errorf("Line = %q", got)
	}
	if got := Visible("hunter2\u200bsuper\u00adsecret"); got != "hunter2supersecret" {
		t.Errorf("Visible = %q", got)
	}
}

// TestDefaultIgnorable: Invisible is every Cf character and every default-ignorable code point
// (Unicode's Default_Ignorable_Code_Point, as DerivedCoreProperties.txt derives it) that is not
// Breaking; defaultIgnorable is the derivation from the unicode package's properties.
func TestDefaultIgnorable(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		derived := (unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) || unicode.Is(unicode.Cf, r) ||
			unicode.Is(unicode.Variation_Selector, r)) && !unicode.Is(unicode.White_Space, r) &&
			!unicode.Is(unicode.Prepended_Concatenation_Mark, r) && !(r >= 0xfff9 && r <= 0xfffb) && !(r >= 0x13430 && r <= 0x1343f)
		if got := unicode.Is(defaultIgnorable, r); got != derived {
			t.Errorf("U+%04X: defaultIgnorable %v, Default_Ignorable_Code_Point %v", r, got, derived)
		}
		if want := (derived || unicode.Is(unicode.Cf, r)) && !Breaking(r); Invisible(r) != want {
			t.Errorf("Invisible(U+%04X) = %v", r, !want)
		}
	}
	for _, r := range []rune{0x34f, 0xfe0f, 0x115f, 0x17b4, 0x180b, 0x200b, 0x2060, 0x3164, 0xfeff, 0xffa0, 0xfff0, 0x1bca0, 0x1d173, 0xe0001, 0xe0100} {
		if !Invisible(r) {
			t.Errorf("Invisible(U+%04X) = false", r)
		}
	}
	for _, r := range []rune{' ', 'a', 0xa0, 0x3000, 0x2800, 0x202e, 0x2066, '\n'} { // spaces, Braille blank, Breaking
		if Invisible(r) {
			t.Errorf("Invisible(U+%04X) = true", r)
		}
	}
}

// TestWithoutEscapedInvisible: an invisible character written out as an escape (JSON's \u200b,
// a surrogate pair, Go's \U000E0020) is dropped; other escapes stay.
func TestWithoutEscapedInvisible(t *testing.T) {
	for in, want := range map[string]string{
		`ghp_\u200bAAAA`:   "ghp_AAAA",
		`pass\u034Fword=x`: "password=x",
		`a\uFE0Fb\u3164c`:  "abc",
		`tag\udb40\udc20s`: "tags",
		`tag\U000E0020s`:   "tags",
		`\u200b`:           "",
		`keep \u00e9 \u0041 \ud83d\ude00 \n \u20`: `keep \u00e9 \u0041 \ud83d\ude00 \n \u20`,
		`odd \u200g \U0011FFFF \udb40`:            `odd \u200g \U0011FFFF \udb40`,
		"no escapes":                              "no escapes",
	} {
		if got := WithoutEscapedInvisible(in); got != want {
			t.Errorf("WithoutEscapedInvisible(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestEscapedSpace: the escape of a space written out (as an ASCII-only JSON encoder writes
// one) is read as one (an ASCII space's, tab's or line break's too since round 20); another
// character's or a broken escape is not.
func TestEscapedSpace(t *testing.T) {
	for in, want := range map[string]int{
		`\u00a0x`: 6, `\u00A0`: 6, `\u2009`: 6, `\u202f`: 6, `\u202F`: 6, `\u3000`: 6, `\u1680`: 6, `\U00003000`: 10,
		`\u0041`: 0, `\u200b`: 0, `\u00a`: 0, `\x00a0`: 0, `u00a0`: 0, `\`: 0, `\U0000300`: 0, `\UFFFFFFFF`: 0,
		// White space as unicode.IsSpace reads it (round 18): NEL and the line and paragraph
		// separators too.
		`\u0085`: 6, `\u2028`: 6, `\u2029`: 6,
		// Round 20: an ASCII space, tab or line break escaped.
		`\u0020`: 6, `\u0009`: 6, `\u000A`: 6, `\u000d`: 6, `\U00000020`: 10,
	} {
		if got := EscapedSpace(in); got != want {
			t.Errorf("EscapedSpace(%q) = %d, want %d", in, got, want)
		}
	}
}

// TestSpelledSpace (round 18): a Unicode space spelled out in any of the ways a text carries
// one — an escape, Go's or Python's byte escapes, an HTML character reference, percent-encoded
// UTF-8 — is read as one, and only a whole spelling; an ASCII space's, another character's
// or a broken one is not.
func TestSpelledSpace(t *testing.T) {
	for in, want := range map[string]int{
		`\u00a0x`: 6, `\u0085`: 6, `\U00003000`: 10,
		`\xc2\xa0x`: 8, `\xC2\xA0`: 8, `\xc2\x85`: 8, `\xe2\x80\x89`: 12, `\xe3\x80\x80`: 12, `\xa0`: 4, `\x85`: 4,
		"&nbsp;x": 6, "&#160;": 6, "&#xa0;": 6, "&#XA0;": 6, "&#x00A0;": 8, "&#133;": 6, "&#8201;": 7, "&thinsp;": 8, "&NonBreakingSpace;": 18,
		"%C2%A0x": 6, "%c2%a0": 6, "%C2%85": 6, "%E2%80%89": 9, "%E3%80%80": 9,
		`\xc2\x20`: 0, `\xc2`: 0, `\xc2\xa`: 0, `\xe2\x80\x8b`: 0, `\x41`: 0,
		// Round 19: &ThickSpace;, and the legacy references browsers read without a semicolon.
		"&ThickSpace;": 12, "&nbsp": 5, "&nbspx": 5, "&#160": 5, "&#160x": 5, "&#xa0": 5, "&#xA0g": 5, "&#1600": 0, "&#xa0b": 0,
		"&#x200b;": 0, "&#;": 0, "&#x;": 0, "&#00000000160;": 0, "&amp;": 0, "&": 0,
		"%A0": 0, "%C2": 0, "%C2%A": 0, "%C3%A4": 0, "%e2%80%8b": 0, "x%C2%A0": 0,
		// Round 20: an ASCII space, tab or line break spelled out; HTML5's &Tab; and &NewLine;
		// (and &NBSP;); encoded twice; an escape in braces; octal byte escapes.
		`\x20`: 4, `\x09`: 4, `\x0a`: 4, "%20": 3, "%09": 3, "%0A": 3, "%0d": 3, "&#32;": 5, "&#x20;": 6, "&#9;": 4, "&#10;": 5,
		"&#32": 4, "&#x20x": 5, `\u0020`: 6, "&NBSP;": 6, "&NBSPx": 5, "&Tab;": 5, "&NewLine;": 9, "&tab;": 0, "&newline;": 0,
		"%2520": 5, "%25C2%25A0": 10, "%25c2%25a0x": 10, "%25E3%2580%2580": 15, "%2541": 0, "%25": 0, "%25C2": 0,
		"&amp;nbsp;": 10, "&amp;#160;": 10, "&amp;#32;": 9, "&amp;NonBreakingSpace;": 22, "&AMP;nbsp;": 10, "&amp;nbsp": 9,
		"&amp;amp;": 0, "&amp;#65;": 0,
		`\u{a0}`: 6, `\u{A0}x`: 6, `\u{20}`: 6, `\u{3000}`: 8, `\u{0000a0}`: 10, `\u{}`: 0, `\u{0000000a0}`: 0, `\u{41}`: 0, `\u{a0`: 0,
		`\302\240`: 8, `\302\205`: 8, `\240`: 4, `\205`: 4, `\040`: 4, `\011`: 4, `\012x`: 4, `\342\200\211`: 12,
		`\343\200\200`: 12, `\302`: 0, `\101`: 0, `\400`: 0, `\24`: 0, `\302\24`: 0,
	} {
		if got := SpelledSpace(in); got != want {
			t.Errorf("SpelledSpace(%q) = %d, want %d", in, got, want)
		}
		if got := SpelledSpace(in); got > MaxSpelledSpace {
			t.Errorf("SpelledSpace(%q) = %d, longer than MaxSpelledSpace", in, got)
		}
		// Read backwards from the spelling's end, the same spelling (the longest: \xc2\xa0).
		if want > 0 {
			if got := SpelledSpaceBefore("ab" + in[:want]); got != want {
				t.Errorf("SpelledSpaceBefore(%q) = %d, want %d", "ab"+in[:want], got, want)
			}
		}
	}
	for _, r := range []rune{0x85, 0xa0, 0x1680, 0x2009, 0x2028, 0x2029, 0x202f, 0x3000} {
		if !UnicodeSpace(r) {
			t.Errorf("UnicodeSpace(U+%04X) = false", r)
		}
	}
	for _, r := range []rune{' ', '\t', 'a', 0x200b, 0x180e, 0xfeff} {
		if UnicodeSpace(r) {
			t.Errorf("UnicodeSpace(U+%04X) = true", r)
		}
	}
}
