package present

import (
	"strings"
	"testing"
)

// TestR64QuotedValueOpeningWithLineSeparator: a credential's quoted value after its name and
// a blank that starts with a line separator (NEL, U+2028, U+2029) or a Unicode space is masked
// as one that starts with a space is (round 63's CI fuzz: "\u2029\"\u0085AAAAe\"" showed the
// value " AAAAe" hid).
func TestR64QuotedValueOpeningWithLineSeparator(t *testing.T) {
	for _, line := range []string{
		"\"Client.seCret\" \" AAAAe\"",
		"\"Client.seCret\"\u2029\"\u0085AAAAe\"",
		"\"password\" \"\u0085AAAAe\"",
		"\"password\" \"\u2028AAAAe\"",
		"\"password\" \"\u2029AAAAe\"",
		"\"password\" \"\u3000AAAAe\"",
	} {
		for name, m := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText} {
			if got := m(line); !strings.Contains(got, Masked) {
				t.Errorf("%s(%q) = %q: the quoted value is shown", name, line, got)
			}
		}
	}
	// A quoted word of letters alone stays.
	for _, line := range []string{"password \"reset\"", "\"password\" \"AAAAe\""} {
		if got := MaskText(line); got != line {
			t.Errorf("MaskText(%q) = %q, want it as written", line, got)
		}
	}
}

// TestR64MaskingTrailingAmpersandAfterColon: after ":" an "&" that ends the line is the value's,
// as one inside it is (password: x7&k=Q, masking9): FuzzMaskInvisible (seed 3268ebde4a40a403)
// found "Auth0:\u20290\u0085AAAAA0AA&" showing "&" where "Auth0: 0 AAAAA0AA&" hid it.
func TestR64MaskingTrailingAmpersandAfterColon(t *testing.T) {
	for in, want := range map[string]string{
		"Auth0:\u20290\u0085AAAAA0AA&": "Auth0:\u2029" + Masked,
		"password: abc&":               "password: " + Masked,
		"password: abc&&":              "password: " + Masked,
		"password: abc& \nuser: bob":   "password: " + Masked + " \nuser: bob",
		// After "=" (a query's, a form's pairs) a last "&" joins nothing and stays.
		"password=abc&": "password=" + Masked + "&",
	} {
		for name, mask := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText} {
			if got := mask(in); got != want {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
			}
		}
	}
}
