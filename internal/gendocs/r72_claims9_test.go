package gendocs

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// r72Claims9Cues are the words of a sentence that say what kind of assertion holds it at least
// (r70Claims7Kinds): a sentence about logs needs a test that reads the log, one saying bad input
// is refused before the API needs one that counts what was sent, one naming a status code needs
// a status asserted, one saying a secret is not shown needs a planted secret looked for.
var r72Claims9Cues = []struct {
	kind string
	re   *regexp.Regexp
}{
	{"log", regexp.MustCompile(`(?i)\b(?:is|are|be|never|not|nor) logged\b|\blogs (?:one|a|nothing|no|each|every|the)\b|\bnever logs?\b|\blogs?(?: \([^)]*\))? never\b`)},
	{"unsent", regexp.MustCompile(`(?i)\bbefore (?:any request|(?:it |anything )?reach(?:es|ing)? the API|the API(?:[^'’]|$)|anything is sent)|\bnothing (?:is |was )?sent\b|\bnever reach(?:es)? the API\b|\bsends nothing\b`)},
	{"status", regexp.MustCompile("(?i)\\bstatus code\\b|\\b(?:gets?|answers?|answered|returns?) (?:a |an )?`?[1-5]\\d\\d\\b")},
	{"secret", regexp.MustCompile(`(?i)\bsecret values? (?:are |is )?never (?:echoed|shown)|\bnever (?:the token|shows? (?:a |the |its )?(?:secret|token|key))|\b(?:token|key|secret|credential)s? (?:is |are )?never (?:shown|echoed|logged|printed)\b|\bno planted (?:credential|secret)\b`)},
	// Round 73: a kind, or kinds any one of which holds it ("bound|value"; r73Claims10 tests them).
	{"field", regexp.MustCompile(`(?i)\bnam(?:es|ing) (?:the |its |each |that )?(?:field|key|argument|parameter|path)s?\b`)},
	{"header", regexp.MustCompile("`(?:Host|Origin|Forwarded|X-Forwarded-[A-Za-z]+)`|\\b(?:Host|Origin) headers?\\b")},
	{"exit", regexp.MustCompile(`(?i)\bexit(?:s|ed)?(?: with)? (?:code |status )?\d\b|\(exit \d\)|\bexit (?:code|status)\b`)},
	{"elicit", regexp.MustCompile(`(?i)\basks? the user\b|\b(?:a person|the user) approves\b|\belicitation\b`)},
	{"time", regexp.MustCompile(`(?i)\bwithin [\d.]+ ?(?:ms|s|seconds?|minutes?)\b`)},
	{"bound|value", regexp.MustCompile(`(?i)\b(?:at most|up to) [\d,.]+ ?(?:bytes|characters|KiB|MiB|KB|MB)\b`)},
}

// r72Claims9Needs are the kinds sentence needs its tests to show, sorted.
func r72Claims9Needs(sentence string) []string {
	var out []string
	for _, c := range r72Claims9Cues {
		if c.re.MatchString(sentence) && !slices.Contains(out, c.kind) {
			out = append(out, c.kind)
		}
	}
	slices.Sort(out)
	return out
}

// r72Claims9Reach is how far around a row's phrase its clause reaches at most, either side.
const r72Claims9Reach = 120

// r72Claims9Clause is the clause of sentence that holds key: from the "; " or "(" before it to
// the "; " or ")" after it, r72Claims9Reach bytes either side at most; a parenthesis the phrase
// closes itself ("duration) never contain bodies") belongs to its clause. README's sentences run
// long (a list of rules is one), and a row holds the clause its phrase is in, not its neighbours.
func r72Claims9Clause(sentence, key string) string {
	at := strings.Index(sentence, key)
	if at < 0 {
		return ""
	}
	start, end := max(0, at-r72Claims9Reach), min(len(sentence), at+len(key)+r72Claims9Reach)
	open := strings.Count(key, ")") - strings.Count(key, "(") // parentheses the phrase closes
	for i := at - 1; i >= start; i-- {
		if c := sentence[i]; c == ';' || c == '(' && open <= 0 {
			start = i + 1
			break
		} else if c == '(' {
			open--
		} else if c == ')' {
			open++
		}
	}
	if i := strings.IndexAny(sentence[at+len(key):end], ";)"); i >= 0 {
		end = at + len(key) + i
	}
	return sentence[start:end]
}

