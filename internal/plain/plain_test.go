package plain

import "testing"

// TestText: a text as it is shown on one line — escapes stripped, each run of breaking
// characters one space, the ends trimmed — and Text of that is itself, so what presentation
// does to a normalized text changes nothing.
func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"\nhunter2 rejected":               "hunter2 rejected",
		" x ":                              "x",
		"a\nb\tc\u2028d\u202ee\x00f\r\n g": "a b c d e f g",
		"hunter2\x1b[0m-secret":            "hunter2-secret",
		"a\x1b]8;;https://x\x07b":          "ab",
		"a\x1b]0;t\x1b\\b":                 "ab",
		"a\x1bZb":                          "a Zb",
		"a  b":                             "a  b",
		// Invisible formatting characters are shown as nothing, so they are dropped.
		"hunter2\u200bsuper\u200e\u200f\u061c\u2060\u00ad\ufeffsecret": "hunter2supersecret",
		"\u200b x \ufeff": "x",
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
