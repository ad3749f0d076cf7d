package present

import "testing"

// TestInvisibleOnlyValue (round 24, found by FuzzMaskLogLinesCoversOld): a credential key's
// value of invisible characters alone (a right-to-left mark, a zero-width space, or its escape)
// is no value, whatever follows it: nothing is masked, and MaskLogLines, which trims the space
// after it, gives the same line on a second pass. Before, pAss=\u200f and a space were kept,
// and the trimmed pAss=\u200f was masked the second time.
func TestInvisibleOnlyValue(t *testing.T) {
	for _, c := range []struct{ line, want string }{
		{"pAss=\u200f ", "pAss=\u200f"},
		{"pAss=\u200f", "pAss=\u200f"},
		{"token: \u200b\u200f", "token: \u200b\u200f"},
		{`password=\u200b`, `password=\u200b`},
		{"password=\u200fhunter2", "password=" + Masked},
		{"password=\u200f hunter2", "password=\u200f " + Masked},
	} {
		out := MaskLogLines([]string{c.line})[0]
		if out != c.want {
			t.Errorf("MaskLogLines(%q) = %q, want %q", c.line, out, c.want)
		}
		if again := MaskLogLines([]string{out})[0]; again != out {
			t.Errorf("not idempotent: %q -> %q -> %q", c.line, out, again)
		}
		if got := MaskText(c.want); got != c.want {
			t.Errorf("MaskText(%q) = %q, want it unchanged", c.want, got)
		}
	}
}
