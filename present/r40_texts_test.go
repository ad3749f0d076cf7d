package present

import (
	"strings"
	"testing"
)

// TestR40RepositoryDescriptionCopied: connect_repository says the description it replaced, what
// it is now (none when the repository has none), nothing when it did not change, and, when the
// app could not be read back, that connecting replaces it.
func TestR40RepositoryDescriptionCopied(t *testing.T) {
	for _, tc := range []struct {
		before, after string
		known         bool
		want          string
	}{
		{"mine", "Spicepod for x", true, "Its description was replaced by the repository's: was `mine`, now `Spicepod for x`."},
		{"mine", "", true, "was `mine`, now none."},
		{"", "Spicepod for x", true, "was none, now `Spicepod for x`."},
		{"same", "same", true, ""},
		{"mine", "", false, "Connecting also replaces its description (`mine`) with the repository's"},
		{"", "", false, "Connecting also copies the repository's description onto it"},
	} {
		got := RepositoryDescriptionCopied(tc.before, tc.after, tc.known)
		if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
			t.Errorf("%q → %q (read back %t): %q, want %q", tc.before, tc.after, tc.known, got, tc.want)
		}
	}
}
