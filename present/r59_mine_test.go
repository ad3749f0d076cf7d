package present

import "testing"

// TestR59MineUnicodeSpaceAfterListSeparator: a key after "&" or ";" and a Unicode space is one
// of a list of pairs, as after an ASCII space: its value ends at the next "&" either way (the
// fuzzer found "pAss0= 000000& Auth:B&00000000000" read one way with ASCII spaces and another
// with U+2002 and U+1680).
func TestR59MineUnicodeSpaceAfterListSeparator(t *testing.T) {
	ascii := MaskText("x& Auth:B&00000000000")
	for _, space := range []string{"\u1680", "\u2002", "\u00a0", "\u3000"} {
		in := "x&" + space + "Auth:B&00000000000"
		if got := readable(MaskText(in)); got != readable(ascii) {
			t.Errorf("MaskText(%q) = %q, want it read as %q", in, got, ascii)
		}
	}
}
