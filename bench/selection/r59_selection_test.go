package selection

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// objectOf is what a tool acts on, read from its name: the words after the verb, singular
// ("list_apps" and "get_app" both act on an app; whoami and list_orgs on the account's orgs,
// list_forks and fork_app on an app, list_instances and get_instance_logs on its instances).
func objectOf(name string) string {
	switch name {
	case "list_forks", "fork_app":
		return "app"
	case "whoami", "list_orgs":
		return "org"
	case "list_instances", "get_instance_logs":
		return "instance"
	}
	words := strings.Split(name, "_")
	if len(words) > 1 {
		words = words[1:]
	}
	for len(words) > 1 && (words[0] == "and" || words[0] == "deploy" || words[0] == "for" || words[0] == "api") {
		words = words[1:]
	}
	if words[len(words)-1] == "roles" {
		words = words[:len(words)-1]
	}
	return strings.TrimSuffix(words[len(words)-1], "s")
}

// missCause sorts a miss into the causes round 58 named and round 59 counts:
//   - "no word of its own": the intended tool's text has none of the request's words;
//   - "same object, other verb": the tool ranked first acts on the same object, and the word
//     that carries it most is one the intended tool's text lacks;
//   - "a word another tool owns": a tool on another object is first, carried most by a word the
//     intended tool's text lacks;
//   - "shared words, weighed against": every word that carries the first tool is in the intended
//     one's text too, and its text (longer, or with the words fewer times) weighs them less.
func missCause(ix *Index, query string, ranked []Scored, acceptable []string) (cause, word, first string) {
	pos := slices.IndexFunc(ranked, func(s Scored) bool { return slices.Contains(acceptable, s.Name) })
	want, top := ranked[pos], ranked[0]
	if want.Score == 0 {
		return "no word of its own", "", top.Name
	}
	docOf := func(name string) int { return slices.IndexFunc(ix.docs, func(d Doc) bool { return d.Name == name }) }
	wi, ti := docOf(want.Name), docOf(top.Name)
	topTerms := termContributions(ix, ti, query)
	// The word that carries the first tool furthest past the intended one.
	gain := func(t string) float64 { return topTerms[t] - termContributions(ix, wi, query)[t] }
	terms := slices.SortedFunc(maps.Keys(topTerms), func(x, y string) int { return cmp.Or(cmp.Compare(gain(y), gain(x)), strings.Compare(x, y)) })
	for _, t := range terms {
		if ix.tf[wi][t] == 0 {
			if objectOf(want.Name) == objectOf(top.Name) {
				return "same object, other verb", t, top.Name
			}
			return "a word another tool owns", t, top.Name
		}
	}
	return "shared words, weighed against", terms[0], top.Name
}

func termContributions(ix *Index, doc int, query string) map[string]float64 {
	out := map[string]float64{}
	norm := k1 * (1 - b + b*float64(len(ix.docs[doc].Terms))/ix.avgdl)
	for _, t := range ix.QueryTerms(query) {
		if f := float64(ix.tf[doc][t]); f > 0 {
			out[t] = ix.idf(t) * f * (k1 + 1) / (f + norm)
		}
	}
	return out
}

