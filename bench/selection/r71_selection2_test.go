package selection

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// TestR71Selection2SearchPrefix: a request beginning "spice cloud" in lower case, then keywords,
// names the product as a search's topic (searchPrefix), not the platform check_health checks.
// Before round 71's second helper "spice cloud check user role in organization" ranked
// check_health first (get_member 2nd), "spice cloud check if secret exists" check_health
// (get_secret 3rd) and "spice cloud where to find app api key" check_health.
func TestR71Selection2SearchPrefix(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "cloud", map[string]bool{
		"spice cloud check user role in organization": false,
		"Is Spice Cloud down?":                        true,
		"which apps run on spice cloud?":              true,
		"spice cloud":                                 true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"spice cloud check user role in organization": {"get_member"},
		"spice cloud check if secret exists":          {"get_secret"},
		"spice cloud where to find app api key":       {"get_api_keys"},
		"spice cloud check member permissions":        {"get_member"},
		// Held: the platform asked about.
		"spice cloud api status outage":  {"check_health"},
		"is spice cloud down right now?": {"check_health"},
		"spice cloud list all apps":      {"list_apps"},
	})
}

// TestR71Selection2ComesFrom: "come" says where a thing comes from only with "from" after it
// (comesFrom); "traffic is coming" is arrival, which drew connect_repository ("its spicepod then
// comes from a branch there"). Before round 71's second helper "Matchday traffic is coming: scale
// box-scores to 6 replicas for the weekend." ranked connect_repository first (3.17 vs 3.15).
func TestR71Selection2ComesFrom(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "com", map[string]bool{
		"Matchday traffic is coming":                   false,
		"the spicepod comes next week":                 false,
		"future changes come from git":                 true,
		"the spicepod comes later from the CI job":     true,
		"where does its spicepod come from?":           false,
		"make orders-api's spicepod come from github.": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Matchday traffic is coming: scale box-scores to 6 replicas for the weekend.": {"update_app"},
		"Black Friday is coming, scale checkout to 8 replicas":                        {"update_app"},
		// Held.
		"Plan step 1: link orders-api to github.com/acme/orders so future changes come from git.": {"connect_repository"},
		"Today I'll create an empty app for the returns team; the spicepod comes next week.":      {"create_app"},
	})
}

// TestR71Selection2AccountRemovedFrom: after a removal verb, "from our account" is the
// organization the removed one belongs to (accountRemovedFrom), not whoami's account. Before round
// 71's second helper "Dana asked me to remove the former intern, jlee, from our account." and
// "remove jlee from our account" ranked whoami first (4.03 vs 3.98).
func TestR71Selection2AccountRemovedFrom(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "account", map[string]bool{
		"remove jlee from our account":            false,
		"which account am I using?":               true,
		"remove jlee. Which account am I on?":     true,
		"show me the account I'm logged in from":  true,
		"remove, from the account, the old token": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Dana asked me to remove the former intern, jlee, from our account.": {"remove_member"},
		"remove jlee from our account":                                       {"remove_member"},
		"please drop the contractor mvega from the account":                  {"remove_member"},
		// Held.
		"which account am I using?":                        {"whoami"},
		"delete the old STRIPE_KEY secret from orders-api": {"delete_secret"},
		"remove the orders-api app from our account":       {"delete_app"},
	})
}

// TestR71Selection2PausedState: "the paused depot-kpis app" names an app by its state
// (pausedState), and pause_app's text no longer says "until resumed" (resuming is resume_app's):
// before round 71's second helper "The holidays are over: resume the paused depot-kpis app."
// ranked pause_app first (9.54 vs 7.14).
func TestR71Selection2PausedState(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "paus", map[string]bool{
		"resume the paused depot-kpis app": false,
		"wake a paused app":                false,
		"pause the app":                    true,
		"is it paused?":                    true,
		"it's the app I paused":            true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"The holidays are over: resume the paused depot-kpis app.": {"resume_app"},
		"Back from the holidays; wake the paused kpi-board app":    {"resume_app"},
		// Held.
		"pause depot-kpis over the holidays":                    {"pause_app"},
		"pause orders-api until I resume it after the holidays": {"pause_app"},
		"unpause depot-kpis":                                    {"resume_app"},
	})
}

