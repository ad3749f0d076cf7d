package present

import (
	"strings"
	"testing"
)

// TestMaskQuoteBeforeMarkupOrCJKTextDoesNotEndAValue (round 31): a closing quote followed by a
// tag, sentence punctuation or CJK text does not end a credential's quoted value when the value
// may go on to a later closing quote: a password holding ”。次 or &quot;<b is masked whole. (Round
// 31 first ended the value there, to show CJK prose and markup after it, and showed the rest of
// such a password; over-masking the prose is the safe side.)
func TestMaskQuoteBeforeMarkupOrCJKTextDoesNotEndAValue(t *testing.T) {
	for _, s := range []string{
		"password=&quot;Sup3r&quot;<b>S3cretPwXYZ&quot; tail",
		"password=&#39;Sup3r&#39;<br/S3cretPwXYZ&#39; tail",
		`password=\u0022Sup3r\u0022<i>S3cretPwXYZ\u0022 tail`,
		"password=&quot;Sup3r&quot;.\\nS3cretPwXYZ&quot; tail",
		"password=“Sup3r”。次S3cretPwXYZ” tail",
		"password=“Sup3r”；123次S3cretPwXYZ” tail",
		"password=“”。次S3cretPwXYZ” tail",
	} {
		for name, mask := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText} {
			if got := mask(s); strings.Contains(got, "S3cretPwXYZ") {
				t.Errorf("%s(%q) = %q", name, s, got)
			}
		}
	}
}

// TestMaskInnerValuesAfterEscapedQuoteFast (round 31): values read inside one an escaped quote
// opened (innerPairEnd) use the closing quotes already found, so a text of many values in
// typographic quotes closed by apostrophes after &quot;&quot;x( masks about as fast as one whose
// quotes close (reading each one typographicReach bytes on made it about 20 times slower).
func TestMaskInnerValuesAfterEscapedQuoteFast(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	if raceDetector {
		t.Skip("timing ratios mean nothing under the race detector; .ci/run runs this test without -race")
	}
	const size = 256 << 10
	const prefix = "password=&quot;&quot;x("
	adversarial := prefix + strings.Repeat("pwd=‘’s ", size/len("pwd=‘’s "))
	ordinary := prefix + strings.Repeat("pwd=“” s ", size/len("pwd=“” s "))
	for _, m := range maskers[:3] {
		t.Run(m.name, func(t *testing.T) { checkMasksAsFast(t, m.mask, adversarial, ordinary) })
	}
}
