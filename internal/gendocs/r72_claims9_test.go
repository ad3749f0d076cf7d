package gendocs

import (
	"fmt"
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
	{"log", regexp.MustCompile(`(?i)\b(?:is|are|be|never|not|nor) logged\b|\blogs (?:one|a|nothing|no|each|every|the)\b|\bnever logs?\b|\blogs? never\b`)},
	{"unsent", regexp.MustCompile(`(?i)\bbefore (?:any request|(?:it |anything )?reach(?:es|ing)? the API|the API(?:[^'’]|$)|anything is sent)|\bnothing (?:is |was )?sent\b|\bnever reach(?:es)? the API\b|\bsends nothing\b`)},
	{"status", regexp.MustCompile("(?i)\\bstatus code\\b|\\b(?:gets?|answers?|answered|returns?) (?:a |an )?`?[1-5]\\d\\d\\b")},
	{"secret", regexp.MustCompile(`(?i)\bsecret values? (?:are |is )?never (?:echoed|shown)|\bnever (?:the token|shows? (?:a |the |its )?(?:secret|token|key))|\b(?:token|key|secret|credential)s? (?:is |are )?never (?:shown|echoed|logged|printed)\b|\bno planted (?:credential|secret)\b`)},
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
// the "; " or ")" after it, r72Claims9Reach bytes either side at most. README's sentences run
// long (a list of rules is one), and a row holds the clause its phrase is in, not its neighbours.
func r72Claims9Clause(sentence, key string) string {
	at := strings.Index(sentence, key)
	if at < 0 {
		return ""
	}
	start, end := max(0, at-r72Claims9Reach), min(len(sentence), at+len(key)+r72Claims9Reach)
	if i := strings.LastIndexAny(sentence[start:at], ";("); i >= 0 {
		start += i + 1
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
		"Bad input is refused before any request, naming the field.":       "unsent",
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
	g, err := r71Claims8Parse(map[string]string{"a/a_test.go": "package a\nimport \"testing\"\n" +
		"func TestTexts(t *testing.T) {\n\tif !strings.Contains(got, \"x\") {\n\t\tt.Error(got)\n\t}\n}\n" +
		"func TestLogs(t *testing.T) {\n\tif strings.Contains(h.logs.String(), \"x\") {\n\t\tt.Error(\"logged\")\n\t}\n}\n"})
	if err != nil {
		t.Fatal(err)
	}
	sentences := []string{"A refused argument is never logged, and its text names the field.", "It answers 400 always."}
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
