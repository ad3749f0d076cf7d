package httpsafe_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// r67Httpmode10SecretName is a name that holds a secret a request carries or the server keeps
// to check one: a shared secret, an auth token, an OAuth client secret, a MAC ("tag" is left
// out: as often a struct's or an image's).
var r67Httpmode10SecretName = regexp.MustCompile(`(?i)^(secret|clientsecret|authtoken|token|mac)$`)

// r67Httpmode10Checkers are the directories whose code checks a secret a request carries: the
// MCP endpoint (the shared secret), the pages (one-time tokens), the emulator (tokens, OAuth
// client secrets).
var r67Httpmode10Checkers = []string{"mcpserver", "internal/humanweb", "sandbox"}

// r67Httpmode10Name is the name an operand ends with (x, a.b.x, x[i]), or "".
func r67Httpmode10Name(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	case *ast.IndexExpr:
		return r67Httpmode10Name(e.X)
	}
	return ""
}

// r67Httpmode10Nothing reports whether e is what a check for absence compares with: "", nil, 0.
func r67Httpmode10Nothing(e ast.Expr) bool {
	if lit, ok := e.(*ast.BasicLit); ok {
		return lit.Value == `""` || lit.Value == "0" || lit.Value == "``"
	}
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "nil"
}

// TestR67Httpmode10SecretsComparedInConstantTime: constant time by construction. SameSecret
// compares the SHA-256 digests of both secrets (always 32 bytes, so subtle.ConstantTimeCompare
// never returns early on a length) and nothing else of them; and no code of the product
// compares a secret-named value with == or != (only with "" or nil, a check for absence), nor
// with strings.EqualFold, strings.Compare or bytes.Equal, which return at the first difference.
func TestR67Httpmode10SecretsComparedInConstantTime(t *testing.T) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "httpsafe.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var same *ast.FuncDecl
	for _, d := range file.Decls {
		if f, ok := d.(*ast.FuncDecl); ok && f.Name.Name == "SameSecret" {
			same = f
		}
	}
	if same == nil {
		t.Fatal("httpsafe.go has no SameSecret")
	}
	calls := map[string]int{}
	ast.Inspect(same.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
				if pkg, ok := sel.X.(*ast.Ident); ok {
					calls[pkg.Name+"."+sel.Sel.Name]++
				}
			}
		case *ast.BinaryExpr:
			if n.Op == token.EQL || n.Op == token.NEQ {
				if x, ok := n.X.(*ast.CallExpr); !ok || r67Httpmode10Name(x.Fun) != "ConstantTimeCompare" {
					t.Errorf("SameSecret compares with %s at %s, not only through ConstantTimeCompare", n.Op, fset.Position(n.Pos()))
				}
			}
		case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt:
			t.Errorf("SameSecret branches at %s: its time must not depend on the secrets", fset.Position(n.Pos()))
		}
		return true
	})
	if calls["sha256.Sum256"] != 2 || calls["subtle.ConstantTimeCompare"] != 1 || len(calls) != 2 {
		t.Errorf("SameSecret calls %v, want sha256.Sum256 twice and subtle.ConstantTimeCompare once", calls)
	}
	for _, dir := range r67Httpmode10Checkers {
		r67Httpmode10NoPlainComparison(t, fset, filepath.Join("../..", dir))
	}
}

// r67Httpmode10NoPlainComparison fails t for each comparison of a secret-named value in the Go
// files of dir that is not constant-time.
func r67Httpmode10NoPlainComparison(t *testing.T, fset *token.FileSet, dir string) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("%s: no Go files (%v)", dir, err)
	}
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BinaryExpr:
				if n.Op != token.EQL && n.Op != token.NEQ || r67Httpmode10Nothing(n.X) || r67Httpmode10Nothing(n.Y) {
					return true
				}
				for _, side := range []ast.Expr{n.X, n.Y} {
					if name := r67Httpmode10Name(side); name != "" && r67Httpmode10SecretName.MatchString(name) {
						t.Errorf("%s: %s compared with %s", fset.Position(n.Pos()), name, n.Op)
					}
				}
			case *ast.CallExpr:
				if fn := r67Httpmode10Name(n.Fun); fn == "EqualFold" || fn == "Compare" || fn == "Equal" {
					for _, arg := range n.Args {
						if name := r67Httpmode10Name(arg); name != "" && r67Httpmode10SecretName.MatchString(name) {
							t.Errorf("%s: %s compared with %s", fset.Position(n.Pos()), name, fn)
						}
					}
				}
			}
			return true
		})
	}
}
