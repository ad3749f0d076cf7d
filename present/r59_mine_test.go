package present

import (
	"strings"
	"testing"
	"unicode/utf8"
)

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

// TestR59MineAdjacentValueEndsOnACharacter: a credential's value after its name and a blank
// (token <v>, password <v>) is read a character at a time, not a byte: a character beyond ASCII
// in it (a zero-width space, ä) no longer ends it after its first byte, which left the mask
// showing the character's other bytes, not UTF-8 (the fuzzer found token AA0_00\u200b0 shown
// as "token ********\x80\x8b0").
func TestR59MineAdjacentValueEndsOnACharacter(t *testing.T) {
	for in, want := range map[string]string{
		"token AA0_00\u200b0": "token " + Masked,
		"password pässwörd12": "password " + Masked,
	} {
		got := MaskText(in)
		if !utf8.ValidString(got) || got != want {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestR59MineLogLineMaskedAsShown: a log line's tab is a space once shown, and the line shown is
// masked as it reads: "0 pAss⇥0000A0" showed "0 pAss 0000A0", whose value masking hides (the
// fuzzer found MaskLogLines not idempotent on it: a second pass masked what the first showed).
func TestR59MineLogLineMaskedAsShown(t *testing.T) {
	for _, in := range []string{"0 pAss\t0000A0", "0 password\tS3cretPw9"} {
		out := MaskLogLines([]string{in})[0]
		if again := MaskLogLines([]string{out})[0]; again != out || !strings.Contains(out, Masked) {
			t.Errorf("MaskLogLines(%q) = %q, and again %q: want the value masked the first time", in, out, again)
		}
	}
}
