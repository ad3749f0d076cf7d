package present

import (
	"strings"
	"testing"
)

// A shell's escaped space between an authorization scheme and its credential
// (Authorization: Basic\ <credential>, one word to the shell) keeps the scheme and masks the
// credential, as a continuation's backslash before a line break does (FuzzMaskInvisible,
// CI of 2d7f4eb: the credential was shown with a space, masked with U+2029).
func TestR44SchemeThenEscapedSpaceMasksCredential(t *testing.T) {
	for _, text := range []string{
		`AuthoriZAtion:BAsiC\ 00000000`,
		`Authorization: Basic\ dXNlcjpwYXNzd29yZA==`,
		`curl -H Authorization:\ Bearer\ R44tokenQ7x9`,
		"Authorization: Bearer\\\tR44tokenQ7x9",
		`password:\ hunter2`,
		`password= \ hunter2`,
		"token:\\\thunter2",
	} {
		for name, m := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText} {
			got := m(text)
			for _, secret := range []string{"00000000", "dXNlcjpwYXNzd29yZA", "R44tokenQ7x9", "hunter2"} {
				if strings.Contains(got, secret) {
					t.Errorf("%s(%q) = %q: shows the credential", name, text, got)
				}
			}
			lined := m(strings.Replace(text, `\ `, "\\\u2029", 1))
			if strings.Count(got, Masked) == 0 || strings.Count(lined, Masked) == 0 {
				t.Errorf("%s: nothing masked: %q / %q", name, got, lined)
			}
		}
	}
}
