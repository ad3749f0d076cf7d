package selection

import (
	"slices"
	"testing"
)

// TestR71SelectionKeepsDoing: "keep" before a verb in -ing ("it keeps crashing") is the aspect, to
// go on doing, as a model reads it (keepsDoing), not wait_for_deployment's "keep an eye on".
// Before round 71 "cue-tracker deployed fine but keeps crashing when the board op saves a cue;
// show me what it's logging." and "my app keeps crashing after the deploy succeeded, show me what
// it printed" ranked wait_for_deployment first.
func TestR71SelectionKeepsDoing(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "keep", map[string]bool{
		"the app keeps crashing":                                     false,
		"it kept timing out all night":                               false,
		"keep an eye on the orders-api rollout":                      true,
		"keep everything, just stop the app for the weekend":         true,
		"keep crashing, keep failing; keep it as is":                 true,
		"stop the app for the weekend but keep everything as it was": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"cue-tracker deployed fine but keeps crashing when the board op saves a cue; show me what it's logging.": {"get_instance_logs"},
		"my app keeps crashing after the deploy succeeded, show me what it printed":                              {"get_instance_logs", "list_instances"},
		// Held: keeping an eye on a rollout waits for it, and so does keeping watching.
		"keep an eye on the orders-api rollout and tell me when it's done":                        {"wait_for_deployment"},
		"keep watching the geo-search rollout and tell me once it's live":                         {"wait_for_deployment"},
		"After the sale, put promo-engine to sleep until next year but keep everything as it is.": {"pause_app"},
	})
}

// TestR71SelectionUsPronoun: "us" in lower case is the pronoun ("gave us a token", "show us its
// configuration"), which a model does not read as the region codes' "us" (us-east-1), as NLTK's
// list leaves it in (usOut); "the US" in capitals is the country and stays. Before round 71 "Our
// podcast host gave us a new upload token; save it on rss-feed as HOST_UPLOAD_TOKEN." ranked
// list_regions first and "is there a private cluster just for us?" create_app.
func TestR71SelectionUsPronoun(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "us", map[string]bool{
		"the vendor gave us a new token":   false,
		"is there a cluster just for us?":  false,
		"Which regions are in the US?":     true,
		"can we host apps in US regions?":  true,
		"deploy to us-east-1, tell us why": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Our podcast host gave us a new upload token; save it on rss-feed as HOST_UPLOAD_TOKEN.": {"set_secret"},
		"is there a private cluster just for us?":                                                {"list_clusters"},
		// Held.
		"Which regions are in the US?": {"list_regions"},
		"tell us which apps we have":   {"list_apps"},
	})
}

// TestR71SelectionMemberAccount: "the customs-bot account", a login before "account", is a
// member's account, as "the account ci-legacy" is (round 64): a member, not the account the
// server runs as (whoami's "Account"), so that "account" is left out, after the login or before
// it. Before round 71 "What role does the ci-farm account have in our org right now?" ranked
// whoami first (get_member 2nd), "What role does the customs-bot account have in our
// organization?" whoami (get_member 4th), and "What roles does the account svc-deployer hold in
// the org?" whoami (6.29 vs 6.24).
func TestR71SelectionMemberAccount(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "member", map[string]bool{
		"is the ci-farm account an admin?": true, "the account ci-legacy": true, "which account am I using?": false,
	})
	r65QueryHas(t, ix, "account", map[string]bool{
		"is the ci-farm account an admin?": false, "which account am I using?": true, "my spice account": true,
		"the account svc-deployer": false, "my account and the account svc-deployer": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"What role does the ci-farm account have in our org right now?": {"get_member"},
		"is the ci-farm account an admin?":                              {"get_member"},
		"What roles does the account svc-deployer hold in the org?":     {"get_member"},
		// Held: my own account is who I am.
		"which account am I using?":               {"whoami"},
		"which account is this connection using?": {"whoami"},
	})
	// The customs-bot line comes to second, after list_members (member, organization, role).
	if rank, _ := RankOf(ix.Rank("What role does the customs-bot account have in our organization?"), []string{"get_member"}); rank > 3 {
		t.Errorf("the customs-bot account's role ranks get_member %d, want the top 3", rank)
	}
}

