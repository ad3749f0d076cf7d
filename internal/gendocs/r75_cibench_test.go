package gendocs

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestR75CiBenchRunsEveryPackageBenchmark: .ci/run's benchmark step runs, once each with -short,
// every package of the module whose tests define a benchmark, bench/ (the closing bench, whose
// benchmarks time the built binary) and the e2e module aside, and names no package without
// one; so a benchmark added to a new package is run too, and a broken one fails the run.
func TestR75CiBenchRunsEveryPackageBenchmark(t *testing.T) {
	ci := string(readRepoFile(t, ".ci/run"))
	list := regexp.MustCompile(`(?m)^  bench_pkgs="([^"]*)"$`).FindStringSubmatch(ci)
	if list == nil {
		t.Fatal(`.ci/run: no bench_pkgs="..." line listing the packages whose benchmarks run once`)
	}
	if !regexp.MustCompile(`(?m)^  go -C "\$fresh" test -count=1 -timeout \d+m -short -run '\^\$' -bench \. -benchtime 1x \$bench_pkgs$`).MatchString(ci) {
		t.Error(`.ci/run does not run go -C "$fresh" test … -short -run '^$' -bench . -benchtime 1x $bench_pkgs`)
	}
	listed := strings.Fields(list[1])
	decl := regexp.MustCompile(`(?m)^func Benchmark\w*\(b \*testing\.B\) \{`)
	var want []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || rel == "e2e" || rel == "bench") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if pkg := "./" + filepath.ToSlash(filepath.Dir(rel)); decl.Match(b) && !slices.Contains(want, pkg) {
			want = append(want, pkg)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(want)
	if len(want) == 0 {
		t.Fatal("no package benchmark found in the module")
	}
	if !slices.Equal(listed, want) {
		t.Errorf(".ci/run's bench_pkgs are %q; the packages defining benchmarks (outside bench/ and e2e/) are %q", listed, want)
	}
}
