package cli_test

import (
	"context"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// r71Newcomer9BinaryTests are the package's tests that run the binary: those whose body reaches
// serverBinary through the package's functions (by name, so a method or a closure passed along
// counts too), read from the test sources. nil when they cannot be read.
func r71Newcomer9BinaryTests() map[string]bool {
	files, err := filepath.Glob("*_test.go")
	if err != nil || len(files) == 0 {
		return nil
	}
	uses := map[string]map[string]bool{} // function name → identifiers its body names
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil
		}
		for _, decl := range f.Decls {
			var body ast.Node
			var fn string
			switch d := decl.(type) {
			case *ast.FuncDecl:
				fn, body = d.Name.Name, d.Body
			case *ast.GenDecl: // package-level variables holding functions
				for _, spec := range d.Specs {
					if v, ok := spec.(*ast.ValueSpec); ok && len(v.Names) > 0 {
						fn, body = v.Names[0].Name, v
					}
				}
			}
			if body == nil {
				continue
			}
			if uses[fn] == nil {
				uses[fn] = map[string]bool{}
			}
			ast.Inspect(body, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					uses[fn][id.Name] = true
				}
				return true
			})
		}
	}
	reach := map[string]bool{"serverBinary": true}
	for grew := true; grew; {
		grew = false
		for fn, names := range uses {
			if reach[fn] {
				continue
			}
			for name := range names {
				if reach[name] {
					reach[fn], grew = true, true
					break
				}
			}
		}
	}
	tests := map[string]bool{}
	for fn := range reach {
		if strings.HasPrefix(fn, "Test") {
			tests[fn] = true
		}
	}
	return tests
}

// r71Newcomer9RunsTheBinary reports whether this run selects a test that runs the binary (-run
// matched as go test matches a top-level test's name); when unsure, yes. -test.list runs none.
func r71Newcomer9RunsTheBinary() bool {
	flag.Parse()
	if f := flag.Lookup("test.list"); f != nil && f.Value.String() != "" {
		return false
	}
	f := flag.Lookup("test.run")
	if f == nil || f.Value.String() == "" {
		return true
	}
	top, _, _ := strings.Cut(f.Value.String(), "/") // a subtest's part is matched against subtests only
	re, err := regexp.Compile(top)
	tests := r71Newcomer9BinaryTests()
	if err != nil || tests == nil {
		return true
	}
	for name := range tests {
		if re.MatchString(name) {
			return true
		}
	}
	return false
}

// TestR71Newcomer9BinaryIsBuiltBeforeAnyTestRuns: the tests that run the binary start a clock
// (a context's deadline) and then ask for it; in a fresh clone its first build is cold and took
// longer than such a limit. It is built once, in TestMain, before any test starts, so asking
// for it inside a test costs nothing and a test's clock times only the process.
func TestR71Newcomer9BinaryIsBuiltBeforeAnyTestRuns(t *testing.T) {
	if !builtBeforeTests {
		t.Fatal("the server binary was not built before the tests started: a test's time limit would include a cold build")
	}
	start := time.Now()
	bin := serverBinary(t)
	if took := time.Since(start); took > 200*time.Millisecond {
		t.Errorf("serverBinary took %v inside the test; want the path at once", took)
	}
	if fi, err := os.Stat(bin); err != nil || fi.Mode()&0o111 == 0 {
		t.Fatalf("built binary %s: %v", bin, err)
	}
	// A limit that starts before the binary is asked for, as startRawStdio's callers set one:
	// the process starts and answers within it.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	p := startRawStdio(ctx, t, "--sandbox", "--log-level", "error")
	if _, err := p.stdin.Write([]byte(`{"jsonrpc":"2.0","id":1,"method":"ping"}` + "\n")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 256)
	if n, err := p.stdout.Read(buf); err != nil || n == 0 {
		t.Fatalf("no answer to ping within the limit: %v; stderr: %s", err, p.stderr.String())
	}
}

// TestR71Newcomer9BinaryTestsAreFound: the selection TestMain builds for finds the tests that
// run the binary, directly (serverBinary) or through helpers (startRawStdio → startRawStdioEnv
// → serverBinary), and leaves out the in-process ones (cli.Run), which then wait for no build:
// `go test -run TestVersion ./internal/cli` took 4.5 s with the build, 0.12 s without.
func TestR71Newcomer9BinaryTestsAreFound(t *testing.T) {
	tests := r71Newcomer9BinaryTests()
	for _, name := range []string{"TestR71Newcomer9BinaryIsBuiltBeforeAnyTestRuns", "TestStdioStdoutCarriesOnlyJSONRPC", "TestR65Claims2StdoutCarriesOnlyJSONRPCAgainstTheRealAPI"} {
		if !tests[name] {
			t.Errorf("%s runs the binary, yet is not among the tests found: %d found", name, len(tests))
		}
	}
	for _, name := range []string{"TestVersion", "TestR58NewcomerStdioOnATerminalSaysWhatItWaitsFor", "TestR71Newcomer9BinaryTestsAreFound", "TestR71Newcomer9ConfigDurationNamesKeyValueAndForm"} {
		if tests[name] {
			t.Errorf("%s runs in-process, yet is counted as running the binary", name)
		}
	}
	if len(tests) < 20 {
		t.Errorf("found only %d tests running the binary", len(tests))
	}
}
