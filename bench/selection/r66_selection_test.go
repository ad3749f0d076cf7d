package selection

import (
	"slices"
	"strings"
	"testing"
)

// TestR66SelectionAddedIsAdd: "added" and "adding" are forms of "add", as a model reads "needs to
// be added to the organization" (add_member); the stemmer cut the double letter of a three-letter
// stem ("added" → "ad"), so the word met no tool. get_member's text no longer says "(added)" for
// when someone joined, and "added" after "was" or "were" is that: someone joined (wasAdded).
// Before round 66 "Our new iOS contractor, mwong, needs to be added to the organization." ranked
// add_member unranked (score 0, get_member first) and "The new on-call engineer, rsingh, needs to
// be added to the hospital's Spice organization while I'm out." 6th (list_container_images first).
func TestR66SelectionAddedIsAdd(t *testing.T) {
	for in, want := range map[string]string{
		"added": "add", "adding": "add", "add": "add", "adds": "add",
		// Held: a longer stem still loses its double letter.
		"running": "run", "logged": "log", "dropped": "drop", "stopped": "stop",
	} {
		if got := stem(in); got != want {
			t.Errorf("stem(%q) = %q, want %q", in, got, want)
		}
	}
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "join", map[string]bool{
		"when was alex added to the org?": true, "were they added last week": true,
		"needs to be added to the organization": false, "add alex to the org": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Our new iOS contractor, mwong, needs to be added to the organization.":                                   {"add_member"},
		"The new on-call engineer, rsingh, needs to be added to the hospital's Spice organization while I'm out.": {"add_member"},
		// Held: when someone joined is still one member's detail.
		"when was alex added to the org?": {"get_member"},
		"members add jdoe":                {"add_member"},
	})
}

// TestR66SelectionSetAsAStateInText: a tool's text is read as a request is. list_secrets's "when
// each was set" is a state, as isSet reads "is X set?", not the verb set_secret's name says; and
// "set" after a thing set, before where ("the env vars set on docs-search", "a SNOWFLAKE_PASSWORD
// set on sf-sync"), is the participle too. Before round 66 "set the same secret on staging,
// please", "spice cloud set environment variable app" and "chore(secrets): set DB_PASSWORD on
// clinic-scheduler to the rotated value" ranked list_secrets first.
func TestR66SelectionSetAsAStateInText(t *testing.T) {
	listed := catalogue(t)
	for i, d := range Docs(listed) {
		if d.Name == "list_secrets" && (!strings.Contains(ToolText(listed[i]), "was set") || slices.Contains(d.Terms, "set")) {
			t.Errorf("list_secrets's terms %q: want its \"was set\" read as configured", d.Terms)
		}
	}
	ix := NewIndex(Docs(listed))
	r65QueryHas(t, ix, "configur", map[string]bool{
		"show the env vars set on docs-search": true, "do we have a SNOWFLAKE_PASSWORD set on sf-sync?": true,
		"the key set on orders-api":    true,
		"set STRIPE_KEY on orders-api": false, "please set it on orders-api": false, "and set the key on etl": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"set the same secret on staging, please":                                   {"set_secret"},
		"spice cloud set environment variable app":                                 {"set_secret"},
		"chore(secrets): set DB_PASSWORD on clinic-scheduler to the rotated value": {"set_secret"},
		// Held: what is set is still the list's, or one secret's.
		"show the env vars set on docs-search":            {"list_secrets"},
		"do we have a SNOWFLAKE_PASSWORD set on sf-sync?": {"get_secret", "list_secrets"},
		"which secrets are set on our class app?":         {"list_secrets"},
	})
}

// TestR66SelectionSyntaxLabels: an Ansible task's "- name:" key and a cmdlet's identity parameter
// ("-Name", "-Id") label what follows, as a model reads them, not a request's word "name"
// (delete_secret's parameter "name" is a secret's). Before round 66 "- name: remove the spice app
// old-beta-backend (state: absent)" and "Remove-SpiceApp -Name ps-sandbox -Confirm:$false" ranked
// delete_secret first, "Set-SpiceApp -Name orders-api -Replicas 3" list_secrets.
func TestR66SelectionSyntaxLabels(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "nam", map[string]bool{
		"- name: remove the spice app old-beta-backend (state: absent)": false,
		"Remove-SpiceApp -Name ps-sandbox":                              false, "Get-SpiceOrgMember -Id 42": false,
		"what name does the secret have": true, "pass -Name to it": true, "- name the app": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"- name: remove the spice app old-beta-backend (state: absent)": {"delete_app"},
		"Remove-SpiceApp -Name ps-sandbox -Confirm:$false":              {"delete_app"},
		"Set-SpiceApp -Name orders-api -Replicas 3":                     {"update_app"},
		// Held: one named object is still the get tool's, and a cmdlet's noun still counts.
		"Get-SpiceApp -Name orders-api | Select-Object Spicepod, Replicas": {"get_app"},
		"Get-SpiceOrgMember -Username apatel":                              {"get_member"},
		"Get-SpiceSecret -App orders-api | Select-Object Name":             {"list_secrets"},
	})
}

