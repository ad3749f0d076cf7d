package present

import (
	"strings"
	"testing"
)

// TestR59FuzzWrappedPaddingBeforeBreak: a token a log wrapped at a line separator whose second
// half ends in one "=" of base64 padding and then a line break (or a tab, a Unicode space, a
// line separator) is masked whole, as it is when a space follows the padding. Before, the "="
// before a break read as the next pair's key (d29yZDE=⏎next: key d29yZDE, value next) and the
// second half was shown; FuzzMaskInvisible found it (BAsiC\u00850zp\u0085AA= against \u2029).
func TestR59FuzzWrappedPaddingBeforeBreak(t *testing.T) {
	for _, end := range []string{" ", "\n", "\r\n", "\t", "\u2029", "\u0085", "\u2028", "\u00a0"} {
		for _, s := range []string{
			"token=dXNlcjpwYXNz\u2028d29yZDE=" + end + "next",
			"Authorization: Basic dXNlcjpwYXNz\u2028d29yZDE=" + end + "next",
			"BAsiC\u00850zp\u0085AA=" + end,
		} {
			for name, got := range map[string]string{"MaskText": MaskText(s), "MaskAPIText": MaskAPIText(s), "MaskLogLines": MaskLogLines([]string{s})[0]} {
				if strings.Contains(got, "d29yZDE") || strings.Contains(got, "AA=") {
					t.Errorf("%s(%q) = %q shows the token's second half", name, s, got)
				}
			}
		}
	}
	// A pair after the break stays a pair: user=bob, and a key whose value is on the next line.
	for s, want := range map[string]string{
		"token=abc\u2028user=bob":       "token=" + Masked + "\u2028user=bob",
		"token=abc\u2028user=bob\nnext": "token=" + Masked + "\u2028user=bob\nnext",
	} {
		if got := MaskText(s); got != want {
			t.Errorf("MaskText(%q) = %q, want %q", s, got, want)
		}
	}
}
