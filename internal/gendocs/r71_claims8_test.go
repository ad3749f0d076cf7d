package gendocs

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// r71Claims8Depth bounds how deep the kinds check follows the helpers a test calls: a test, its
// helpers, theirs, and so on, r71Claims8Depth calls down.
const r71Claims8Depth = 4

// r71Claims8Module is the import path under which the repository's packages live.
const r71Claims8Module = "github.com/spice-cloud-mcp/spice-cloud-mcp/"

// r71Claims8Fn is one package-level function or method of a file that imports "testing"
// (methods by their receiver's type since round 72: a call h.f( links to the f of h's type when
// type-checking finds it, r72Claims9Check, else to every method f it may be).
type r71Claims8Fn struct {
	text    string           // its source
	asserts bool             // its body can fail the test itself (t.Error, t.Fatalf, t.Fail, …)
	calls   []string         // the keys of the repository's functions it calls or passes on
	sites   []r71Claims8Site // its calls, each with what guards it
}

// r71Claims8Site is one call in a function's body: the call's source and that of what guards it
// (the conditions of the ifs, cases, loops and switches around it), whether the call fails the
// test, and the repository's functions it may call.
type r71Claims8Site struct {
	text    string
	fails   bool
	callees []string
}

// r71Claims8Graph is the repository's test code's functions by key ("dir\x00name" for a
// function, "dir\x00.Type.name" for methods) and the keys of its tests, fuzz targets and
// benchmarks by name (a name two packages define: both); methods holds the keys of the methods
// of a name in a directory ("dir\x00.name"), for a call whose receiver's type is not known.
type r71Claims8Graph struct {
	fns     map[string]*r71Claims8Fn
	tests   map[string][]string
	methods map[string][]string
}

// r71Claims8Parse builds the graph of sources (path to Go source), of the files that import
// "testing" (code that cannot fail a test asserts nothing). Calls resolve by name: f( to the
// package's function f, pkg.f( to function f of the repository's package imported as pkg; x.f(
// by x's type (r72Claims9Check type-checks every source) to that type's method f, to none when
// the type is outside the repository (t.Errorf), else (an interface, a type not known) to the
// methods f of the package and of the repository's packages the file imports.
func r71Claims8Parse(sources map[string]string) (*r71Claims8Graph, error) {
	g := &r71Claims8Graph{fns: map[string]*r71Claims8Fn{}, tests: map[string][]string{}, methods: map[string][]string{}}
	type pending struct {
		dir     string
		imports map[string]string // name to dir, the repository's packages only
		src     string
		body    *ast.BlockStmt
		fn      *r71Claims8Fn
	}
	var todo []pending
	fset := token.NewFileSet()
	files := map[string]*ast.File{}
	for _, path := range slices.Sorted(maps.Keys(sources)) {
		f, err := parser.ParseFile(fset, path, sources[path], parser.SkipObjectResolution|parser.ParseComments)
		if err != nil {
			return nil, err
		}
		files[path] = f
	}
	typed := r72Claims9Check(fset, files)
	for _, path := range slices.Sorted(maps.Keys(sources)) {
		src, f := sources[path], files[path]
		if !strings.Contains(src, `"testing"`) {
			continue
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		imports, tests := map[string]string{}, false
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			tests = tests || p == "testing"
			rel, ok := strings.CutPrefix(p, r71Claims8Module)
			if !ok {
				continue
			}
			name := rel[strings.LastIndex(rel, "/")+1:]
			if im.Name != nil {
				name = im.Name.Name
			}
			imports[name] = filepath.ToSlash(filepath.Join(r71Claims8RootOf(path), rel))
		}
		if !tests {
			continue
		}
		base := fset.File(f.Pos()).Base()
		src = r73Claims10Code(src, f, base) // round 73: comments assert nothing
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			key := dir + "\x00" + fd.Name.Name
			if fd.Recv != nil {
				key = dir + "\x00." + r72Claims9RecvName(fd.Recv) + "." + fd.Name.Name
				if byName := dir + "\x00." + fd.Name.Name; !slices.Contains(g.methods[byName], key) {
					g.methods[byName] = append(g.methods[byName], key)
				}
			} else if strings.HasSuffix(path, "_test.go") && r71Claims8IsTest(fd.Name.Name) && !slices.Contains(g.tests[fd.Name.Name], key) {
				g.tests[fd.Name.Name] = append(g.tests[fd.Name.Name], key)
			}
			fn := g.fns[key]
			if fn == nil {
				fn = &r71Claims8Fn{}
				g.fns[key] = fn
			}
			fn.text += src[int(fd.Body.Pos())-base:int(fd.End())-base] + "\n" // its body: a test's name asserts nothing (round 73)
			todo = append(todo, pending{dir, imports, src, fd.Body, fn})
		}
	}
	for _, p := range todo {
		p.fn.visit(g, typed, p.dir, p.imports, p.body, func(n ast.Node) string {
			return p.src[fset.Position(n.Pos()).Offset:fset.Position(n.End()).Offset]
		})
	}
	return g, nil
}

