package gendocs

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestR60NewcomerCIInstallsWhatItsScriptsNeed: .ci/run installs what it needs on a fresh
// machine. Every program a script it runs refuses to go on without (`command -v X … || die`),
// and the C compiler its `go test -race` needs (cgo), is either one README's Tests names as a
// prerequisite ("It needs Go, git") or one .ci/run installs when missing (`command -v X … ||
// missing+=(…)`), and README's Tests names each package it installs. A fresh Debian has neither
// curl (scripts/conformance.sh stopped with "curl not found on PATH" after the 12-minute race
// step) nor, always, gcc (without one Go turns cgo off and -race refuses to start).
func TestR60NewcomerCIInstallsWhatItsScriptsNeed(t *testing.T) {
	ci := string(readRepoFile(t, ".ci/run"))
	tests := strings.Join(strings.Fields(r47NewcomerSection(t, string(readRepoFile(t, "README.md")), "## Tests")), " ")

	// What .ci/run installs: each checked program and the Debian packages it installs for it.
	installs := map[string][]string{}
	var packages []string
	for _, m := range regexp.MustCompile(`command -v ("[^"]*"|\S+) >/dev/null \|\| missing\+=\(([^)]*)\)`).FindAllStringSubmatch(ci, -1) {
		installs[strings.Trim(m[1], `"`)] = strings.Fields(m[2])
		packages = append(packages, strings.Fields(m[2])...)
	}
	if len(installs) < 2 {
		t.Fatalf(".ci/run installs %v; the pattern lost its checks", installs)
	}
	// Debian's nodejs package brings node.
	if slices.Contains(packages, "nodejs") {
		installs["node"] = []string{"nodejs"}
	}
	prerequisites := []string{"go", "git"}
	if !strings.Contains(tests, "It needs Go, git and") {
		t.Error(`README's Tests no longer says "It needs Go, git and …"; update this test's prerequisites`)
	}

	// What the scripts .ci/run runs refuse to go on without (scripts/lib.sh is sourced by each).
	scripts := []string{"scripts/lib.sh"}
	for _, m := range regexp.MustCompile(`(?m)bash (scripts/\S+\.sh)`).FindAllStringSubmatch(ci, -1) {
		scripts = append(scripts, m[1])
	}
	if len(scripts) < 4 {
		t.Fatalf(".ci/run runs %v; the pattern lost its scripts", scripts)
	}
	needed := map[string]string{}
	for _, s := range scripts {
		for _, m := range regexp.MustCompile(`command -v (\S+) >/dev/null \|\| die`).FindAllStringSubmatch(string(readRepoFile(t, s)), -1) {
			needed[m[1]] = s
		}
	}
	if len(needed) < 3 {
		t.Fatalf("the scripts need %v; the pattern lost their checks", needed)
	}
	for program, script := range needed {
		if _, ok := installs[program]; !ok && !slices.Contains(prerequisites, program) {
			t.Errorf("%s stops without %s, which .ci/run neither installs when missing nor README names as a prerequisite", script, program)
		}
	}

	// The race detector needs cgo, and cgo a C compiler.
	if strings.Contains(ci, "go test -race") && !slices.Contains(packages, "gcc") {
		t.Error(".ci/run runs go test -race, which needs a C compiler, and installs none (gcc) when it is missing")
	}

	// README's Tests names every package .ci/run installs.
	for _, p := range packages {
		if !strings.Contains(tests, "`"+p+"`") {
			t.Errorf(".ci/run installs Debian's %s when missing; README's Tests does not name it", p)
		}
	}
}
