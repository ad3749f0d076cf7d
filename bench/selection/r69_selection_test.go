package selection

import "testing"

// TestR69SelectionScaleUp: "up" after a verb of more ("scale x up to 6", "bump it up", "ramp up")
// is that verb's particle, to increase, as a model reads it, not a thing that is up (running, as
// list_instances says); read in requests only, so update_member_roles' "(bump up)" stays. Before
// round 69 "Peak season starts Monday: scale route-planner up to 6 replicas." ranked list_instances
// first, "Polls close in an hour: bump results-api up to 8 replicas for the traffic."
// update_member_roles.
func TestR69SelectionScaleUp(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "increas", map[string]bool{
		"scale route-planner up to 6 replicas": true, "bump it up to 8": true, "ramp the app up": true,
		"is route-planner up?": false, "scale it. Is it up?": false, "set it up": false,
	})
	r65QueryHas(t, ix, "up", map[string]bool{
		"scale route-planner up to 6 replicas": false, "are all instances up?": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Peak season starts Monday: scale route-planner up to 6 replicas.":                  {"update_app"},
		"Polls close in an hour: bump results-api up to 8 replicas for the traffic.":        {"update_app"},
		"Scale the order-router up to six replicas ahead of the non-farm payrolls release.": {"update_app"},
		// Held: a role bumped up is still a role, and an app that is up is running.
		"bump sam up to admin":                   {"update_member_roles"},
		"are all instances of route-planner up?": {"list_instances"},
	})
}

// TestR69SelectionSwitchOnOff: "turn the app off" and "switch it back on" (and "shut …", "power …")
// are phrasal verbs whose particle says which way they switch, as a model reads them, where "off"
// and "on" alone are stop words and "turn" or "switch" alone names neither pause_app's "turn off"
// nor resume_app's "turn back on"; read so in the tools' text too. Before round 69 "We close for
// two weeks in August. Can I turn the ordering app off while we're away without losing anything?"
// ranked resume_app first and "We're back from holiday, please switch the ordering app back on."
// pause_app.
func TestR69SelectionSwitchOnOff(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "switchoff", map[string]bool{
		"turn the ordering app off": true, "switch off it until morning": true, "shut it off": true,
		"turn the app back on": false, "switch me to the other workspace": false,
	})
	r65QueryHas(t, ix, "switchon", map[string]bool{
		"please switch the ordering app back on.": true, "turn the sales app back on": true,
		"turn the app off": false, "the campaign is back on": false,
	})
	r68DocHas(t, "switchoff", map[string]bool{"pause_app": true, "resume_app": false})
	r68DocHas(t, "switchon", map[string]bool{"resume_app": true, "pause_app": false})
	r62RanksFirst(t, ix, map[string][]string{
		"We close for two weeks in August. Can I turn the ordering app off while we're away without losing anything?": {"pause_app"},
		"We're back from holiday, please switch the ordering app back on.":                                            {"resume_app"},
		"we don't need the app during the night, can you switch off it until morning but not delete":                  {"pause_app"},
		// Held.
		"turn the sales app back on":                                {"resume_app"},
		"The client's back from holiday; turn hollis-data back on.": {"resume_app"},
	})
}

// TestR69SelectionRemovalVerbs: the verbs a model knows for removing ("kill", "scrap", "wipe",
// "destroy", "get rid of", …) remove as "remove" does, a password, credential or token is a
// secret, and the thing removed may come four words after the verb ("wipe the stored database
// password"), so removing one adds the verb of the tool named for it (see removalVerbs). Before
// round 69 "kill the staging app, we're done with it" ranked wait_for_deployment first, "scrap the
// old AWS creds from fraud-scoring" list_secrets and "get rid of the unused OPENAI_API_KEY secret"
// get_secret.
func TestR69SelectionRemovalVerbs(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "delet", map[string]bool{
		"kill the staging app": true, "scrap the old AWS creds": true, "wipe the stored database password from the app": true,
		"get rid of the unused OPENAI_API_KEY secret": true, "get the secret": false, "kill that key": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"kill the staging app, we're done with it":                                                            {"delete_app"},
		"scrap the old AWS creds from fraud-scoring":                                                          {"delete_secret"},
		"wipe the stored database password from the app":                                                      {"delete_secret"},
		"get rid of the unused OPENAI_API_KEY secret":                                                         {"delete_secret"},
		"terraform destroy, basically: the app legacy-etl is gone from our config, remove it from Spice too.": {"delete_app"},
		// Held.
		"get rid of test-app-3, it's junk": {"delete_app"},
	})
}