// visit records the calls of body: the functions fn links to, and its sites.
func (fn *r71Claims8Fn) visit(g *r71Claims8Graph, typed *r72Claims9Typed, dir string, imports map[string]string, body *ast.BlockStmt, source func(ast.Node) string) {
	var stack []ast.Node
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		var callees []string
		link := func(key string) {
			if g.fns[key] != nil {
				callees = append(callees, key)
				if !slices.Contains(fn.calls, key) {
					fn.calls = append(fn.calls, key)
				}
			}
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			fails := false
			switch fun := n.Fun.(type) {
			case *ast.SelectorExpr:
				switch fun.Sel.Name {
				case "Error":
					fails = len(n.Args) > 0 // err.Error() reads, t.Error(x) fails
				case "Errorf", "Fatal", "Fatalf", "Fail", "FailNow":
					fails = true
				}
				if x, ok := fun.X.(*ast.Ident); ok && imports[x.Name] != "" {
					link(imports[x.Name] + "\x00" + fun.Sel.Name)
				} else if key, known := typed.method(fun); known {
					if key != "" {
						link(key)
					}
				} else {
					for _, d := range append([]string{dir}, slices.Sorted(maps.Values(imports))...) {
						for _, key := range g.methods[d+"\x00."+fun.Sel.Name] {
							link(key)
						}
					}
				}
			case *ast.Ident:
				link(dir + "\x00" + fun.Name)
			}
			fn.asserts = fn.asserts || fails
			if fails || len(callees) > 0 {
				text := source(n)
				for _, a := range stack {
					text += "\n" + r71Claims8Guard(a, source)
				}
				fn.sites = append(fn.sites, r71Claims8Site{text, fails, callees})
			}
		case *ast.SelectorExpr: // pkg.f passed on; x.f's f is no function of the package
			if x, ok := n.X.(*ast.Ident); ok && imports[x.Name] != "" {
				link(imports[x.Name] + "\x00" + n.Sel.Name)
				return false
			}
			ast.Inspect(n.X, visit)
			return false
		case *ast.Ident:
			link(dir + "\x00" + n.Name) // f passed on as a value
		}
		stack = append(stack, n)
		return true
	}
	ast.Inspect(body, visit)
}

// r71Claims8Guard is the source of what n decides when it holds a call: an if's, a loop's or a
// switch's condition, a case's expressions; "" for anything else.
func r71Claims8Guard(n ast.Node, source func(ast.Node) string) string {
	var parts []ast.Node
	switch n := n.(type) {
	case *ast.IfStmt:
		parts = []ast.Node{n.Init, n.Cond}
	case *ast.ForStmt:
		parts = []ast.Node{n.Cond}
	case *ast.RangeStmt:
		parts = []ast.Node{n.X}
	case *ast.SwitchStmt:
		parts = []ast.Node{n.Init, n.Tag}
	case *ast.CaseClause:
		for _, e := range n.List {
			parts = append(parts, e)
		}
	}
	var out []string
	for _, p := range parts {
		if p != nil && !reflect.ValueOf(p).IsNil() {
			out = append(out, source(p))
		}
	}
	return strings.Join(out, "\n")
}

// r71Claims8IsTest says whether name is a test, fuzz target or benchmark's.
func r71Claims8IsTest(name string) bool {
	for _, p := range []string{"Test", "Fuzz", "Benchmark"} {
		if rest, ok := strings.CutPrefix(name, p); ok && (rest == "" || !strings.ContainsAny(rest[:1], "abcdefghijklmnopqrstuvwxyz")) {
			return true
		}
	}
	return false
}

