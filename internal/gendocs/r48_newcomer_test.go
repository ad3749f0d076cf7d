package gendocs

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/prompts"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR48NewcomerLayoutNamesEveryFolder: README's "Layout" table is where a newcomer looks up
// what a folder holds, so it has a row for every top-level folder and every folder of
// internal/ (hidden ones, testdata and folders inside a listed one aside).
func TestR48NewcomerLayoutNamesEveryFolder(t *testing.T) {
	layout := r47NewcomerSection(t, string(readRepoFile(t, "README.md")), "## Layout")
	rows := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `([^`]+)/` \\|").FindAllStringSubmatch(layout, -1) {
		rows[m[1]] = true
	}
	if len(rows) < 10 {
		t.Fatalf("Layout has %d folder rows; the pattern lost them", len(rows))
	}
	var folders []string
	for _, dir := range []string{"", "internal"} {
		entries, err := os.ReadDir(filepath.Join(root, dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			name := e.Name()
			if !e.IsDir() || strings.HasPrefix(name, ".") || name == "testdata" || (dir == "" && name == "internal") {
				continue
			}
			folders = append(folders, strings.TrimPrefix(dir+"/"+name, "/"))
		}
	}
	for _, f := range folders {
		if !rows[f] {
			t.Errorf("README's Layout has no row for %s/", f)
		}
	}
	for r := range rows {
		if !slices.Contains(folders, r) {
			t.Errorf("README's Layout has a row for %s/, which the repository does not have", r)
		}
	}
}

// TestR48NewcomerApprovalToolCount: "Command line" says --confirm governs "the eight tools
// listed in Safety": the number is the count of tools that wait for an approval.
func TestR48NewcomerApprovalToolCount(t *testing.T) {
	section := r47NewcomerSection(t, string(readRepoFile(t, "README.md")), "## Command line")
	word := r47NewcomerFind(t, "--confirm row", `\(the (\w+) tools listed in Safety\)`, section)
	asking := 0
	for _, tool := range tools.All() {
		if tool.AsksApproval() {
			asking++
		}
	}
	numbers := []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}
	if asking >= len(numbers) || numbers[asking] != word {
		t.Errorf("README says %q tools ask for approval; %d do", word, asking)
	}
}

// TestR48NewcomerPromptArgumentsAsListed: "Prompts and resources" opens with each prompt and
// its arguments in parentheses; that is what prompts/list gives.
func TestR48NewcomerPromptArgumentsAsListed(t *testing.T) {
	section := r47NewcomerSection(t, string(readRepoFile(t, "README.md")), "## Prompts and resources")
	first, _, _ := strings.Cut(section, "; an argument a prompt does not take")
	listed := map[string]string{}
	for _, m := range regexp.MustCompile("`(\\w+)`(?: \\(([^)]*)\\))?").FindAllStringSubmatch(first, -1) {
		listed[m[1]] = m[2]
	}
	var names []string
	for _, name := range prompts.Names() {
		names = append(names, name)
		p, _ := prompts.Lookup(name)
		var args []string
		for _, a := range p.Arguments {
			args = append(args, a.Name)
		}
		got, ok := listed[name]
		if want := strings.Join(args, ", "); !ok || got != want {
			t.Errorf("README lists prompt %s with (%s); prompts/list gives (%s)", name, got, want)
		}
	}
	if len(listed) != len(names) {
		t.Errorf("README lists the prompts %v; the server has %v", listed, names)
	}
}

// TestR48NewcomerLayoutNamesEveryScript: the Layout row of scripts/ says what each file there
// is, the helpers the entry points use included, so a newcomer does not run one that is not
// meant to run alone.
func TestR48NewcomerLayoutNamesEveryScript(t *testing.T) {
	layout := r47NewcomerSection(t, string(readRepoFile(t, "README.md")), "## Layout")
	row := r47NewcomerFind(t, "scripts/ row", "(?m)^\\| `scripts/` \\|(.*)$", layout)
	entries, err := os.ReadDir(filepath.Join(root, "scripts"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.Contains(row, "`"+e.Name()+"`") {
			t.Errorf("README's Layout row of scripts/ does not name %s", e.Name())
		}
	}
}
