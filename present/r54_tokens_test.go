package present

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestR54TokensEveryPlaceholderIsUsed: each placeholder a remedy text may hold is held by one,
// outside tests; {{.QuotedScope}} was not (only its test filled it), a row fill paid for on
// every remedy with a placeholder.
func TestR54TokensEveryPlaceholderIsUsed(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src.Write(b)
	}
	for _, p := range placeholders {
		// Its name once in the table; a remedy text that uses it holds it again.
		if n := strings.Count(src.String(), p.name); n < 2 {
			t.Errorf("%s: no remedy text holds it", p.name)
		}
	}
}
