package selection

import (
	"slices"
	"testing"
)

// r68DocHas checks, for each tool, whether its document holds the term.
func r68DocHas(t *testing.T, term string, want map[string]bool) {
	t.Helper()
	for _, d := range Docs(catalogue(t)) {
		if w, ok := want[d.Name]; ok && slices.Contains(d.Terms, term) != w {
			t.Errorf("%s's terms hold %q: %v, want %v", d.Name, term, !w, w)
		}
	}
}

// TestR68SelectionOtherNames: the first word a list tool's description gives in brackets after the
// plural it lists ("forks (copies, clones)", "orgs (workspaces)", "credentials (creds)") is another
// name of that plural, as a model reads it: "which workspaces …" asks for the list of orgs as
// "which orgs …" does. Only the first: the words after a comma widen it ("instances (pods,
// replicas, …)": "scale to 3 replicas" asks for no list). Before round 68 "which workspaces am I
// a member of?" ranked remove_member first, "what staging copies exist of orders-api?" fork_app
// and "what env vars does docs-search get?" delete_secret.
func TestR68SelectionOtherNames(t *testing.T) {
	r68DocHas(t, "pl:workspac", map[string]bool{"list_orgs": true, "list_members": false})
	r68DocHas(t, "pl:copy", map[string]bool{"list_forks": true, "fork_app": false})
	r68DocHas(t, "pl:pod", map[string]bool{"list_instances": true})
	r68DocHas(t, "pl:replica", map[string]bool{"list_instances": false, "update_app": false})
	ix := NewIndex(Docs(catalogue(t)))
	r62RanksFirst(t, ix, map[string][]string{
		"which workspaces am I a member of?":               {"list_orgs"},
		"which workspaces do I have access to?":            {"list_orgs"},
		"what staging copies exist of orders-api?":         {"list_forks"},
		"what copies of analytics-app are floating around": {"list_forks"},
		"what env vars does docs-search get?":              {"list_secrets"},
		// Held: a count of replicas is a setting, and one copy is made by fork_app.
		"scale docs-search to 3 replicas":        {"update_app"},
		"make a copy of docs-search for staging": {"fork_app"},
	})
}

// TestR68SelectionNoLonger: a request's "no longer" ("any longer") is not now, a word of time, as a model
// reads it, not the word delete_secret's "a stale credential no longer used" shares with a request
// to delete an app no longer used; and "clean up" removes, as "remove" does. Before round 68 "How
// do I permanently delete an app I no longer use? Pausing isn't what I want." and "The grant ended
// and the cryo-em-pilot app is no longer needed; delete it permanently." ranked delete_secret
// first; with "no longer" read so, "clean up secrets we no longer use on docs-search" ranked
// list_secrets first until "clean up" was read as a removal.
func TestR68SelectionNoLonger(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "longer", map[string]bool{
		"an app I no longer use": false, "we don't need it any longer": false,
		"show a longer tail of the logs": true,
	})
	r65QueryHas(t, ix, "delet", map[string]bool{
		"clean up secrets we no longer use": true, "clean up the old apps": true,
		"I'm cleaning up access today": false, "a clean app": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"How do I permanently delete an app I no longer use? Pausing isn't what I want.":        {"delete_app"},
		"The grant ended and the cryo-em-pilot app is no longer needed; delete it permanently.": {"delete_app"},
		"clean up secrets we no longer use on docs-search":                                      {"delete_secret"},
		// Held: a secret no longer used is still delete_secret's.
		"The notebook no longer calls OpenAI; please remove the OPENAI_API_KEY secret from churn-experiments.": {"delete_secret"},
	})
}

// TestR68SelectionOnes: "ones" ("which ones?", "the ones I belong to") stands for the nearest
// thing named before it that a list tool lists, many of them (the nearest named in the plural
// first), as a model reads it, not the "one" of "in one go". Before round 68 "We have one org for
// the store and one for the wholesale site; which ones can I reach from here?" ranked check_health
// first (list_orgs 12th) and "I think I'm in the wrong workspace, which ones do I have?"
// get_deployment.
func TestR68SelectionOnes(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "pl:org", map[string]bool{
		"We have one org for the store and one for the wholesale site; which ones can I reach from here?": true,
		"which org am I in?": false,
	})
	r65QueryHas(t, ix, "pl:secret", map[string]bool{
		"How do I see all the secrets an app has? I don't need the values, only which ones exist.": true,
		"the app's secrets, which ones?": true,
	})
	r65QueryHas(t, ix, "pl:app", map[string]bool{
		"How do I see all the secrets an app has? I don't need the values, only which ones exist.": false,
	})
	r65QueryHas(t, ix, "one", map[string]bool{
		"which ones?": true, "I think I'm in the wrong workspace, which ones do I have?": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"We have one org for the store and one for the wholesale site; which ones can I reach from here?": {"list_orgs"},
		"I think I'm in the wrong workspace, which ones do I have?":                                       {"list_orgs"},
		// Held: the plural named before is the one meant.
		"How do I see all the secrets an app has? I don't need the values, only which ones exist.": {"list_secrets"},
		"Am I part of more than one organization? Which ones?":                                     {"list_orgs"},
	})
}

