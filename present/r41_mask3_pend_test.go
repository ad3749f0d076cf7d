package present

import (
	"strings"
	"testing"
)

// maskPendingKeys replaced the next entry's masking when the combined text masked MORE pieces
// (a count), not a superset: the key's value swallowed the entry's first word and that word's
// own value was shown, while another piece added to the count. Now what either masks is masked
// (unionMasked).
func TestR41Reviewmask2PendingKeyTradesAMaskedSecret(t *testing.T) {
	for _, ls := range [][]string{
		{"[password] =>", "--password Zq7xK9pW2m token=abc secret=def"},
		{"[password] =>", "IDENTIFIED BY Zq7xK9pW2m, token=abc"},
		{`["password"]=>`, `--pw Zq7xK9pW2m ["password"]=>}`},
		{"[token:protected] =>", "--password Zq7xK9pW2m [\"password\"]=>}"},
		{"[password] =>", "[password:protected] =>,Zq7xK9pW2m"},
	} {
		alone := oneLine(MaskText(ls[1]))
		got := MaskLogLines(ls)[1]
		if strings.Contains(got, r41m3Secret) && !strings.Contains(alone, r41m3Secret) {
			t.Errorf("MaskLogLines(%q)[1] = %q; the entry alone masks it: %q", ls, got, alone)
		}
	}
}
