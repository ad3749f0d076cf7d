package present

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// withoutListHintsByRegexp is WithoutListHints as it was written before round 59, with two
// regular expressions: the oracle the string scan must agree with.
func withoutListHintsByRegexp(text string, listed []string) string {
	seeList := regexp.MustCompile(` \(see (list_[a-z_]+)\)`)
	schemaSee := regexp.MustCompile(`,?"description":"See (list_[a-z_]+)",?`)
	if !strings.Contains(text, "list_") {
		return text
	}
	text = seeList.ReplaceAllStringFunc(text, func(hint string) string {
		if slices.Contains(listed, seeList.FindStringSubmatch(hint)[1]) {
			return hint
		}
		return ""
	})
	return schemaSee.ReplaceAllStringFunc(text, func(field string) string {
		if slices.Contains(listed, schemaSee.FindStringSubmatch(field)[1]) {
			return field
		}
		if strings.HasPrefix(field, ",") && strings.HasSuffix(field, ",") {
			return ","
		}
		return ""
	})
}

// r59ListHintCases are texts a list hint may stand in, odd ones included: hints back to back,
// commas shared between two hinted keys, a hint cut short, upper case, a tool name ending at
// the end of the text.
var r59ListHintCases = []string{
	``, `no hint`, `list_`, `(see list_)`, ` (see list_)`, ` (see list_apps`, ` (see list_Apps)`, ` (see list_apps))`,
	`App name (see list_apps)`, `Default: the newest instance (see list_instances)`,
	`a (see list_orgs) (see list_apps) b (see list_clusters)(see list_x) (see list_y)`,
	` (see  (see list_regions)`, ` (see list_a_b_)`, ` (see list_a-b)`, ` (see list_ab) (see list_ab)`,
	`{"a":{"type":"string","description":"See list_clusters"}}`,
	`{"a":{"description":"See list_clusters","type":"string"}}`,
	`{"a":{"minLength":1,"description":"See list_clusters","type":"string"}}`,
	`{"a":{"description":"See list_clusters"}}`, `{"a":{"description":"See list_apps"}}`,
	`,"description":"See list_a","description":"See list_b",`,
	`,,"description":"See list_a",,"description":"See list_apps",,`,
	`"description":"See list_a""description":"See list_b"`,
	`"description":"See list_","description":"See list_x"`, `"description":"See list_x`,
	`"description":"See list_x" `, `,"description":"see list_x",`, `"description":"See list_x (see list_y)"`,
	`{"b":{"description":"See list_apps","x":1},"c":{"y":2,"description":"See list_clusters"},"d":{"description":"See list_regions (see list_orgs)"}}`,
	`Organization (see list_orgs), region (see list_regions), ",\"description\":\"See list_clusters\",`,
}

// TestR59MemoryWithoutListHintsAgreesWithRegexp: the string scan leaves out what the regular
// expressions left out, hint for hint, whichever tools are listed.
func TestR59MemoryWithoutListHintsAgreesWithRegexp(t *testing.T) {
	for _, listed := range [][]string{nil, {"list_apps"}, {"list_apps", "list_a", "list_orgs", "list_x"}, {"list_clusters", "list_regions", "list_ab", "list_a_b_"}} {
		for _, in := range r59ListHintCases {
			if got, want := WithoutListHints(in, listed), withoutListHintsByRegexp(in, listed); got != want {
				t.Errorf("WithoutListHints(%q, %q) = %q, want %q", in, listed, got, want)
			}
		}
	}
}

// TestR59MemoryWithoutListHintsAllocatesOnlyItsResult: every tool's description and schema
// goes through WithoutListHints when the server starts, so it allocates nothing when nothing
// goes and only the shorter text when some does (once for each kind of hint) (it compiled two regular expressions and
// copied each text through a replacement buffer, about 70 kB at start-up).
func TestR59MemoryWithoutListHintsAllocatesOnlyItsResult(t *testing.T) {
	listed := []string{"list_apps"}
	kept := `{"app":{"type":"string","description":"See list_apps"},"org":{"type":"string"}} App name (see list_apps)`
	cut := `{"cluster":{"type":"string","description":"See list_clusters"},"org":{"type":"string"}} Default: the newest (see list_instances)`
	for _, tc := range []struct {
		in   string
		most float64
	}{{kept, 0}, {cut, 2}} {
		if n := testing.AllocsPerRun(20, func() { WithoutListHints(tc.in, listed) }); n > tc.most {
			t.Errorf("WithoutListHints(%q) allocates %v times, want at most %v", tc.in, n, tc.most)
		}
	}
}
