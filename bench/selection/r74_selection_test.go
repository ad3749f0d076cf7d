package selection

import "testing"

// TestR74SelectionReachable: "apps unreachable", "is the API reachable?" ask whether a thing can be
// reached (reachable), check_health's "whether the server reaches". Before round 74 "Control, Ops
// Two. All units report apps unreachable. Check Spice Cloud status. Over." ranked list_apps first
// (8.10 vs 8.05).
func TestR74SelectionReachable(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "reach", map[string]bool{
		"Control, Ops Two. All units report apps unreachable. Check Spice Cloud status. Over.": true,
		"is the management API reachable?": true,
		"which regions are within reach?":  true,
		"list the apps":                    false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Control, Ops Two. All units report apps unreachable. Check Spice Cloud status. Over.": {"check_health"},
		"all our apps are unreachable, is Spice Cloud down?":                                   {"check_health"},
		// Held: the apps listed, an app's instances asked of.
		"list all our apps on Spice Cloud":                {"list_apps"},
		"which instances of orders-api are up right now?": {"list_instances"},
		"check if the management API is reachable":        {"check_health"},
	})
}

// TestR74SelectionMonitorVerb: to monitor a deployment until it completes is to watch it
// (monitorVerb), wait_for_deployment's "watch"; "the monitor" is a screen. Before round 74
// "Control, Ops Two. Deployment of unit-status in progress. Monitor until complete and report
// outcome. Over." ranked list_deployments first (5.18 vs 4.99).
func TestR74SelectionMonitorVerb(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "watch", map[string]bool{
		"Control, Ops Two. Deployment of unit-status in progress. Monitor until complete and report outcome. Over.": true,
		"monitor the orders-api rollout and tell me when it's finished":                                             true,
		"the monitor in reception shows the old rota":                                                               false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Control, Ops Two. Deployment of unit-status in progress. Monitor until complete and report outcome. Over.": {"wait_for_deployment"},
		"monitor the orders-api rollout and tell me when it's finished":                                             {"wait_for_deployment"},
		// Held: the history of deployments, a failed one.
		"show the deployment history of unit-status": {"list_deployments"},
		"deployment 2207 of orders-api failed, why?": {"get_deployment"},
	})
}

// TestR74SelectionStartsOn: "the orders start on Monday", "term starts next week": a thing
// starting at a time says when (startsOn), not a request to start something (resume_app's "start
// again", rotate_api_keys' "start renews the secondary"). Before round 74 "Scale bin-finder to 3
// replicas; the Christmas orders start on Monday and the pickers all use it at once." ranked
// rotate_api_keys first (7.24 vs 4.90).
func TestR74SelectionStartsOn(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "start", map[string]bool{
		"Scale bin-finder to 3 replicas; the Christmas orders start on Monday": false,
		"term starts next week, so scale timetable-sync to 2 replicas":         false,
		"start the paused continuity-log app again on Monday":                  true,
		"start a key rotation for docs-search":                                 true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Scale bin-finder to 3 replicas; the Christmas orders start on Monday and the pickers all use it at once.": {"update_app"},
		// Held: an app started again, a rotation started.
		"start the paused continuity-log app again on Monday": {"resume_app"},
		"start a key rotation for docs-search":                {"rotate_api_keys"},
	})
}

// TestR74SelectionLastTimes: "last week's rota", "last year's stock-take": "last" of a stretch of
// time in the possessive dates the thing after it (lastTime), not the latest deployments or log
// lines (list_deployments' "last deployments", wait_for_deployment's "last log lines"). Before
// round 74 "Why did deploy 318 of appointment-book fail? The reception screens still show last
// week's rota." ranked wait_for_deployment first (7.85 vs 6.47).
func TestR74SelectionLastTimes(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "last", map[string]bool{
		"Why did deploy 318 of appointment-book fail? The reception screens still show last week's rota.": false,
		"the kiosks print last month's prices":                 false,
		"what was deployed to payments last week and by whom?": true,
		"show me the last 5 deploys of my project":             true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Why did deploy 318 of appointment-book fail? The reception screens still show last week's rota.": {"get_deployment", "list_deployments"},
		// Held: the deployments of last week, the last deploys.
		"what was deployed to payments last week and by whom?": {"list_deployments"},
		"show me the last 5 deploys of my project":             {"list_deployments"},
	})
}

