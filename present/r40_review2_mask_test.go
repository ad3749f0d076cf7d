package present_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestReview2SpacedCredentialAfterLineBreakInLogEntry: a log entry that breaks between a
// credential-named flag (or IDENTIFIED BY) and its value — a shell command echoed with a
// continuation — shows the value, and MaskLogLines' one-line output, masked again, changes:
// README says MaskLogLines is idempotent (FuzzMaskLogLinesCoversOld) and reads a line break
// inside an entry as MaskText reads a line separator.
func TestReview2SpacedCredentialAfterLineBreakInLogEntry(t *testing.T) {
	const secret = "R40q9ZxLk2VbN7wPs4Td"
	for _, in := range []string{
		"--password\n" + secret,
		"mysql --user bob \\\n  --password \\\n  " + secret,
		"IDENTIFIED BY\n'" + secret + "'",
		"Authorization: ApiKey\r\n " + secret,
	} {
		out := present.MaskLogLines([]string{in})[0]
		if strings.Contains(out, secret) {
			t.Errorf("MaskLogLines(%q) shows the credential: %q", in, out)
		}
		if again := present.MaskLogLines([]string{out})[0]; again != out {
			t.Errorf("MaskLogLines not idempotent: %q -> %q -> %q", in, out, again)
		}
	}
}

// TestReview2XMLCredentialTextInCDATAOrSpacedEndTag: README: "the text of an XML element so
// named, up to its closing tag (<password>********</password>)". The element's text in a
// CDATA section, a closing tag with a space before ">" (valid XML), and the element as Go's
// encoding/json writes it inside a JSON string (\u003c…\u003e) are shown.
func TestReview2XMLCredentialTextInCDATAOrSpacedEndTag(t *testing.T) {
	const secret = "R40q9ZxLk2VbN7wPs4Td"
	for _, in := range []string{
		"<password><![CDATA[" + secret + "]]></password>",
		"<password>" + secret + "</password >",
		`{"body":"\u003cpassword\u003e` + secret + `\u003c/password\u003e"}`,
	} {
		for name, mask := range r36Maskers {
			if got := mask(in); strings.Contains(got, secret) {
				t.Errorf("%s(%q) shows the credential: %q", name, in, got)
			}
		}
	}
}

// TestReview2FlagFollowedByProseStays: README: a credential-named flag's value is masked
// "unless another flag or a word of prose (use --token to sign in) follows"; MaskText and
// MaskLogLines mask the prose word after the flag in ordinary error and usage text.
func TestReview2FlagFollowedByProseStays(t *testing.T) {
	for _, in := range []string{
		"Error: --password cannot be used with --password-stdin",
		"--password requires a value",
		"error: --token expects an argument",
	} {
		for name, mask := range r36Maskers {
			if got := mask(in); got != in {
				t.Errorf("%s(%q) = %q, want it unchanged", name, in, got)
			}
		}
	}
}

// TestReview2AuthorizationLettersOnlyCredentialFollowedByAWord: fadb03d reads a letters-only
// token of up to 24 bytes after an Authorization key as a scheme's name whenever another token
// follows it on the line, so the credential itself is shown and the next word is masked in its
// place. Before fadb03d each of these was masked as "authorization=******** user=bob".
// README: "a lone token ... is the credential, masked".
func TestReview2AuthorizationLettersOnlyCredentialFollowedByAWord(t *testing.T) {
	for _, tc := range []struct{ in, secret string }{
		{"authorization=letmeinplease user=bob", "letmeinplease"},
		{"Authorization: SuperSecretKey via proxy", "SuperSecretKey"},
		{"Proxy-Authorization: opensesame for upstream", "opensesame"},
	} {
		for name, mask := range r36Maskers {
			if name == "MaskAPIText" && !strings.Contains(tc.in, "=") {
				continue // prose mode: a word after "key:" may stay (README's price)
			}
			if got := mask(tc.in); strings.Contains(got, tc.secret) {
				t.Errorf("%s(%q) shows the credential: %q", name, tc.in, got)
			}
		}
	}
}
