package gendocs

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// r47StartupwordsScanned are the packages whose user-facing sentences belong in present/.
var r47StartupwordsScanned = []string{"internal/cli", "tools", "mcpserver", "client"}

// r47StartupwordsAllowed are the fmt.Errorf/errors.New sentences that may stay where they are,
// keyed "dir/file.go: format", each with why.
var r47StartupwordsAllowed = map[string]string{
	"internal/cli/cli.go: token file too large":                                                       "sentinel: compared with errors.Is, shown as present.AuthTokenFileTooLarge",
	"internal/cli/cli.go: token pipe has no writer":                                                   "sentinel: compared with errors.Is, shown as present.AuthTokenPipeNoWriter",
	"internal/cli/cli.go: token pipe's writer sent nothing":                                           "sentinel: compared with errors.Is, shown as present.AuthTokenPipeSilent",
	"mcpserver/questionwithdraw.go: the response has ended: its request has been served":              "sentinel: a write to a served response fails with it; never shown",
	"mcpserver/stdio.go: stdio: answers no longer written":                                            "sentinel: ends a read once serving is over; never shown",
	"tools/deploy.go: stopped before starting a deployment; nothing failed":                           "sentinel (errors.Is) for the call's log line; the result's words are present's",
	"tools/human.go: the client closed the server's input (stdin) while the values were being stored": "sentinel: compared with errors.Is, the result's words are present's",
	"tools/human.go: the values were still being stored when the call had to end":                     "sentinel: compared with errors.Is, the result's words are present's",
	"tools/human.go: the client closed the server's input (stdin)":                                    "sentinel: compared with errors.Is, the result's words are present's",
}

// TestR47StartupwordsNoSentencesOutsidePresent: a sentence (4+ words) written by
// fmt.Errorf/errors.New in these packages is user-facing text, which lives in present/
// (or present/answerwords, for the client), unless allow-listed with a reason.
func TestR47StartupwordsNoSentencesOutsidePresent(t *testing.T) {
	var found []string
	seen := map[string]bool{}
	for _, dir := range r47StartupwordsScanned {
		files, err := filepath.Glob(filepath.Join(root, dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			fset := token.NewFileSet()
			file, err := parser.ParseFile(fset, path, src, 0)
			if err != nil {
				t.Fatal(err)
			}
			name := dir + "/" + filepath.Base(path)
			ast.Inspect(file, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) == 0 {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				pkg, ok := sel.X.(*ast.Ident)
				if !ok || !(pkg.Name == "fmt" && sel.Sel.Name == "Errorf" || pkg.Name == "errors" && sel.Sel.Name == "New") {
					return true
				}
				format := r47StartupwordsLiteral(call.Args[0])
				if len(strings.Fields(strings.NewReplacer("%w", "", "%v", "", "%s", "", "%q", "", "%d", "").Replace(format))) < 4 {
					return true
				}
				key := name + ": " + format
				seen[key] = true
				if _, ok := r47StartupwordsAllowed[key]; !ok {
					found = append(found, fset.Position(call.Pos()).String()+": "+strconv.Quote(format))
				}
				return true
			})
		}
	}
	for key := range r47StartupwordsAllowed {
		if !seen[key] {
			t.Errorf("allow-list entry no longer found (remove it): %s", key)
		}
	}
	sort.Strings(found)
	if len(found) > 0 {
		t.Errorf("%d sentences written outside present/ (move their words into present/, or allow-list them with a reason):\n%s",
			len(found), strings.Join(found, "\n"))
	}
}

// r47StartupwordsLiteral is the constant text of a format argument: string literals, joined
// by +, the rest (a call, a variable) left out.
func r47StartupwordsLiteral(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.BasicLit:
		if s, err := strconv.Unquote(e.Value); err == nil {
			return s
		}
	case *ast.BinaryExpr:
		return r47StartupwordsLiteral(e.X) + r47StartupwordsLiteral(e.Y)
	case *ast.ParenExpr:
		return r47StartupwordsLiteral(e.X)
	}
	return ""
}
