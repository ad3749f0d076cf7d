package gendocs

import (
	"go/ast"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// r73Claims10Held is, per kind, what its pattern (r70Claims7Kinds) would match that is no such
// assertion: a loop's own bound, a handler of logs made, not read, calls a text offers. Its
// matches are taken out of a text before the kind's pattern reads it (r73Claims10Shows).
var r73Claims10Held = map[string]*regexp.Regexp{
	"status":  regexp.MustCompile(`\bhttp\.StatusText\b`),                                                       // a status's words written, not a status checked
	"time":    regexp.MustCompile(`\bfor\b[^{\n]*\btime\.Since\(`),                                              // a wait's loop times nothing
	"bound":   regexp.MustCompile(`\bfor\b[^{\n]*\{|\b[ijk] [<>]=? len\(|\b\d [<>]=? len\(`),                    // a loop's, an index's, a guard's
	"log":     regexp.MustCompile(`\b(?:New|New\w*Handler)\(logs\b`),                                            // a logger made to write there
	"unsent":  regexp.MustCompile(`\b(?:offered|stdio)Calls\(`),                                                 // a text's offered calls, a bench's
	"header":  regexp.MustCompile(`\b(?:Write|ReadMIME)Header\(`),                                               // a handler's answer written, a request parsed
	"catalog": regexp.MustCompile(`(?:\b(?:app|App|updated|cleared|short|created)|\))\.(?:Long)?Description\b`), // an app's description
}

// r73Claims10Shows says whether text shows kind: its pattern matches what is left once Held's
// matches are taken out.
func r73Claims10Shows(kind, text string) bool {
	if r74Claims11CodeKinds[kind] {
		text = r74Claims11Code(kind, text) // round 74: read code, not what a string says
	}
	if held := r73Claims10Held[kind]; held != nil {
		text = held.ReplaceAllString(text, " ")
	}
	return r70Claims7Kinds[kind].MatchString(text)
}

// r73Claims10Code is src with its comments blanked (offsets kept): a comment asserts nothing,
// and "exit", "header" or "requests" in one made a kind show.
func r73Claims10Code(src string, f *ast.File, base int) string {
	b := []byte(src)
	for _, g := range f.Comments {
		for i := int(g.Pos()) - base; i < int(g.End())-base && i < len(b); i++ {
			if b[i] != '\n' {
				b[i] = ' '
			}
		}
	}
	return string(b)
}

// r73Claims10Patterns are, per kind, what its pattern must read as that kind (Shows) and what it
// must not (Held): identifiers and words of the repository's tests that held a substring of the
// pattern, each found in round 73's audit (the count of its matches in the tests' bodies then).
var r73Claims10Patterns = map[string]struct{ shows, held []string }{
	"status": {[]string{"h.expect(res, 403)", "if res.StatusCode != 200", "res.status != http.StatusForbidden"},
		[]string{"unexpect(x)", "wantStatusCodes", "msg := http.StatusText"}},
	"code": {[]string{`h.expectCode(res, 403, "forbidden")`, `e.Code != "x"`, "got.ErrorCode"},
		[]string{"range api.DeploymentErrorCode.Enum", "fixErrorCodes", "t.Errorf(\"code %d\")"}},
	"field": {[]string{"res.fieldErrors()", `h.expectField(res, "name")`, "verr.Fields[0]", `mustContain(t, tc.tool, out, tc.field+":")`,
		`"region: The existing app"`, `"tags.team: must be a string"`, `"datasets[0].params:"`},
		[]string{"strings.Fields(line)", "r63fieldErrorsOf", `"https://example"`, `"Region: x"`, "fieldName := 1"}},
	"body": {[]string{"res.obj()", "res.raw", "json.Unmarshal(b, &v)", "structured(t, res)", "list(h, res)"},
		[]string{"json.UnmarshalTypeError", "unstructured(x)", "blocklist(x)", "allowlist(x)"}},
	"header": {[]string{`res.Header.Get("Retry-After")`, `header.Get("Retry-After")`, `req.Header.Set("X-Org", "a")`, `rec.Header().Get("Allow")`,
		`rawPost(t, url, sess, header, body)`, `modernHeader("tools/list")`, "req.Host = host", `"GET / HTTP/1.1\r\nHost: x"`},
		[]string{"w.WriteHeader(500)", "s.server.ReadHeaderTimeout", "tr.ResponseHeaderTimeout", "h.http.MaxHeaderBytes",
			"http.StatusRequestHeaderFieldsTooLarge", `"Authorization header"`, "tp.ReadMIMEHeader()", "u.Host"}},
	"text": {[]string{`mustContain(t, "x", got, "y")`, "strings.Contains(out, x)", "text(res)", "h.ok(t, ", "got.stderr"},
		[]string{"t.Context()", "r.Context()", "exec.CommandContext(ctx, bin)", "testContext(t)", "http.NewRequestWithContext(ctx", "plaintext(x)"}},
	"state": {[]string{"h.emu.AppCount()", "h.e.DeploymentCount()", "h.emu.SecretValue(app, k)", `h.do("GET", "/v1/apps")`, "h.appID(t, x)"},
		[]string{"h.emu.InjectFault(f)", "h.e.IssueToken(x)", "h.emu.Transport()", "h.emu.FailNextDeployment()", "h.emu.ClearFaults()", "env.emu.ServeHTTP(w, r)"}},
	"unsent": {[]string{"h.emu.Calls(api.ListApps.ID)", "apiCalls(h)", "wantNoNewCalls(t)", "count.Load() - before", "requests.Load()", "len(seen) != 0", "reqErr.Sent"},
		[]string{`"Too many requests"`, "http_max_concurrent_requests", "p.requests = append(p.requests, r)", "offeredCalls(out, x)", "stdioCalls(b, p)"}},
	"every": {[]string{"for _, tool := range tools.All() {", "for _, op := range api.Operations {", "range routes {"},
		[]string{"range routesOf(x)", "range api.OperationsByTag"}},
	"spec": {[]string{"spec(t)", "contractSpec", "range api.Operations"}, []string{"api.OperationsByTag", "contractSpecs"}},
	"exit": {[]string{"got.code != 2", "s.exit", `t.Errorf("exit code %d")`, "cmd.Wait()", "cmd.Run()", "ps.ExitCode()"},
		[]string{`"exitTimeout"`, "the server must exit on its own", "exited"}},
	"log": {[]string{"logs.String()", "h.logs", "strings.Contains(logs, x)", `"level"`, "a log line"},
		[]string{"logging.New(logs, x)", "slog.NewTextHandler(logs, nil)", "slog.NewJSONHandler(logs, nil)", "catalogs.String()"}},
	"secret": {[]string{`canary := "x"`, "planted", "h.emu.SecretValue(a, k)", "shows the token"}, []string{"secretName", "tokenSource"}},
	"elicit": {[]string{"mcp.ElicitationResult", "approve", "declined", "asked.Load()", "waitAsked(t)"},
		[]string{"present.Masked", "unmasked", "MaskedPaths(x)", "checkMaskedSpans(t)"}},
	"catalog": {[]string{"tools.All()", `tools.ByName("x")`, "tool.ReadOnly", "tool.InputSchema", "tool.Description", "tools.Names()", "prompts.Names()"},
		[]string{"app.Description", "readBack(t, h, a).Description", "updated.Description", "cleared.Description", "short.Description", "regionNames()", "fieldNames()"}},
	"value": {[]string{"if got != want {", "reflect.DeepEqual(a, b)", "cmp.Diff(a, b)", "again != got"}, []string{"wanting", "gotcha", "forgot"}},
	"time": {[]string{"elapsed := time.Since(start)", "testing.Benchmark(f)", "b.Elapsed()", "ratio", "memRatio", "ns/op", "testing.AllocsPerRun(10, f)"},
		[]string{"time.Duration", "api.Operations", "configuration", "acceleration", "regeneration", "migration", "integration", "for time.Since(start) < d {", "TestSlowRatios"}},
	"bound": {[]string{"if limit < len(from) {", "size.json < int64(len(b))", "n >= len(answers)", "if len(out) > limit {", "len(text) > 4000",
		"if tt > present.ResultTokens"},
		[]string{"for i := 0; i < len(s); i++ {", "for n < len(text) {", "if i >= len(errs) ||", "if 1 < len(args) {", "len(x) > 0", "len(errs) != 2"}},
	"source": {[]string{"parser.ParseFile(fset, p, nil, 0)", "goSources()", `filepath.Glob("*.go")`}, []string{"r72parser.ParseFiles(x)", "myGoSources()"}},
}

// TestR73Claims10KindPatternsHoldUnrelatedIdentifiers: every kind's pattern reads what its kind
// looks like in a test's body, and none of the identifiers round 73 found it matching by a
// substring: "Duration", "Operation" and "configuration" were a time ((?i)ratio), "Masked" an
// elicitation (asked), "t.Context()" a text (text\(), "Too many requests" and a proxy's
// p.requests nothing sent, InjectFault a state read back, an app's Description the catalog, a
// loop's i < len( a bound, a for loop waiting on time.Since a time.
func TestR73Claims10KindPatternsHoldUnrelatedIdentifiers(t *testing.T) {
	for kind := range r70Claims7Kinds {
		p, ok := r73Claims10Patterns[kind]
		if !ok || len(p.shows) == 0 || len(p.held) == 0 {
			t.Errorf("kind %s: no example of what it shows and of what it holds", kind)
			continue
		}
		for _, s := range p.shows {
			if !r73Claims10Shows(kind, s) {
				t.Errorf("kind %s does not read %q", kind, s)
			}
		}
		for _, s := range p.held {
			if r73Claims10Shows(kind, s) {
				t.Errorf("kind %s reads the unrelated %q", kind, s)
			}
		}
	}
	for kind := range r73Claims10Patterns {
		if r70Claims7Kinds[kind] == nil {
			t.Errorf("%s is no kind", kind)
		}
	}
}

// TestR73Claims10NamesAndCommentsShowNothing: a test shows what its body asserts, not its name
// (TestR45SandboxSubSecondDurationsInMilliseconds was a time, TestR48ProxyForwardedHeadersNeedTrust
// a header) nor a comment in it (// the server must exit on its own was an exit).
func TestR73Claims10NamesAndCommentsShowNothing(t *testing.T) {
	g, err := r71Claims8Parse(map[string]string{"a/a_test.go": "package a\nimport \"testing\"\n" +
		"func TestSubSecondDurationsHeaderExit(t *testing.T) {\n\t// the server must exit; a log line; planted\n\tif got != \"x\" {\n\t\tt.Error(got) // header\n\t}\n}\n"})
	if err != nil {
		t.Fatal(err)
	}
	if got := g.Shown([]string{"TestSubSecondDurationsHeaderExit"}); !slices.Equal(got, []string{"value"}) {
		t.Errorf("a test comparing a value shows %s, want value alone", strings.Join(got, ","))
	}
}

// TestR73Claims10CuesRound73: round 73's cues (r72Claims9Cues' second half) read a clause's
// words for what a test must show: "naming the field" a field name checked, a `Host` or Origin
// header one sent or read, "exit 1" an exit status, "asks the user" an elicitation, "within
// 10 s" a time, "at most 1,024 characters" a bound or a value checked; and no more (a field of
// study, exit as a noun of a page, the word header alone, a history's "over 128 KiB").
func TestR73Claims10CuesRound73(t *testing.T) {
	for sentence, want := range map[string]string{
		"A bad tag is refused, naming the key.":                                   "field",
		"Each is refused before any request, naming each field.":                  "field,unsent",
		"A request whose `Host` is not loopback is refused.":                      "header",
		"The Origin header of another site is refused.":                           "header",
		"A transport that fails stops the server (exit 1).":                       "exit",
		"It exits with status 2 on a bad flag.":                                   "exit",
		"Every write asks the user first.":                                        "elicit",
		"A request's headers must arrive within 10 s.":                            "time",
		"A reference is at most 1,024 characters.":                                "bound|value",
		"A field of the result names the region.":                                 "",
		"The page's exit link closes it.":                                         "",
		"The header row of a table is kept.":                                      "",
		"A body over 128 KiB used to hold a call for 30 s.":                       "",
		"Its text names the app and the organization, and the API's status code.": "status",
	} {
		if got := strings.Join(r72Claims9Needs(sentence), ","); got != want {
			t.Errorf("%q needs %q, want %q", sentence, got, want)
		}
	}
	g, err := r71Claims8Parse(map[string]string{"a/a_test.go": "package a\nimport \"testing\"\n" +
		"func TestNamesField(t *testing.T) {\n\tif !strings.Contains(out, \"tags.team: \") {\n\t\tt.Error(out)\n\t}\n}\n" +
		"func TestBound(t *testing.T) {\n\tif len(out) > limit {\n\t\tt.Error(out)\n\t}\n}\n" +
		"func TestHostSent(t *testing.T) {\n\treq.Host = \"evil.example\"\n\tif res.StatusCode != 403 {\n\t\tt.Error(res)\n\t}\n}\n" +
		"func TestTextOnly(t *testing.T) {\n\tif !strings.Contains(out, \"refused\") {\n\t\tt.Error(out)\n\t}\n}\n"})
	if err != nil {
		t.Fatal(err)
	}
	sentences := []string{"A bad tag is refused, naming the key.", "A foreign `Host` is refused.", "A name is at most 64 bytes."}
	rows := []r64ClaimsRow{
		{line: 1, key: "naming the key", tests: []string{"TestTextOnly"}, kinds: []string{"text"}},
		{line: 2, key: "naming the key", tests: []string{"TestNamesField"}, kinds: []string{"text"}},
		{line: 3, key: "naming the key", tests: []string{"TestNamesField"}, kinds: []string{"field", "text"}},
		{line: 4, key: "foreign `Host` is", tests: []string{"TestTextOnly"}, kinds: []string{"text"}},
		{line: 5, key: "foreign `Host` is", tests: []string{"TestHostSent"}, kinds: []string{"header", "status"}},
		{line: 6, key: "is at most 64 bytes", tests: []string{"TestTextOnly"}, kinds: []string{"text"}},
		{line: 7, key: "is at most 64 bytes", tests: []string{"TestBound"}, kinds: []string{"bound"}},
		{line: 8, key: "is at most 64 bytes", tests: []string{"TestBound"}, kinds: []string{"value"}}, // shown, not listed
	}
	errs := r72Claims9NeedErrors("t.tsv", rows, sentences, g.Shown)
	want := []string{
		`t.tsv:1: "naming the key": its sentence's words need field (`,
		`t.tsv:2: "naming the key": its sentence's words need field: add it`,
		`t.tsv:4: "foreign ` + "`Host`" + ` is": its sentence's words need header (`,
		`t.tsv:6: "is at most 64 bytes": its sentence's words need bound (`,
		`t.tsv:8: "is at most 64 bytes": its sentence's words need bound: add it`,
	}
	for i, w := range want {
		if i >= len(errs) || !strings.HasPrefix(errs[i], w) {
			t.Errorf("error %d: want %q, got %q", i, w, errs)
		}
	}
	if len(errs) != len(want) {
		t.Errorf("%d errors, want %d: %q", len(errs), len(want), errs)
	}
}
