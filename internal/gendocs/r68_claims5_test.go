package gendocs

import (
	"regexp"
	"strings"
	"testing"
)

// r68Claims5Whole marks the bytes of p a sentence does not end in: r67Claims4Whole's code spans
// and links' text, and every balanced parenthesis outside them, so "(`TestX`: the rule)" stays
// with the sentence it closes and the next sentence does not open with its test.
func r68Claims5Whole(p string) []bool {
	whole := r67Claims4Whole(p)
	var open []int
	for i := 0; i < len(p); i++ {
		switch {
		case whole[i]:
		case p[i] == '(':
			open = append(open, i)
		case p[i] == ')' && len(open) > 0: // a ")" with none open ("1)") is literal
			for j := open[len(open)-1]; j <= i; j++ {
				whole[j] = true
			}
			open = open[:len(open)-1]
		}
	}
	return whole
}

// TestR68Claims5SentencesKeepParenthesesWhole: a sentence is never cut inside a parenthesis,
// so a test cited there ("(`TestX`: the rule)") stays with the sentence it holds.
func TestR68Claims5SentencesKeepParenthesesWhole(t *testing.T) {
	for _, c := range []struct{ para, want string }{
		{"It is always sent (`TestX`: `X-A` is kept). Then more.",
			"It is always sent (`TestX`: `X-A` is kept)."},
		{"It is never shown (held: `TestX`; `TestY`: Its rule). Then more.",
			"It is never shown (held: `TestX`; `TestY`: Its rule)."},
		{"It is sent (as `TestX` shows: The header (`X-A`) is kept) every time.",
			"It is sent (as `TestX` shows: The header (`X-A`) is kept) every time."},
		{"Odd ) parenthesis: Every call is checked.", "Every call is checked."},
		{"An open ( parenthesis: Every call is checked.", "Every call is checked."},
		{"See [the guide](https://x.example/a_(b)): Every step is kept.", "Every step is kept."},
	} {
		got := r64ClaimsSentences(c.para + "\n")
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("sentences of %q: %q, want only %q", c.para, got, c.want)
		}
	}
}

// r68Claims5Words are the byte offsets of s's absolute words that are not part of a name (nor,
// for "all" and "any", an idiom or a quotation).
func r68Claims5Words(s string) []int {
	var at []int
	for _, m := range r64ClaimsWord.FindAllStringIndex(s, -1) {
		before, after := byte(' '), byte(' ')
		if m[0] > 0 {
			before = s[m[0]-1]
		}
		if m[1] < len(s) {
			after = s[m[1]]
		}
		if !strings.ContainsRune("-_", rune(before)) && !strings.ContainsRune("-_", rune(after)) && r66Claims3Quantifies(s, m) {
			at = append(at, m[0])
		}
	}
	return at
}

// r68Claims5CitedBeforeAClaim says whether the test cited at m in s stands before one of s's
// claims: README cites a test after the claim it holds, so a claim after every test s cites is
// held by none of them ("(`TestX`: …), and it never …"), nor is a sentence whose subject is
// the test ("`TestX` seeds 1,000 apps … every page"); a row of claims.tsv maps those.
func r68Claims5CitedBeforeAClaim(s string, m []int) bool {
	at := r68Claims5Words(s)
	return len(at) > 0 && m[0] < at[len(at)-1]
}

var r68Claims5Cite = regexp.MustCompile(`\b(?:Test|Fuzz|Benchmark)[A-Z]\w*`)

// r68Claims5HeldByCite says whether sentence s is held by a test it cites: one defined, that go
// test runs, cited after s's last claim.
func r68Claims5HeldByCite(s string, defined map[string]bool) bool {
	for _, m := range r68Claims5Cite.FindAllStringIndex(s, -1) {
		name := s[m[0]:m[1]]
		if defined[name] && r67Claims4Holds(name) && !r68Claims5CitedBeforeAClaim(s, m) {
			return true
		}
	}
	return false
}

// TestR68Claims5TestCitedBeforeTheClaimHoldsNothing: a test cited before a sentence's claim,
// at its head or between two of its claims, does not hold it; one cited after its last does.
func TestR68Claims5TestCitedBeforeTheClaimHoldsNothing(t *testing.T) {
	defined := map[string]bool{"TestX": true, "TestY": true, "BenchmarkZ": true}
	for s, want := range map[string]bool{
		"`TestX`), and it never fails.":                          false,
		"`TestX`; a key is always masked.":                       false,
		"`TestX` seeds 1,000 apps and reads every page.":         false,
		"It never fails (`TestX`).":                              true,
		"It never fails (`TestX`), and `TestY` too.":             true,
		"It never fails (`TestX`), and it is always fast.":       false,
		"It never fails (`TestX`); it is always fast (`TestY`).": true,
		"It is always fast (`BenchmarkZ`).":                      false,
		"It is always there (`TestUndefined`).":                  false,
	} {
		if got := r68Claims5HeldByCite(s, defined); got != want {
			t.Errorf("%q held by its cited test: %v, want %v", s, got, want)
		}
	}
}
