package present

import (
	"strings"
	"testing"
)

// A key's escaped space with nothing after it leaves the backslash as the value, so masking a
// log line twice gives what masking it once did (FuzzMaskLogLinesCoversOld, CI of 8d76eef:
// "pAss:\ " -> "pAss:\" -> "pAss:********"); before a line separator the backslash reads as a
// continuation, as before a space (FuzzMaskInvisible 74bf7299: the value after it was shown).
func TestR45EscapedSpaceAtEndIsTheValue(t *testing.T) {
	for _, line := range []string{`pAss:\ `, "pAss:\\\t", `token= \ `, `Authorization: Basic\ `} {
		once := MaskLogLines([]string{line})[0]
		if twice := MaskLogLines([]string{once})[0]; twice != once || !strings.Contains(once, Masked) {
			t.Errorf("MaskLogLines(%q) = %q, again %q: want a mask, stable", line, once, twice)
		}
	}
	for _, sep := range []string{" ", "\u0085", "\u2028", "\n"} {
		text := `pAss0000=\` + sep + "&R45secretQ7x9"
		if got := MaskText(text); strings.Contains(got, "R45secretQ7x9") {
			t.Errorf("MaskText(%q) = %q: shows the value after the escaped separator", text, got)
		}
	}
}

// Digest's auth-params on separate lines without commas are one list, as on one line with
// spaces (FuzzMaskInvisible d737d9d6: the second param was shown after a line separator).
func TestR45DigestParamsAcrossLineSeparators(t *testing.T) {
	for _, sep := range []string{" ", "\u0085", "\u2028", "\n", `\n`} {
		text := `Authorization: Digest username="bob"` + sep + `response=R45digestQ7x9`
		if got := MaskText(text); strings.Contains(got, "R45digestQ7x9") {
			t.Errorf("MaskText(%q) = %q: shows a Digest param", text, got)
		}
	}
}
