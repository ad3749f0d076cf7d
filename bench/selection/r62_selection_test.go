package selection

import (
	"slices"
	"testing"
)

// r62RanksFirst fails for each request whose first tool is not one of those wanted.
func r62RanksFirst(t *testing.T, ix *Index, want map[string][]string) {
	t.Helper()
	for query, tools := range want {
		if rank, _ := RankOf(ix.Rank(query), tools); rank != 1 {
			t.Errorf("%q ranks %s %d (first %s), want first", query, tools, rank, ix.Rank(query)[0].Name)
		}
	}
}

// TestR62SelectionIDs: a number after a word the tools write is that thing's ID, as a model reads
// "deploy 4412": one deployment (get_deployment, "by ID"), not the list. Before round 62 "why did
// deploy 4412 fail?" and "what's the status of deployment 1003?" ranked list_deployments first,
// "who pushed deploy 881 and from which commit?" create_deployment, and "Ticket #4414: deploy 7731
// on catalog failed, …" list_deployments. A ticket's number is no tool's ID, nor is a count.
func TestR62SelectionIDs(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	for query, want := range map[string][]string{
		"why did deploy 4412 fail?":       {"4412", "deploy", "fail", "id"},
		"app #101, please":                {"101", "app", "id", "pleas"},
		"Ticket #4411: it behaves oddly":  {"4411", "behav", "oddly", "pl:behav", "ticket"},
		"scale to 4 replicas, last 50":    {"4", "50", "chang", "last", "pl:replica", "replica", "scal"}, // round 71 (selection2): "to 4" is a value to change to (toCount)
		"deploy 12 and 1.4.2 at 10:30 am": {"10", "12", "30", "deploy", "vers"},                          // round 71: 1.4.2 is a version (versionNumber)
	} {
		if got := ix.QueryTerms(query); !slices.Equal(got, want) {
			t.Errorf("QueryTerms(%q) = %q, want %q", query, got, want)
		}
	}
	r62RanksFirst(t, ix, map[string][]string{
		"why did deploy 4412 fail?":                                                {"get_deployment"},
		"what's the status of deployment 1003?":                                    {"get_deployment", "wait_for_deployment"},
		"who pushed deploy 881 and from which commit?":                             {"get_deployment", "list_deployments"},
		"Ticket #4414: deploy 7731 on catalog failed, customer wants to know why.": {"get_deployment"},
	})
}

// TestR62SelectionEnvVarNames: a name in capitals joined by underscores is an environment
// variable's, a secret's, as a model reads it. Before round 62 "is there a STRIPE_KEY on
// orders-api?" ranked get_api_keys first and the secret tools 4th ("key"), "do we have a
// SNOWFLAKE_PASSWORD set on sf-sync?" set_secret first.
func TestR62SelectionEnvVarNames(t *testing.T) {
	for word, want := range map[string]bool{
		"STRIPE_KEY": true, "OPENAI_API_KEY": true, "PG_PASS": true, "S3_BUCKET_2": true,
		"STRIPE": false, "Stripe_Key": false, "_KEY": false, "KEY_": false, "image_tag": false, "A__B": false,
	} {
		if got := envVarName(word); got != want {
			t.Errorf("envVarName(%q) = %v, want %v", word, got, want)
		}
	}
	ix := NewIndex(Docs(catalogue(t)))
	if got := ix.QueryTerms("is there a STRIPE_KEY?"); !slices.Equal(got, []string{"key", "secret", "strip"}) {
		t.Errorf("QueryTerms = %q", got)
	}
	r62RanksFirst(t, ix, map[string][]string{
		"is there a STRIPE_KEY on orders-api?":            {"get_secret", "list_secrets"},
		"do we have a SNOWFLAKE_PASSWORD set on sf-sync?": {"get_secret", "list_secrets"},
	})
}

// TestR62SelectionHowOften: "how many times" and "how often" ask for the record of what happened,
// a history (list_deployments: "rollout history"). Before round 62 "how often have we shipped the
// checkout app this month?" ranked list_deployments 18th (create_deployment first), "How many
// times was churn-model deployed this month? …" 7th (get_app first), "how many times has
// checkout been deployed today?? …" 4th (wait_for_deployment first).
func TestR62SelectionHowOften(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	if got := ix.QueryTerms("How often?"); !slices.Equal(got, []string{"history", "often"}) {
		t.Errorf("QueryTerms = %q", got)
	}
	r62RanksFirst(t, ix, map[string][]string{
		"how often have we shipped the checkout app this month?":                           {"list_deployments"},
		"How many times was churn-model deployed this month? Dana is counting releases.":   {"list_deployments"},
		"how many times has checkout been deployed today?? something keeps redeploying it": {"list_deployments"},
	})
}

