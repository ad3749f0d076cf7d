package present

import "testing"

// A flag's new name after an arrow (a changelog's rename) is no value whichever space follows it:
// a Unicode space reads as a space (the FuzzMaskInvisible seed b74ade332e6f0978 failed before:
// '--pw' masked before U+202F, shown before a space).
func TestR47LeadFlagRenameBeforeUnicodeSpace(t *testing.T) {
	for _, sp := range []string{" ", "\u202f", "\u00a0", "\u3000", "\t"} {
		for _, in := range []string{"pass->--pw" + sp, "Renamed --token -> --api-key" + sp} {
			if got := MaskText(in); got != in {
				t.Errorf("%q -> %q, want it as it is", in, got)
			}
		}
	}
	for _, in := range []string{"pass->--pw\u202fhunter22x", "password -> --password\u00a0hunter22x"} {
		if got := MaskText(in); got == in {
			t.Errorf("%q shown whole: the flag's value must be masked", in)
		}
	}
}