// r72Claims9NeedErrors are the faults of rows whose sentences (those holding the row's phrase)
// need a kind (r72Claims9Needs, of the phrase's clause) that no test the row names shows, or
// that the row's third column leaves out. Each names the row's line.
func r72Claims9NeedErrors(table string, rows []r64ClaimsRow, sentences []string, shown func([]string) []string) []string {
	var errs []string
	for _, r := range rows {
		if len(r.tests) == 0 {
			continue
		}
		var need []string
		for _, s := range sentences {
			if strings.Contains(s, r.key) {
				for _, k := range r72Claims9Needs(r72Claims9Clause(s, r.key)) {
					if !slices.Contains(need, k) {
						need = append(need, k)
					}
				}
			}
		}
		if len(need) == 0 {
			continue
		}
		got := shown(r.tests)
		for _, k := range need {
			if alts := strings.Split(k, "|"); len(alts) > 1 { // round 73: any one of them
				k = alts[0]
				for _, a := range alts {
					if slices.Contains(got, a) && slices.Contains(r.kinds, a) {
						k = ""
					} else if slices.Contains(got, a) && k != "" && !slices.Contains(got, k) {
						k = a
					}
				}
				if k == "" {
					continue
				}
			}
			switch {
			case !slices.Contains(got, k):
				errs = append(errs, fmt.Sprintf("%s:%d: %q: its sentence's words need %s (%s), which no test it names shows (they show %s): name the test that does, or write it",
					table, r.line, r.key, k, r70Claims7Kinds[k], strings.Join(got, ",")))
			case !slices.Contains(r.kinds, k):
				errs = append(errs, fmt.Sprintf("%s:%d: %q: its sentence's words need %s: add it to the row's kinds", table, r.line, r.key, k))
			}
		}
	}
	return errs
}

// TestR72Claims9RowsHoldWhatTheirSentencesNeed: a row of claims.tsv, claims_api.tsv or
// claims_agent.tsv whose sentence's words need a kind of assertion (r72Claims9Cues: "never
// logged" a log read, "refused before any request" the calls counted, "gets 404" a status, "never
// the token" a planted secret looked for) names a test that shows it and says so in its kinds;
// and every claims.tsv row that names tests names kinds (round 71 left five without).
func TestR72Claims9RowsHoldWhatTheirSentencesNeed(t *testing.T) {
	g := r71Claims8RepoGraphOf(t)
	rows := r64ClaimsTable(t)
	for _, r := range rows {
		if len(r.tests) > 0 && len(r.kinds) == 0 {
			t.Errorf("claims.tsv:%d: %q names tests but no kinds (their bodies show %s)", r.line, r.key, strings.Join(g.Shown(r.tests), ","))
		}
	}
	var errs []string
	errs = append(errs, r72Claims9NeedErrors("claims.tsv", rows, r64ClaimsSentences(string(readRepoFile(t, "README.md"))), g.Shown)...)
	errs = append(errs, r72Claims9NeedErrors("claims_api.tsv", r64ClaimsTableOf(t, "internal/gendocs/testdata/claims_api.tsv"),
		r69Claims6APISentences(string(readRepoFile(t, "api/README.md"))), g.Shown)...)
	agent, _ := r69Claims6Sentences(r69Claims6Texts(t))
	errs = append(errs, r72Claims9NeedErrors("claims_agent.tsv", r64ClaimsTableOf(t, "internal/gendocs/testdata/claims_agent.tsv"), agent, g.Shown)...)
	for _, e := range errs {
		t.Error(e)
	}
}

