package selection

import (
	"slices"
	"testing"
)

// TestR65SelectionCmdletNounsAreSingular: a PowerShell cmdlet's noun is singular by convention,
// and a Get cmdlet given no identity returns every object, as a model reads "Get-SpiceRegion"
// (every region) or "Get-SpiceSecret -App orders-api" (every secret of the app), not one. Before
// round 65 "Get-SpiceRegion" ranked get_app first, "Get-SpiceOrg" get_api_keys (list_orgs 6th),
// "Get-SpiceApp | Format-Table Name, Region" get_secret (list_apps 5th), "Get-SpiceSecret -App
// orders-api | Select-Object Name" get_secret, "Get-SpiceOrgMember | Sort-Object Username"
// get_member and "Get-SpiceInstance -App orders-api" get_instance_logs.
func TestR65SelectionCmdletNounsAreSingular(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	for query, want := range map[string]bool{
		"Get-SpiceRegion": true, "Get-SpiceSecret -App orders-api | Select-Object Name": true,
		"Get-SpiceOrgMember | Sort-Object Username": true,
		"Get-SpiceApp -Name orders-api":             false, "Get-SpiceOrgMember -Username apatel": false,
		"Get-SpiceDeployment -App orders-api -Id 4410": false, "Get-SpiceApp orders-api": false,
		"get the region": false,
	} {
		terms := ix.QueryTerms(query)
		if got := slices.ContainsFunc(terms, func(s string) bool {
			return s == "pl:reg" || s == "pl:secret" || s == "pl:member" || s == "pl:app" || s == "pl:deploy"
		}); got != want {
			t.Errorf("QueryTerms(%q) = %q: asks for many %v, want %v", query, terms, got, want)
		}
	}
	r62RanksFirst(t, ix, map[string][]string{
		"Get-SpiceRegion": {"list_regions"},
		"Get-SpiceOrg":    {"list_orgs"},
		"Get-SpiceApp | Format-Table Name, Region":             {"list_apps"},
		"Get-SpiceSecret -App orders-api | Select-Object Name": {"list_secrets"},
		"Get-SpiceOrgMember | Sort-Object Username":            {"list_members"},
		"Get-SpiceInstance -App orders-api":                    {"list_instances"},
		// Held: one object, named, is still the get tool's.
		"Get-SpiceApp -Name orders-api | Select-Object Spicepod, Replicas": {"get_app"},
		"Get-SpiceOrgMember -Username apatel":                              {"get_member"},
		"Get-SpiceDeployment -App orders-api -Id 4410":                     {"get_deployment"},
		"Get-SpiceInstanceLog -App feature-store -Tail 100":                {"get_instance_logs"},
	})
}

// TestR65SelectionSwitchTo: "switch … to" moves to what follows (another organization, a
// channel), as a model reads the phrasal verb, not "switch off" (pause_app). Before round 65
// "can I switch to the acme-labs org?", "switch me to the other workspace" and "switch me to the
// other workspace, which ones are there?" ranked pause_app first.
func TestR65SelectionSwitchTo(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "switch", map[string]bool{
		"switch me to the other workspace": false, "switching to the nightly channel": false,
		"switch off the staging app": true, "switch it off till monday": true, "switch on the lights": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"can I switch to the acme-labs org?":                      {"list_orgs"},
		"switch me to the other workspace":                        {"list_orgs"},
		"switch me to the other workspace, which ones are there?": {"list_orgs"},
		// Held: switching an app off is still pausing it.
		"switch off the staging app for a bit":                             {"pause_app"},
		"nobody uses the demo over the weekend, switch it off till monday": {"pause_app"},
	})
}

// TestR65SelectionSetAsAState: "set" after a form of "be" is the past participle, a state
// (configured), as a model reads "is DATABRICKS_TOKEN set on sf-sync?", not the verb set_secret's
// name says. Before round 65 "is DATABRICKS_TOKEN set on sf-sync?" ranked set_secret first, and
// "uh what runtime version is the billing api app set to …" ranked get_app 10th.
func TestR65SelectionSetAsAState(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "set", map[string]bool{
		"is DATABRICKS_TOKEN set on sf-sync?": false, "which secrets are set on our class app?": false,
		"what version is the app set to":  false,
		"set DATABRICKS_TOKEN on sf-sync": true, "it is late, set the secret": true, "is maria set up as billing?": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"is DATABRICKS_TOKEN set on sf-sync?": {"get_secret", "list_secrets"},
		// Held: setting one is still set_secret, and which are set is still the list.
		"set DATABRICKS_TOKEN on sf-sync": {"set_secret"},
		"Miss, which secrets are set on our class app? Just the names, so I know what's there.": {"list_secrets"},
		// "pinned" likewise (round 65's second reading; update_app first before).
		"which runtime version is fraud-scoring pinned to?":  {"get_app", "describe_app"},
		"pin the runtime to version 1.5.0 for analytics-app": {"update_app", "create_deployment"},
	})
	if rank, _ := RankOf(ix.Rank("uh what runtime version is the billing api app set to i think it's on an old one"), []string{"get_app", "describe_app"}); rank > 3 {
		t.Errorf("what runtime version the app is set to ranks get_app %d, want in the top 3", rank)
	}
}

