package gendocs

import (
	"fmt"
	"go/build/constraint"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// r68Claims5Whole marks the bytes of p a sentence does not end in: r67Claims4Whole's code spans
// and links' text, and every balanced parenthesis outside them, so "(`TestX`: the rule)" stays
// with the sentence it closes and the next sentence does not open with its test.
func r68Claims5Whole(p string) []bool {
	whole := r67Claims4Whole(p)
	var open []int
	for i := 0; i < len(p); i++ {
		switch {
		case whole[i]:
		case p[i] == '(':
			open = append(open, i)
		case p[i] == ')' && len(open) > 0: // a ")" with none open ("1)") is literal
			for j := open[len(open)-1]; j <= i; j++ {
				whole[j] = true
			}
			open = open[:len(open)-1]
		}
	}
	return whole
}

// TestR68Claims5SentencesKeepParenthesesWhole: a sentence is never cut inside a parenthesis,
// so a test cited there ("(`TestX`: the rule)") stays with the sentence it holds.
func TestR68Claims5SentencesKeepParenthesesWhole(t *testing.T) {
	for _, c := range []struct{ para, want string }{
		{"It is always sent (`TestX`: `X-A` is kept). Then more.",
			"It is always sent (`TestX`: `X-A` is kept)."},
		{"It is never shown (held: `TestX`; `TestY`: Its rule). Then more.",
			"It is never shown (held: `TestX`; `TestY`: Its rule)."},
		{"It is sent (as `TestX` shows: The header (`X-A`) is kept) every time.",
			"It is sent (as `TestX` shows: The header (`X-A`) is kept) every time."},
		{"Odd ) parenthesis: Every call is checked.", "Every call is checked."},
		{"An open ( parenthesis: Every call is checked.", "Every call is checked."},
		{"See [the guide](https://x.example/a_(b)): Every step is kept.", "Every step is kept."},
	} {
		got := r64ClaimsSentences(c.para + "\n")
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("sentences of %q: %q, want only %q", c.para, got, c.want)
		}
	}
}

// r68Claims5Words are the byte offsets of s's absolute words that are not part of a name (nor,
// for "all" and "any", an idiom or a quotation).
func r68Claims5Words(s string) []int {
	var at []int
	for _, m := range r64ClaimsWord.FindAllStringIndex(s, -1) {
		before, after := byte(' '), byte(' ')
		if m[0] > 0 {
			before = s[m[0]-1]
		}
		if m[1] < len(s) {
			after = s[m[1]]
		}
		if !strings.ContainsRune("-_", rune(before)) && !strings.ContainsRune("-_", rune(after)) && r66Claims3Quantifies(s, m) {
			at = append(at, m[0])
		}
	}
	return at
}

// r68Claims5CitedBeforeAClaim says whether the test cited at m in s stands before one of s's
// claims: README cites a test after the claim it holds, so a claim after every test s cites is
// held by none of them ("(`TestX`: …), and it never …"), nor is a sentence whose subject is
// the test ("`TestX` seeds 1,000 apps … every page"); a row of claims.tsv maps those.
func r68Claims5CitedBeforeAClaim(s string, m []int) bool {
	at := r68Claims5Words(s)
	return len(at) > 0 && m[0] < at[len(at)-1]
}

var r68Claims5Cite = regexp.MustCompile(`\b(?:Test|Fuzz|Benchmark)[A-Z]\w*`)

// r68Claims5HeldByCite says whether sentence s is held by a test it cites: one that go test ./...
// runs (runs, r68Claims5GoTestRuns), cited after s's last claim.
func r68Claims5HeldByCite(s string, runs map[string]bool) bool {
	for _, m := range r68Claims5Cite.FindAllStringIndex(s, -1) {
		name := s[m[0]:m[1]]
		if runs[name] && r67Claims4Holds(name) && !r68Claims5CitedBeforeAClaim(s, m) {
			return true
		}
	}
	return false
}

