package selection

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// TestR60SelectionNames: a request's lower-case hyphenated identifiers are names (IsName), read
// as a model reads them, not for their parts. Before round 60 "show me stderr from the orders-api
// runtime" ranked get_api_keys first ("api"), "the stripe key changed, update STRIPE_KEY on
// billing-sync" update_member_roles ("billing"), "is orders-api up?" check_health ("api"), "what
// is the status of deployment number 412 on orders-api?" regenerate_api_key and "quiero
// borrar la app test-old, ya no la usamos" delete_app 5th, after regenerate_api_key ("old").
func TestR60SelectionNames(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	for word, want := range map[string]bool{
		"orders-api": true, "'geo-search'": true, "billing-sync's": true, "orders-api-pr42.": true,
		"analytics-app-70bb4d78-r2g64": true, "(churn-model)": true, "test-old,": true,
		// Words: one the tools' text writes or a tool's name's words, a region code, an English
		// prefix, capitals (prose, not an identifier), no hyphen.
		"read-only": false, "create-and-deploy": false, "us-west-2": false, "eu-central-1?": false,
		"un-pause": false, "re-deploy": false, "Key-rotation": false, "CHG-204": false, "orders": false,
		"PG_PASS": false, "-": false, "--secondary": false,
	} {
		if got := ix.IsName(word); got != want {
			t.Errorf("IsName(%q) = %v, want %v", word, got, want)
		}
	}
	if got := ix.QueryTerms("is orders-api up?"); !slices.Equal(got, []string{"up"}) {
		t.Errorf("QueryTerms = %q", got)
	}
	for query, want := range map[string][]string{
		"show me stderr from the orders-api runtime":                {"get_instance_logs"},
		"the stripe key changed, update STRIPE_KEY on billing-sync": {"set_secret"},
		"is orders-api up?": {"describe_app", "list_instances"},
		"what is the status of deployment number 412 on orders-api?": {"get_deployment", "list_deployments"},
	} {
		if rank, _ := RankOf(ix.Rank(query), want); rank != 1 {
			t.Errorf("%q ranks %s %d (first %s), want first", query, want, rank, ix.Rank(query)[0].Name)
		}
	}
	// 5th before.
	if rank, _ := RankOf(ix.Rank("quiero borrar la app test-old, ya no la usamos"), []string{"delete_app"}); rank > 3 {
		t.Errorf("\"quiero borrar la app test-old\" ranks delete_app %d, want it within 3", rank)
	}
}

// TestR60SelectionDescriptionWords: delete_secret says what list_secrets and set_secret say, that
// a secret is an env var. Before round 60 "Unset the config var LEGACY_REDIS_URL on orders-api, we
// moved off Redis." ranked list_secrets first and delete_secret second ("var" was only theirs), and
// with app names read as names (without "api") create_app first and delete_secret fourth.
// wait_for_deployment says a deployment ends succeeded: "Step 4: block until that deployment is
// done and tell me if it succeeded." ranked list_deployments first. get_app no longer lists a
// spicepod's parts (datasets, models), which update_app changes: "add a new dataset to the
// spicepod of analytics" and "swap the postgres dataset in the spicepod for the new warehouse
// table" ranked get_app first.
func TestR60SelectionDescriptionWords(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	for query, want := range map[string]string{
		"Unset the config var LEGACY_REDIS_URL on orders-api, we moved off Redis.": "delete_secret",
		"Step 4: block until that deployment is done and tell me if it succeeded.": "wait_for_deployment",
		"add a new dataset to the spicepod of analytics":                           "update_app",
		"swap the postgres dataset in the spicepod for the new warehouse table":    "update_app",
	} {
		if got := ix.Rank(query)[0].Name; got != want {
			t.Errorf("%q ranks %s first, want %s", query, got, want)
		}
	}
}

