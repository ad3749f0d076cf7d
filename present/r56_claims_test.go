package present

import (
	"strings"
	"testing"
)

// TestR56ClaimsSMTPPasswordOnItsOwnLogLine: README (Credentials in text) says every log line is
// masked and that SMTP's AUTH LOGIN password, "the base64 line after the 334 UGFzc3dvcmQ6
// challenge", is. A runtime's SMTP debug transcript reaches get_instance_logs one line per log
// entry: the password's entry must be masked there too, as MaskText masks it in one text; the
// username's entry and the challenges stay.
func TestR56ClaimsSMTPPasswordOnItsOwnLogLine(t *testing.T) {
	m := Masked
	for _, tc := range []struct{ in, want []string }{
		{[]string{"AUTH LOGIN", "334 VXNlcm5hbWU6", "Ym9i", "334 UGFzc3dvcmQ6", "UzNjcmV0U210cA==", "235 ok"},
			[]string{"AUTH LOGIN", "334 VXNlcm5hbWU6", "Ym9i", "334 UGFzc3dvcmQ6", m, "235 ok"}},
		{[]string{"C: AUTH LOGIN", "S: 334 VXNlcm5hbWU6", "C: Ym9i", "S: 334 UGFzc3dvcmQ6", "C: UzNjcmV0U210cA==", "S: 235 2.7.0 ok"},
			[]string{"C: AUTH LOGIN", "S: 334 VXNlcm5hbWU6", "C: Ym9i", "S: 334 UGFzc3dvcmQ6", "C: " + m, "S: 235 2.7.0 ok"}},
		{[]string{"S: 334 cGFzc3dvcmQ6 ", "C: aHVudGVyMg=="}, []string{"S: 334 cGFzc3dvcmQ6", "C: " + m}},
		// The prompt alone, and the username's challenge, leave the next entry as it is.
		{[]string{"334 UGFzc3dvcmQ6"}, []string{"334 UGFzc3dvcmQ6"}},
		{[]string{"334 VXNlcm5hbWU6", "Ym9i"}, []string{"334 VXNlcm5hbWU6", "Ym9i"}},
		{[]string{"334 UGFzc3dvcmQ6", "235 2.7.0 Authentication successful"}, []string{"334 UGFzc3dvcmQ6", "235 2.7.0 Authentication successful"}},
	} {
		got := MaskLogLines(tc.in)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("MaskLogLines(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if again := MaskLogLines(got); strings.Join(again, "|") != strings.Join(got, "|") {
			t.Errorf("masking %q again changes it: %q", got, again)
		}
	}
}