// TestR68Claims5TestCitedBeforeTheClaimHoldsNothing: a test cited before a sentence's claim,
// at its head or between two of its claims, does not hold it; one cited after its last does.
func TestR68Claims5TestCitedBeforeTheClaimHoldsNothing(t *testing.T) {
	defined := map[string]bool{"TestX": true, "TestY": true, "BenchmarkZ": true}
	for s, want := range map[string]bool{
		"`TestX`), and it never fails.":                          false,
		"`TestX`; a key is always masked.":                       false,
		"`TestX` seeds 1,000 apps and reads every page.":         false,
		"It never fails (`TestX`).":                              true,
		"It never fails (`TestX`), and `TestY` too.":             true,
		"It never fails (`TestX`), and it is always fast.":       false,
		"It never fails (`TestX`); it is always fast (`TestY`).": true,
		"It is always fast (`BenchmarkZ`).":                      false,
		"It is always there (`TestUndefined`).":                  false,
	} {
		if got := r68Claims5HeldByCite(s, defined); got != want {
			t.Errorf("%q held by its cited test: %v, want %v", s, got, want)
		}
	}
}

// r68Claims5AlwaysSkips finds a test whose first statement is a skip: it runs nowhere.
var r68Claims5AlwaysSkips = regexp.MustCompile(`(?m)^func ((?:Test|Fuzz)\w+)\(\w+ \*testing\.[TF]\) \{\n\s*\w+\.Skip(?:f|Now)?\(`)

// r68Claims5GoTestRuns are the tests and fuzz targets `go test ./...` runs from the repository's
// root (runs): those of its own module, in a file some platform builds (race detector on or off),
// not in another module (e2e/ has its own go.mod), testdata or a directory go ignores; and of
// those, the ones that skip before anything else (skipped), which run nowhere.
func r68Claims5GoTestRuns(t *testing.T) (runs, skipped map[string]bool) {
	t.Helper()
	all, err := r68Claims5Runs()
	if err != nil {
		t.Fatal(err)
	}
	return all[0], all[1]
}

var r68Claims5Runs = sync.OnceValues(func() ([2]map[string]bool, error) {
	runs, skipped := map[string]bool{}, map[string]bool{}
	decl := regexp.MustCompile(`(?m)^func ((?:Test|Fuzz)\w+)\(`)
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path == root {
				return nil
			}
			name := d.Name()
			if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil { // a module of its own
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		src := string(b)
		if !r68Claims5Buildable(src) {
			return nil
		}
		for _, m := range decl.FindAllStringSubmatch(src, -1) {
			runs[m[1]] = true
		}
		for _, m := range r68Claims5AlwaysSkips.FindAllStringSubmatch(src, -1) {
			runs[m[1]], skipped[m[1]] = false, true
		}
		for _, m := range r70Claims7RaceSkips.FindAllStringSubmatch(src, -1) {
			if !r70Claims7CIRunsWithoutRace(m[1]) {
				runs[m[1]], skipped[m[1]] = false, true
			}
		}
		return nil
	})
	return [2]map[string]bool{runs, skipped}, err
})

// r68Claims5Buildable says whether some platform go test runs on builds a file with src's
// //go:build line: Linux, macOS or Windows, with the race detector or without.
func r68Claims5Buildable(src string) bool {
	var expr constraint.Expr
	for _, line := range strings.Split(src, "\n") {
		if strings.HasPrefix(line, "package ") {
			break
		}
		if constraint.IsGoBuild(line) {
			if e, err := constraint.Parse(line); err == nil {
				expr = e
			}
		}
	}
	if expr == nil {
		return true
	}
	for _, goos := range []string{"linux", "darwin", "windows"} {
		for _, race := range []bool{false, true} {
			if expr.Eval(func(tag string) bool {
				return tag == goos || tag == "unix" && goos != "windows" || tag == "race" && race ||
					tag == "gc" || tag == "amd64" || strings.HasPrefix(tag, "go1.")
			}) {
				return true
			}
		}
	}
	return false
}

