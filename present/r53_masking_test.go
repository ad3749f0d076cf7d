package present

import (
	"strings"
	"testing"
)

// An AWS secret access key written right after its key ID with only "/" between
// (AKIA…/<secret>, as a note or a path writes the pair) is masked as after a space or a ":":
// the "/" before it read as one of the secret's own bytes. The ID then a path stays.
func TestR53MaskingAWSSecretAfterKeyIDAndSlash(t *testing.T) {
	const id, secret = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	r52MaskingWant(t, map[string]string{
		id + "/" + secret:                      Masked + "/" + Masked,
		"creds " + id + "/" + secret + " used": "creds " + Masked + "/" + Masked + " used",
		"aws://" + id + "/" + secret + "@s3":   "aws://" + Masked + "/" + Masked + "@s3",
		`"` + id + "/" + secret + `"`:          `"` + Masked + "/" + Masked + `"`,
	})
	for name, got := range r52MaskingEvery(id + "/reports/2026/ThisIsNotASecretButFortyCharsLong1234567.csv") {
		if !strings.Contains(got, "/reports/2026/ThisIsNotASecretButFortyCharsLong1234567.csv") {
			t.Errorf("%s masked a path after the key ID: %q", name, got)
		}
	}
}
