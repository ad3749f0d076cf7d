package present_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// r43Maskers are the three maskers of free text: a log line is one entry.
var r43Maskers = map[string]func(string) string{
	"MaskText":    present.MaskText,
	"MaskAPIText": present.MaskAPIText,
	"MaskLogLines": func(s string) string {
		return strings.Join(present.MaskLogLines([]string{s}), "\n")
	},
}

// A value after a credential key and an arrow that merely starts with "--" is the value, as
// after "=" or ":" (round 42's DB_PASSWORD=--Secret…): the arrow rule took any "--" for a
// credential flag whose own value maskSpacedValues masks, and so showed the password.
func TestR43MaskArrowValueStartingWithDashes(t *testing.T) {
	for _, in := range []string{
		"password -> --Secret123abc",
		"password->--Secret123abc",
		"api_key → --Zq7xSECRET99",
		"token -> --Zq7x-secret-99 rotated",
		"password -> --password Secret123abc",
		"password->--password Secret123abc",
		"password -> --password\n  Secret123abc",
	} {
		for name, mask := range r43Maskers {
			if got := mask(in); strings.Contains(got, "Secret123") || strings.Contains(got, "Zq7x") {
				t.Errorf("%s(%q) = %q: shows the password", name, in, got)
			}
		}
	}
}