// r71Claims8RootOf is the repository root of a file at path: root for the repository's files,
// the current directory for the synthetic sources of this file's tests.
func r71Claims8RootOf(path string) string {
	if strings.HasPrefix(filepath.ToSlash(path), root+"/") {
		return root
	}
	return "." // a synthetic source: its packages live at the top
}

// asserts says whether the function key can fail its test within depth calls: its own body
// calls t.Error, t.Fatalf, … or a function it calls does.
func (g *r71Claims8Graph) asserts(key string, depth int, memo map[string]bool) bool {
	mk := key + "\x00" + strconv.Itoa(depth)
	if v, ok := memo[mk]; ok {
		return v
	}
	memo[mk] = false // a cycle asserts nothing more
	fn := g.fns[key]
	v := fn != nil && fn.asserts
	for i := 0; fn != nil && !v && depth > 0 && i < len(fn.calls); i++ {
		v = g.asserts(fn.calls[i], depth-1, memo)
	}
	memo[mk] = v
	return v
}

// Shown are the kinds of assertion (r70Claims7Kinds) the tests named show, sorted: a test that
// can fail (itself, or through the helpers it calls, r71Claims8Depth calls down) shows the kinds
// its body does, what it reads and what it passes on included; a helper it calls (transitively)
// shows those of the checks it makes: the calls in it that fail the test or reach a helper that
// can, with the conditions that guard them. A test, or a helper, that can fail nothing shows
// nothing: reading a status is not asserting it.
func (g *r71Claims8Graph) Shown(tests []string) []string {
	memo := map[string]bool{}
	seen := map[string]int{} // the depth a function was read at: read again when reached higher up
	var texts []string
	var walk func(key string, depth int)
	walk = func(key string, depth int) {
		fn := g.fns[key]
		if d, ok := seen[key]; fn == nil || ok && d <= depth {
			return
		}
		seen[key] = depth
		if depth == 0 && g.asserts(key, r71Claims8Depth, memo) {
			texts = append(texts, fn.text)
		}
		for _, s := range fn.sites {
			shows := s.fails
			for i := 0; !shows && depth < r71Claims8Depth && i < len(s.callees); i++ {
				shows = g.asserts(s.callees[i], r71Claims8Depth-depth-1, memo)
			}
			if depth > 0 && shows {
				texts = append(texts, s.text)
			}
		}
		if depth < r71Claims8Depth {
			for _, c := range fn.calls {
				walk(c, depth+1)
			}
		}
	}
	for _, name := range tests {
		for _, key := range g.tests[name] {
			walk(key, 0)
		}
	}
	var out []string
	for kind := range r70Claims7Kinds {
		for _, text := range texts {
			if r73Claims10Shows(kind, text) {
				out = append(out, kind)
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

// r71Claims8RepoGraph is the graph of every Go file of the repository (testdata and dot
// directories aside), built once for the package's tests.
var r71Claims8RepoGraph = sync.OnceValues(func() (*r71Claims8Graph, error) {
	sources, err := goSources()
	if err != nil {
		return nil, err
	}
	return r71Claims8Parse(sources)
})

func r71Claims8RepoGraphOf(t *testing.T) *r71Claims8Graph {
	t.Helper()
	g, err := r71Claims8RepoGraph()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestR71Claims8ReadmeRowKindsShown: a row of claims.tsv that names, in its optional third
// column, the kinds of assertion that hold its sentence has some test it names show each kind,
// in its body or through a helper it calls that can fail it (r71Claims8Graph.Shown).
func TestR71Claims8ReadmeRowKindsShown(t *testing.T) {
	g := r71Claims8RepoGraphOf(t)
	rows := r64ClaimsTable(t)
	with := 0
	for _, r := range rows {
		if len(r.kinds) > 0 {
			with++
		}
	}
	if with < 400 {
		t.Errorf("%d of claims.tsv's %d rows name kinds; round 71 filled 417", with, len(rows))
	}
	for _, e := range r70Claims7KindErrors("claims.tsv", rows, g.Shown, true) {
		t.Error(e)
	}
}

// r71Claims8Synthetic is a small repository of test code: tests asserting through helpers, in
// the package and in another, by method and by function, and tests whose helpers assert nothing.
var r71Claims8Synthetic = map[string]string{
	"a/a_test.go": `package a

import (
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/b"
)

func TestThroughHelper(t *testing.T) {
	res := get()
	checkForbidden(t, res)
}

func TestThroughMethod(t *testing.T) {
	h := newH(t)
	h.wantLogged("x")
}

func TestThroughOtherPackage(t *testing.T) {
	b.WantSecretHidden(t, get())
}

func TestHelperAssertsNothing(t *testing.T) {
	res := get()
	look(res)
	if res == nil {
		t.Fatal("no answer")
	}
}

func TestAssertsNothing(t *testing.T) {
	res := get()
	_ = res.StatusCode == 403
}

func TestTooDeep(t *testing.T) {
	one(t)
}

func checkForbidden(t *testing.T, res *http.Response) {
	t.Helper()
	if res.StatusCode != 403 {
		t.Errorf("status %d", res.StatusCode)
	}
}

func look(res *http.Response) {
	_ = res.StatusCode == 403
	_ = res.Header.Get("X")
}

func (h *harness) wantLogged(s string) {
	if !strings.Contains(h.logs.String(), s) {
		h.t.Error(s)
	}
}

func one(t *testing.T)   { two(t) }
func two(t *testing.T)   { three(t) }
func three(t *testing.T) { four(t) }
func four(t *testing.T)  { five(t) }
func five(t *testing.T) {
	if res.StatusCode != 403 {
		t.Fatal(res)
	}
}
`,
	"b/b.go": `package b

import "testing"

func WantSecretHidden(t testing.TB, text string) {
	if strings.Contains(text, "canary") {
		t.Fatalf("shown")
	}
}
`,
	"c/c.go": `package c

func ServeHTTP(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "no", http.StatusForbidden)
}
`,
}

// TestR71Claims8KindsFollowHelpers: a test shows the kinds its helpers assert (a function of its
// package, a method, a function of another package), down to r71Claims8Depth calls and no
// further; a helper that can fail nothing shows nothing, nor does a test that can fail nothing
// (however many statuses it reads), nor code that does not import "testing" (http.Error fails no test).
func TestR71Claims8KindsFollowHelpers(t *testing.T) {
	g, err := r71Claims8Parse(r71Claims8Synthetic)
	if err != nil {
		t.Fatal(err)
	}
	if g.fns["c\x00ServeHTTP"] != nil {
		t.Error("a file that does not import testing is in the graph")
	}
	for test, want := range map[string]string{
		"TestThroughHelper":        "status",
		"TestThroughMethod":        "log,text",
		"TestThroughOtherPackage":  "secret,text",
		"TestHelperAssertsNothing": "", // look reads a status and a header, and asserts neither
		"TestAssertsNothing":       "",
		"TestTooDeep":              "", // five is 5 calls down
	} {
		if got := strings.Join(g.Shown([]string{test}), ","); got != want {
			t.Errorf("%s shows %q, want %q", test, got, want)
		}
	}
	rows := []r64ClaimsRow{
		{line: 1, key: "asserted through a helper", tests: []string{"TestThroughHelper", "TestThroughOtherPackage"}, kinds: []string{"status", "secret"}},
		{line: 2, key: "a helper that asserts nothing", tests: []string{"TestHelperAssertsNothing"}, kinds: []string{"status"}},
		{line: 3, key: "a test that asserts nothing", tests: []string{"TestAssertsNothing"}, kinds: []string{"status"}},
		{line: 4, key: "optional kinds left out", tests: []string{"TestAssertsNothing"}},
	}
	errs := r70Claims7KindErrors("t.tsv", rows, g.Shown, true)
	for i, want := range []string{"t.tsv:2: \"a helper that asserts nothing\": no test it names asserts status", "t.tsv:3: \"a test that asserts nothing\": no test it names asserts status"} {
		if i >= len(errs) || !strings.HasPrefix(errs[i], want) {
			t.Errorf("error %d: want %q, got %q", i, want, errs)
		}
	}
	if len(errs) != 2 {
		t.Errorf("%d errors, want 2: %q", len(errs), errs)
	}
}