// TestR74SelectionKeysAsked: "what are the API keys for x?", "what are the keys?" ask to be shown
// them (keysAsked), get_api_keys' "Show an app's API keys", not for new ones a thing "new" after
// it wants. Before round 74 "What are the API keys for appointment-book? The new online booking
// widget needs one." ranked regenerate_api_key first (6.81 vs 4.98), as did "What are the API
// keys for taproom-menu? The new menu screens want one." (round 72), and "The editor's assistant
// needs the API key for script-notes to connect the edit suite; what are the keys?" check_health
// (5.40 vs 4.98).
func TestR74SelectionKeysAsked(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "show", map[string]bool{
		"What are the API keys for appointment-book?":    true,
		"what's dailies-index's API key?":                true,
		"what are the keys?":                             true,
		"what keys should I rotate first?":               false,
		"what happens to clients when I regenerate keys": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"What are the API keys for appointment-book? The new online booking widget needs one.":                    {"get_api_keys"},
		"What are the API keys for taproom-menu? The new menu screens want one.":                                  {"get_api_keys"},
		"The editor's assistant needs the API key for script-notes to connect the edit suite; what are the keys?": {"get_api_keys"},
		// Held: a key leaked is replaced, keys rotated.
		"our API key leaked, replace it now":   {"regenerate_api_key", "rotate_api_keys"},
		"rotate the api keys of analytics-app": {"rotate_api_keys"},
	})
}

// TestR74SelectionAddedMe: "the group added me to the other practices" says how the speaker came
// to belong (addedMe), not a request to add a member. Before round 74 "Which Spice organizations
// am I a member of? The group added me to the other practices as well." ranked add_member first
// (9.34 vs 6.65).
func TestR74SelectionAddedMe(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "add", map[string]bool{
		"Which Spice organizations am I a member of? The group added me to the other practices as well.": false,
		"someone added us to a second org; which orgs are we in?":                                        false,
		"add me to the orders org":           true,
		"I added mchen yesterday, is he in?": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Which Spice organizations am I a member of? The group added me to the other practices as well.": {"list_orgs"},
		// Held: a member added.
		"add jdoe to the organization":       {"add_member"},
		"add tnoor to our Spice org, please": {"add_member"},
	})
}

// TestR74SelectionKeyPutIn: a credential put, shared or left in an email, a chat or a ticket has
// leaked (keyPutIn), as a pasted one has; put on an app it is stored. Before round 74 "A temp put
// the allocations-portal API key in a customer email. Replace that key right away." ranked
// set_secret first (7.52 vs 7.25).
func TestR74SelectionKeyPutIn(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "leak", map[string]bool{
		"A temp put the allocations-portal API key in a customer email. Replace that key right away.": true,
		"someone shared the orders-api key in the team chat, replace it":                              true,
		"Put the new Frame.io token on dailies-index as FRAMEIO_TOKEN.":                               false,
		"put the API key in the app's environment":                                                    false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"A temp put the allocations-portal API key in a customer email. Replace that key right away.": {"regenerate_api_key", "rotate_api_keys"},
		"someone shared the orders-api key in the team chat, replace it":                              {"regenerate_api_key", "rotate_api_keys"},
		// Held: a token put on an app is stored.
		"Put the new Frame.io token on dailies-index as FRAMEIO_TOKEN.": {"set_secret"},
		"I need to put an API token into the app's environment":         {"set_secret"},
	})
}

// TestR74SelectionAppositiveRole: "is the practice owner, hbell, an owner in our org or just an
// admin?" asks of the person named between commas (appositiveRole), as "is hbell an owner?" does:
// one user's role. Before round 74 it ranked add_member first (7.46 vs 6.51).
func TestR74SelectionAppositiveRole(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "someon", map[string]bool{
		"Is the practice owner, hbell, an owner in our Spice org or just an admin?": true,
		"is our new editor, emarin, an admin yet?":                                  true,
		"is the practice owner an admin?":                                           false,
		"make the practice owner, hbell, an admin":                                  false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Is the practice owner, hbell, an owner in our Spice org or just an admin?": {"get_member"},
		"is our new editor, emarin, an admin yet?":                                  {"get_member"},
		// Held: a role given, a member added.
		"make the practice owner, hbell, an admin":         {"update_member_roles"},
		"add the new cellar hand, tnoor, to our Spice org": {"add_member"},
	})
}

// TestR74SelectionNoMoreUse: "we don't use the old feed any more" says why a thing goes
// (noMoreUse), as "no longer" does, not regenerate_api_key's "use rotate_api_keys" or
// rotate_api_keys' "every client uses it". Before round 74 "We don't use the old auction house
// feed any more; delete the AUCTION_FEED_KEY secret from cellar-book." ranked regenerate_api_key
// first (7.90 vs 7.75).
func TestR74SelectionNoMoreUse(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "use", map[string]bool{
		"We don't use the old auction house feed any more; delete the AUCTION_FEED_KEY secret from cellar-book.": false,
		"nobody uses the STRIPE_KEY anymore, delete it":                                                          false,
		"which runtime image should we use?":                                                                     true,
		"we don't use staging any more. Which image do we use on prod?":                                          true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"We don't use the old auction house feed any more; delete the AUCTION_FEED_KEY secret from cellar-book.": {"delete_secret"},
		"nobody uses the STRIPE_KEY anymore, delete it":                                                          {"delete_secret"},
		// Held: an app no longer used is deleted.
		"remove the project old-demo, we don't need it anymore": {"delete_app"},
	})
}