// TestR71SelectionWhichPlural: a question's plural after "which" or "what" is what it asks for,
// many of them, though it names another list tool's collection too ("which regions does Spice
// offer for hosting apps?": regions, whichPlural); several collections named without one ("the
// config, last deploys and secrets of x") still ask for no list (round 60's severalCollections).
// Before round 71 "Our importers are in Mexico and Canada; which regions does Spice offer for
// hosting apps?" ranked list_apps first, and "Which clusters does the org have? We need to know
// whether the trading apps share one." describe_app.
func TestR71SelectionWhichPlural(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "pl:reg", map[string]bool{
		"which regions does Spice offer for hosting apps?":      true,
		"what data-center regions can our apps be deployed in?": true,
		"apps, regions, clusters: give me the overview":         false,
	})
	r65QueryHas(t, ix, "pl:app", map[string]bool{
		"which regions does Spice offer for hosting apps?": false,
		"which apps run in our regions?":                   true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Our importers are in Mexico and Canada; which regions does Spice offer for hosting apps?": {"list_regions"},
		"Which clusters does the org have? We need to know whether the trading apps share one.":    {"list_clusters"},
		// Held: several collections of one app, none asked for by "which", ask for no list.
		"the config, last deploys and secrets of orders-api": {"describe_app", "get_app"},
		"which apps do we host on Spice?":                    {"list_apps"},
	})
}

// TestR71SelectionSpiceDown: asking whether Spice is down or up ("is Spice Cloud down?") asks of
// the platform, as "Spice itself" does (round 67), not of the apps run on Spice Cloud (spiceDown).
// Before round 71 "Is Spice Cloud down? None of the box office apps respond and the house opens in
// 20 minutes." ranked list_apps first.
func TestR71SelectionSpiceDown(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "platform", map[string]bool{
		"Is Spice Cloud down?": true, "is spice.ai up right now?": true, "is the Spice API down again": true,
		"is the orders-api app down?": false, "which apps run on Spice Cloud?": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Is Spice Cloud down? None of the box office apps respond and the house opens in 20 minutes.": {"check_health"},
		"is spice.ai up right now? none of our apps load":                                             {"check_health"},
		// Held.
		"which apps run on Spice Cloud?": {"list_apps"},
	})
}

// TestR71SelectionNeed: wanting is no tool's business: "need" and "needs" ("I need the API key",
// "the transcript feature needs 1.4") are stop words, in a request as in list_container_images's
// "image_tag needs Enterprise". Before round 71 "Which runtime version is the show-notes app pinned
// to? The transcript feature needs 1.4." ranked list_container_images first, and "what's the
// newest runtime?" get_instance_logs (5.08 vs 5.05: list_container_images's text, a word shorter,
// now weighs its words more).
func TestR71SelectionNeed(t *testing.T) {
	for _, w := range []string{"need", "needs"} {
		if !stopWords[w] {
			t.Errorf("%q is no stop word", w)
		}
	}
	ix := NewIndex(Docs(catalogue(t)))
	r62RanksFirst(t, ix, map[string][]string{
		"Which runtime version is the show-notes app pinned to? The transcript feature needs 1.4.": {"get_app", "describe_app"},
		"what's the newest runtime?": {"list_container_images"},
		// Held.
		"I need the API key of orders-api": {"get_api_keys"},
	})
}

// TestR71SelectionProduction: "production" is the live environment, "prod" ("the production
// branch", "lock down prod"), not a product ("the product catalogue"): it stems as "prod" does.
// Before round 71 "The new product catalogue dataset is in the spicepod; redeploy catalog-sync so
// the storefront picks it up." ranked connect_repository (production_branch) first, and "lock down
// prod, nobody outside should see it" list_regions.
func TestR71SelectionProduction(t *testing.T) {
	for w, want := range map[string]string{"production": "prod", "prod": "prod", "product": "product", "products": "product"} {
		if got := stem(w); got != want {
			t.Errorf("stem(%q) = %q, want %q", w, got, want)
		}
	}
	ix := NewIndex(Docs(catalogue(t)))
	r62RanksFirst(t, ix, map[string][]string{
		"The new product catalogue dataset is in the spicepod; redeploy catalog-sync so the storefront picks it up.": {"create_deployment"},
		"lock down prod, nobody outside should see it":                                                               {"update_app"},
		// Held.
		"ship the latest spicepod changes to production": {"create_deployment"},
	})
}

