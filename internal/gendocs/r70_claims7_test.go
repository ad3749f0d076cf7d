package gendocs

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// r70Claims7Kinds are the kinds of assertion a claims table row says its tests make (its third
// column), each with what shows it in a test's body. A row whose tests' bodies show none of a
// kind it names cites tests that do not hold that part of its sentence.
var r70Claims7Kinds = map[string]*regexp.Regexp{
	"status":  regexp.MustCompile(`\bexpect(?:Code|Field)?\(|\.status\b|\bStatusCode\b|\bhttp\.Status[A-Z]`),
	"code":    regexp.MustCompile(`\bexpectCode\(|"code"|\.Code\b|\bErrorCode\b`),
	"field":   regexp.MustCompile(`\bfieldErrors\(|\bexpectField\(|\.Fields\[|\b(?:tc|c|want)\.field\b|\bfield ?\+ ?":|nothing was sent: [a-z]|"[a-z][a-z_]*(?:\.[a-z][\w-]*|\[\d+\])*:(?: |")`),
	"body":    regexp.MustCompile(`\.obj\(\)|\.raw\b|\bjson\.Unmarshal\(|\bstructured\(|\blist\(`),
	"header":  regexp.MustCompile(`\b[Hh]eaders?(?:\(\))?(?:\.(?:Get|Values|Set|Add|Del)\(|\[)|\b[Hh]eaders? [!=]= |\b\w*[Hh]eaders?\(|[(,] (?:\w+\.)?[a-z]*[Hh]eaders?[,)]|\.Host = |(?:\\n|\b)Host: |"(?:X-[\w-]+|Host|Origin|Forwarded|Authorization|Allow|Accept|[A-Z][a-z]+(?:-[A-Z][a-z]+)+)"`),
	"text":    regexp.MustCompile(`\bmustContain\(|\bstrings\.(?:Contains|ContainsRune|HasPrefix)\(|\btext\(|\.ok\(t\b|\.fail\(t\b|\bwantRefused\(|\.stderr\b`),
	"state":   regexp.MustCompile(`\.(?:e|emu)\.(?:AppCount|DeploymentCount|SecretValue|APIKey|Received|Shown\w*)\(|\bh\.do\("GET"|\.appID\(|\bemuSend\(|\w+Ended\(`),
	"unsent":  regexp.MustCompile(`\.Calls\(|\b\w*Calls\(|\b(?:count|requests|upstream|sent|posted|calls|hits)\.Load\(\)|\brequests [!=]= |\blen\(seen\) != 0|\.Sent\b`),
	"every":   regexp.MustCompile(`range (?:api\.Operations\b|routes\b|tools\.All\(\)|h\.listTools\(t\)|prompts\.Names\(\)|paged\b)`),
	"spec":    regexp.MustCompile(`\bspec\(t\)|openapi|\bcontractSpec\b|\bapi\.Operations\b`),
	"exit":    regexp.MustCompile(`\.code != |\.exit\b|\bexit (?:code|status|\d|%d)\b|\bcmd\.(?:Wait|Run)\(\)|\.ProcessState\b|\.ExitCode\(\)`),
	"log":     regexp.MustCompile(`\blogs\.String\(\)|\bh\.logs\b|\(logs\b|"level"|error lines|(?i)\blog lines?\b`),
	"secret":  regexp.MustCompile(`(?i)canary|planted|SecretValue|never-leak|shows (?:%q of )?the (?:bearer )?token`),
	"elicit":  regexp.MustCompile(`(?i:elicit|approv|declin)|\b[Aa]sked\b|[a-z]Asked\b`),
	"catalog": regexp.MustCompile(`\btools\.All\(\)|\btools\.ByName\(|\.ReadOnly\b|InputSchema\b|\.(?:Long)?Description\b|\.Toolsets\b|\b(?:tools|prompts)\.Names\(\)`),
	// Round 71, for README's claims: a function's result against the one wanted, a time or a rate.
	// Round 74: a result compared with the one wanted (got != want, x == want, x != tc.want,
	// DeepEqual, a slice's, a map's, bytes'), not any line naming got or want.
	"value": regexp.MustCompile(`\b(?:got|want(?:ed)?)\w*(?:\[[^\]\n]*\]|\.\w+|\(\))* [!=]= |[!=]= (?:want|expected)\w*\b|[!=]= (?:tc|tt|c)\.\w+|\bDeepEqual\(|\bcmp\.Diff\(|\b(?:slices|maps|bytes)\.Equal(?:Func)?\(|\b(?:with|again) != \w+`),
	"time":  regexp.MustCompile(`\btime\.Since\(|\btesting\.Benchmark\(|\.Elapsed\(|\b[Rr]atios?\b|[a-z]Ratio\b|ns/op|\bAllocsPerRun\(|\bNsPerOp\(`),
	// Round 72: a size held under or over a length (a bound), a scan of the repository's own source.
	"bound":  regexp.MustCompile(`\w [<>]=? (?:int64\()?len\(|\blen\([^()]*\) [<>]=? (?:[A-Za-z][\w.]*|[1-9]\d{2,})\b|\w [<>]=? (?:present|rules|api|tools)\.[A-Z]\w*|\w [<>]=? [a-z]\w*/\d+\b`),
	"source": regexp.MustCompile(`\bparser\.ParseFile\(|\bfilepath\.Glob\(|\bgoSources\(\)|\btestSources\(\)`),
}

