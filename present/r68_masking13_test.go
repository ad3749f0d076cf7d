package present

import "testing"

// TestR68Masking13FlagInParenthesesInLogs: FuzzMaskLogLinesCoversOld (5ec6d47fd174876f) failed
// on "(pAsswd:YES)": the old log masker hid "YES)", its token taking the ")"; MaskLogLines ends
// the value at the ")" that closes the "(" before the key and keeps YES, a flag as true is
// (password: yes). The oracle reads the value without that ")"; a value that is no flag is
// still masked inside the parentheses.
func TestR68Masking13FlagInParenthesesInLogs(t *testing.T) {
	m := Masked
	for in, want := range map[string]string{
		"(pAsswd:YES)":         "(pAsswd:YES)",
		"(password: true)":     "(password: true)",
		"[token=off]":          "[token=off]",
		"(pAsswd:YES0)":        "(pAsswd:" + m + ")",
		"(password: hunter2x)": "(password: " + m + ")",
	} {
		if got := MaskLogLines([]string{in})[0]; got != want {
			t.Errorf("MaskLogLines(%q) = %q, want %q", in, got, want)
		}
		coversOld(t, in)
	}
}