// TestR71SelectionHostedIn: in a question of which place one thing is in, "hosted", "located" or
// "based" before "in" says no more than "in" (hostedIn), and such a question may go on after a
// comma ("what region is x in, and is it public?"): it asks for x's configuration (round 69's
// valueOf). Before round 71 "What region is the tariff-lookup app hosted in, and how many replicas
// does it run?" ranked list_apps first (get_app 4th) and "Which region is the collections-search
// app in, and is it public?" list_regions (get_app 4th).
func TestR71SelectionHostedIn(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "host", map[string]bool{
		"What region is the sales app hosted in?": false,
		"which regions can apps be hosted in?":    true,
		"where is the sales app hosted?":          true,
		"which apps do we host in the EU?":        true,
	})
	r65QueryHas(t, ix, "configur", map[string]bool{
		"What region is the sales app located in, and is it public?": true,
		"which regions are we in, and which are free?":               false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"What region is the tariff-lookup app hosted in, and how many replicas does it run? The port authority is asking.": {"get_app", "describe_app"},
		"What region is the sales app located in, and is it public?":                                                       {"get_app", "describe_app"},
		// Held: where apps can be hosted lists the regions.
		"which regions can apps be hosted in?": {"list_regions"},
	})
	if rank, _ := RankOf(ix.Rank("Which region is the collections-search app in, and is it public? The loans office wants to know where the catalogue data lives."), []string{"get_app", "describe_app"}); rank > 3 {
		t.Errorf("the collections-search question ranks get_app %d, want the top 3", rank)
	}
}

// TestR71SelectionHowManyCan: "how many … can we have?" asks for the most that is allowed, a
// limit (howManyCan), as a model reads it, not for the ones there are ("how many members do we
// have?"). Before round 71 "how many members can we have on our tier?" ranked list_members first
// and "finance here: what does our current plan actually include? how many apps can we run before
// we pay more?" list_apps.
func TestR71SelectionHowManyCan(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "limit", map[string]bool{
		"how many members can we have on our tier?": true, "How many members may our plan hold?": true,
		"how many apps can we create?": true, "how many members do we have?": false,
		"how many deployments did orders-api have today?": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"how many members can we have on our tier?":                                                               {"get_limits"},
		"finance here: what does our current plan actually include? how many apps can we run before we pay more?": {"get_limits"},
		// Held: the ones there are.
		"how many members do we have?":                    {"list_members"},
		"how many deployments did orders-api have today?": {"list_deployments"},
	})
}

// TestR71SelectionFresh: a fresh deployment or app is a new one ("trigger a fresh deployment"), as
// a model reads it (readWords), as create_deployment's "a new deployment" and create_app's "a new,
// empty app" say. Before round 71 "Push a fresh deployment of route-planner before the morning
// dispatch run." ranked list_deployments first, "Action: Ana to trigger a fresh deployment of
// docket-search now that the court-calendar dataset is added." get_deployment, and "QA: I need a
// fresh empty app named qa-smoke for tonight's test run." fork_app.
func TestR71SelectionFresh(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "new", map[string]bool{"trigger a fresh deployment": true, "refresh the page": false})
	r62RanksFirst(t, ix, map[string][]string{
		"Push a fresh deployment of route-planner before the morning dispatch run.":                                {"create_deployment"},
		"Action: Ana to trigger a fresh deployment of docket-search now that the court-calendar dataset is added.": {"create_deployment"},
		"QA: I need a fresh empty app named qa-smoke for tonight's test run.":                                      {"create_app"},
		// Held: a fresh copy is still a copy.
		"give me a fresh copy of orders-api as orders-test": {"fork_app"},
	})
}

// TestR71SelectionGoingOn: "going on" is one phrasal verb, in a request as in describe_app's
// "what's going on" (goingOn); "going" alone ("the apps we have going", "is it still going?")
// runs, and is no overview. Before round 71 "um okay so can you pull up like all the apps we have
// going right now" and "is deployment 3310 still going or did it die?" ranked describe_app first.
func TestR71SelectionGoingOn(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "goingon", map[string]bool{
		"what's going on with orders-api?": true, "the apps we have going": false, "is it still going? on it": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"um okay so can you pull up like all the apps we have going right now": {"list_apps"},
		"is deployment 3310 still going or did it die?":                        {"get_deployment", "wait_for_deployment"},
		// Held.
		"what's going on with orders-api?": {"describe_app"},
		"what happened with deploy 3002?":  {"get_deployment", "list_deployments"},
	})
}

