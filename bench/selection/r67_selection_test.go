package selection

import (
	"slices"
	"strings"
	"testing"
)

// TestR67SelectionAsides: a clause of purpose or time whose subject is a person ("so I can diff it
// against the change", "before he approves prod changes", "so she can see the dbt apps") says why
// or when, as a model reads it, not what is asked; "once you …" still asks ("LGTM once you bump
// …"), and a request that is only such a clause keeps it. Before round 67 "Is the reviewer dkim an
// admin or only a member? I need to know before he approves prod changes." ranked
// update_member_roles first, "Blocking: before I approve this PR, show me the spicepod currently
// live on fx-pricing so I can diff it against the change." create_deployment, "Add our new
// analytics engineer kwong to the org so she can see the dbt apps." list_apps and "From my
// notebook I want to read the current spicepod of feature-store before I change a dataset."
// update_app (4th).
func TestR67SelectionAsides(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "chang", map[string]bool{
		"I need to know before he approves prod changes":           false,
		"show me the spicepod so I can diff it against the change": false,
		"Before I change anything, show me the config":             false,
		"before we change it — change the replicas of orders-api":  true,
		"LGTM once you change the replicas":                        true,
		"so I can change it":                                       true,
		"change the replicas so the app keeps up":                  true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Is the reviewer dkim an admin or only a member? I need to know before he approves prod changes.":                            {"get_member"},
		"Blocking: before I approve this PR, show me the spicepod currently live on fx-pricing so I can diff it against the change.": {"get_app", "describe_app"},
		"Add our new analytics engineer kwong to the org so she can see the dbt apps.":                                               {"add_member"},
		"From my notebook I want to read the current spicepod of feature-store before I change a dataset.":                           {"get_app", "describe_app"},
		// Held: a dash ends the aside, and what follows is asked.
		"The backend needs the new spicepod before we submit to the App Store — redeploy push-notifications now.": {"create_deployment"},
		"list the recent deployments of checkout-api so I can see what went out this week":                        {"list_deployments"},
	})
}

// TestR67SelectionIsSomeoneAnAdmin: in "is dpatel an admin?" and "is mchen still in the org?" the
// word after "is", one the tools' text does not write, is a person, as a model reads it: one user
// (get_member), not everyone nor the organizations I belong to. Before round 67 "Is dpatel an admin
// in our organization, yes or no?" ranked list_members first and "is mchen still in the org?"
// list_orgs.
func TestR67SelectionIsSomeoneAnAdmin(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "someon", map[string]bool{
		"Is dpatel an admin in our organization, yes or no?": true, "is mchen still in the org?": true,
		"is priya an owner?": true, "was tomas a member of the team?": true,
		"is the app an admin?": false, "is there already an app called sales-dashboard?": false,
		"is orders-api in the org?": false, "is checkout still up?": false, "is it an owner?": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Is dpatel an admin in our organization, yes or no?": {"get_member"},
		"is mchen still in the org?":                         {"get_member", "list_members"},
		// Held: who the admins are is still the list, and my own organizations list_orgs.
		"who are the admins?": {"list_members"},
		"which orgs am I in?": {"list_orgs"},
	})
}

// TestR67SelectionSignedInAs: "who am I" and "which user … is signed in as" ask whose identity the
// session acts under, as "who is … as" does, as a model reads them: who I am (whoami), not whom to
// add (add_member's "they must have signed in") nor one member. Before round 67 "Hey Spice, who am
// I signed in as?" ranked add_member first, "Handover: before you change anything, check which
// user the token on the ops laptop is signed in as." get_secret and "Before anything else, the
// workflow should check which user and org its token acts as." get_member.
func TestR67SelectionSignedInAs(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "whoami", map[string]bool{
		"who am I signed in as?": true, "which user the token is signed in as": true,
		"Which org and credentials is the provider authenticated as right now?": true,
		"which user and org its token acts as.":                                 true,
		"which apps are running?":                                               false, "which user is an admin?": false,
		"which role is alex signed up as in the org? we're unsure": false,
		"which runtime runs on orders-api":                         false, "who am i kidding, list the apps": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Hey Spice, who am I signed in as?": {"whoami"},
		"Handover: before you change anything, check which user the token on the ops laptop is signed in as.": {"whoami"},
		"Before anything else, the workflow should check which user and org its token acts as.":               {"whoami"},
		// Held: which people are in the org is still the list, and adding one add_member.
		"who is in the org?":                  {"list_members"},
		"add jdoe, she has signed in already": {"add_member"},
	})
}

