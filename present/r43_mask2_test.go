package present_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// A log's masked text masked again reads as it did: MaskLogLines shows a break inside an entry
// as a space and trims an entry's indentation, so a rule that read them showed a word once
// (an indented flag's value in capitals, a breadcrumb's step after a break) and masked it the
// second time. Each is masked both times.
func TestR43Mask2LogMaskedAgainReadsAsBefore(t *testing.T) {
	for _, in := range []string{
		"  --api-key HUNTER two",
		"--password\nHUNTER two",
		"  --token HUNTER docs)",
		"x\nSettings -> Password -> Summer",
		"Settings -> Password -> Summer\nnext line",
	} {
		once := present.MaskLogLines([]string{in})
		twice := present.MaskLogLines(once)
		if strings.Join(once, "\n") != strings.Join(twice, "\n") {
			t.Errorf("MaskLogLines([%q]) = %q, masked again %q", in, once, twice)
		}
		if got := strings.Join(once, "\n"); strings.Contains(got, "HUNTER") || strings.Contains(got, "Summer") {
			t.Errorf("MaskLogLines([%q]) = %q: shows the password", in, got)
		}
	}
}
