package testutil

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// SpiceVariablesTheCodeReads lists the SPICE_ variables the server's Go sources under root name
// (tests, testdata and the e2e module aside): what a README, Dockerfile or manifest may name.
func SpiceVariablesTheCodeReads(t testing.TB, root string) map[string]bool {
	t.Helper()
	read := map[string]bool{}
	name := regexp.MustCompile(`"(SPICE_[A-Z_]+)"`)
	ServerSources(t, root, func(path string, src []byte) {
		for _, m := range name.FindAllStringSubmatch(string(src), -1) {
			read[m[1]] = true
		}
	})
	return read
}

// ServerSources calls each with every Go source of the server under root (tests, testdata,
// hidden folders and the e2e module aside) and returns how many there were.
func ServerSources(t testing.TB, root string, each func(path string, src []byte)) int {
	t.Helper()
	files := 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "e2e") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		each(path, b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