// TestR69SelectionValueOf: a question of which one value a thing is on, in, running or set to asks
// for its configuration, as a model reads it (valueOf), not for the list of what there is. Before
// round 69 "what region is the sales app in?" ranked list_regions first, "which runtime are we on?"
// list_container_images and "which update channel is analytics-app following?" update_app.
func TestR69SelectionValueOf(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "configur", map[string]bool{
		"what region is the sales app in?": true, "which runtime are we on?": true,
		"which update channel is analytics-app following?": true, "which runtime version is customer app catalog running?": true,
		"which regions are we in?": false, "what regions can we host in?": false, "which runtime is newest": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"what region is the sales app in?":                                     {"get_app"},
		"which runtime are we on?":                                             {"get_app"},
		"which update channel is analytics-app following?":                     {"get_app"},
		"which runtime image tag is the analytics project on?":                 {"get_app"},
		"Ticket #4426: which runtime version is customer app catalog running?": {"get_app"},
		// Held: the ones there are, a list.
		"which regions can we deploy to?":      {"list_regions"},
		"what runtime versions are available?": {"list_container_images"},
	})
}

// TestR69SelectionEverythingAbout: asking to be told everything of one thing ("tell me everything
// about app 102", "give me everything in one go", "…, everything you have") asks for an overview,
// as a model reads it (everythingAbout), not to keep everything or that everything broke. Before
// round 69 "tell me everything about app 102" ranked get_deployment first and "pager went off for
// fraud-scoring, give me everything in one go" rollback_deployment.
func TestR69SelectionEverythingAbout(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "overview", map[string]bool{
		"tell me everything about app 102": true, "give me everything in one go": true,
		"its deployments, its secrets, everything you have.": true, "deployments, secrets, everything": true,
		"stop the app for the weekend but keep everything": false, "yesterday's deploy broke everything, go back": false,
		"is everything ok with the connection to spice?": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"tell me everything about app 102":                                                                                            {"describe_app", "get_app"},
		"pager went off for fraud-scoring, give me everything in one go":                                                              {"describe_app", "get_app"},
		"what's the state of my project? deployments, secrets, everything":                                                            {"describe_app"},
		"I should be most grateful for a complete account of the app ledger-sync: its deployments, its secrets, everything you have.": {"describe_app", "get_app"},
		// Held: keeping everything is a pause.
		"Take payments-api offline for now but keep everything, we'll bring it back after forensics.": {"pause_app"},
	})
}

// TestR69SelectionGetRunning: "get it running", "get it live" is the causative "get", to make a
// thing run, as a model reads it (getRunning), not the "get" of a tool that shows something. Before
// round 69 "new side project! make an app called plant-watcher from this spicepod and get it
// running" ranked get_app first.
func TestR69SelectionGetRunning(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "get", map[string]bool{
		"get it running": false, "and get it live right away.": false, "get the demo running again": false,
		"get the config of orders-api": true, "get it. Running is fine": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"new side project! make an app called plant-watcher from this spicepod and get it running":                         {"create_and_deploy_app", "create_app"},
		"We need a new holiday-recs app for the gift guide: set it up from this spicepod.yaml and get it live right away.": {"create_and_deploy_app", "create_app"},
		// Held.
		"get the demo running again, it's paused": {"resume_app"},
	})
}

