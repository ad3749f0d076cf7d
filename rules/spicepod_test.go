package rules

import (
	"strings"
	"testing"
)

// TestSpicepodIsOneDocument: text with a second YAML document is refused with its line (only
// the first was read: the rest was neither checked nor stored); markers around one document
// are fine.
func TestSpicepodIsOneDocument(t *testing.T) {
	const pod = "version: v1\nkind: Spicepod\nname: app\n"
	for in, want := range map[string]string{
		pod + "---\nname: other\n":      "Spicepod must be a single YAML document, but a second one starts at line 4",
		pod + "---\n":                   "Spicepod must be a single YAML document, but a second one starts at line 4",
		pod + "--- ~\n":                 "Spicepod must be a single YAML document, but a second one starts at line 4",
		pod + "---\n# a comment only\n": "Spicepod must be a single YAML document, but a second one starts at line 4",
		pod + "---\nname: [\n":          "Spicepod is not valid YAML (line 5)",
		"---\n" + pod:                   "",
		pod + "...\n":                   "",
		"---\n" + pod + "...\n":         "",
		"# only a comment\n":            "Spicepod must be a YAML mapping or a JSON object",
	} {
		_, got := ParseSpicepod(in)
		if want == "" && got != "" || !strings.HasPrefix(got, want) {
			t.Errorf("ParseSpicepod(%q) = %q, want %q…", in, got, want)
		}
	}
}