// TestR71Selection2ToldWhen: "tell me when it's live", "let me know once it's done" ask to wait and
// be told (toldWhenWait), as create_and_deploy_app ("wait until live") and wait_for_deployment do,
// not create_deployment, which returns at once. Before round 71's second helper "Here's the
// spicepod for hs-code-search and the tariff database password: set it up as a new app, deploy it,
// and let me know when it's live." ranked create_deployment first (7.62 vs 6.80), and "new app from
// the attached spicepod, secrets included, tell me once it's serving" list_secrets.
func TestR71Selection2ToldWhen(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "wait", map[string]bool{
		"let me know when it's live":                   true,
		"ping me once the deploy finishes":             true,
		"tell us as soon as it is serving":             true,
		"tell me when it was created":                  false,
		"tell me when the secret was last changed":     false,
		"tell me what went wrong with the last deploy": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Here's the spicepod for hs-code-search and the tariff database password: set it up as a new app, deploy it, and let me know when it's live.": {"create_and_deploy_app"},
		"new app from the attached spicepod, secrets included, tell me once it's serving":                                                             {"create_and_deploy_app"},
		"set up this spicepod as a new app, deploy it, and let me know once it's live":                                                                {"create_and_deploy_app"},
		// Held: a redeploy of an app that exists is create_deployment's; told when a rollout
		// ends is wait_for_deployment's; when something was made is a past time.
		"redeploy orders-api so the new secret is picked up":                                           {"create_deployment"},
		"tell me when the etl deploy finishes, I want to run my queries":                               {"wait_for_deployment"},
		"Confirm the secret DPO_WEBHOOK_KEY exists on consent-ledger and tell me when it was created.": {"get_secret", "list_secrets"},
	})
	// Left: the shader-cache line still ranks create_deployment first ("nightly" is its
	// channel's value), create_and_deploy_app second.
	if rank, _ := RankOf(ix.Rank("Here's the spicepod for the new shader-cache-stats app plus its Perforce token: create it, deploy it and tell me once it's live, we need it for tonight's nightly."), []string{"create_and_deploy_app"}); rank > 2 {
		t.Errorf("the shader-cache line ranks create_and_deploy_app %d, want the top 2", rank)
	}
}

// TestR71Selection2CanHostIn: "can I host in us-west-2?" asks whether a place is one to host in
// (canHostIn), list_regions', not for the apps there (list_apps, whose text names the region
// codes). Before round 71's second helper it ranked list_apps first (8.92 vs 8.46).
func TestR71Selection2CanHostIn(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r62RanksFirst(t, ix, map[string][]string{
		"can I host in us-west-2?":         {"list_regions"},
		"can we host in Europe?":           {"list_regions"},
		"can we run in us-west-2 as well?": {"list_regions"},
		// Held: the apps already there are list_apps'.
		"anything running in us-west-2?":       {"list_apps"},
		"what's running in us-west-2?":         {"list_apps"},
		"which apps are running in us-east-1?": {"list_apps"},
	})
}

// TestR71Selection2InstancesDown: list_instances' text says each instance is "up or down", so "is
// the orders-api app down?" asks of its instances; before round 71's second helper it ranked
// delete_app first (its "tear down" drew "down"; 2.77, list_instances not in the top 4).
func TestR71Selection2InstancesDown(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r62RanksFirst(t, ix, map[string][]string{
		"is the orders-api app down?":               {"list_instances", "describe_app"},
		"are any of the orders-api instances down?": {"list_instances"},
		// Held.
		"tear down the staging app":                   {"delete_app"},
		"is spice cloud down right now?":              {"check_health"},
		"scale orders-api down to zero for the night": {"pause_app"},
	})
}

// TestR71Selection2SavedState: "saved" or "stored" after "be", "have" or "get" ("which keys are
// saved on x", "did my password get saved?") is a state (savedState), not set_secret's verb; and
// set_secret's text says "save" (what a user says of a value they hand over). Before round 71's
// second helper "The data provider rotated our feed key; save the new one on standings-feed as
// FEED_API_KEY." and "The payment processor gave us a new webhook key for the sale; save it on
// checkout-recs." ranked regenerate_api_key first, and "What passwords and keys are saved on our
// ordering app? …" get_secret (list_secrets 3rd).
func TestR71Selection2SavedState(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "configur", map[string]bool{
		"what keys are saved on our app?":           true,
		"did my db password actually get saved?":    true,
		"What credentials does x have saved?":       true,
		"save it on checkout-recs":                  false,
		"I saved it yesterday, store it again, ok?": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"The data provider rotated our feed key; save the new one on standings-feed as FEED_API_KEY.":                 {"set_secret"},
		"The payment processor gave us a new webhook key for the sale; save it on checkout-recs.":                     {"set_secret"},
		"What passwords and keys are saved on our ordering app? I don't need to see them, just which ones there are.": {"list_secrets", "get_secret"},
		"save the new Mapbox token on geo-search as MAPBOX_TOKEN":                                                     {"set_secret"},
		// Held.
		"did my db password actually get saved?":                                                       {"get_secret", "list_secrets"},
		"What credentials does digitisation-queue have saved? I don't need the values, just the list.": {"list_secrets"},
		"regenerate the API key of checkout-recs, it leaked":                                           {"regenerate_api_key"},
	})
}