// TestR67SelectionSpiceItself: "Spice itself" and "the Spice Cloud service itself" name the
// platform, as a model reads them (check_health), not the user's apps. Before round 67 "ugh is
// Spice itself broken again or is it just my stuff??" ranked add_member first, "Is Spice Cloud
// itself having problems? Our app's backend calls all time out." list_apps and "Is Spice Cloud
// itself up? Nothing is deploying and the open is in ten minutes." create_app.
func TestR67SelectionSpiceItself(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "platform", map[string]bool{
		"is Spice itself broken?": true, "is the Spice Cloud service itself having problems": true,
		"is spice.ai itself down": true,
		"is my spice app broken?": false, "the app itself is broken": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"ugh is Spice itself broken again or is it just my stuff??":                      {"check_health"},
		"Is Spice Cloud itself having problems? Our app's backend calls all time out.":   {"check_health"},
		"Is Spice Cloud itself up? Nothing is deploying and the open is in ten minutes.": {"check_health"},
		// Held: one app's state is still the app's.
		"how's the orders-api app itself doing? give me an overview": {"describe_app"},
	})
}

// TestR67SelectionGivenAccess: giving someone access lets them in, as a model reads it: an
// invitation (add_member), not a question of who has access nor of one member's role. Before round
// 67 "give the new analyst access to our spice workspace, username lfischer" ranked list_members
// first, "can you give my new teammate dana access to spice?" create_app and "a new person joined
// the team, how do I give them access to spice? username mlopez" get_member.
func TestR67SelectionGivenAccess(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "invit", map[string]bool{
		"give the new analyst access to our spice workspace": true, "can you give my new teammate dana access to spice?": true,
		"give priya admin access": false, "who has access?": false, "give me the list, access later": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"give the new analyst access to our spice workspace, username lfischer":             {"add_member"},
		"can you give my new teammate dana access to spice?":                                {"add_member"},
		"a new person joined the team, how do I give them access to spice? username mlopez": {"add_member"},
		// Held: giving a role is still granting it, and who has access the list.
		"give priya the admin rights": {"update_member_roles"},
		"who has access to our org?":  {"list_members"},
	})
}

// TestR67SelectionPastDeploys: a question of whether or when something went out asks for the
// record of deployments, as a model reads it, not to deploy now; a deployment named by its ID is
// still one. Before round 67 "did anyone deploy orders-api tonight?" ranked create_deployment
// first, "when did we last ship docs-search?" get_instance_logs and "when did the last spicepod
// change go out on etl?" get_secret (10th).
func TestR67SelectionPastDeploys(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "history", map[string]bool{
		"did anyone deploy orders-api tonight?": true, "when did we last ship docs-search?": true,
		"when did the last spicepod change go out on etl?": true,
		"why did deploy 4412 fail?":                        false, "Did deployment 4108 succeed, yes or no?": false,
		"deploy orders-api": false, "did it fail? deploy it again": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"did anyone deploy orders-api tonight?":            {"list_deployments"},
		"when did we last ship docs-search?":               {"list_deployments", "describe_app"},
		"when did the last spicepod change go out on etl?": {"list_deployments"},
		// Held: one deployment is still get_deployment's, and deploying now create_deployment's.
		"why did deploy 4412 fail?":               {"get_deployment"},
		"Did deployment 4108 succeed, yes or no?": {"get_deployment", "wait_for_deployment"},
		"redeploy docs-search":                    {"create_deployment"},
	})
}

// TestR67SelectionSQLColumn: a SQL statement's column "name" ("WHERE name = 'x'", "(name)",
// "s.name") is syntax, as a model reads it, not delete_secret's parameter "name". Before round 67
// "DELETE FROM apps WHERE name = 'summer-sale-2025';" ranked delete_secret first.
func TestR67SelectionSQLColumn(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "nam", map[string]bool{
		"DELETE FROM apps WHERE name = 'summer-sale-2025';": false,
		"INSERT INTO apps (name) VALUES ('promo-engine');":  false, "SELECT s.name FROM secrets s": false,
		"DELETE FROM apps WHERE name='x'": false,
		"what name does the secret have":  true, "delete the app by name": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"DELETE FROM apps WHERE name = 'summer-sale-2025';": {"delete_app"},
		// Held: a SQL row of a secret or a member is still theirs.
		"DELETE FROM members WHERE username = 'jdoe';": {"remove_member"},
	})
}