// r70Claims7KindErrors are the faults of rows' third columns: a row naming tests but no kinds
// (unless the column is optional, as claims.tsv's), a kind outside r70Claims7Kinds, a kind no
// cited test shows (shown: in its body or a helper's, r71Claims8Graph.Shown). Each names the row's line.
func r70Claims7KindErrors(table string, rows []r64ClaimsRow, shown func(tests []string) []string, optional bool) []string {
	var names []string
	for k := range r70Claims7Kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	var errs []string
	for _, r := range rows {
		if len(r.tests) == 0 {
			continue
		}
		shown := shown(r.tests)
		if len(r.kinds) == 0 && optional {
			continue
		}
		if len(r.kinds) == 0 {
			errs = append(errs, fmt.Sprintf("%s:%d: %q names tests but not what they assert: add a tab and the kinds of assertion "+
				"that hold its sentence (of %s; their bodies show %s)", table, r.line, r.key, strings.Join(names, ","), strings.Join(shown, ",")))
			continue
		}
		for _, k := range r.kinds {
			switch {
			case r70Claims7Kinds[k] == nil:
				errs = append(errs, fmt.Sprintf("%s:%d: %q: kind %q is none of %s", table, r.line, r.key, k, strings.Join(names, ",")))
			case !slices.Contains(shown, k):
				errs = append(errs, fmt.Sprintf("%s:%d: %q: no test it names asserts %s (%s); they show %s: name the test that does",
					table, r.line, r.key, k, r70Claims7Kinds[k], strings.Join(shown, ",")))
			}
		}
	}
	return errs
}

// TestR70Claims7RowKindsShownByTheirTests: every row of claims_api.tsv and claims_agent.tsv
// that names tests says, in a third column, what kinds of assertion hold its sentence (an
// answer's status, its code, a field error, its body, a header, a result's text, the state read
// back, nothing sent, a walk over every operation or tool, …), and some test it names shows
// each kind in its body or a helper's it calls (r71Claims8Graph.Shown): a row citing tests that
// assert nothing of a kind it claims fails, naming the row.
func TestR70Claims7RowKindsShownByTheirTests(t *testing.T) {
	g := r71Claims8RepoGraphOf(t)
	for _, table := range []string{"claims_api.tsv", "claims_agent.tsv"} {
		for _, e := range r70Claims7KindErrors(table, r64ClaimsTableOf(t, "internal/gendocs/testdata/"+table), g.Shown, false) {
			t.Error(e)
		}
	}
}

