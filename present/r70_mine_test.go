package present

import "testing"

// TestR70MineArrowPairAfterAUnicodeSpace: after var_dump's type (string(0)), a quoted word and an
// arrow read as the next pair ("00000000" -> …) with a Unicode space before the arrow as with an
// ASCII one, so MaskText reads the line alike both ways (FuzzMaskInvisible's finding of my
// closing run, seed 4b596ba25b4e57f1). Before, only a space or a tab stood before the arrow, and
// with U+1680 the quoted word was taken into the value: "pAss000000=\u3000\u202f********\u1680->"
// against "pAss000000=  ******** \"00000000\" ->". A quoted value with no arrow after it is still
// the value's (var_dump's string, masked).
func TestR70MineArrowPairAfterAUnicodeSpace(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"pAss000000=  string(0) \"00000000\" ->", "pAss000000=  ******** \"00000000\" ->"},
		{"pAss000000=  string(0) \"00000000\"\u1680->", "pAss000000=  ******** \"00000000\"\u1680->"},
		{"pAss000000=  string(0) \"00000000\"\u3000=> x", "pAss000000=  ******** \"00000000\"\u3000=> x"},
		{"password= string(8) \"hunter22\"", "password= ********"},
		{"password= string(8) \"hunter22\"\u1680next", "password= ********\u1680next"},
	} {
		if got := MaskText(c.in); got != c.want {
			t.Errorf("MaskText(%q) = %q; want %q", c.in, got, c.want)
		}
	}
}