// Round 66's part (91 scored requests, and two for features the server lacks, in four voices not
// used before: a voice assistant's wake-word commands, a privacy counsel under the GDPR, a code
// reviewer's pull-request comments, a bank's trading desk) was written before any change of round
// 66 and scored once before it: 78.0 % / 94.5 % (71 and 86 of 91, MRR 0.864), the whole 1,856
// 86.0 % / 96.8 % (1,596 and 1,797, MRR 0.914). After round 66's readings, each tried on the parts
// through round 65 only ("added" is "add" and, after "was", joined; "set" is a state in a tool's
// own "when each was set" and in "the vars set on x"; "- name:" and a cmdlet's -Name are labels;
// several list tools' collections named together ask for no list; the person in "what access does
// alex have?" is someone; making X private and moving X to a channel change it; "roll out" is one
// word; setting a role grants it) and get_member's text giving up "(added)" (tools/list 141.1
// tokens a tool, 5,362; 143.6 under --confirm=agent, 5,457) it reads 78.0 % / 93.4 % (71 and 85,
// MRR 0.862): no better on the voices it was not tuned on. The 1,765 through round 65 read 87.5 % /
// 97.2 % (1,545 and 1,715, MRR 0.924; 86.4 % / 96.9 % before), and the whole 87.1 % / 97.0 % of
// 1,856 (1,616 and 1,800, MRR 0.921): 131 first and 36 top-3 places over issue 13's line, which
// TestToolSelection holds on the whole corpus (lineHeldThrough 66). Losing four first places or
// three top-3 places of the whole, or four first or three top-3 places of round 66's part, fails.
const (
	r66MinTop1    = 86.88
	r66MinTop3    = 96.85
	r66NewMinTop1 = 74.2
	r66NewMinTop3 = 90.7
)

// TestR66SelectionMargin holds the margin on the whole corpus and on round 66's held-out part, and
// tools/list's cost. It prints the figures of every part:
//
//	go test ./bench/selection -v -run TestR66SelectionMargin
func TestR66SelectionMargin(t *testing.T) {
	selectionMargin{
		round:   66,
		minTop1: r66MinTop1, minTop3: r66MinTop3,
		newMinTop1: r66NewMinTop1, newMinTop3: r66NewMinTop3,
		minNewRequests:   80,
		maxTokensPerTool: r60MaxTokensPerTool,
	}.hold(t)
}

// TestR66SelectionSeveralCollections: a request naming the collections of two or more list tools
// ("config, last deploys, secrets", "members and apps") asks for them together, as a model reads
// it, not for one of the lists: its plurals are no request for many. Before round 66 "new on the
// team, walk me through the orders-api project: config, last deploys, secrets" and "quick rundown
// of my weather-bot project? settings, last deploys, secrets, whatever's there" ranked
// list_deployments first, "what's our quota on members and apps?" list_members.
func TestR66SelectionSeveralCollections(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "pl:secret", map[string]bool{
		"walk me through the orders-api project: config, last deploys, secrets": false,
		"which secrets does checkout have?":                                     true, "list the secrets and their ages": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"new on the team, walk me through the orders-api project: config, last deploys, secrets":     {"describe_app"},
		"quick rundown of my weather-bot project? settings, last deploys, secrets, whatever's there": {"describe_app", "get_app"},
		"what's our quota on members and apps?":                                                      {"get_limits"},
		// Held: one collection is still its list's.
		"which secrets does checkout have?":               {"list_secrets"},
		"show me all my apps":                             {"list_apps"},
		"what deployments did orders-api have this week?": {"list_deployments"},
	})
}

