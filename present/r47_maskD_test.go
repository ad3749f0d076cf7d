package present

import (
	"strings"
	"testing"
)

// After an Authorization value's first word that names no scheme, the token after it is masked
// when it ends in base64 padding, as it is without: "abc123=" is no key of a next pair
// (before, Authorization: Foo abc123== showed the token).
func TestR47MaskDPaddedTokenAfterUnknownScheme(t *testing.T) {
	for _, in := range []string{
		"Authorization: Foo abc123==",
		"Authorization: Foo abc123=",
		"Authorization: Foo abc123== x",
		"Authorization: Foo abc==,",
		"Authorization: Foo \"abc123==\"",
		"Authorization: Foo 'abc123=='",
		"Authorization: Foo \"abc123\"",
		`{"h":"Authorization: Foo abc123=="}`,
		`{"h":"Authorization: Foo \"abc123==\""}`,
		"2024-01-01T00:00:00Z INFO Authorization: Foo abc123== next",
		"Proxy-Authorization: Foo abc123==",
		"Authorization:   Foo    abc123==",
		"Authorization:\tFoo\tabc123==",
		"Authorization: Foo abc123==\u2028next",
		"Authorization: Foo abc123==\u0085next",
		"Authorization: Foo\u2028abc123==",
		"Authorization: Foo\u0085abc123==",
		"Authorization: Foo abc123==\\r\\nHost: x",
	} {
		for name, f := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText} {
			if got := f(in); strings.Contains(got, "abc") {
				t.Errorf("%s(%q) = %q: the token shows", name, in, got)
			}
		}
	}
	if got := MaskText("Authorization: Foo user=bob"); got != "Authorization: "+Masked+" user=bob" {
		t.Errorf("the next pair after the first word: %q", got)
	}
}
