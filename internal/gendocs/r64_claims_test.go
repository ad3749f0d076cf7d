package gendocs

import (
	"bufio"
	"bytes"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// r64ClaimsWord finds README's absolute words, bounds ("at most", "at least", "exactly"),
// obligations ("must"), "nothing" (changed, stored, sent), "none", "all" and "any" included
// ("all" and "any" where they quantify, r66Claims3Quantifies). A match joined to a hyphen or underscore
// (`--read-only`, `git describe --always`) is a name, not a claim, and r64ClaimsSentences skips it.
var r64ClaimsWord = regexp.MustCompile(`(?i)\b(never|always|only|every|cannot|no longer|guarantee[sd]?|must|exactly|whenever|at most|at least|nothing|none|all|any)\b`)

// r64ClaimsSentences is README's prose cut into sentences (and their clauses after ":" or ";"),
// whitespace flattened, those holding an absolute word only; a row of a written table counts as
// a paragraph. Code blocks, generated parts (the tool tables, the bench tables) and headings are
// left out: they restate or measure, they do not promise.
func r64ClaimsSentences(readme string) []string {
	var paras []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(strings.Fields(strings.Join(cur, " ")), " "))
			cur = nil
		}
	}
	fenced, generated := false, false
	sc := bufio.NewScanner(strings.NewReader(readme))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "```"):
			fenced = !fenced
			flush()
			continue
		case strings.HasPrefix(trimmed, "<!-- BEGIN GENERATED"), strings.HasPrefix(trimmed, "<!-- END GENERATED"):
			generated = strings.HasPrefix(trimmed, "<!-- BEGIN")
			flush()
			continue
		case fenced, generated, trimmed == "", strings.HasPrefix(trimmed, "#"):
			flush()
			continue
		case strings.HasPrefix(trimmed, "|"): // a row of a written table stands alone
			flush()
			paras = append(paras, strings.Join(strings.Fields(trimmed), " "))
			continue
		case strings.HasPrefix(trimmed, "- "), strings.HasPrefix(trimmed, "* "):
			flush()
		}
		cur = append(cur, line)
	}
	flush()
	var out []string
	for _, p := range paras {
		start, whole := 0, r68Claims5Whole(p)
		for i := 1; i+1 < len(p); i++ {
			if whole[i] || p[i] != ' ' || !strings.ContainsRune(".;:!?", rune(p[i-1])) {
				continue
			}
			if next := rune(p[i+1]); unicode.IsUpper(next) || strings.ContainsRune("`(*", next) {
				out = appendClaim(out, p[start:i])
				start = i + 1
			}
		}
		out = appendClaim(out, p[start:])
	}
	return out
}

// appendClaim appends s to out when s holds an absolute word that is not part of a name.
func appendClaim(out []string, s string) []string {
	if r64ClaimsAt(s) >= 0 {
		return append(out, s)
	}
	return out
}

// r64ClaimsAt is the byte offset of s's first absolute word that is not part of a name (nor,
// for "all" and "any", an idiom or a quotation), or -1.
func r64ClaimsAt(s string) int {
	if at := r68Claims5Words(s); len(at) > 0 {
		return at[0]
	}
	return -1
}

// r64ClaimsKey suggests a key for sentence s: the fewest words around its first absolute word
// that README says once, 24 bytes at least.
func r64ClaimsKey(flat, s string) string {
	words := strings.Split(s, " ")
	at := strings.Count(s[:max(0, r64ClaimsAt(s))], " ")
	for r := 1; r < len(words); r++ {
		key := strings.Join(words[max(0, at-r):min(len(words), at+r+1)], " ")
		if len(key) >= 24 && strings.Count(flat, key) == 1 {
			return key
		}
	}
	return s
}

// r64ClaimsRow is one line of testdata/claims.tsv: a phrase of README that identifies a
// claim, and the tests that hold it, or why it is no promise of this product's.
type r64ClaimsRow struct {
	line   int
	key    string
	tests  []string
	reason string
	kinds  []string // a third column: the kinds of assertion the tests make (r70Claims7Kinds)
}

func r64ClaimsTable(t *testing.T) []r64ClaimsRow {
	t.Helper()
	return r64ClaimsTableOf(t, "internal/gendocs/testdata/claims.tsv")
}

// r64ClaimsTableOf reads a table of claims.tsv's form at path (claims_agent.tsv is another).
func r64ClaimsTableOf(t *testing.T, path string) []r64ClaimsRow {
	t.Helper()
	var rows []r64ClaimsRow
	for i, line := range bytes.Split(readRepoFile(t, path), []byte("\n")) {
		s := string(line)
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		key, rest, ok := strings.Cut(s, "\t")
		if !ok || strings.TrimSpace(key) != key || len(key) < 12 {
			t.Errorf("claims.tsv:%d: want a key phrase of 12 bytes or more, a tab, then tests or \"- why\": %q", i+1, s)
			continue
		}
		row := r64ClaimsRow{line: i + 1, key: key}
		rest, kinds, _ := strings.Cut(rest, "\t")
		for _, k := range strings.Split(kinds, ",") {
			if k = strings.TrimSpace(k); k != "" {
				row.kinds = append(row.kinds, k)
			}
		}
		if reason, ok := strings.CutPrefix(rest, "- "); ok {
			row.reason = strings.TrimSpace(reason)
		} else {
			row.tests = strings.Fields(rest)
		}
		if len(row.tests) == 0 && row.reason == "" {
			t.Errorf("claims.tsv:%d: %q names no test and says no reason: a claim with no test", i+1, key)
		}
		rows = append(rows, row)
	}
	return rows
}

// TestR64ClaimsEveryClaimHeld: every sentence of README holding "never", "always", "only",
// "every", "cannot", "no longer", "guarantee", "must", "exactly", "whenever", "at most",
// "at least", "nothing", "none", "all" or "any" is held by a test: one it cites itself, or
// one that testdata/claims.tsv names for a phrase the sentence holds (or the table says why the
// sentence promises nothing of this product's, as one about the API or a client). A new or
// reworded claim fails here until it is mapped; so does a mapped test that is renamed or removed.
func TestR64ClaimsEveryClaimHeld(t *testing.T) {
	readme := string(readRepoFile(t, "README.md"))
	flat := strings.Join(strings.Fields(readme), " ")
	defined := definedTests(t)
	rows := r64ClaimsTable(t)
	runs, skipped := r68Claims5GoTestRuns(t)
	for _, e := range r68Claims5RowErrors(rows, flat, defined, runs, skipped) {
		t.Error(e)
	}
	sentences := r64ClaimsSentences(readme)
	if len(sentences) < 300 {
		t.Fatalf("README has %d sentences with an absolute word; the split lost them", len(sentences))
	}
	unheld, used := 0, make([]bool, len(rows))
	for _, s := range sentences {
		held := r68Claims5HeldByCite(s, runs)
		for i := range rows {
			if strings.Contains(s, rows[i].key) {
				held, used[i] = true, true
			}
		}
		if !held {
			unheld++
			t.Errorf("a README claim no test holds: cite the test in README, or add to internal/gendocs/testdata/claims.tsv the line\n\t%s\t<the tests that hold it>\nfor the sentence\n\t%s", r64ClaimsKey(flat, s), s)
		}
	}
	for i, r := range rows {
		if !used[i] && strings.Contains(flat, r.key) {
			t.Errorf("claims.tsv:%d: %q is in no sentence with an absolute word any more: remove the row", r.line, r.key)
		}
	}
	t.Logf("%d README sentences with an absolute word, %d table rows, %d unheld", len(sentences), len(rows), unheld)
}
