package testutil

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// R70Text is a text a package's code writes, as its string constants read once folded: a
// literal, a concatenation of literals and constants, or a fmt.Sprintf of them.
type R70Text struct {
	Where string // file:line
	Func  string // the enclosing function or package-level declaration
	Text  string
}

// r70Verb is a formatting verb of fmt.Sprintf (its flags and width included).
var r70Verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// R70TextsOf folds every text the Go code in dir writes (tests left out): a string constant's
// value is read where a text uses it (package-level constants and variables of dir, and known
// lets those of other packages' constants stand as selector, e.g. client.EnvAPIURL), what is
// not known at compile time as "…". Each maximal concatenation and each fmt.Sprintf is one text.
func R70TextsOf(t testing.TB, dir string, known map[string]string) []R70Text {
	t.Helper()
	fset, files, values := ParsePackageValues(t, dir)
	// consumed are the nodes a text already read: a call inside one (whatToDo(…) as a Sprintf's
	// argument) is read as a text of its own.
	consumed := map[ast.Node]bool{}
	var fold func(e ast.Expr, depth int) (string, bool)
	fold = func(e ast.Expr, depth int) (string, bool) {
		consumed[e] = true
		if depth > 20 {
			return "…", false
		}
		switch e := e.(type) {
		case *ast.BasicLit:
			if e.Kind == token.STRING {
				s, err := strconv.Unquote(e.Value)
				return s, err == nil
			}
		case *ast.ParenExpr:
			return fold(e.X, depth+1)
		case *ast.BinaryExpr:
			if e.Op == token.ADD {
				x, okx := fold(e.X, depth+1)
				y, oky := fold(e.Y, depth+1)
				return x + y, okx || oky
			}
		case *ast.Ident:
			if v, ok := known[e.Name]; ok {
				return v, true
			}
			if v, ok := values[e.Name]; ok {
				s, ok := fold(v, depth+1)
				delete(consumed, v) // read here, and where it is declared
				return s, ok
			}
		case *ast.SelectorExpr:
			if x, ok := e.X.(*ast.Ident); ok {
				if v, ok := known[x.Name+"."+e.Sel.Name]; ok {
					return v, true
				}
			}
		case *ast.CallExpr:
			if sel, ok := e.Fun.(*ast.SelectorExpr); ok && len(e.Args) > 0 {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "fmt" && (sel.Sel.Name == "Sprintf" || sel.Sel.Name == "Errorf") {
					format, ok := fold(e.Args[0], depth+1)
					if !ok {
						return "…", false
					}
					args := e.Args[1:]
					return r70Verb.ReplaceAllStringFunc(format, func(v string) string {
						if v == "%%" {
							return "%"
						}
						if len(args) == 0 {
							return "…"
						}
						a, _ := fold(args[0], depth+1)
						args = args[1:]
						return a
					}), true
				}
			}
		}
		return "…", false
	}
	var texts []R70Text
	for _, f := range files {
		for _, d := range f.Decls {
			name := ""
			switch d := d.(type) {
			case *ast.FuncDecl:
				name = d.Name.Name
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if vs, ok := s.(*ast.ValueSpec); ok && len(vs.Names) > 0 {
						name = vs.Names[0].Name
					}
				}
			}
			ast.Inspect(d, func(n ast.Node) bool {
				e, ok := n.(ast.Expr)
				if !ok || consumed[e] {
					return true
				}
				switch x := e.(type) {
				case *ast.BasicLit:
					if x.Kind != token.STRING {
						return true
					}
				case *ast.BinaryExpr:
					if x.Op != token.ADD {
						return true
					}
				case *ast.CallExpr:
					if s, ok := x.Fun.(*ast.SelectorExpr); !ok || s.Sel.Name != "Sprintf" && s.Sel.Name != "Errorf" {
						return true
					}
				default:
					return true
				}
				s, ok := fold(e, 0)
				if !ok {
					return true
				}
				texts = append(texts, R70Text{Where: filepath.Base(fset.Position(e.Pos()).Filename) + ":" + strconv.Itoa(fset.Position(e.Pos()).Line), Func: name, Text: s})
				return true
			})
		}
	}
	return texts
}

// ParsePackageValues parses the Go files of dir (tests left out) and is their files and the
// value each package-level constant and variable of dir is given, by name.
func ParsePackageValues(t testing.TB, dir string) (*token.FileSet, []*ast.File, map[string]ast.Expr) {
	t.Helper()
	fset := token.NewFileSet()
	paths, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	var files []*ast.File
	values := map[string]ast.Expr{}
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && (g.Tok == token.CONST || g.Tok == token.VAR) {
				for _, s := range g.Specs {
					vs := s.(*ast.ValueSpec)
					for i, n := range vs.Names {
						if i < len(vs.Values) {
							values[n.Name] = vs.Values[i]
						}
					}
				}
			}
		}
	}
	return fset, files, values
}
