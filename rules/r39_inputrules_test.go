package rules

import (
	"strings"
	"testing"
)

// TestR39TagKeysRefuseSpacesAndHiddenCharacters: the client and the emulator refuse a tag key
// with spaces or a line break around it, or holding a character that does not show where it
// stands (a zero-width space, a control character, tag characters spelling hidden text),
// quoted with it escaped; a key whose invisible characters are part of its text (an emoji's
// variation selector and joiner, a Persian non-joiner) is taken. Only an empty key was refused.
func TestR39TagKeysRefuseSpacesAndHiddenCharacters(t *testing.T) {
	for key, want := range map[string]string{
		" team":                              `Tag key " team" must not start or end with spaces or line breaks`,
		"team\n":                             `Tag key "team\n" must not start or end with spaces or line breaks`,
		"team\u00a0":                         `Tag key "team\u00a0" must not start or end with spaces or line breaks`,
		"te\u200bam":                         `Tag key "te\u200bam" must not hold a character that does not show`,
		"a\u0007b":                           `Tag key "a\ab" must not hold a character that does not show`,
		"note\U000E0049\U000E0047\U000E004E": `Tag key "note\U000e0049\U000e0047\U000e004e" must not hold a character that does not show`,
		"":                                   "Tag keys must not be empty",
	} {
		if got := Tags(map[string]string{key: "x", "team": "data"}); got != want {
			t.Errorf("Tags(%+q) = %q, want %q", key, got, want)
		}
	}
	for _, key := range []string{"team", "team-\u2764\ufe0f", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "k\u00e9"} {
		if got := Tags(map[string]string{key: "x"}); got != "" {
			t.Errorf("Tags(%+q) = %q, want it taken", key, got)
		}
	}
	// A key's rule comes before its value's: the value's message would quote the key unescaped.
	if got := Tags(map[string]string{"te\u200bam": "a/b"}); !strings.HasPrefix(got, "Tag key ") {
		t.Errorf("key and value both refused: %q", got)
	}
}

// TestR39RepositoryDotSegmentsAreRefused: "." and ".." as the repository name, with or without an
// owner, are refused (GitHub names no repository so; in a URL they are dot-segments); a name
// starting with a dot is a name. They matched the pattern and were taken.
func TestR39RepositoryDotSegmentsAreRefused(t *testing.T) {
	for _, repo := range []string{".", "..", "acme/.", "acme/.."} {
		if got := Repository(repo); got != RepositoryDots {
			t.Errorf("Repository(%q) = %q, want %q", repo, got, RepositoryDots)
		}
	}
	for _, repo := range []string{".github", "acme/.github", "acme/...", "a.b", "acme/.x"} {
		if got := Repository(repo); got != "" {
			t.Errorf("Repository(%q) = %q, want it taken", repo, got)
		}
	}
}
