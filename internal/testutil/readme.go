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

// READMESection is README.md's section under heading (a whole line, "## The emulator"), up to
// the next "## " heading, as written; it fails the test when README has no such heading.
func READMESection(t testing.TB, root, heading string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(raw), "\n"+heading+"\n")
	if !ok {
		t.Fatalf("README.md has no section %q", heading)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	return section
}
