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

// A line separator before a key whose ":" or "=" comes after a line break ends a pair's value
// there, as a space does, so the next pair keeps its key and its value is masked (the
// FuzzMaskInvisible seed e7e8238254f8b42a failed before: 'pAss=0\u0085keY\n:0' showed ':0').
func TestR47LeadLineSeparatorBeforeKeyThenBreakEndsTheValue(t *testing.T) {
	for _, sep := range []string{"\u0085", "\u2028", "\u2029"} {
		in := "pass=hunter22x" + sep + "apikey\n:s3cretval"
		got := MaskText(in)
		if want := "pass=********" + sep + "apikey\n:********"; got != want {
			t.Errorf("%q -> %q, want %q", in, got, want)
		}
	}
}

// The same before a key (a quote may close it) and an arrow after a line separator (the
// FuzzMaskInvisible seed bb1ce829b184d4dc failed before: the arrow's value 'A' shown after
// U+2029, masked after a space).
func TestR47LeadLineSeparatorBeforeKeyThenArrowEndsTheValue(t *testing.T) {
	in := "0pAss=>\u00850\u2028\u2029<key>keY</key>\u00850\u2028pAsswor\"\u2029->\u0085A\u2028000000000000000000000"
	want := "0pAss=>\u0085********\u2028pAsswor\"\u2029->\u0085********"
	if got := MaskText(in); got != want {
		t.Errorf("%q -> %q, want %q", in, got, want)
	}
}
