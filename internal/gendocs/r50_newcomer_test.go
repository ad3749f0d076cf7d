package gendocs

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// r50NewcomerImports are the module's packages the non-test Go files of dir import.
func r50NewcomerImports(t *testing.T, dir string, files ...string) []string {
	t.Helper()
	if files == nil {
		entries, err := os.ReadDir(filepath.Join(root, dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".go") && !strings.HasSuffix(e.Name(), "_test.go") {
				files = append(files, e.Name())
			}
		}
	}
	const module = "github.com/spice-cloud-mcp/spice-cloud-mcp/"
	var imports []string
	for _, name := range files {
		f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(root, dir, name), nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); strings.HasPrefix(path, module) {
				imports = append(imports, strings.TrimPrefix(path, module))
			}
		}
	}
	slices.Sort(imports)
	return slices.Compact(imports)
}

// TestR50NewcomerLayoutRowsHold: the files README's Layout names exist where it says, and the
// relations it states between packages hold: the operation table in api/ is what client,
// emulator, rules and tools read; rules is shared by client and emulator; main.go only hands
// the process to internal/cli; e2e is a module of its own; gendocs writes README, manifest.json
// and server.json.
func TestR50NewcomerLayoutRowsHold(t *testing.T) {
	layout := strings.Join(strings.Fields(r47NewcomerSection(t, string(readRepoFile(t, "README.md")), "## Layout")), " ")
	for _, c := range []struct{ says, path string }{
		{"`openapi.json` (embedded) with its README", "api/openapi.json"},
		{"`openapi.json` (embedded) with its README", "api/README.md"},
		{"generated into `schemas_gen.go`", "tools/schemas_gen.go"},
		{"`icon.png`, the MCP Bundle's icon", "assets/icon.png"},
		{"against the SDK and process floors (`bench/internal/`)", "bench/internal"},
		{"a separate Go module", "e2e/go.mod"},
		{"`main.go` only hands it the process", "main.go"},
		{"Kubernetes manifests", "deploy/kubernetes"},
	} {
		if !strings.Contains(layout, c.says) {
			t.Errorf("Layout no longer says %q; update this test", c.says)
		}
		if _, err := os.Stat(filepath.Join(root, c.path)); err != nil {
			t.Errorf("Layout says %q: %v", c.says, err)
		}
	}
	for _, c := range []struct {
		dir     string
		imports []string
	}{
		{"client", []string{"api", "rules"}},
		{"sandbox", []string{"api", "rules"}},
		{"rules", []string{"api"}},
		{"tools", []string{"api"}},
	} {
		got := r50NewcomerImports(t, c.dir)
		for _, want := range c.imports {
			if !slices.Contains(got, want) {
				t.Errorf("Layout says %s/ reads %s/; it imports %v", c.dir, want, got)
			}
		}
	}
	if got := r50NewcomerImports(t, "", "main.go"); !slices.Equal(got, []string{"internal/cli"}) {
		t.Errorf("main.go imports %v of the module; Layout says it only hands the process to internal/cli", got)
	}
	files, err := Generate(root)
	if err != nil {
		t.Fatal(err)
	}
	var written []string
	for _, f := range files {
		written = append(written, f.Path)
	}
	if want := []string{"README.md", "manifest.json", "server.json"}; !slices.Equal(written, want) {
		t.Errorf("go generate ./internal/gendocs writes %v; Layout says %v", written, want)
	}
}
