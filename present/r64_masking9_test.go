package present

import "testing"

// TestR64Masking9AmpersandAfterLineSeparatorEndingValue: an "&" or ";" that ends the text or
// its line right after a line separator a value was read over is the value's, as the space
// the separator stands for made it part of a YAML line's value ("pAss: 0 0 &" masks it all);
// FuzzMaskInvisible (seed c1fbcd401ee3d43b) found "pAss:\u00850\u20280\u2029&" showing "&".
func TestR64Masking9AmpersandAfterLineSeparatorEndingValue(t *testing.T) {
	m := Masked
	for in, want := range map[string]string{
		"pAss:\u00850\u20280\u2029&": "pAss:\u0085" + m,
		"pAss: 0\u20280\u2029&":      "pAss: " + m,
		"pAss: 0\u2028;":             "pAss: " + m,
		"pAss: 0\u0085&\nuser: bob":  "pAss: " + m + "\nuser: bob",
		// Not after a line separator: as before.
		"password: abc&": "password: " + m + "&",
		"pAss: 0 &":      "pAss: " + m + " &",
	} {
		for name, mask := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText} {
			if got := mask(in); got != want {
				t.Errorf("%s(%q)\n got  %q\n want %q", name, in, got, want)
			}
		}
	}
}
