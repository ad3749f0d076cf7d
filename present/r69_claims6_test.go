package present

import (
	"strings"
	"testing"
)

// TestR69Claims6APITextPasswordShownOnlyAsREADMEStatesThePrice: README states masking's price
// ("in an API's error text, a password of letters alone (lower case after the first, at most
// 16) written unquoted after `password:` with prose after it, or one that is a word of
// reasonWords, would be shown"), mapped in claims.tsv as no promise. Read as one, it bounds
// what is shown: exactly those; a 17th letter, a digit, an upper-case letter after the first, a
// quote, or (but for a reason word) no prose after it, and the password is masked.
func TestR69Claims6APITextPasswordShownOnlyAsREADMEStatesThePrice(t *testing.T) {
	for pw, shown := range map[string]bool{
		"hunterxyzabcdefg":  true, // 16 letters
		"Hunterxyzabcdefg":  true,
		"expired":           true,  // a word of reasonWords
		"hunterxyzabcdefgh": false, // 17
		"hunterxyzabcdef9":  false,
		"hunterXyzabcdefg":  false,
		`"hunterxyz"`:       false,
		"hunter-xyz":        false,
	} {
		for _, text := range []string{"password: " + pw + " is too weak", "password: " + pw} {
			got := MaskAPIText(text)
			want := shown && (strings.HasSuffix(text, "weak") || pw == "expired") // a reason word needs no prose after it
			if strings.Contains(got, pw) != want {
				t.Errorf("MaskAPIText(%q) = %q: the password shown %v, want %v", text, got, !want, want)
			}
		}
	}
}