// Round 68's held-out part (89 requests in four voices: a penetration tester's engagement
// write-up, TODO and FIXME comments left in source and config, a news site's data desk on election
// night, a bakery's owner with no technical background) was written before any change of round 68
// and scored once before it: 79.8 % / 93.3 % (71 and 83 of 89, MRR 0.865), the whole 2,036
// 88.0 % / 97.0 % (1,792 and 1,975, MRR 0.926). After round 68's readings, each tried on the parts
// through round 67 only (a list tool's first other name in brackets is plural as its name; a
// request's "no longer" says why, and "clean up" removes; "which ones?" stands for the thing named
// before; a plural after "in" or "to" is a place; what "my credentials belong to" is who I am;
// "Hey Spice" and "/spice" address the product; a verb after a modal or a subject; no description
// changed: tools/list 141.1 tokens a tool, 5,362; 143.6 under --confirm=agent, 5,457) it reads
// 78.7 % / 94.4 % (70 and 84, MRR 0.861): one first place lost, one top-3 place gained on voices
// the readings were not tried on. The 1,947 through round 67 read 89.3 % / 97.4 % (1,739 and
// 1,897, MRR 0.934; 88.4 % / 97.2 % before), and the whole 88.9 % / 97.3 % of 2,036 (1,809 and
// 1,981, MRR 0.931): 180 first and 46 top-3 places over issue 13's line, which TestToolSelection
// holds on the whole corpus (lineHeldThrough 68). Losing four first places or three top-3 places
// of the whole, or four first or three top-3 places of round 68's part, fails.
const (
	r68MinTop1    = 88.68
	r68MinTop3    = 97.18
	r68NewMinTop1 = 74.2
	r68NewMinTop3 = 91.1
)

// TestR68SelectionMargin holds the margin on the whole corpus and on round 68's held-out part, and
// tools/list's cost. It prints the figures of every part:
//
//	go test ./bench/selection -v -run TestR68SelectionMargin
func TestR68SelectionMargin(t *testing.T) {
	selectionMargin{
		round:   68,
		minTop1: r68MinTop1, minTop3: r68MinTop3,
		newMinTop1: r68NewMinTop1, newMinTop3: r68NewMinTop3,
		minNewRequests:   80,
		maxTokensPerTool: r60MaxTokensPerTool,
	}.hold(t)
}

// TestR68SelectionPlaces: a plural that says where a thing goes ("save this password in the app's
// secrets", "add it to our secrets") is a place, as a model reads it, not a request for many (see
// plurals). Before round 68 "save this password in the app's secrets" ranked list_secrets first.
func TestR68SelectionPlaces(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "pl:secret", map[string]bool{
		"save this password in the app's secrets": false, "add it to our secrets": false,
		"which secrets does checkout have?": true, "list the secrets in orders-api": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"save this password in the app's secrets": {"set_secret"},
		// Held: many secrets asked for are still a list.
		"which secrets does checkout have?": {"list_secrets"},
	})
}

// TestR68SelectionCredentialsBelongTo: what the credentials in use belong to ("which organization
// your API token belongs to", "which user my credentials belong to") is who I am, as a model reads
// it, not the organizations I belong to. Before round 68 "The setup guide says \"verify which
// organization your API token belongs to\". Which one is it?" and "User asks me to check which user
// and organization my credentials belong to." ranked list_orgs first.
func TestR68SelectionCredentialsBelongTo(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "whoami", map[string]bool{
		"which organization your API token belongs to": true, "which user my credentials belong to": true,
		"which orgs do I belong to?": false, "which org does orders-api belong to?": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"The setup guide says \"verify which organization your API token belongs to\". Which one is it?": {"whoami"},
		"User asks me to check which user and organization my credentials belong to.":                    {"whoami"},
		// Held: the organizations I belong to are still list_orgs'.
		"which orgs do I belong to?": {"list_orgs"},
	})
}

// TestR68SelectionAddressed: "Spice" as the one spoken to ("Hey Spice, …", "Alexa, ask Spice Cloud
// …") or a slash command's name ("/spice deploy checkout") says who is asked, not what, as a model
// reads it; "Spice" elsewhere stays a word ("access to spice", "the Spice runtime"). Before round
// 68 "Hey Spice, deploy the weather-bot app again." and "/spice deploy checkout" ranked create_app
// first (its text's "spice.ai"), "Hey Spice, give me a rundown of the market-data app." add_member.
func TestR68SelectionAddressed(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "spic", map[string]bool{
		"Hey Spice, deploy the weather-bot app again.": false, "/spice deploy checkout": false,
		"Alexa, ask Spice Cloud how many replicas the risk-engine app has.": false,
		"give the new analyst access to our spice workspace":                true,
		"which spice versions are out right now":                            true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Hey Spice, deploy the weather-bot app again.":         {"create_deployment"},
		"/spice deploy checkout":                               {"create_deployment"},
		"Hey Spice, give me a rundown of the market-data app.": {"describe_app", "get_app"},
		// Held: the platform named is still asked of.
		"ugh is Spice itself broken again or is it just my stuff??": {"check_health"},
		"latest spice runtime tag?":                                 {"list_container_images"},
	})
}

// TestR68SelectionVerbAfterModal: after a modal or a subject ("I'll fork x", "can I clone it?",
// "we should store it") a word that is a verb and a noun is the verb, as after "please" (see
// verbsInPlace). Before round 68 "Today I'll fork shipment-eta into shipment-eta-staging to try
// the new ETA model." ranked list_forks first.
func TestR68SelectionVerbAfterModal(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "mak", map[string]bool{
		"Today I'll fork shipment-eta into shipment-eta-staging": true, "can I clone docs-search?": true,
		"which forks of docs-search exist?": false, "the fork of docs-search": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Today I'll fork shipment-eta into shipment-eta-staging to try the new ETA model.": {"fork_app"},
		// Held: the forks that exist are still listed.
		"which forks of docs-search exist?": {"list_forks"},
	})
}
