package mcpserver_test

import (
	"go/ast"
	"go/token"
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// Round 67 words6: one voice across every result.

// r67Words6Rerun is "rerun" written as one word; results, refusals and README write "re-run".
var r67Words6Rerun = regexp.MustCompile(`(?i)\brerun`)

// r67Words6Texts is every string literal of the code in dirs (tests left out), by place.
func r67Words6Texts(t *testing.T, dirs ...string) map[string]string {
	t.Helper()
	texts := map[string]string{}
	for _, dir := range dirs {
		testutil.InspectGoCode(t, dir, func(fset *token.FileSet, n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					texts[fset.Position(lit.Pos()).String()] += s + "\n"
				}
			}
			return true
		})
	}
	return texts
}

// TestR67Words6RerunSpelledOneWay: the server instructions said "on failure, rerun it" where
// every result, refusal and README says "re-run" (the same two o200k tokens). One spelling in
// the instructions in every mode (as a caller over HTTP reads them too), in the text of
// present/ and prompts/, in every result golden and in README's prose.
func TestR67Words6RerunSpelledOneWay(t *testing.T) {
	t.Parallel() // no time bound, CPU-heavy under -race: beside another test, not alone
	texts := r67Words6Texts(t, "../present", "../prompts")
	for _, mode := range []string{"human", "agent", "off"} {
		in := present.InstructionsFor(mode, nil, true)
		texts["instructions, --confirm="+mode] = in
		texts["instructions over HTTP, --confirm="+mode] = present.InstructionsToHTTPCaller(in)
	}
	for file, shown := range r65Words4Goldens(t) {
		texts[file] = shown
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	texts["README.md"] = regexp.MustCompile("`[^`]*`").ReplaceAllString(string(readme), "") // code spans name files and tests
	for where, s := range texts {
		if m := r67Words6Rerun.FindString(s); m != "" {
			t.Errorf("%s: says %q, want re-run", where, m)
		}
	}
	if !regexp.MustCompile(`on failure, re-run it with the fix`).MatchString(texts["instructions, --confirm=human"]) {
		t.Errorf("the instructions no longer say what to do on failure:\n%s", texts["instructions, --confirm=human"])
	}
}