// TestR62SelectionPlurals: a plural asks for many, as a list tool's name does (plurals). Before
// round 62 "show me all my apps" ranked list_apps 13th (list_forks first: "show"), "where do my
// apps live?" 11th (wait_for_deployment: "live"), "which secrets does fraud-scoring have? just
// names" get_secret first, "list the orgs on my account" whoami first ("account"), "org members"
// add_member first and list_members 5th.
func TestR62SelectionPlurals(t *testing.T) {
	for text, want := range map[string][]string{
		"which secrets does fraud-scoring have?": {"pl:secret"},
		"deployments, orgs, replicas and keys":   {"pl:deploy", "pl:org", "pl:replica", "pl:key"},
		"access status analysis mchen's it's as": nil,
	} {
		if got := plurals(text); !slices.Equal(got, want) {
			t.Errorf("plurals(%q) = %q, want %q", text, got, want)
		}
	}
	ix := NewIndex(Docs(catalogue(t)))
	// Only a list tool's name says "many": get_api_keys's and update_member_roles's plurals
	// are what one app or one member has.
	for _, d := range ix.docs {
		has := slices.ContainsFunc(d.Terms, func(term string) bool { return len(term) > 3 && term[:3] == "pl:" })
		if want := len(d.Name) > 5 && d.Name[:5] == "list_"; has != want {
			t.Errorf("%s has plural terms: %v, want %v", d.Name, has, want)
		}
	}
	r62RanksFirst(t, ix, map[string][]string{
		"show me all my apps":                               {"list_apps"},
		"where do my apps live?":                            {"list_apps"},
		"which secrets does fraud-scoring have? just names": {"list_secrets"},
		"list the orgs on my account":                       {"list_orgs"},
		"org members":                                       {"list_members"},
	})
}

// TestR62SelectionTestVerb: PowerShell's verb Test "verifies the operation or consistency of a
// resource", a check, as a model reads "Test-SpiceSecret". Without it, round 62's plurals took
// "Test-SpiceSecret -App orders-api -Name STRIPE_KEY" to fork_app ("to test changes"; 6.086
// against get_secret's 6.076), which TestR61SelectionCode holds.
func TestR62SelectionTestVerb(t *testing.T) {
	if got := Terms("Test-SpiceSecret -Name STRIPE_KEY"); !slices.Equal(got, []string{"check", "secret", "nam", "strip", "key"}) {
		t.Errorf("Terms = %q", got)
	}
	if got := Terms("test it, Test-Path"); !slices.Equal(got, []string{"test", "check", "path"}) {
		t.Errorf("Terms = %q", got)
	}
}

// Round 62's part (83 scored requests, and two for features the server lacks, in four voices not
// used before: a product manager's user stories, a database administrator in SQL, search-engine
// keywords, an online store's operations lead before a sale) was written before any change of
// round 62 and scored once before it: 57.8 % / 89.2 % (48 and 74 of 83, MRR 0.733), the whole
// 1,513 81.0 % / 95.1 % (1,226 and 1,439, MRR 0.881). After round 62's readings (no description
// changed, so tools/list stays 141.2 tokens a tool and 143.7 under --confirm=agent) it reads
// 60.2 % / 89.2 % (50 and 74, MRR 0.738), the 1,430 through round 61 84.3 % / 96.3 % (1,205 and
// 1,377, MRR 0.903; 82.4 % / 95.5 % before), and the whole 82.9 % / 95.9 % of 1,513 (1,255 and
// 1,451, MRR 0.894): 44 first and 13 top-3 places over issue 13's line, which TestToolSelection
// holds on the whole corpus (lineHeldThrough 62). Losing four first places or three top-3 places
// of the whole, or four first or three top-3 places of round 62's part, fails.
const (
	r62MinTop1    = 82.70
	r62MinTop3    = 95.74
	r62NewMinTop1 = 56.0
	r62NewMinTop3 = 86.0
)

// TestR62SelectionMargin holds the margin on the whole corpus and on round 62's held-out part, and
// tools/list's cost. It prints the figures of every part:
//
//	go test ./bench/selection -v -run TestR62SelectionMargin
func TestR62SelectionMargin(t *testing.T) {
	selectionMargin{
		round:   62,
		minTop1: r62MinTop1, minTop3: r62MinTop3,
		newMinTop1: r62NewMinTop1, newMinTop3: r62NewMinTop3,
		minNewRequests:   80,
		maxTokensPerTool: r60MaxTokensPerTool,
	}.hold(t)
}