// TestR72Claims9CuesSayWhatASentenceNeeds: the cue table reads what a clause needs, and no more
// ("runtime logs", "the API's first text", a status word are no cue); the clause of a long
// sentence is the phrase's, between semicolons; and a row whose sentence needs a kind fails
// when its tests do not show it, or its kinds leave it out, and passes when both hold.
func TestR72Claims9CuesSayWhatASentenceNeeds(t *testing.T) {
	for sentence, want := range map[string]string{
		"A refused argument is never logged.":                              "log",
		"Each tool call logs one line.":                                    "log",
		"Bad input is refused before any request, naming the field.":       "field,unsent", // round 73's field cue
		"A spicepod over 1 MiB never reaches the API.":                     "unsent",
		"An unknown path gets `404` and a proxy's prefix answers 400.":     "status",
		"Secret values are never echoed.":                                  "secret",
		"whoami shows the credential kind, never the token.":               "secret",
		"No planted credential is visible, and nothing is sent.":           "secret,unsent",
		"Its runtime logs, which name every dataset's `from`, are masked.": "",
		"a value that holds all the words before the API's first text":     "",
		"a status word (`enabled`) stays; every token of a list is shown":  "",
		"The request's token, refused with 401, is renewed once at most.":  "",
	} {
		if got := strings.Join(r72Claims9Needs(sentence), ","); got != want {
			t.Errorf("%q needs %q, want %q", sentence, got, want)
		}
	}
	long := "Masks every URL; a log entry is never logged twice; a 403 only leaves the role unknown"
	if got := r72Claims9Clause(long, "a 403 only"); got != " a 403 only leaves the role unknown" {
		t.Errorf("the clause of %q: %q", "a 403 only", got)
	}
	closes := "It is slow (a 64 KiB value); logs (debug level: operation, status) never contain bodies."
	if got := r72Claims9Clause(closes, "status) never contain"); got != " logs (debug level: operation, status) never contain bodies." ||
		strings.Join(r72Claims9Needs(got), ",") != "log" {
		t.Errorf("the clause of a phrase closing a parenthesis: %q, needs %q", got, r72Claims9Needs(got))
	}
	g, err := r71Claims8Parse(map[string]string{"a/a_test.go": "package a\nimport \"testing\"\n" +
		"func TestTexts(t *testing.T) {\n\tif !strings.Contains(got, \"x\") {\n\t\tt.Error(got)\n\t}\n}\n" +
		"func TestLogs(t *testing.T) {\n\tif strings.Contains(h.logs.String(), \"x\") {\n\t\tt.Error(\"logged\")\n\t}\n}\n"})
	if err != nil {
		t.Fatal(err)
	}
	sentences := []string{"A refused argument is never logged, and its text says why.", "It answers 400 always."}
	rows := []r64ClaimsRow{
		{line: 1, key: "never logged", tests: []string{"TestTexts"}, kinds: []string{"text"}},
		{line: 2, key: "never logged", tests: []string{"TestTexts", "TestLogs"}, kinds: []string{"text"}},
		{line: 3, key: "never logged", tests: []string{"TestTexts", "TestLogs"}, kinds: []string{"log", "text"}},
		{line: 4, key: "It answers 400", reason: "the API's"},
		{line: 5, key: "It answers 400", tests: []string{"TestTexts"}, kinds: []string{"text"}},
	}
	errs := r72Claims9NeedErrors("t.tsv", rows, sentences, g.Shown)
	for i, want := range []string{"t.tsv:1: \"never logged\": its sentence's words need log", "t.tsv:2: \"never logged\": its sentence's words need log: add it",
		"t.tsv:5: \"It answers 400\": its sentence's words need status"} {
		if i >= len(errs) || !strings.HasPrefix(errs[i], want) {
			t.Errorf("error %d: want %q, got %q", i, want, errs)
		}
	}
	if len(errs) != 3 {
		t.Errorf("%d errors, want 3: %q", len(errs), errs)
	}
}

// r72Claims9Typed is what type-checking the repository's sources told: the selections of its
// calls, and the directory of each of its packages by import path ("…_test" packages too).
type r72Claims9Typed struct {
	info *types.Info
	dirs map[string]string
}