// TestR69SelectionEveryOne: "every deployment", "each secret" ask for all of them, many, as the
// plural does, as a model reads "list every deployment of x" (everyOne). Before round 69
// "For the change-control record, list every deployment of the risk engine since the start of the
// quarter." ranked rotate_api_keys first and "List every organization this token can reach, so we
// know how far a leak would spread." list_apps.
func TestR69SelectionEveryOne(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "pl:deploy", map[string]bool{
		"list every deployment of customer-portal": true, "each deployment of x": true,
		"the deployment of x": false, "every 90 days deploy it": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"For the change-control record, list every deployment of the risk engine since the start of the quarter.": {"list_deployments"},
		"Timeline for the report: list every deployment of customer-portal during the testing window.":            {"list_deployments"},
		"List every organization this token can reach, so we know how far a leak would spread.":                   {"list_orgs"},
		"In the workflow's first job I need every app in our org so the matrix can fan out over them.":            {"list_apps"},
		// Held: how often is not how many.
		"# TODO(security): rotate the API keys of orders-sync every 90 days without downtime": {"rotate_api_keys"},
	})
}

// TestR69SelectionTakeOut: "take her out of the org", "take dpatel off our Spice org" remove, as a
// model reads the phrasal verb (phrasalVerbs), where "out" and "off" alone are stop words and
// "take" alone removes nothing. Before round 69 "The seasonal staff contract ended; take dpatel off
// our Spice org." ranked resume_app first and "Our summer intern mkhan finished yesterday; take
// her out of the Spice org." rotate_api_keys.
func TestR69SelectionTakeOut(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "remov", map[string]bool{
		"take her out of the Spice org": true, "take dpatel off our Spice org": true, "must be taken out of the org": true,
		"take a look at the org": false, "take analytics-app offline": false, "take it. Out of curiosity, who": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"The seasonal staff contract ended; take dpatel off our Spice org.":                        {"remove_member"},
		"Our summer intern mkhan finished yesterday; take her out of the Spice org.":               {"remove_member"},
		"The old deploy bot account ci-legacy must be taken out of the org; its workflow is gone.": {"remove_member"},
		// Held: taking an app offline pauses it.
		"take analytics-app offline for now, we'll bring it back later": {"pause_app"},
	})
}

// Round 69's held-out part (86 requests in four voices: a sports league's statistician, a
// museum's digital archivist, requests written as e-mails, a city hall's IT clerk) was written
// before any change of round 69 and scored once before it: 86.0 % / 98.8 % (74 and 85 of 86, MRR
// 0.920), the whole 2,122 88.7 % / 97.4 % (1,883 and 2,066, MRR 0.930). After round 69's readings,
// each tried on the parts through round 68 only ("turn it off", "switch it back on", "scale it
// up", "take her out of the org" are phrasal verbs; more verbs remove, and a password or token is
// a secret; "what region is the app in?" asks for its configuration; "tell me everything about
// it" for an overview; "get it running" makes it run; "every deployment" asks for many; no
// description changed: tools/list 141.1 tokens a tool, 5,362; 143.6 under --confirm=agent, 5,457)
// it reads 89.5 % / 98.8 % (77 and 85, MRR 0.941): three first places gained on voices the
// readings were not tried on. The 2,036 through round 68 read 90.4 % / 97.7 % (1,841 and 1,990,
// MRR 0.941; 88.9 % / 97.3 % before), and the whole 90.4 % / 97.8 % of 2,122 (1,918 and 2,075,
// MRR 0.941): 220 first and 59 top-3 places over issue 13's line, which TestToolSelection holds on
// the whole corpus (lineHeldThrough 69). Losing four first places or three top-3 places of the
// whole, or four first or three top-3 places of round 69's part, fails.
const (
	r69MinTop1    = 90.22
	r69MinTop3    = 97.67
	r69NewMinTop1 = 85.0
	r69NewMinTop3 = 96.0
)

// TestR69SelectionMargin holds the margin on the whole corpus and on round 69's held-out part, and
// tools/list's cost. It prints the figures of every part:
//
//	go test ./bench/selection -v -run TestR69SelectionMargin
func TestR69SelectionMargin(t *testing.T) {
	selectionMargin{
		round:   69,
		minTop1: r69MinTop1, minTop3: r69MinTop3,
		newMinTop1: r69NewMinTop1, newMinTop3: r69NewMinTop3,
		minNewRequests:   80,
		maxTokensPerTool: r60MaxTokensPerTool,
	}.hold(t)
}
