package deploy

import (
	"path"
	"slices"
	"strings"
	"testing"
)

// TestR63Newcomer4ProjectConfigNamesACommandOnPATH: the `claude mcp add --scope project` line
// writes .mcp.json, which the project commits and every teammate runs. Its command is the name
// `go install .` gives the binary (the module path's last element), found on the PATH of the
// terminal Claude Code runs in, not one user's absolute path. Before, it ran
// /Users/you/go/bin/spice-cloud-mcp: a path of the README's example user, in a shared file.
func TestR63Newcomer4ProjectConfigNamesACommandOnPATH(t *testing.T) {
	binary := path.Base(modulePath(t))
	project := 0
	for _, add := range r62Newcomer3ClaudeAdds(t) {
		words := strings.Fields(add.line)
		if !slices.Contains(words, "project") || !(slices.Contains(words, "--scope") || slices.Contains(words, "-s")) {
			continue
		}
		project++
		sep := slices.Index(words, "--")
		if sep < 0 || sep+1 >= len(words) {
			t.Errorf("%q: no command after --", add.line)
			continue
		}
		if cmd := words[sep+1]; cmd != binary {
			t.Errorf("%q: runs %q from the .mcp.json a project commits; want %q, the name go install gives it, found on each teammate's PATH", add.line, cmd, binary)
		}
	}
	if project == 0 {
		t.Fatal("README gives no claude mcp add --scope project; the parser lost it")
	}
	readme := strings.Join(strings.Fields(readFile(t, "README.md")), " ")
	for _, claim := range []string{
		"Claude Code runs in a terminal and starts the server with that terminal's `PATH`",
		"(`TestR63Newcomer4ProjectConfigNamesACommandOnPATH`)",
	} {
		if !strings.Contains(readme, claim) {
			t.Errorf("README does not say %q", claim)
		}
	}
}
