package selection

import (
	"slices"
	"testing"
)

// Round 57 read the shell's abbreviations as their words and kept "who" (see Terms), and gave two
// descriptions the words of their commonest misses: list_instances "processes" (for "ps"),
// get_member "which role do they have" and update_member_roles "set which of owner, admin, member,
// read-only viewer and billing a member has" (not "set all a member's roles (…)", one "role"
// fewer, so "what's carol's role?" reaches get_member). tools/list costs 141.1 tokens a tool
// (5,362; 5,355 before) and 143.6 under --confirm=agent (5,457; 5,450 before), 6.4 under issue
// 13's 150: the ceilings below leave a tenth, and rounds 54–56 share them.
const (
	r57MaxTokensPerTool      = r58MaxTokensPerTool      // round 58 raised it to its own (141.4: users' words; under 150)
	r57MaxAgentTokensPerTool = r58MaxAgentTokensPerTool // round 58: 143.9, 6.1 under 150
)

// TestR57SelectionTermsReadShellWordsAndWho: the shell's abbreviations (ls, rm, ps) are read as
// the words they stand for, as a model reads them, and "who" is kept: it asks for people, the
// word the descriptions use for them ("who triggered it", "who owns the org", "Who am I").
// Before round 57 "apps ls", "members rm jdoe" and "ps geo-search" kept only the nouns (or
// nothing), and "who's in this workspace" ranked list_orgs first.
func TestR57SelectionTermsReadShellWordsAndWho(t *testing.T) {
	for in, want := range map[string][]string{
		"apps ls":                 {"app", "list"},
		"members rm jdoe":         {"member", "remov", "jdo"},
		"ps geo-search":           {"process", "geo", "search"},
		"who's in this workspace": {"who", "workspac"},
	} {
		if got := Terms(in); !slices.Equal(got, want) {
			t.Errorf("Terms(%q) = %q, want %q", in, got, want)
		}
	}
	listed := catalogue(t)
	ix := NewIndex(Docs(listed))
	for query, want := range map[string]string{
		"apps ls":                       "list_apps",
		"members ls":                    "list_members",
		"members rm jdoe":               "remove_member",
		"ps geo-search":                 "list_instances",
		"who else is in our workspace?": "list_members",
		"what roles does mchen have?":   "get_member",
		"what's carol's role?":          "get_member",
	} {
		if got := ix.Rank(query)[0].Name; got != want {
			t.Errorf("%q ranks %s first, want %s", query, got, want)
		}
	}
}

// Round 57's margin. Its part (81 scored requests in four voices not used before: someone
// dictating to a speech-to-text box, a workshop instructor setting up a class, a developer moving
// over from Heroku or Vercel in that platform's words, an executive assistant relaying what the
// boss wants) was written after the tuning above and scored once, not tuned on: 75.3 % / 90.1 %
// (MRR 0.827; 74.1 % / 87.7 % on round 56's descriptions and reading of words). The whole corpus
// then reads 81.4 % / 95.5 % of 1,106 (MRR 0.883; 79.9 % / 94.7 % on round 56's): 900 first and
// 1,056 in the top 3, fifteen and five over issue 13's line, which TestToolSelection held on it
// (lineHeldThrough) until round 58. A reworded description that loses four first places or three top-3 places of
// the whole, or four first or three top-3 places of round 57's part, fails.
const (
	r57MinTop1    = 81.05
	r57MinTop3    = 95.25
	r57NewMinTop1 = 71.0
	r57NewMinTop3 = 87.0
)

// TestR57SelectionMargin holds the margin on the whole corpus and on round 57's held-out part, and
// tools/list's cost. It prints the figures of every part:
//
//	go test ./bench/selection -v -run TestR57SelectionMargin
func TestR57SelectionMargin(t *testing.T) {
	selectionMargin{
		round:   57,
		minTop1: r57MinTop1, minTop3: r57MinTop3,
		newMinTop1: r57NewMinTop1, newMinTop3: r57NewMinTop3,
		minNewRequests:   80,
		maxTokensPerTool: r57MaxTokensPerTool,
	}.hold(t)
}
