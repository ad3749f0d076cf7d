package gendocs

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestREADMECountsTheFuzzTargetsCIRuns: README's account of .ci/run gives the number of fuzz
// targets it runs, in words, and names each of them; each is a fuzz target of the package
// .ci/run runs it in.
func TestREADMECountsTheFuzzTargetsCIRuns(t *testing.T) {
	loop := regexp.MustCompile(`(?m)^for target in ([^;]+); do$`).FindSubmatch(readRepoFile(t, ".ci/run"))
	if loop == nil {
		t.Fatal(".ci/run: no `for target in ...; do` line listing the fuzz targets")
	}
	targets := strings.Fields(string(loop[1]))
	readme := string(readRepoFile(t, "README.md"))
	words := []string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}
	if len(targets) >= len(words) {
		t.Fatalf(".ci/run runs %d fuzz targets: extend the words", len(targets))
	}
	if want := words[len(targets)] + " fuzz targets for"; !strings.Contains(readme, want) {
		t.Errorf("README.md: .ci/run runs %d fuzz targets, but README does not say %q (it says %q)", len(targets), want,
			regexp.MustCompile(`\w+ fuzz targets for`).FindAllString(readme, -1))
	}
	for _, target := range targets {
		name, dir, ok := strings.Cut(target, ":")
		if !ok {
			t.Errorf(".ci/run: target %q is not NAME:PACKAGE", target)
			continue
		}
		if !strings.Contains(readme, "`"+name+"`") {
			t.Errorf("README.md does not name %s, which .ci/run fuzzes", name)
		}
		if !definesFuzz(t, filepath.Join(root, filepath.FromSlash(dir)), name) {
			t.Errorf(".ci/run fuzzes %s in %s, which defines no such target", name, dir)
		}
	}
}

// TestCIRunsEveryFuzzTarget: every fuzz target a package of the module defines is one .ci/run
// fuzzes, so none is left to its seed inputs alone.
func TestCIRunsEveryFuzzTarget(t *testing.T) {
	ci := string(readRepoFile(t, ".ci/run"))
	decl := regexp.MustCompile(`(?m)^func (Fuzz\w+)\(f \*testing\.F\) \{`)
	found := 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "e2e") {
			return filepath.SkipDir // e2e is a module of its own, fuzzing nothing
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		for _, m := range decl.FindAllStringSubmatch(string(b), -1) {
			found++
			if want := m[1] + ":./" + filepath.ToSlash(rel); !strings.Contains(ci, " "+want+" ") && !strings.Contains(ci, " "+want+";") {
				t.Errorf("%s defines %s, which .ci/run does not fuzz (add %s to its loop)", path, m[1], want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found == 0 {
		t.Fatal("no fuzz target found in the module")
	}
}

// definesFuzz reports whether a test file in dir declares the fuzz target name.
func definesFuzz(t *testing.T, dir, name string) bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	decl := fmt.Sprintf("\nfunc %s(f *testing.F) {", name)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), decl) {
			return true
		}
	}
	return false
}