// r72Claims9Check type-checks the sources' packages with go/types, a directory's non-test files
// with its in-package tests and its _test package apart, tolerating every error: a package
// outside the repository is imported empty (its names are unknown, so is what they type), a
// repository's package from its non-test files, bodies skipped; the bodies of files that do not
// import "testing" are dropped. What is left typed is what the call graph needs:
// the type of h in h.f( when the repository declares it.
func r72Claims9Check(fset *token.FileSet, files map[string]*ast.File) *r72Claims9Typed {
	typed := &r72Claims9Typed{info: &types.Info{Selections: map[*ast.SelectorExpr]*types.Selection{}}, dirs: map[string]string{}}
	type group struct {
		path  string
		files []*ast.File
	}
	imported := map[string][]*ast.File{} // a package's non-test files, by import path
	var checked []group
	byDir := map[string][]string{}
	for path, f := range files {
		if !slices.ContainsFunc(f.Imports, func(im *ast.ImportSpec) bool { return im.Path.Value == `"testing"` }) {
			r72Claims9DropBodies(f) // the graph reads no call of it: its declarations are all it needs
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		byDir[dir] = append(byDir[dir], path)
	}
	for _, dir := range slices.Sorted(maps.Keys(byDir)) {
		rel := dir
		if r := r71Claims8RootOf(byDir[dir][0]); r != "." {
			rel = strings.TrimPrefix(strings.TrimPrefix(dir, filepath.ToSlash(r)), "/")
		}
		pkgPath := strings.TrimSuffix(r71Claims8Module+rel, "/")
		names := map[string][]*ast.File{}
		for _, path := range slices.Sorted(slices.Values(byDir[dir])) {
			f := files[path]
			names[f.Name.Name] = append(names[f.Name.Name], f)
			if !strings.HasSuffix(path, "_test.go") && len(imported[pkgPath]) == 0 || len(imported[pkgPath]) > 0 && imported[pkgPath][0].Name.Name == f.Name.Name && !strings.HasSuffix(path, "_test.go") {
				imported[pkgPath] = append(imported[pkgPath], f)
			}
		}
		for _, name := range slices.Sorted(maps.Keys(names)) {
			path := pkgPath
			if strings.HasSuffix(name, "_test") {
				path += "_test"
			}
			typed.dirs[path] = dir
			checked = append(checked, group{path, names[name]})
		}
	}
	im := &r72Claims9Importer{fset: fset, files: imported, done: map[string]*types.Package{}}
	for _, g := range checked {
		conf := types.Config{Importer: im, Error: func(error) {}}
		_, _ = conf.Check(g.path, fset, g.files, typed.info)
	}
	return typed
}

// r72Claims9Importer imports the repository's packages from their non-test files, and any other
// package empty.
type r72Claims9Importer struct {
	fset  *token.FileSet
	files map[string][]*ast.File
	done  map[string]*types.Package
}

func (im *r72Claims9Importer) Import(path string) (*types.Package, error) {
	if p := im.done[path]; p != nil {
		return p, nil
	}
	name := path[strings.LastIndex(path, "/")+1:]
	if regexp.MustCompile(`^v\d+$`).MatchString(name) && strings.Count(path, "/") > 0 {
		rest := path[:strings.LastIndex(path, "/")]
		name = rest[strings.LastIndex(rest, "/")+1:]
	}
	name, _, _ = strings.Cut(name, ".")
	empty := types.NewPackage(path, strings.ReplaceAll(name, "-", "_"))
	empty.MarkComplete()
	im.done[path] = empty // an import cycle meets it empty
	if files := im.files[path]; len(files) > 0 {
		conf := types.Config{Importer: im, Error: func(error) {}, IgnoreFuncBodies: true}
		if p, _ := conf.Check(path, im.fset, files, nil); p != nil {
			im.done[path] = p
		}
	}
	return im.done[path], nil
}

// method is the key of the method sel calls (r71Claims8Graph's "dir\x00.Type.name"), with known
// true when its receiver's type is known: "" for a type outside the repository (testing.T's
// Errorf is no helper of ours). Not known: an untyped receiver, or an interface's method, which
// may be any type's.
func (typed *r72Claims9Typed) method(sel *ast.SelectorExpr) (key string, known bool) {
	s := typed.info.Selections[sel]
	if s == nil || s.Kind() == types.FieldVal {
		return "", false
	}
	fn, ok := s.Obj().(*types.Func)
	if !ok || fn.Pkg() == nil {
		return "", false
	}
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return "", false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := t.(*types.Named)
	if !ok || types.IsInterface(named) {
		return "", false
	}
	dir, ours := typed.dirs[fn.Pkg().Path()]
	if !ours {
		return "", true
	}
	return dir + "\x00." + named.Obj().Name() + "." + fn.Name(), true
}

// r72Claims9RecvName is the name of a method's receiver type (T of t *T, of s Set[K]).
func r72Claims9RecvName(recv *ast.FieldList) string {
	if recv == nil || len(recv.List) == 0 {
		return ""
	}
	e := recv.List[0].Type
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// r72Claims9DropBodies leaves f's functions without bodies (and its function literals at package
// level empty), which type-checking then skips.
func r72Claims9DropBodies(f *ast.File) {
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			fd.Body = nil
		}
	}
}

