package gendocs

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/cli"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// TestR75Newcomer13OneEmptyCacheBuildFigure: README's first screen gave the server's first
// build from empty caches in four runs (4.8, 7.9, 7.8 and 6.4 minutes, each at its own load)
// and its build cache as 171 MB where the next round saw 188 MB, so a newcomer could not tell
// which to expect. The part about the server's build (before the test command's) now states
// one wait and one build-cache size, each with its conditions; a second one fails this.
func TestR75Newcomer13OneEmptyCacheBuildFigure(t *testing.T) {
	intro := strings.Join(strings.Fields(r74Newcomer12Intro(t)), " ")
	server, _, ok := strings.Cut(intro, "The test command compiles")
	if !ok {
		t.Fatal("README's first screen no longer speaks of the test command's compilation; update this test")
	}
	for _, c := range []struct{ what, re string }{
		{"wait for the first build", `\d+(?:\.\d+)? minutes`},
		{"build cache size", `\d+ MB in Go's build cache`},
	} {
		got := regexp.MustCompile(c.re).FindAllString(server, -1)
		if len(got) != 1 {
			t.Errorf("README's first screen gives the server's %s as %q; state one figure with its conditions", c.what, got)
		}
	}
	for _, want := range []string{"4.8 minutes in round 74, from empty caches", "load average 17 to 24"} {
		if !strings.Contains(server, want) {
			t.Errorf("README's figure lost its conditions: no %q", want)
		}
	}
}

// r75Newcomer13Help is what spice-cloud-mcp --help prints.
func r75Newcomer13Help(t *testing.T) string {
	t.Helper()
	var stdout, stderr strings.Builder
	code := cli.Run(context.Background(), cli.Env{Args: []string{"--help"}, Getenv: func(string) string { return "" },
		Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr})
	if code != 0 || stdout.Len() == 0 {
		t.Fatalf("--help: exit %d, stderr %q", code, stderr.String())
	}
	return stdout.String()
}

// TestR75Newcomer13HelpAndREADMENameTheSameVariables: the flags of --help and README's tables
// are compared both ways (TestR72Newcomer10EveryDefaultIsInREADME, TestR55Newcomer…), and the
// variables the code reads and README's Environment variables table
// (TestR50NewcomerEveryVariableReadIsDocumented), but not the variables --help names: it left out
// SPICE_MCP_CPUPROFILE, which the server reads and README's table lists, so a newcomer reading
// --help did not learn of it. Every SPICE_ variable of the table is now in --help, and --help
// names none the table lacks.
func TestR75Newcomer13HelpAndREADMENameTheSameVariables(t *testing.T) {
	help := r75Newcomer13Help(t)
	preamble, _, _ := strings.Cut(help, "\nFlags:\n")
	section := testutil.READMESection(t, root, "### Environment variables")
	var rows []string
	for line := range strings.SplitSeq(section, "\n") {
		if first, ok := strings.CutPrefix(line, "| `"); ok {
			first, _, _ = strings.Cut(first, " |")
			rows = append(rows, regexp.MustCompile(`SPICE_[A-Z0-9_]+`).FindAllString(first, -1)...)
		}
	}
	if len(rows) < 8 {
		t.Fatalf("found %v in README's Environment variables table; the search lost some", rows)
	}
	for _, v := range rows {
		if !regexp.MustCompile(`\b` + v + `\b`).MatchString(preamble) {
			t.Errorf("README's Environment variables table lists %s; --help does not name it", v)
		}
	}
	for _, v := range regexp.MustCompile(`SPICE_[A-Z0-9_]+`).FindAllString(help, -1) {
		if !slices.Contains(rows, v) {
			t.Errorf("--help names %s; README's Environment variables table has no row for it", v)
		}
	}
}

// TestR75Newcomer13HelpAndREADMENameTheSameCommands: --help's Usage lines name the commands
// (sandbox-api, version, help), and README's Command line table names them in its first
// column; each list holds the other's, so a command added to one is not missing from the other.
func TestR75Newcomer13HelpAndREADMENameTheSameCommands(t *testing.T) {
	help := r75Newcomer13Help(t)
	usage, _, _ := strings.Cut(help, "\nCredentials")
	command := regexp.MustCompile(`spice-cloud-mcp ([a-z][a-z-]*)\b`)
	inHelp := map[string]bool{}
	for _, m := range command.FindAllStringSubmatch(usage, -1) {
		inHelp[m[1]] = true
	}
	inREADME := map[string]bool{}
	for line := range strings.SplitSeq(testutil.READMESection(t, root, "## Command line"), "\n") {
		if first, ok := strings.CutPrefix(line, "| `"); ok {
			first, _, _ = strings.Cut(first, " |")
			for _, m := range command.FindAllStringSubmatch(first, -1) {
				inREADME[m[1]] = true
			}
		}
	}
	if len(inHelp) < 3 {
		t.Fatalf("found the commands %v in --help's usage; the search lost some", inHelp)
	}
	for c := range inHelp {
		if !inREADME[c] {
			t.Errorf("--help names the command %s; README's Command line table does not", c)
		}
	}
	for c := range inREADME {
		if !inHelp[c] {
			t.Errorf("README's Command line table names the command %s; --help does not", c)
		}
	}
}