// TestR60SelectionMissCausesByPart counts each part's misses by cause (missCause). It only logs:
//
//	go test ./bench/selection -v -run TestR60SelectionMissCausesByPart
func TestR60SelectionMissCausesByPart(t *testing.T) {
	listed := catalogue(t)
	corpus, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	rk := r73Testtime13RankerFor(t, listed) // the corpus's rankings, shared with the margin tests
	ix := rk.ix
	parts := corpusParts(t, corpus)
	parts[-1] = corpus
	var lines []string
	for _, round := range slices.Sorted(maps.Keys(parts)) {
		causes := map[string]int{}
		for _, r := range parts[round] {
			if len(r.Acceptable) == 0 {
				continue
			}
			ranked := rk.rank(r.Text)
			if rank, _ := RankOf(ranked, r.Acceptable); rank > 1 {
				cause, _, _ := missCause(ix, r.Text, ranked, r.Acceptable)
				causes[cause]++
			}
		}
		name := partName(round)
		if round < 0 {
			name = "whole corpus"
		}
		var counts []string
		for _, c := range slices.SortedFunc(maps.Keys(causes), func(x, y string) int { return cmp.Or(causes[y]-causes[x], strings.Compare(x, y)) }) {
			counts = append(counts, fmt.Sprintf("%s %d", c, causes[c]))
		}
		lines = append(lines, fmt.Sprintf("  %-16s %s", name, strings.Join(counts, ", ")))
	}
	t.Logf("misses by cause:\n%s", strings.Join(lines, "\n"))
}

// Round 60's words (delete_secret's "(env var)", wait_for_deployment's "succeeded", get_app without
// "datasets, models") took tools/list to 141.2 tokens a tool (5,365; 5,364 before) and 143.7 under
// --confirm=agent (5,460; 5,459 before), 6.3 under issue 13's 150: the ceilings below are those
// figures, and rounds 54–59 share them.
const (
	r60MaxTokensPerTool      = 141.2
	r60MaxAgentTokensPerTool = 143.7
)

// Round 60's margin. Its part (77 scored requests, and two for features the server lacks, in four
// voices not used before: a CI/CD engineer writing GitHub Actions pipeline steps, a data scientist
// in Jupyter notebook terms, a very formal old-fashioned correspondent, a Windows administrator in
// PowerShell's Verb-Noun cmdlets) was written after the bench's reading of names and delete_secret's
// words and before wait_for_deployment's and get_app's, and scored once, not tuned on: 64.9 % /
// 76.6 % (50 and 59 of 77, MRR 0.728; 50 and 60 on the descriptions before the second edit). The
// PowerShell voice misses most: the bench reads "Get-SpiceRegion" as "get" and "spiceregion" (it
// does not split CamelCase), where a model reads a verb and a noun. The whole corpus then reads
// 81.7 % / 94.95 % of 1,347 (MRR 0.883): 1,101 first and 1,279 in the top 3, one top-3 place
// under issue 13's line, so TestToolSelection holds the line on the corpus as round 59 left it
// (lineHeldThrough stays 59). A reworded description that loses four first places or three top-3
// places of the whole, or four first or three top-3 places of round 60's part, fails.
const (
	r60MinTop1    = 81.48
	r60MinTop3    = 94.76
	r60NewMinTop1 = 60.4
	r60NewMinTop3 = 73.4
)

// TestR60SelectionMargin holds the margin on the whole corpus and on round 60's held-out part, and
// tools/list's cost. It prints the figures of every part:
//
//	go test ./bench/selection -v -run TestR60SelectionMargin
func TestR60SelectionMargin(t *testing.T) {
	selectionMargin{
		round:   60,
		minTop1: r60MinTop1, minTop3: r60MinTop3,
		newMinTop1: r60NewMinTop1, newMinTop3: r60NewMinTop3,
		minNewRequests:   75,
		maxTokensPerTool: r60MaxTokensPerTool,
	}.hold(t)
}