// TestR65SelectionGivingARole: giving someone a role grants it (update_member_roles), as a model
// reads "give priya the admin rights", not a question of which role someone has (get_member).
// Before round 65 "please give to priya the admin rights" and "To the user kwong the admin role
// please to give." ranked get_member first, "Give the teaching assistant tkoh admin so she can
// help students during class." get_deployment.
func TestR65SelectionGivingARole(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "grant", map[string]bool{
		"please give to priya the admin rights": true, "To the user kwong the admin role please to give.": true,
		"give carol billing access on top of her member role":                true,
		"give me everyone in the org with their roles for the access review": false,
		"Give me the member list.":                                           false, "give bob access to our spice.ai account": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"please give to priya the admin rights":                                         {"update_member_roles"},
		"To the user kwong the admin role please to give.":                              {"update_member_roles"},
		"Give the teaching assistant tkoh admin so she can help students during class.": {"update_member_roles"},
		// Held: giving access to someone new still adds them, and the list of roles is the list.
		"give bob access to our spice.ai account":                            {"add_member"},
		"give me everyone in the org with their roles for the access review": {"list_members"},
	})
}

// TestR65SelectionForkAsAVerb: "fork", "clone" and "duplicate" in a verb's place ask to make a
// copy (fork_app), as a model reads "clone docs-search so I can mess with it", not which forks
// exist (list_forks, whose text says "forks (copies, clones)"). Before round 65 "clone
// docs-search so I can mess with it", "now fork that one for QA", "fork fraud-scoring, then
// deploy the fork" and "Like a Heroku review app: clone orders-api into orders-api-pr42." ranked
// list_forks first.
func TestR65SelectionForkAsAVerb(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "mak", map[string]bool{
		"clone docs-search": true, "now fork that one for QA": true, "Plan: duplicate checkout": true,
		"can you fork it": true, "which forks exist": false, "list the clones of orders-api": false,
		"the fork of orders-api is broken": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"clone docs-search so I can mess with it":                          {"fork_app"},
		"now fork that one for QA":                                         {"fork_app"},
		"fork fraud-scoring, then deploy the fork":                         {"fork_app"},
		"Like a Heroku review app: clone orders-api into orders-api-pr42.": {"fork_app"},
		// Held: which copies exist is still the list.
		"which forks were made of analytics-app?":          {"list_forks"},
		"what copies of analytics-app are floating around": {"fork_app", "list_forks"},
	})
}

// TestR65SelectionStoreAsAVerb: "store" and "save" in a verb's place ask to put a value
// (set_secret), as a model reads "store the new snowflake password on sf-sync", not which
// passwords are stored (list_secrets, whose text says "stored passwords"). Before round 65 "store
// the new snowflake password on sf-sync", "Store the new APNs auth key as a secret on the
// push-notifications app." and "the snowflake connector needs SNOWFLAKE_PASSWORD, store it on
// etl" ranked list_secrets first.
func TestR65SelectionStoreAsAVerb(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "put", map[string]bool{
		"store the new password": true, "the connector needs it, store it on etl": true,
		"If not, save it as a secret now": true, "which passwords are stored on etl?": false,
		"the secret store of the app": false, "save-the-date": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"store the new snowflake password on sf-sync":                                    {"set_secret"},
		"Store the new APNs auth key as a secret on the push-notifications app.":         {"set_secret"},
		"the snowflake connector needs SNOWFLAKE_PASSWORD, store it on etl":              {"set_secret"},
		"Store the new warehouse service account password as a secret on marts-serving.": {"set_secret"},
		// Held: what is stored is still the list.
		"which passwords are stored on sf-sync?": {"list_secrets"},
	})
}

