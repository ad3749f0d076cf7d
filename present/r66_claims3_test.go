package present

import (
	"strings"
	"testing"
)

// TestR66Claims3BearerTokenMaskedToItsWordEnd: README masks "the token after `Bearer` (any but
// a word of prose)". Without an Authorization key before it, the token was read as a run of
// RFC 6750's characters only, so a character past them ended the mask and the rest of the
// token showed ("got Bearer ********€23xyz from"), or all of it when it began beyond ASCII
// ("Bearer ключ23xyz"). The rest of its word goes with it now; what ends a word (a space, a
// comma, a closing bracket or quote) still ends the token.
func TestR66Claims3BearerTokenMaskedToItsWordEnd(t *testing.T) {
	for _, tok := range []string{"abc!23xyz", "abc€23xyz", "abc@23xyz", "abc#23xyz", "abc|23xyz", "abc$23xyz", "abc*23xyz", "abc?23xyz", "123ключ23xyz", "abc日本23xyz", "ключ23xyz", "€23xyz"} {
		for _, in := range []string{"got Bearer " + tok + " from", "got Bearer " + tok + ", from", "(Bearer " + tok + ") from"} {
			for name, f := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText} {
				if got := f(in); strings.Contains(got, "23xyz") || !strings.Contains(got, "Bearer "+Masked) || !strings.HasSuffix(got, " from") {
					t.Errorf("%s(%q) = %q: the token shows, or more than it is masked", name, in, got)
				}
			}
		}
	}
	for _, in := range []string{"a bearer token expired", "send Bearer token, then retry", "Bearer required (see docs)"} {
		if got := MaskAPIText(in); got != in {
			t.Errorf("MaskAPIText(%q) = %q, want the prose kept", in, got)
		}
	}
}