// r68Claims5RowErrors are the faults of claims.tsv's rows: a phrase README no longer says, a test
// defined nowhere or that always skips, a row whose tests go test ./... runs none of (benchmarks,
// another module's tests, tests that always skip). Each names the row's line.
func r68Claims5RowErrors(rows []r64ClaimsRow, flat string, defined, runs, skipped map[string]bool) []string {
	var errs []string
	for _, r := range rows {
		if !strings.Contains(flat, r.key) {
			errs = append(errs, fmt.Sprintf("claims.tsv:%d: README no longer says %q: map the reworded claim again", r.line, r.key))
		}
		holds := false
		for _, name := range r.tests {
			switch {
			case !defined[name]:
				errs = append(errs, fmt.Sprintf("claims.tsv:%d: %s, named for %q, is defined in no _test.go file", r.line, name, r.key))
			case skipped[name]:
				errs = append(errs, fmt.Sprintf("claims.tsv:%d: %s, named for %q, skips before anything else (or under the race "+
					"detector CI's go test runs with, and .ci/run runs it no other way): it runs nowhere in CI", r.line, name, r.key))
			}
			holds = holds || runs[name] && r67Claims4Holds(name)
		}
		if len(r.tests) > 0 && !holds {
			errs = append(errs, fmt.Sprintf("claims.tsv:%d: %q names no test go test ./... runs (a benchmark, a test of another module such as e2e/, one that always skips): name a test that holds it", r.line, r.key))
		}
	}
	return errs
}

// TestR68Claims5RowsThatHoldNothingFail: a row whose phrase README no longer says, that names a
// test defined nowhere or always skipped, or whose tests go test ./... runs none of, fails the
// claims test with a message naming the row's line; a row of tests that run passes.
func TestR68Claims5RowsThatHoldNothingFail(t *testing.T) {
	flat := "It never fails. It is always fast. Every call is checked. Each key is only masked. None is lost."
	defined := map[string]bool{"TestRuns": true, "TestE2eOnly": true, "TestSkips": true, "BenchmarkFast": true}
	runs := map[string]bool{"TestRuns": true}
	skipped := map[string]bool{"TestSkips": true}
	rows := []r64ClaimsRow{
		{line: 1, key: "It never fails.", tests: []string{"TestRuns", "TestE2eOnly"}},
		{line: 2, key: "It is always fast.", tests: []string{"BenchmarkFast"}},
		{line: 3, key: "It is sometimes slow.", tests: []string{"TestRuns"}},
		{line: 4, key: "Every call is checked.", tests: []string{"TestGone", "TestRuns"}},
		{line: 5, key: "Each key is only masked.", tests: []string{"TestE2eOnly"}},
		{line: 6, key: "None is lost.", tests: []string{"TestSkips", "TestRuns"}},
	}
	got := strings.Join(r68Claims5RowErrors(rows, flat, defined, runs, skipped), "\n")
	for _, want := range []string{
		`claims.tsv:2: "It is always fast." names no test go test ./... runs`,
		`claims.tsv:3: README no longer says "It is sometimes slow."`,
		`claims.tsv:4: TestGone, named for "Every call is checked.", is defined in no _test.go file`,
		`claims.tsv:5: "Each key is only masked." names no test go test ./... runs`,
		`claims.tsv:6: TestSkips, named for "None is lost.", skips before anything else`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no error %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "claims.tsv:1:") || strings.Count(got, "\n") != 4 {
		t.Errorf("want exactly the five errors of rows 2 to 6:\n%s", got)
	}
	runs, skipped = r68Claims5GoTestRuns(t)
	for name, want := range map[string]bool{"TestR64ClaimsEveryClaimHeld": true, "FuzzSpicepodSizeBound": true,
		"TestR50E2eEveryTool": false, "BenchmarkRedactAcrossWords": false} {
		if runs[name] != want {
			t.Errorf("%s run by go test ./...: %v, want %v", name, runs[name], want)
		}
	}
	if !r68Claims5Buildable("//go:build !linux\n\npackage x\n") || r68Claims5Buildable("//go:build integration\n\npackage x\n") {
		t.Error("build constraints: a file for other platforms is built by some; one behind a tag go test does not set by none")
	}
	if src := "func TestX(t *testing.T) {\n\tt.Skip(\"later\")\n}\n"; !r68Claims5AlwaysSkips.MatchString(src) {
		t.Errorf("%q always skips", src)
	}
}