// r72Claims9Typing is a repository of test code where two types have a method of one name, one
// asserting a status and the other a log line, and a third package's type another.
var r72Claims9Typing = map[string]string{
	"a/a_test.go": `package a

import (
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/b"
)

type statusChecker struct{ t *testing.T }

type logChecker struct{ t *testing.T }

type checker interface{ check(s string) }

func (c *statusChecker) check(s string) {
	if res.StatusCode != 403 {
		c.t.Error(s)
	}
}

func (c logChecker) check(s string) {
	if !strings.Contains(logs.String(), s) {
		c.t.Error(s)
	}
}

func newStatus(t *testing.T) *statusChecker { return &statusChecker{t} }

func TestStatusByType(t *testing.T) {
	c := newStatus(t)
	c.check("x")
}

func TestLogByType(t *testing.T) {
	var c logChecker
	c.check("x")
}

func TestOtherPackagesType(t *testing.T) {
	w := b.New(t)
	w.Check("x")
}

func TestThroughAnInterface(t *testing.T) {
	var c checker = newStatus(t)
	c.check("x")
}

func TestUnknownType(t *testing.T) {
	c := unknown.Make(t)
	c.check("x")
}
`,
	"b/b.go": `package b

import "testing"

type Watcher struct{ t *testing.T }

func New(t *testing.T) *Watcher { return &Watcher{t} }

func (w *Watcher) Check(s string) {
	if strings.Contains(text, "canary") {
		w.t.Fatal(s)
	}
}
`,
}

// TestR72Claims9MethodsResolveByType: a call h.f( links to the f of h's type (found by
// go/types, the repository's packages checked from source, others empty): of the package's
// type, of another package's, not to every f of the package and the packages it imports as
// round 71's graph did (each test showed log and status then); an interface's method, or a
// receiver whose type is not known, still links to every f it may be.
func TestR72Claims9MethodsResolveByType(t *testing.T) {
	g, err := r71Claims8Parse(r72Claims9Typing)
	if err != nil {
		t.Fatal(err)
	}
	if g.fns["a\x00.statusChecker.check"] == nil || g.fns["a\x00.logChecker.check"] == nil || g.fns["b\x00.Watcher.Check"] == nil {
		t.Fatalf("methods are not keyed by their receiver's type: %v", slices.Sorted(maps.Keys(g.fns)))
	}
	for test, want := range map[string]string{
		"TestStatusByType":       "status",
		"TestLogByType":          "log,text",
		"TestOtherPackagesType":  "secret,text",
		"TestThroughAnInterface": "log,status,text", // either of a's
		"TestUnknownType":        "log,status,text",
	} {
		if got := strings.Join(g.Shown([]string{test}), ","); got != want {
			t.Errorf("%s shows %q, want %q", test, got, want)
		}
	}
}
