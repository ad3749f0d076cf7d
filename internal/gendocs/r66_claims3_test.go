package gendocs

import (
	"strings"
	"testing"
)

// r66Claims3Quantifies says whether the match m of r64ClaimsWord in s is a claim. Every word
// is but "all" and "any", which README uses as prose too: they count where they quantify what
// the product does ("all tools", "any other method gets 405", "refused before any request"),
// not inside a quotation (a user's request "show all apps", a type `any`) nor in an idiom: "at
// all", "in all", "and all", "all the same", "if any", "any case" ("in any case", "any letter case").
func r66Claims3Quantifies(s string, m []int) bool {
	word := strings.ToLower(s[m[0]:m[1]])
	if word != "all" && word != "any" {
		return true
	}
	if strings.Count(s[:m[0]], "`")%2 == 1 || strings.Count(s[:m[0]], `"`)%2 == 1 {
		return false
	}
	before := strings.Fields(strings.ToLower(s[:m[0]]))
	prev := ""
	if len(before) > 0 {
		prev = before[len(before)-1]
	}
	next := strings.ToLower(strings.TrimLeft(s[m[1]:], " "))
	switch word {
	case "all":
		return prev != "at" && prev != "in" && prev != "and" && !strings.HasPrefix(next, "the same")
	default: // any
		return prev != "if" && !strings.HasPrefix(next, "case") && !strings.HasPrefix(next, "letter case")
	}
}

// TestR66Claims3AllAndAnyCountWhereTheyQuantify holds r66Claims3Quantifies' rule on sentences
// of README's kinds: "all" and "any" that quantify what the product does are claims; in a
// quotation or an idiom they are not, and other absolute words count wherever they stand.
func TestR66Claims3AllAndAnyCountWhereTheyQuantify(t *testing.T) {
	for s, want := range map[string]bool{
		"`/mcp` serves `POST`; any other method gets `405`":         true,
		"it is refused before any request":                          true,
		"`tags` replaces them all: the result names them":           true,
		"Each tool call has one time limit across all its requests": true,
		"a value shorter than 4 bytes is not redacted at all":       false,
		"64 in all; the rest":                                       false,
		"quotes and all, with the value":                            false,
		"2.12.0 ran each command all the same":                      false,
		"a deployment in flight if any":                             false,
		"scheme and host in any case":                               false,
		"names match in any letter case":                            false,
		`"show all apps" meets list_forks' "Show"`:                  false,
		"a completion's `ref` (of type `any`, decoded)":             false,
		`"who all can log in" asks for people; it never folds`:      true,
	} {
		if got := len(appendClaim(nil, s)) == 1; got != want {
			t.Errorf("%q counted as a claim: %v, want %v", s, got, want)
		}
	}
}
