package rules

import (
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// TestViramasAreCombiningClass9: the embedded virama table is exactly the characters x/text's
// normalization tables give Canonical_Combining_Class 9, so the two cannot drift apart.
func TestViramasAreCombiningClass9(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue
		}
		want := norm.NFD.PropertiesString(string(r)).CCC() == 9
		if got := virama(r); got != want {
			t.Errorf("%U: virama %v, combining class 9 %v", r, got, want)
		}
	}
}