// r71Selection2Confusion counts, for each miss of the corpus, the intended tool (the first
// acceptable) against every tool ranked above it, the pair unordered.
func r71Selection2Confusion(rank func(query string) []Scored, corpus []Request) map[[2]string]int {
	out := map[[2]string]int{}
	for _, r := range corpus {
		if len(r.Acceptable) == 0 {
			continue
		}
		ranked := rank(r.Text)
		at, _ := RankOf(ranked, r.Acceptable)
		for _, s := range ranked[:at-1] {
			pair := [2]string{r.Acceptable[0], s.Name}
			if pair[0] > pair[1] {
				pair[0], pair[1] = pair[1], pair[0]
			}
			out[pair]++
		}
	}
	return out
}

// TestR71Selection2Confusable reports the tool pairs most often confused on the corpus as round 71
// left it (the intended tool and each tool ranked above it, either way round) and the pairs that
// read most alike, and holds the pairs round 71's second helper read apart at their counts after it:
//
//	go test ./bench/selection -v -run TestR71Selection2Confusable
func TestR71Selection2Confusable(t *testing.T) {
	listed := catalogue(t)
	corpus, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	// The corpus as round 71 left it: later rounds' held-out parts are held by their own tests.
	corpus = corpusAsOf(t, corpus, 71)
	conf := r71Selection2Confusion(r73Testtime13RankerFor(t, listed).rank, corpus)
	pairs := slices.SortedFunc(maps.Keys(conf), func(a, b [2]string) int {
		return cmp.Or(conf[b]-conf[a], strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1]))
	})
	var lines []string
	for _, p := range pairs[:min(15, len(pairs))] {
		lines = append(lines, fmt.Sprintf("  %2d  %s / %s  (alike %.2f)", conf[p], p[0], p[1], similarity(Alike(listed), p[0], p[1])))
	}
	t.Logf("most confused pairs (misses where one is wanted and the other ranked above it):\n%s", strings.Join(lines, "\n"))
	lines = nil
	for _, p := range Alike(listed)[:10] {
		lines = append(lines, fmt.Sprintf("  %.2f  %s / %s  (confused %d)", p.Similarity, p.A, p.B, conf[r71Selection2Pair(p.A, p.B)]))
	}
	t.Logf("most alike pairs:\n%s", strings.Join(lines, "\n"))
	// Before round 71's second helper: 6, 2, 5, 2, 3, 3, 9, 5.
	for _, p := range [][2]string{{"create_and_deploy_app", "create_deployment"}, {"pause_app", "resume_app"}, {"regenerate_api_key", "set_secret"},
		{"check_health", "get_member"}, {"remove_member", "whoami"}, {"list_apps", "list_regions"}, {"get_app", "update_app"},
		{"create_app", "list_apps"}} {
		t.Logf("  %s / %s: %d", p[0], p[1], conf[r71Selection2Pair(p[0], p[1])])
	}
	// Round 73 held them at most one over their counts then (2, 0, 2, 0, 2, 1, 5, 2; round 71
	// had left 5, 1, 3, 1, 2, 2, 7, 4).
	for pair, most := range map[[2]string]int{
		{"create_and_deploy_app", "create_deployment"}: 3,
		{"pause_app", "resume_app"}:                    1,
		{"regenerate_api_key", "set_secret"}:           3,
		{"check_health", "get_member"}:                 1,
		{"remove_member", "whoami"}:                    2,
		{"list_apps", "list_regions"}:                  2,
		{"get_app", "update_app"}:                      6,
		{"create_app", "list_apps"}:                    3,
	} {
		if n := conf[r71Selection2Pair(pair[0], pair[1])]; n > most {
			t.Errorf("%s / %s confused %d times, want at most %d", pair[0], pair[1], n, most)
		}
	}
}

func r71Selection2Pair(a, b string) [2]string {
	if a > b {
		a, b = b, a
	}
	return [2]string{a, b}
}

// Round 71's second helper read the most-confused pairs apart (the readings above, and four
// descriptions: pause_app without "until resumed", list_instances "up or down", set_secret
// "save", list_apps "all apps (projects, applications)" and without "(exposed)"): the whole 2,292
// went from 91.8 % / 98.1 % (2,103 and 2,249, MRR 0.949) to 92.8 % / 98.2 % (2,126 and 2,251, MRR
// 0.955), no part losing a first or a top-3 place (round 62's part 85.5 % → 91.6 %, round 71's
// 94.1 % → 96.5 %); tools/list 141.1 tokens a tool (5,363, one more). Losing four first places or
// three top-3 places of the whole, or of round 71's part (96.5 % / 100.0 % of 85), fails.
const (
	r71Selection2MinTop1    = 92.62
	r71Selection2MinTop3    = 98.12
	r71Selection2NewMinTop1 = 92.9
	r71Selection2NewMinTop3 = 97.6
)

