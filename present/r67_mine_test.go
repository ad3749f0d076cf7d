package present

import "testing"

// TestR67MineLookalikeValueAfterSplitKey: CI's FuzzMaskInvisible (seed 70c5f951d76e1b93) found
// MaskAPIText hiding "tokeY:К" and showing "\u200btoke\u00adY:К": the key reads only once the
// soft hyphen is gone, and in that view the Cyrillic К read as K was a word of prose. The view
// with its letters as written is masked too.
func TestR67MineLookalikeValueAfterSplitKey(t *testing.T) {
	m := Masked
	r65Masking10Check(t, map[string]string{
		"tokeY:К":                 "tokeY:" + m,
		"\u200btoke\u00adY:К":     "\u200btoke\u00adY:" + m,
		"api\u200b_key: раssword": "api\u200b_key: " + m,
	})
	// A word of prose after a split key stays, written in Latin letters.
	if got := MaskAPIText("Invalid to\u00adken: signature verification failed"); got != "Invalid to\u00adken: signature verification failed" {
		t.Errorf("MaskAPIText kept prose otherwise: %q", got)
	}
}