// TestR74SelectionLinkAsked: "is orders-api linked to a GitHub repo yet?", "is docs-search hooked
// up to our repo?" ask what the app deploys from (linkAskedOut): the API shows no repository
// link, only the production branch get_app and describe_app show, and the deployments' source
// (via github) describe_app lists; connect_repository would replace any link there is, no answer.
// Round 73's connectedAsked added the configuration, but the repository's words kept
// connect_repository first (9.45 vs 4.64 and 5.05 vs 4.64); both are in the corpus now, labelled
// get_app,describe_app as "is orders-api connected to github?" is. A question of which repository
// an app deploys from (deployFromAsked) asks the same: round 55's "Which GitHub repository and
// branch does payments deploy from?" ranked connect_repository first (12.49; get_app 3rd, 2.98):
// valueTaken's subject stops at three words.
func TestR74SelectionLinkAsked(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "repo", map[string]bool{
		"is orders-api linked to a GitHub repo yet?":              false,
		"is docs-search hooked up to our repo?":                   false,
		"link orders-api to our GitHub repo acme/orders":          true,
		"orders-api is linked to the repo, right? deploy it then": true,
		"which repo should I deploy from? connect it":             true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"is orders-api linked to a GitHub repo yet?":                    {"get_app", "describe_app"},
		"is docs-search hooked up to our repo?":                         {"get_app", "describe_app"},
		"is orders-api connected to a github repository?":               {"get_app", "describe_app"},
		"Which GitHub repository and branch does payments deploy from?": {"get_app", "describe_app"},
		"which repo is orders-api deploying from?":                      {"get_app", "describe_app"},
		// Held: a link asked for.
		"link orders-api to our GitHub repo acme/orders":         {"connect_repository"},
		"hook docs-search up to the acme/docs repo, branch main": {"connect_repository"},
		"deploy from the acme/orders repo":                       {"connect_repository"},
	})
}

// Round 74's held-out part (86 requests in four voices: a wine merchant's cellar keeper, a film's
// continuity supervisor, radio procedure calls, a veterinary practice manager) was written before
// any change of round 74 and scored once before it: 88.4 % / 100.0 % (76 and 86 of 86, MRR 0.942),
// the whole 2,549 95.8 % / 99.1 % (2,442 and 2,525, MRR 0.975). After round 74's readings ("apps
// unreachable", "monitor until complete", "the orders start on Monday", "last week's rota", "what
// are the API keys for x?", "the group added me", a key put in an email, "is the practice owner,
// hbell, an owner?", "we don't use x any more"; no description changed: tools/list 141.1 tokens a
// tool, 5,363) it reads 100.0 % / 100.0 % (86 and 86, MRR 1.000), round 72's part gaining a first
// place, no earlier part losing a first or a top-3 place; with "is x linked to a GitHub repo yet?"
// and "which repository does x deploy from?" read as asking its configuration (round 55's part
// gaining a first place), five requests joining the older part (two such questions, the three
// region changes round 73's second helper held in a test) and readings of the weakest earlier
// parts' misses ("region-wise", "the user asks", "joined the lab", "membership", "subscription",
// "a newer runtime", "what went out", "what's the value of x?", "x can go", "status report";
// r74_selection2_test.go, rounds 50, 51, 52, 54, 55, 56, 59 and 65 and the older part gaining
// first places), the whole 2,554 reads 96.7 % / 99.2 % (2,469 and 2,534, MRR 0.980): 425 first and
// 107 top-3 places over issue 13's line, which TestToolSelection holds on the whole corpus
// (lineHeldThrough 74). With "go ahead and deploy" read as proceeding (the request joining the
// older part), "bring staging back" as resuming, "don't delete it" as refused and "get rid of the
// db password" as a secret's removal (r74_selection3_test.go, rounds 49, 51 and 59 gaining first
// places), the whole 2,555 reads 96.8 % / 99.2 % (2,473 and 2,535, MRR 0.980; 429 first and 107
// top-3 places over the line). Losing four first places or three top-3 places of the whole, or four
// first or three top-3 places of round 74's part, fails (2,469 of 2,555 is 96.63 %, 2,532 99.10 %;
// 82 of 86 95.35 %, 83 96.51 %).
const (
	r74MinTop1    = 96.65
	r74MinTop3    = 99.12
	r74NewMinTop1 = 96.0
	r74NewMinTop3 = 97.0
)

// TestR74SelectionMargin holds the margin on the whole corpus and on round 74's held-out part, and
// tools/list's cost. It prints the figures of every part:
//
//	go test ./bench/selection -v -run TestR74SelectionMargin
func TestR74SelectionMargin(t *testing.T) {
	selectionMargin{
		round:   74,
		minTop1: r74MinTop1, minTop3: r74MinTop3,
		newMinTop1: r74NewMinTop1, newMinTop3: r74NewMinTop3,
		minNewRequests:   85,
		maxTokensPerTool: r60MaxTokensPerTool,
	}.hold(t)
}
