package testutil

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// READMEPassage is README.md's text (in the repository root, root relative to the test's
// package) from lead to end, whitespace folded to single spaces as the Markdown reads; it fails
// the test when README does not say lead.
func READMEPassage(t testing.TB, root, lead, end string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(raw)), " ")
	at := strings.Index(text, lead)
	if at < 0 {
		t.Fatalf("README does not say %q", lead)
	}
	passage, _, _ := strings.Cut(text[at:], end)
	return passage
}