// TestR70Claims7RowKindsCatchATestThatHoldsNothing: the check above fails a row without kinds,
// one with an unknown kind, and one whose tests' bodies show none of a kind it names (a test of
// texts cited for a status code), and passes one whose test shows each (through the helpers it
// calls, which must be able to fail it since round 71).
func TestR70Claims7RowKindsCatchATestThatHoldsNothing(t *testing.T) {
	g, err := r71Claims8Parse(map[string]string{"a/a_test.go": "package a\nimport \"testing\"\n" +
		"func TestTexts(t *testing.T) {\n\tmustContain(t, \"x\", got, \"y\")\n}\n" +
		"func TestCodes(t *testing.T) {\n\th.expectCode(res, 403, \"forbidden\")\n}\n" +
		"func mustContain(t *testing.T, what, got, want string) {\n\tif !strings.Contains(got, want) {\n\t\tt.Errorf(\"%s\", what)\n\t}\n}\n" +
		"func (h *harness) expectCode(res *result, status int, code string) {\n\tif res.status != status {\n\t\th.t.Fatal(res)\n\t}\n}\n"})
	if err != nil {
		t.Fatal(err)
	}
	rows := []r64ClaimsRow{
		{line: 1, key: "no kinds at all", tests: []string{"TestCodes"}},
		{line: 2, key: "an unknown kind", tests: []string{"TestCodes"}, kinds: []string{"vibes"}},
		{line: 3, key: "a code only texts", tests: []string{"TestTexts"}, kinds: []string{"code"}},
		{line: 4, key: "held as it says", tests: []string{"TestTexts", "TestCodes"}, kinds: []string{"text", "code", "status"}},
		{line: 5, key: "a reason", reason: "not a promise"},
	}
	errs := r70Claims7KindErrors("t.tsv", rows, g.Shown, false)
	for i, want := range []string{"t.tsv:1: \"no kinds at all\" names tests but not", "t.tsv:2: \"an unknown kind\": kind \"vibes\"", "t.tsv:3: \"a code only texts\": no test it names asserts code"} {
		if i >= len(errs) || !strings.HasPrefix(errs[i], want) {
			t.Errorf("error %d: want %q, got %q", i, want, errs)
		}
	}
	if len(errs) != 3 {
		t.Errorf("%d errors, want 3: %q", len(errs), errs)
	}
}

// r70Claims7RaceSkips finds a test that skips under the race detector before anything else
// (after testing.Short's skip, t.Parallel and comments at most): CI's go test runs with -race,
// so only .ci/run's own run without it (r70Claims7CIRunsWithoutRace) runs it there.
var r70Claims7RaceSkips = regexp.MustCompile(`(?m)^func ((?:Test|Fuzz)\w+)\(\w+ \*testing\.[TF]\) \{\n` +
	`(?:\s*//[^\n]*\n|\s*\w+\.Parallel\(\)[^\n]*\n|\s*if testing\.Short\(\) \{\n\s*\w+\.Skip\w*\([^\n]*\)\n\s*\}\n)*` +
	`\s*if raceDetector \{\n\s*\w+\.Skip`)

// r70Claims7CIRunsWithoutRace says whether .ci/run runs the test by name in a go test without
// -race (its -run '^(TestA|TestB)$' lists).
func r70Claims7CIRunsWithoutRace(name string) bool {
	ci, err := os.ReadFile(filepath.Join(root, ".ci", "run"))
	if err != nil {
		return false
	}
	for _, m := range regexp.MustCompile(`go test [^\n]*-run '\^\(([^)]*)\)\$'`).FindAllStringSubmatch(string(ci), -1) {
		if !strings.Contains(m[0], "-race") && slices.Contains(strings.Split(m[1], "|"), name) {
			return true
		}
	}
	return false
}

// TestR70Claims7RaceSkippersRunOnlyWhereCIRunsThem: a test that skips under the race detector
// before anything else counts as run only if .ci/run names it in a go test without -race; the
// masking linearity tests it names count, and a race-skipper it does not name would not.
func TestR70Claims7RaceSkippersRunOnlyWhereCIRunsThem(t *testing.T) {
	src := "func TestSlowRatio(t *testing.T) {\n\tif testing.Short() {\n\t\tt.Skip(\"timing\")\n\t}\n\tif raceDetector {\n\t\tt.Skip(\"ratios\")\n\t}\n}\n" +
		"func TestRaceLater(t *testing.T) {\n\tx := 1\n\tif raceDetector {\n\t\tt.Skip(\"x\")\n\t}\n}\n"
	if got := r70Claims7RaceSkips.FindAllStringSubmatch(src, -1); len(got) != 1 || got[0][1] != "TestSlowRatio" {
		t.Errorf("race skippers found: %q, want TestSlowRatio alone", got)
	}
	if r70Claims7CIRunsWithoutRace("TestSlowRatio") || !r70Claims7CIRunsWithoutRace("TestMaskingIsLinear") {
		t.Error(".ci/run's runs without -race: want TestMaskingIsLinear and not TestSlowRatio")
	}
	runs, skipped := r68Claims5GoTestRuns(t)
	if !runs["TestMaskingIsLinear"] || skipped["TestMaskingIsLinear"] {
		t.Error("TestMaskingIsLinear skips under -race but .ci/run runs it without: it runs in CI")
	}
}
