package cli_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestR55NewcomerCommandLineTableIsTheHelpsFlags: README's "Command line" table and --help name
// the same flags of the server, each of them: a flag added to the code without a row, or a row
// left for a flag renamed or removed, fails here (--help lists every flag the code defines, as it
// prints them by visiting the flag set). sandbox-api's flags are held to "The emulator" by
// TestSandboxAPIFlagsAreDocumented.
func TestR55NewcomerCommandLineTableIsTheHelpsFlags(t *testing.T) {
	help := run(t, nil, "--help")
	if help.code != 0 {
		t.Fatalf("--help: exit %d", help.code)
	}
	inHelp := []string{"--help"}
	for _, m := range regexp.MustCompile(`(?m)^  (--[a-z-]+)`).FindAllStringSubmatch(help.stdout+help.stderr, -1) {
		inHelp = append(inHelp, m[1])
	}
	if len(inHelp) < 20 {
		t.Fatalf("too few flags in --help:\n%s", help.stdout+help.stderr)
	}
	var inTable []string
	flag := regexp.MustCompile("`(--[a-z-]+)")
	for _, line := range strings.Split(r47NewcomerSection(t, "## Command line"), "\n") {
		first, _, ok := strings.Cut(strings.TrimPrefix(line, "| "), " | ")
		if !ok || !strings.HasPrefix(line, "| `") {
			continue
		}
		for _, m := range flag.FindAllStringSubmatch(first, -1) {
			if !slices.Contains(inTable, m[1]) {
				inTable = append(inTable, m[1])
			}
		}
	}
	slices.Sort(inHelp)
	slices.Sort(inTable)
	for _, f := range inHelp {
		if !slices.Contains(inTable, f) {
			t.Errorf("--help lists %s, which README's Command line table has no row for", f)
		}
	}
	for _, f := range inTable {
		if !slices.Contains(inHelp, f) {
			t.Errorf("README's Command line table has a row for %s, which --help does not list", f)
		}
	}
}
