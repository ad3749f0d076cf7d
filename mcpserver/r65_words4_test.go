package mcpserver_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Round 65 words4: one voice across every result.

// r65Words4Remedy is a remedy's opening as results show it, with its first word.
var r65Words4Remedy = regexp.MustCompile("What to do: (`?)([^\\s;:,.`]*)")

// r65Words4Goldens is what every result golden shows, by file.
func r65Words4Goldens(t *testing.T) map[string]string {
	t.Helper()
	files, _ := filepath.Glob("testdata/results/*.md")
	if len(files) == 0 {
		t.Fatal("no result goldens")
	}
	shown := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		shown[filepath.Base(f)] = r51WordsShown(string(b))
	}
	return shown
}

// TestR65Words4RemediesOpenOneWay: in every tool's results, a remedy opens as a sentence, with a
// capital, unless its first word is a tool or an argument (update_app), called by its name.
// Before, deployment and token-endpoint remedies opened in lower case ("What to do: the runtime
// failed to start", "What to do: nothing; a later deployment …") beside the API's ("What to do:
// Issue a token …").
func TestR65Words4RemediesOpenOneWay(t *testing.T) {
	catalog := r51WordsCatalog(t)
	seen := 0
	for file, shown := range r65Words4Goldens(t) {
		for _, m := range r65Words4Remedy.FindAllStringSubmatch(shown, -1) {
			seen++
			word := m[2]
			if m[1] == "`" || word == "" || strings.ToUpper(word[:1]) == word[:1] {
				continue
			}
			if _, tool := catalog[word]; tool {
				continue
			}
			if slices.ContainsFunc(slices.Collect(mapsValues(catalog)), func(args []string) bool { return slices.Contains(args, word) }) {
				continue
			}
			t.Errorf("%s: a remedy opens in lower case: %q", file, m[0])
		}
	}
	if seen < 50 {
		t.Errorf("only %d remedies in the goldens", seen)
	}
}
