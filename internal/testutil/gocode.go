package testutil

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// InspectGoCode walks every node of the Go files in dir, its tests left out (ast.Inspect: visit
// returning false skips a node's children).
func InspectGoCode(t testing.TB, dir string, visit func(*token.FileSet, ast.Node) bool) {
	t.Helper()
	fset := token.NewFileSet()
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool { return visit(fset, n) })
	}
}