// TestR59SelectionMissCauses tables the whole corpus's misses by cause, and within each cause
// the words that carry the tool ranked first (with that tool), commonest first. It only logs:
//
//	go test ./bench/selection -v -run TestR59SelectionMissCauses
func TestR59SelectionMissCauses(t *testing.T) {
	listed := catalogue(t)
	corpus, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	rk := r73Testtime13RankerFor(t, listed) // the corpus's rankings, shared with the margin tests
	ix := rk.ix
	causes, words := map[string]int{}, map[string]map[string]int{}
	var lines []string
	for _, r := range corpus {
		if len(r.Acceptable) == 0 {
			continue
		}
		ranked := rk.rank(r.Text)
		if rank, _ := RankOf(ranked, r.Acceptable); rank == 1 {
			continue
		}
		cause, word, first := missCause(ix, r.Text, ranked, r.Acceptable)
		causes[cause]++
		if words[cause] == nil {
			words[cause] = map[string]int{}
		}
		words[cause][word+" → "+first]++
		lines = append(lines, fmt.Sprintf("  %-30s %-14s %-22s %q", cause, word, first, r.Text))
	}
	var table []string
	for _, c := range slices.SortedFunc(maps.Keys(causes), func(x, y string) int { return cmp.Or(causes[y]-causes[x], strings.Compare(x, y)) }) {
		var top []string
		ws := words[c]
		for _, w := range slices.SortedFunc(maps.Keys(ws), func(x, y string) int { return cmp.Or(ws[y]-ws[x], strings.Compare(x, y)) }) {
			if ws[w] > 1 {
				top = append(top, fmt.Sprintf("%s %d", w, ws[w]))
			}
		}
		table = append(table, fmt.Sprintf("  %3d  %s: %s", causes[c], c, strings.Join(top, ", ")))
	}
	t.Logf("misses by cause (the word carrying the first tool → that tool, when two or more misses share it):\n%s", strings.Join(table, "\n"))
	t.Logf("every miss:\n%s", strings.Join(lines, "\n"))
}

// TestR59SelectionDescriptionWords: three descriptions gave up a word another tool's requests
// use. Before round 59 "make my project public" ranked create_app first (its "Make (stand up) a
// new … app"), "the stripe key changed, update it on the orders app" update_member_roles (its
// "strip (take away)": the bench's stemmer reads "stripe" as "strip"), and "remove the project
// old-demo, we don't need it anymore" delete_secret (its "an old or stale credential": "old" is
// the app's name here).
func TestR59SelectionDescriptionWords(t *testing.T) {
	listed := catalogue(t)
	ix := NewIndex(Docs(listed))
	for query, want := range map[string]string{
		"make my project public":                                "update_app",
		"the stripe key changed, update it on the orders app":   "set_secret",
		"remove the project old-demo, we don't need it anymore": "delete_app",
	} {
		if got := ix.Rank(query)[0].Name; got != want {
			t.Errorf("%q ranks %s first, want %s", query, got, want)
		}
	}
}

// Those three cuts took tools/list to 141.2 tokens a tool (5,364; 5,372 before) and 143.7 under
// --confirm=agent (5,459; 5,467 before), 6.3 under issue 13's 150: the ceilings below are those
// figures, and rounds 54–58 share them.
const (
	r59MaxTokensPerTool      = r60MaxTokensPerTool      // round 60: 141.2 (5,365), 8.8 under 150
	r59MaxAgentTokensPerTool = r60MaxAgentTokensPerTool // round 60: 143.7 (5,460), 6.3 under 150
)

// Round 59's margin. Its part (82 scored requests in four voices not used before: an
// infrastructure-as-code engineer in Terraform's words, ChatOps in a Slack channel, a frustrated
// user venting, a compliance auditor collecting SOC 2 evidence) was written after the tuning above
// and scored once, not tuned on: 80.5 % / 91.5 % (66 and 75 of 82, MRR 0.868; the same on round
// 58's descriptions). The whole corpus then reads 82.1 % / 95.7 % of 1,270 (MRR 0.888; 82.0 % /
// 95.7 % on round 58's): 1,043 first and 1,216 in the top 3, 27 and 9 over issue 13's line, which
// TestToolSelection holds on it (lineHeldThrough). A reworded description that loses four first
// places or three top-3 places of the whole, or four first or three top-3 places of round 59's
// part, fails.
const (
	r59MinTop1    = 81.85
	r59MinTop3    = 95.55
	r59NewMinTop1 = 76.5
	r59NewMinTop3 = 88.5
)

// TestR59SelectionMargin holds the margin on the whole corpus and on round 59's held-out part, and
// tools/list's cost. It prints the figures of every part:
//
//	go test ./bench/selection -v -run TestR59SelectionMargin
func TestR59SelectionMargin(t *testing.T) {
	selectionMargin{
		round:   59,
		minTop1: r59MinTop1, minTop3: r59MinTop3,
		newMinTop1: r59NewMinTop1, newMinTop3: r59NewMinTop3,
		minNewRequests:   80,
		maxTokensPerTool: r59MaxTokensPerTool,
	}.hold(t)
}