// TestR66SelectionSomeonesAccess: the person in "what access does alex have?" is someone, as
// get_member's text writes ("is someone an admin"), one user, not the list of everyone; and a
// word after a determiner ("does our subscription have") is a thing, not a person's name. Before
// round 66 "what access does alex have?" and "what level of access does tomas have?" ranked
// list_members first, and "what limits does our subscription have?" read a user in it. (A person
// named by a noun after a determiner, "does my teammate have", now reads as a thing too.)
func TestR66SelectionSomeonesAccess(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "someon", map[string]bool{
		"what access does alex have?": true, "what level of access does tomas have?": true,
		"what limits does our subscription have?": false, "what keys does the app have?": false,
	})
	r65QueryHas(t, ix, "user", map[string]bool{
		"what limits does our subscription have?": false, "what access does the app have?": false,
		"does kwu have write access?": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"what access does alex have?":           {"get_member"},
		"what level of access does tomas have?": {"get_member"},
		// Held: a plan's limits are still get_limits's, and everyone's roles the list's.
		"what limits does our subscription have?":                            {"get_limits"},
		"give me everyone in the org with their roles for the access review": {"list_members"},
	})
}

// TestR66SelectionMadePrivate: making something public or private changes its visibility, as a
// model reads "make brightside-prod private" (update_app: "Change … make public or private"), not
// a question of which apps are public or private. Before round 66 "The client wants their app
// hidden from the internet; make brightside-prod private." ranked whoami first and "Dana asks
// that churn-model be made private." list_clusters.
func TestR66SelectionMadePrivate(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "chang", map[string]bool{
		"make brightside-prod private": true, "churn-model should be made public": true, "making it private": true,
		"which of our apps are public?": false, "make a new app, private, in us-east-1": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"The client wants their app hidden from the internet; make brightside-prod private.": {"update_app"},
		"Dana asks that churn-model be made private.":                                        {"update_app"},
		// Held: which are public is still the list, and a new private app is still created.
		"which of our apps are public?":                       {"list_apps"},
		"spin up a fresh project called ml-features, private": {"create_app", "create_and_deploy_app"},
	})
}

// TestR66SelectionMovedToChannel: moving an app to a release channel ("switch qa-e2e to the
// preview channel", "put orders-api on the nightly channel") changes the channel it follows, its
// update channel (update_app), as a model reads it, not a deployment on that channel. Before
// round 66 both ranked create_deployment first.
func TestR66SelectionMovedToChannel(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "updat", map[string]bool{
		"put orders-api on the nightly channel": true, "moving docs-search to the stable channel": true,
		"kick off a rollout on the nightly channel": false, "put it on the nightly. channel later": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"QA: switch qa-e2e to the preview channel so we test the upcoming runtime.": {"update_app"},
		"put orders-api on the nightly channel":                                     {"update_app"},
		// Held: a rollout on a channel is still a deployment.
		"kick off a rollout on the nightly channel": {"create_deployment"},
	})
}

// TestR66SelectionRollOut: "roll out" is one verb, to release (a rollout), as a model reads "what
// versions have been rolled out", not "roll" as in "roll back"; create_deployment's own "rolls
// out" reads so too. Before round 66 "what versions have been rolled out to app 101" ranked
// rollback_deployment first (list_deployments 5th) and "kubectl rollout restart for orders-api:
// trigger a fresh deployment" get_deployment.
func TestR66SelectionRollOut(t *testing.T) {
	for text, want := range map[string]bool{
		"what versions have been rolled out": true, "a new deployment rolls out its spicepod": true,
		"roll back the app": false, "rolling back now": false,
	} {
		if got := slices.Contains(Terms(text), "rollout"); got != want {
			t.Errorf("Terms(%q) = %q: has rollout %v, want %v", text, Terms(text), got, want)
		}
	}
	ix := NewIndex(Docs(catalogue(t)))
	r62RanksFirst(t, ix, map[string][]string{
		"what versions have been rolled out to app 101":                      {"list_deployments"},
		"kubectl rollout restart for orders-api: trigger a fresh deployment": {"create_deployment"},
		// Held: rolling back is still rollback_deployment's.
		"roll back docs-search to the previous deployment": {"rollback_deployment"},
		"3am, roll it back": {"rollback_deployment"},
	})
}

// TestR66SelectionSettingARole: setting someone's roles grants them, as giving a role does
// (givenRoles) and as update_member_roles's text says ("set which of owner, admin, member …"), not
// a question of which role someone has; "set up" stays setUp's. Before round 66 "- name: set the
// roles of user ci-bot to member only (drop admin)" ranked get_member first.
func TestR66SelectionSettingARole(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "grant", map[string]bool{
		"set the roles of user ci-bot to member only": true, "set bob's role to admin": true,
		"set up maria with the billing role": false, "set the secret on staging": false,
		"is bob set as admin?": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"- name: set the roles of user ci-bot to member only (drop admin)": {"update_member_roles"},
		// Held: setting a secret is still set_secret.
		"set DATABRICKS_TOKEN on sf-sync":        {"set_secret"},
		"set the same secret on staging, please": {"set_secret"},
	})
}
