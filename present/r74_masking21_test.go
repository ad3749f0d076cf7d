package present

import "testing"

// TestR74Masking21EncodedPasswordQuotesInsideAWord: an encoded URL's password holding two or
// more raw quotes (", ', `, <, >) inside one word, with no "@" between them, is masked to its
// "@", through MaskText, MaskLogLines and in a query. Before, masking19's rule read past a raw
// quote only when an "@" came before the next one, and the password was shown whole.
func TestR74Masking21EncodedPasswordQuotesInsideAWord(t *testing.T) {
	r74DupsEncodedPasswordsMasked(t, `p"s"sR74word`, "p's'sR74word", "p`s`sR74word", "p<s>sR74word", `p"s'<s>R74word`, `""R74word`,
		`p"sR74word"`, "p ss\"w'R74word")
}

// TestR74Masking21HeldQuotedWordsAfterEncodedURLs (Held): quoted words and addresses after an
// encoded URL's port, host or user, apart from it by a blank, stay as they are.
func TestR74Masking21HeldQuotedWordsAfterEncodedURLs(t *testing.T) {
	for _, in := range []string{
		`https%3A%2F%2Fhost%3Afoo "and" 'bob%40x.com'`,
		`https%3A%2F%2Fhost%3Afoo "a"b" bob%40x.com`,
		"https%3A%2F%2Fexample.com%3A8080 \"x\"y\"bob%40x.com\"",
		`see "https%3A%2F%2Fexample.com%3A443" or "bob%40x.com"`,
		"<https%3A%2F%2Fhost%3Afoo> <bob%40x.com>",
	} {
		if got := MaskText(in); got != in {
			t.Errorf("MaskText(%q) = %q", in, got)
		}
		if got := MaskLogLines([]string{in})[0]; got != in {
			t.Errorf("MaskLogLines(%q) = %q", in, got)
		}
	}
}

// r74Masking21Adversarial are encoded URLs whose passwords hold raw quotes inside one word with
// no "@" after them, at one depth and alternating depths: each quote's look ahead would read to
// the text's end without stretchMemo.
var r74Masking21Adversarial = []string{
	"x%3A%2F%2Fa%3Ap\"q", "%3A%2F%2Fa%3A\"'", "x%253A%252F%252Fa%253Ap'q`", "x%3A%2F%2Fa%3Ap\"x%253A%252F%252Fa%253Ap<", "p\"q\"",
}

// TestR74Masking21IsLinear: masking those texts 8 times as long takes about 8 times as long
// (checkLinear), through each masker and MaskLogLines of one entry a line.
func TestR74Masking21IsLinear(t *testing.T) {
	r72Masking18Linear(t, r74Masking21Adversarial)
}
