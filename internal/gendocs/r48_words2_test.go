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

// r48Words2ErrorTextAllowed are the sentences an Error method may still write where it is,
// keyed "dir/file.go: Type: text", each with why (none left: callEndedError's moved to present).
var r48Words2ErrorTextAllowed = map[string]string{}

// TestR48Words2NoErrorTextOutsidePresent: an error type's Error method in the packages
// r47StartupwordsScanned names writes no sentence (4+ words) of its own: its words reach logs,
// so they live in present/ (present/answerwords, for the client), unless allow-listed.
func TestR48Words2NoErrorTextOutsidePresent(t *testing.T) {
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
			for _, decl := range file.Decls {
				fn, ok := decl.(*ast.FuncDecl)
				if !ok || fn.Recv == nil || fn.Name.Name != "Error" || fn.Body == nil {
					continue
				}
				recv := r48Words2Receiver(fn.Recv.List[0].Type)
				ast.Inspect(fn.Body, func(n ast.Node) bool {
					lit, ok := n.(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						return true
					}
					text, err := strconv.Unquote(lit.Value)
					if err != nil {
						return true
					}
					verbless := strings.NewReplacer("%w", "", "%v", "", "%s", "", "%q", "", "%d", "").Replace(text)
					if len(strings.Fields(verbless)) < 4 {
						return true
					}
					key := name + ": " + recv + ": " + text
					seen[key] = true
					if _, ok := r48Words2ErrorTextAllowed[key]; !ok {
						found = append(found, fset.Position(lit.Pos()).String()+": "+recv+": "+strconv.Quote(text))
					}
					return true
				})
			}
		}
	}
	for key := range r48Words2ErrorTextAllowed {
		if !seen[key] {
			t.Errorf("allow-list entry no longer found (remove it): %s", key)
		}
	}
	sort.Strings(found)
	if len(found) > 0 {
		t.Errorf("%d sentences written by Error methods outside present/ (move their words into present/ or present/answerwords):\n%s",
			len(found), strings.Join(found, "\n"))
	}
}

// r48Words2Receiver is a method receiver's type name, without its pointer.
func r48Words2Receiver(e ast.Expr) string {
	if star, ok := e.(*ast.StarExpr); ok {
		e = star.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}
