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
