package present

import "testing"

// TestLineSeparatorBeforeEqualsSeparates (FuzzMaskInvisible): a line separator right before =
// or : stands where a space would, around a pair's separator, so the value after it is masked
// as it is after a space; inside a value one still does not end it.
func TestLineSeparatorBeforeEqualsSeparates(t *testing.T) {
	for in, want := range map[string]string{
		"pAss=0 =&0":                 "pAss=******** =********",
		"pAss=0\u0085=&0":            "pAss=********\u0085=********",
		"pAss=0\u2028=&0":            "pAss=********\u2028=********",
		"pAss=0\u2029:&0":            "pAss=********\u2029:********",
		"password=abc\u2028def2QZ x": "password=******** x",
	} {
		if got := MaskText(in); got != want {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
		}
	}
}
