package present_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestMaskfix2ExactOutputs pins what the review-2 fixes show: a first word after an
// Authorization key that names no known scheme is masked, and so is a token after it that is no
// word of prose; a value after a line break or a shell's continuation; XML credential text with
// its brackets spelled out; a word after a credential-named flag stays in every masker.
func TestMaskfix2ExactOutputs(t *testing.T) {
	m := present.Masked
	for _, tc := range []struct{ in, want, api string }{
		{"Authorization: Foo R40q9ZxLk2", "Authorization: " + m + " " + m, "Authorization: Foo " + m},
		{"Authorization: failed because token expired", "Authorization: " + m + " because token expired", "Authorization: failed because token expired"},
		{"authorization=letmeinplease user=bob", "authorization=" + m + " user=bob", ""},
		{"Authorization: SuperSecretKey via proxy", "Authorization: " + m + " via proxy", ""},
		{"Authorization: negotiate R40q9ZxLk2==", "Authorization: negotiate " + m, ""},
		{"Authorization: ApiKey\nR40q9ZxLk2", "Authorization: ApiKey\n" + m, ""},
		{"Authorization: ApiKey\nContent-Type: application/json", "Authorization: " + m + "\nContent-Type: application/json", ""},
		{"mysql --password \\\n  R40pw9", "mysql --password \\\n  " + m, ""},
		{"--password\nR40pw9 rest", "--password\n" + m + " rest", ""},
		{"&lt;password&gt;R40pw9&lt;/password&gt;", "&lt;password&gt;" + m + "&lt;/password&gt;", ""},
		{`<password>R40pw9<\/password>`, `<password>` + m + `<\/password>`, ""},
		{"<password><![CDATA[R40pw9]]></password >", "<password><![CDATA[" + m + "]]></password >", ""},
		{"<password></password> <password/> <key>region</key>", "<password></password> <password/> <key>region</key>", ""},
		{"--password string   the password", "--password string   the password", ""},
		{"--password Hunter2x --token expects a value", "--password " + m + " --token expects a value", ""},
	} {
		if tc.api == "" {
			tc.api = tc.want
		}
		for name, mask := range r36Maskers {
			got, want := mask(tc.in), tc.want
			switch name {
			case "MaskAPIText":
				want = tc.api
			case "MaskLogLines":
				want = present.MaskLogLines([]string{tc.want})[0] // one line: breaks as spaces
				if strings.Contains(tc.in, "\n") {
					want = strings.Join(strings.Fields(want), " ")
					got = strings.Join(strings.Fields(got), " ")
				}
			}
			if got != want {
				t.Errorf("%s(%q) = %q, want %q", name, tc.in, got, want)
			}
			if again := mask(got); again != got {
				t.Errorf("%s not idempotent: %q -> %q -> %q", name, tc.in, got, again)
			}
		}
	}
}
