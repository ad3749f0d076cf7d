package present

import (
	"strings"
	"testing"
)

// r52MaskingEvery is what each masker shows of in: MaskText, MaskAPIText and MaskLogLines
// (one entry).
func r52MaskingEvery(in string) map[string]string {
	return map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in), "MaskLogLines": MaskLogLines([]string{in})[0]}
}

// FuzzMaskInvisible seed 6817d87db0614d5c: with NEL (U+0085), U+2028 or U+2029 for the
// space, "pAss=0 ->\"0'" masks as it does written with a space: the quote the value opened
// after the arrow is masked with it, no "'" shows.
func TestR52MaskingArrowQuotedValueOverLineSeparator(t *testing.T) {
	r51MaskingLinedAlike(t, `pAss=0 ->"0'`)
	r51MaskingLinedAlike(t, `password=old1 ->"n3w'`)
	for _, in := range []string{"pAss=0\u0085->\"0'", "pAss=0\u2028->\"0'", "password=old1\u2029->\"n3w'"} {
		for name, got := range r52MaskingEvery(in) {
			if strings.Contains(got, "'") {
				t.Errorf("%s(%q) = %q: the arrow's quoted value shows its \"'\"", name, in, got)
			}
		}
	}
}
