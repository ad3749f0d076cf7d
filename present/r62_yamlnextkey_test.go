package present

import "testing"

// TestR62ValueWithADigitBeforeAColonIsMasked: "password: user: bob" on one line (a YAML key with
// no value, then the next pair, as MaskLogLines joins them) shows user, a key's name; but a
// word holding a digit before the colon read as a key too, so "secret: s3cret: rejected" and
// "0seCret: a0a: 0" (FuzzMaskLogLinesCoversOld's find) showed the secret. A word with a digit
// is now the value.
func TestR62ValueWithADigitBeforeAColonIsMasked(t *testing.T) {
	for in, want := range map[string]string{
		"secret: s3cret: rejected by policy": "secret: ******** rejected by policy",
		"0seCret: a0a: 0":                    "0seCret: ********",
		"password: hunter2x: invalid":        "password: ******** invalid",
		"password: user: bob":                "password: user: bob",
		"password: db_user: bob":             "password: db_user: bob",
	} {
		if got := MaskText(in); got != want {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
		}
		if got := MaskLogLines([]string{in})[0]; got != want {
			t.Errorf("MaskLogLines(%q) = %q, want %q", in, got, want)
		}
	}
}