// TestR71Selection2Margin holds those figures and tools/list's cost:
//
//	go test ./bench/selection -v -run TestR71Selection2Margin
func TestR71Selection2Margin(t *testing.T) {
	selectionMargin{
		round:   71,
		minTop1: r71Selection2MinTop1, minTop3: r71Selection2MinTop3,
		newMinTop1: r71Selection2NewMinTop1, newMinTop3: r71Selection2NewMinTop3,
		minNewRequests:   80,
		maxTokensPerTool: r60MaxTokensPerTool,
	}.hold(t)
}

// TestR71Selection2ToCount: a small number after "to" ("back to 2", "increased to 3", "bump it to 5
// replicas") is the value a thing is to be changed to (toCount), update_app's, not get_app's
// "replica count" read back. Before round 71's second helper "Set the replica count of
// matter-intake back to 2 now that the trial is over." ranked get_app first (update_app 3rd), "User
// requests that the replica count for 'geo-search' be increased to 3." get_app, "Milestone build
// week: bump build-dashboard to 5 replicas so the dashboards stop timing out."
// list_container_images.
func TestR71Selection2ToCount(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "chang", map[string]bool{
		"set it back to 2 now":        true,
		"be increased to 3.":          true,
		"roll back to 4412":           false,
		"upgrade to 1.4.2":            false,
		"at 10:30, not earlier":       false,
		"what's the replica count?":   false,
		"how many replicas, 2 or 3?":  false,
		"scale to 6 replicas, please": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Set the replica count of matter-intake back to 2 now that the trial is over.":                {"update_app"},
		"User requests that the replica count for 'geo-search' be increased to 3.":                    {"update_app"},
		"Milestone build week: bump build-dashboard to 5 replicas so the dashboards stop timing out.": {"update_app"},
		"take the replica count of geo-search down to 1 after the sale":                               {"update_app"},
		// Held: a count read back, and an ID after "to".
		"what's the replica count on the sales app set to": {"get_app"},
		"roll orders-api back to deployment 4412":          {"rollback_deployment"},
	})
}

// TestR71Selection2NotMemberYet: "she isn't a member yet" says the person is still to be invited
// (notMemberYet), add_member's, not a member to look up or whose role changes. Before round 71's
// second helper "make priya an owner of the org, she isn't a member yet" ranked update_member_roles
// first (add_member 3rd) and "Brightside's new lead engineer needs admin on the org; she isn't a
// member yet, username okim." get_member.
func TestR71Selection2NotMemberYet(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "invit", map[string]bool{
		"she isn't a member yet":          true,
		"they are not in the org yet":     true,
		"he's a member, not an owner yet": false,
		"is she a member yet?":            false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"make priya an owner of the org, she isn't a member yet":                                        {"add_member"},
		"Brightside's new lead engineer needs admin on the org; she isn't a member yet, username okim.": {"add_member"},
		// Held: a member's role changed, and a question whether one is a member.
		"make priya an owner of the org":    {"update_member_roles"},
		"is priya a member of the org yet?": {"get_member", "list_members"},
	})
	// Left: "give tomas admin" still outweighs it (update_member_roles's "grant"), add_member 2nd.
	if rank, _ := RankOf(ix.Rank("give tomas admin, he's not in our organization yet"), []string{"add_member"}); rank > 2 {
		t.Errorf("\"give tomas admin, he's not in our organization yet\" ranks add_member %d, want the top 2", rank)
	}
}

// TestR71Selection2ListAppsPlural: list_apps's text names its collection in the plural, "all apps
// (projects, applications)" (and gives up "(exposed)", a token's room), so that "projects" is a list's other name (otherNames, plurals), as
// "which of our projects are private?" asks for many. Before round 71's second helper that ranked
// create_app first (its visibility's "private"), "what projects do we have?" delete_app and
// "newbie question: where do I see all the projects?" get_instance_logs (list_apps 4th).
func TestR71Selection2ListAppsPlural(t *testing.T) {
	listed := catalogue(t)
	for _, d := range Docs(listed) {
		if d.Name == "list_apps" && !slices.Contains(d.Terms, "pl:project") {
			t.Errorf("list_apps's terms lack pl:project: %q", d.Terms)
		}
	}
	ix := NewIndex(Docs(listed))
	r62RanksFirst(t, ix, map[string][]string{
		"which of our projects are private?":                {"list_apps"},
		"what projects do we have?":                         {"list_apps"},
		"newbie question: where do I see all the projects?": {"list_apps"},
		"which projects does the org run in us-east-1?":     {"list_apps"},
		// Held: one project made private, or made.
		"make the orders project private":                  {"update_app"},
		"create a new private project called intake-forms": {"create_app", "create_and_deploy_app"},
		"give me an overview of the orders project":        {"describe_app", "get_app"},
	})
}
