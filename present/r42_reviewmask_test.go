package present_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// A credential key's value that starts with "--" and names a credential itself
// (--MySecret2024, --Secret-Pass-99) is taken for a credential flag by the new
// "password: --password <pw>" rule (maskPairs: credentialFlagValueAt on the value): the word
// after it is masked as the flag's value and the password itself is shown. 7f8f847 masked it.
func TestR42ReviewmaskValueStartingWithDashesIsMasked(t *testing.T) {
	for _, in := range []string{
		"DB_PASSWORD=--SecretZq7x99 ./run.sh",
		"password: --Zq7xSecret2024 rotated",
		"db_password: --Secret-Zq7x-99 # prod",
		"api_key: --tokenZq7xSECRET #c",
	} {
		for name, mask := range map[string]func(string) string{"MaskText": present.MaskText, "MaskAPIText": present.MaskAPIText,
			"MaskLogLines": func(s string) string { return strings.Join(present.MaskLogLines([]string{s}), "\n") }} {
			if got := mask(in); strings.Contains(got, "Zq7x") {
				t.Errorf("%s(%q) = %q: shows the password (7f8f847 masked it)", name, in, got)
			}
		}
	}
}

// The new "password: --password <pw>" rule reads the flag's value across the line break: when
// a credential key's value is a credential flag that ends its line, the next line's key is
// taken for the flag's value and masked, and maskPairs goes on after it, so that line's own
// credential value is shown. 7f8f847 masked it (and MaskLogLines, one line per entry, does).
func TestR42ReviewmaskFlagValueAtLineEndHidesNextPair(t *testing.T) {
	for _, in := range []string{
		"password: --password\napi_key: Zq7xSECRET",
		"password: --token\napi_key: Zq7xSECRET",
		"password: --password\n  token: Zq7xSECRET",
	} {
		for name, mask := range map[string]func(string) string{"MaskText": present.MaskText, "MaskAPIText": present.MaskAPIText} {
			if got := mask(in); strings.Contains(got, "Zq7x") {
				t.Errorf("%s(%q) = %q: shows the next line's credential", name, in, got)
			}
		}
	}
}
