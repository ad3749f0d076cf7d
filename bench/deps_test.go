package bench

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// TestServerDependencies: packages only tests and generators need stay out of the server's
// binary, so their code and package initialisation cost nothing at start-up.
func TestServerDependencies(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "..").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	for pkg, why := range map[string]string{
		"github.com/invopop/jsonschema":                              "tool schemas are generated (go generate ./tools); argument types describe themselves with jsonSchema() *schema, not invopop's JSONSchema()",
		"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/tokens": "token counting is for tests and benchmarks",
		"github.com/tiktoken-go/tokenizer":                           "token counting is for tests and benchmarks",
		"github.com/yuin/goldmark":                                   "rendering results as CommonMark is for tests (present, prompts)",
	} {
		for _, dep := range deps {
			if dep == pkg {
				t.Errorf("the server links %s: %s", pkg, why)
			}
		}
	}
}

// TestNoReflectiveTemplates: nothing of the server renders with html/template or
// text/template (the human pages are written out with html.EscapeString, internal/humanweb).
// Executing a template calls reflect's MethodByName, and a binary that can do that keeps every
// exported method of every type it can reach: ≈2.6 MB of executable, ≈1.2 MiB resident and
// ≈0.5 ms of start-up here. Both packages stay linked all the same (spf13/cast, imported by
// mcp-go's mcp package, names their types), but only their package variables, as in the
// minimal mcp-go server; so the check is on the binary's symbols, not on the package list.
func TestNoReflectiveTemplates(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "..").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		if !strings.HasPrefix(fields[0], "github.com/spice-cloud-mcp/spice-cloud-mcp") {
			continue
		}
		for _, imp := range fields[1:] {
			if imp == "html/template" || imp == "text/template" {
				t.Errorf("%s imports %s", fields[0], imp)
			}
		}
	}

	bin := filepath.Join(t.TempDir(), "server")
	build := exec.Command("go", "build", "-trimpath", "-o", bin, "..")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	testutil.R69TesttimeDiesWithTest(build)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err = exec.Command("go", "tool", "nm", bin).CombinedOutput()
	if err != nil {
		t.Fatalf("go tool nm: %v\n%s", err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		fields := strings.Fields(line)
		if len(fields) < 3 || fields[1] != "T" {
			continue
		}
		switch sym := strings.Join(fields[2:], " "); {
		case strings.Contains(sym, "MethodByName"),
			strings.HasPrefix(sym, "html/template.(*Template).Execute"),
			strings.HasPrefix(sym, "text/template.(*Template).Execute"):
			t.Errorf("the server binary has %s: a template is executed, or something else looks methods up by name", sym)
		}
	}
}

// TestNoRegexpsAtInit: no package of the server compiles a regular expression while the program
// initialises (a package variable or an init function); internal/lazyregexp compiles it on first
// use instead. Compiling one costs tens of kilobytes and up to half a millisecond of start-up.
func TestNoRegexpsAtInit(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", `{{if not .Standard}}{{.ImportPath}} {{.Dir}} {{join .GoFiles " "}}{{end}}`, "..").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		if len(fields) < 3 || !strings.HasPrefix(fields[0], "github.com/spice-cloud-mcp/spice-cloud-mcp") {
			continue
		}
		for _, name := range fields[2:] {
			path := filepath.Join(fields[1], name)
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			regexpName := ""
			for _, imp := range f.Imports {
				if p, _ := strconv.Unquote(imp.Path.Value); p == "regexp" {
					regexpName = "regexp"
					if imp.Name != nil {
						regexpName = imp.Name.Name
					}
				}
			}
			if regexpName == "" {
				continue
			}
			var atInit []ast.Node // package variables' values and init functions' bodies
			for _, decl := range f.Decls {
				switch d := decl.(type) {
				case *ast.GenDecl:
					if d.Tok == token.VAR {
						atInit = append(atInit, d)
					}
				case *ast.FuncDecl:
					if d.Recv == nil && d.Name.Name == "init" {
						atInit = append(atInit, d.Body)
					}
				}
			}
			for _, n := range atInit {
				ast.Inspect(n, func(n ast.Node) bool {
					if _, ok := n.(*ast.FuncLit); ok {
						return false // runs when called, not at init
					}
					call, ok := n.(*ast.CallExpr)
					if !ok {
						return true
					}
					if sel, ok := call.Fun.(*ast.SelectorExpr); ok && strings.Contains(sel.Sel.Name, "Compile") {
						if x, ok := sel.X.(*ast.Ident); ok && x.Name == regexpName {
							t.Errorf("%s: %s.%s at initialisation; use internal/lazyregexp", fset.Position(call.Pos()), regexpName, sel.Sel.Name)
						}
					}
					return true
				})
			}
		}
	}
}