// TestR71SelectionVersionNumber: a version written with dots ("1.4.2", "v0.19") is one version,
// as a model reads it (versionNumber), not three numbers that meet parameters' digits. Before
// round 71 "Patch 1.4.2 is in the spicepod now; push a new deployment of raid-leaderboard." ranked
// create_app first.
func TestR71SelectionVersionNumber(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	for query, want := range map[string][]string{
		"pin etl to runtime 1.5.2": {"etl", "pin", "runtim", "vers"},
		"upgrade to v0.19, please": {"pleas", "upgrad", "vers"},
		"scale to 4 replicas":      {"4", "chang", "pl:replica", "replica", "scal"}, // "to 4": a value to change to (toCount)
		"deploy 4412 at 10:30":     {"10", "30", "4412", "deploy", "id"},
	} {
		if got := ix.QueryTerms(query); !slices.Equal(got, want) {
			t.Errorf("QueryTerms(%q) = %q, want %q", query, got, want)
		}
	}
	r62RanksFirst(t, ix, map[string][]string{
		"Patch 1.4.2 is in the spicepod now; push a new deployment of raid-leaderboard.": {"create_deployment"},
		// Held.
		"pin etl to runtime 1.5.2":                 {"update_app"},
		"is there a newer runtime image than 1.5?": {"list_container_images"},
	})
}

// TestR71SelectionStepLabel: a runbook's "Step 0:" numbers a step, as an Ansible task's "- name:"
// names one (labels), not rotate_api_keys's steps. Before round 71 "Step 0: Verify that the
// management API is reachable and healthy before starting." ranked rotate_api_keys first (8.52 vs
// 8.51).
func TestR71SelectionStepLabel(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "step", map[string]bool{
		"Step 0: Verify that the management API is reachable": false, "Step 3. rotate the keys": false,
		"step up the replicas to 4": true, "the rotation's next step": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Step 0: Verify that the management API is reachable and healthy before starting.": {"check_health"},
		// Held.
		"Step 3: rotate the API keys of orders-api": {"rotate_api_keys"},
	})
}

// Round 71's held-out part (85 requests in four voices: a podcast network's producer, a customs
// broker, change requests written as a change advisory board's form, a theatre company's stage
// manager) was written before any change of round 71 and scored once before it: 87.1 % / 97.6 %
// (74 and 83 of 85, MRR 0.928), the whole 2,292 90.7 % / 97.9 % (2,078 and 2,244, MRR 0.943).
// After round 71's readings ("keeps crashing", the pronoun "us", "the ci-bot account", a plural
// after "which", "is Spice Cloud down?", "need", "production", "hosted in", "how many … can we
// have?", "fresh", "going on", "1.4.2", "Step 0:"; no description changed: tools/list 141.1 tokens
// a tool, 5,362) it reads 94.1 % / 100.0 % (80 and 85, MRR 0.969). The 2,207 through round 70
// read 91.7 % / 98.1 % (2,023 and 2,164, MRR 0.949; 90.8 % / 97.9 % before), and the whole 2,292
// 91.8 % / 98.1 % (2,103 and 2,249, MRR 0.949): 269 first and 71 top-3 places over issue 13's
// line, which TestToolSelection holds on the whole corpus
// (lineHeldThrough 71). Losing four first places or three top-3 places of the whole, or four
// first or three top-3 places of round 71's part, fails.
const (
	r71MinTop1    = 91.60
	r71MinTop3    = 98.01
	r71NewMinTop1 = 90.0
	r71NewMinTop3 = 97.0
)

// TestR71SelectionMargin holds the margin on the whole corpus and on round 71's held-out part, and
// tools/list's cost. It prints the figures of every part:
//
//	go test ./bench/selection -v -run TestR71SelectionMargin
func TestR71SelectionMargin(t *testing.T) {
	selectionMargin{
		round:   71,
		minTop1: r71MinTop1, minTop3: r71MinTop3,
		newMinTop1: r71NewMinTop1, newMinTop3: r71NewMinTop3,
		minNewRequests:   80,
		maxTokensPerTool: r60MaxTokensPerTool,
	}.hold(t)
}