// TestR65SelectionWhoIsItAs: "who is … as" asks whose identity something acts under (whoami), as
// a model reads "who is this session authenticated as?", not which people (round 64's "who is"
// reading). Before round 65 "who is this session authenticated as?" and "who is this agent
// running as?" ranked list_members first.
func TestR65SelectionWhoIsItAs(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "peopl", map[string]bool{
		"who is this session authenticated as?": false, "who are we logged in as right now": false,
		"who is in our org?": true, "who is known as the owner here": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"who is this session authenticated as?":         {"whoami"},
		"who is this agent running as?":                 {"whoami"},
		"who is the spice token signed in as, exactly?": {"whoami"},
		// Held: who is in the org is still its people.
		"who is in our org?":   {"list_members"},
		"who is an admin here": {"list_members", "get_member"},
	})
}

// TestR65SelectionWhatAccessDoesAlexHave: a word the tools do not write, before "have" after
// "does", is a person, a user, as a model reads "what access does alex have?" (get_member), not an
// app's access keys (get_api_keys). Before round 65 "does kwu have write access?" and "What role
// does the client's contact dpark have in our org?" ranked get_api_keys first, "what access does
// alex have?" get_member 3rd.
func TestR65SelectionWhatAccessDoesAlexHave(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "user", map[string]bool{
		"what access does alex have?": true, "does kwu have write access?": true, "what role does she have?": true,
		"what access does it have?": false, "what access does the app have?": false,
		"what keys does orders-api have?": false, "does team2 have access": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"does kwu have write access?":                                {"get_member", "list_members"},
		"What role does the client's contact dpark have in our org?": {"get_member"},
		// Held: an app's keys are still get_api_keys.
		"what api keys does orders-api have?": {"get_api_keys"},
	})
	if rank, _ := RankOf(ix.Rank("what access does alex have?"), []string{"get_member"}); rank > 2 {
		t.Errorf("what access does alex have ranks get_member %d, want in the top 2", rank)
	}
}

// Round 65's part (90 scored requests, and two for features the server lacks, in four voices not
// used before: Conventional Commits messages, a hospital's IT administrator, a handover note, a
// university research lab) was written before any change of round 65 and scored once before it:
// 85.6 % / 96.7 % (77 and 87 of 90, MRR 0.912), the whole 1,765 84.7 % / 96.5 % (1,495 and 1,703,
// MRR 0.906). After round 65's readings (a PowerShell Get cmdlet given no name lists, "switch … to"
// is no "switch off", "set" or "pinned" after "is" is a state, giving someone a role grants it,
// "fork", "clone", "store", "save" in a verb's place are verbs, "what access does alex have?" asks
// of a user, "who is … as" asks who I am; no description changed, so tools/list stays 141.2 tokens
// a tool and 143.7 under --confirm=agent) it reads 87.8 % / 97.8 % (79 and 88, MRR 0.928), the
// 1,675 through round 64 86.3 % / 96.9 % (1,445 and 1,623, MRR 0.916; 84.7 % / 96.5 % before),
// and the whole 86.3 % / 96.9 % of 1,765 (1,524 and 1,711, MRR 0.916): 112 first and 34 top-3
// places over issue 13's line, which TestToolSelection holds on the whole corpus (lineHeldThrough
// 65). Losing four first places or three top-3 places of the whole, or four first or three top-3
// places of round 65's part, fails.
const (
	r65MinTop1    = 86.15
	r65MinTop3    = 96.80
	r65NewMinTop1 = 84.0
	r65NewMinTop3 = 95.0
)

// TestR65SelectionMargin holds the margin on the whole corpus and on round 65's held-out part, and
// tools/list's cost. It prints the figures of every part:
//
//	go test ./bench/selection -v -run TestR65SelectionMargin
func TestR65SelectionMargin(t *testing.T) {
	selectionMargin{
		round:   65,
		minTop1: r65MinTop1, minTop3: r65MinTop3,
		newMinTop1: r65NewMinTop1, newMinTop3: r65NewMinTop3,
		minNewRequests:   80,
		maxTokensPerTool: r60MaxTokensPerTool,
	}.hold(t)
}

// r65QueryHas checks, for each request, whether the terms the bench reads into it have term.
func r65QueryHas(t *testing.T, ix *Index, term string, want map[string]bool) {
	t.Helper()
	for query, has := range want {
		if got := slices.Contains(ix.QueryTerms(query), term); got != has {
			t.Errorf("QueryTerms(%q) = %q: has %q %v, want %v", query, ix.QueryTerms(query), term, got, has)
		}
	}
}