// TestR67SelectionLastChanged: a change after "last" or in a question of when ("when it last
// changed", "when was it updated?") is the time of the last change, as a model reads it, not the
// verb that changes a value; get_secret's own "when it last changed" reads so too, so "change the
// value of PG_PASS" meets set_secret's verb only. Before round 67 "change the value of PG_PASS"
// and "change the db password on orders-api" ranked get_secret first, and "Is FCM_SERVER_KEY still
// set on push-notifications, and when was it updated?" set_secret.
func TestR67SelectionLastChanged(t *testing.T) {
	listed := catalogue(t)
	for i, d := range Docs(listed) {
		if d.Name == "get_secret" && (!strings.Contains(ToolText(listed[i]), "last changed") || slices.Contains(d.Terms, "chang")) {
			t.Errorf("get_secret's terms %q: want its \"last changed\" read as a time", d.Terms)
		}
	}
	ix := NewIndex(Docs(listed))
	r65QueryHas(t, ix, "modifi", map[string]bool{
		"when was it last rotated?": true, "when was it updated?": true, "when it last changed": true,
		"change the value of PG_PASS": false, "I changed the secret an hour ago": false,
		"when you can, update the password": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"change the value of PG_PASS":                                                 {"set_secret"},
		"change the db password on orders-api":                                        {"set_secret"},
		"Is FCM_SERVER_KEY still set on push-notifications, and when was it updated?": {"get_secret", "list_secrets"},
		// Held: when a secret last changed is still get_secret's, and rotating keys still rotates.
		"when was STRIPE_KEY on checkout last rotated?": {"get_secret", "list_secrets"},
		"rotate the API keys of orders-api":             {"rotate_api_keys"},
	})
}

// Round 67's held-out part (91 requests in four voices: raw HTTP and curl calls against the
// Management API, a developer's stand-up update, a logistics company's dispatch operations, a
// forum question in the style of Stack Overflow) was written before any change of round 67 and
// scored once before it: 84.6 % / 94.5 % (77 and 86 of 91, MRR 0.902), the whole 1,947 87.0 % /
// 96.9 % (1,693 and 1,886, MRR 0.920). After round 67's readings, each tried on the parts through
// round 66 only (a clause of purpose or time about a person says why or when; the login in "is
// dpatel an admin?" is a person's; "who am I" and "which user … is signed in as" ask who I am;
// "Spice itself" names the platform; giving someone access invites them; "did anyone deploy x?"
// asks for the record; a SQL column "name" is a label; a change after "last" or in a question of
// when is a time, in get_secret's text too; no description changed: tools/list 141.1 tokens a
// tool, 5,362; 143.6 under --confirm=agent) it reads the same 84.6 % / 94.5 % (77 and 86, MRR
// 0.902): the readings neither helped nor hurt the voices they were not tried on. The 1,856
// through round 66 read 88.6 % / 97.3 % (1,644 and 1,806, MRR 0.930; 87.1 % / 97.0 % before),
// and the whole 88.4 % / 97.2 % of 1,947 (1,721 and 1,892, MRR 0.928): 163 first and 42 top-3
// places over issue 13's line, which TestToolSelection holds on the whole corpus (lineHeldThrough
// 67). Losing four first places or three top-3 places of the whole, or four first or three top-3
// places of round 67's part, fails.
const (
	r67MinTop1    = 88.20
	r67MinTop3    = 97.05
	r67NewMinTop1 = 80.5
	r67NewMinTop3 = 91.5
)

// TestR67SelectionMargin holds the margin on the whole corpus and on round 67's held-out part, and
// tools/list's cost. It prints the figures of every part:
//
//	go test ./bench/selection -v -run TestR67SelectionMargin
func TestR67SelectionMargin(t *testing.T) {
	selectionMargin{
		round:   67,
		minTop1: r67MinTop1, minTop3: r67MinTop3,
		newMinTop1: r67NewMinTop1, newMinTop3: r67NewMinTop3,
		minNewRequests:   80,
		maxTokensPerTool: r60MaxTokensPerTool,
	}.hold(t)
}
