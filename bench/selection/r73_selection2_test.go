package selection

import "testing"

// TestR73Selection2RegionTo: a region code after "to" in a clause that changes something is the
// value the app's region is set to (regionTo): update_app's region, which an update sets and the
// next deployment moves the app to (README, TestRegionUpdateMovesWithTheNextDeployment); eu-west-1
// is no region the API takes, which update_app refuses naming the field. Before, "set orders-api's
// region to eu-west-1" ranked list_apps first (5.35 vs 4.85), as did "change the region of
// orders-api to eu-west-1" (5.35 vs 5.25) and "move orders-api to us-west-2" (6.02; update_app 4th).
func TestR73Selection2RegionTo(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "west", map[string]bool{
		"set orders-api's region to eu-west-1": false,
		"move orders-api to us-west-2":         false,
		// Held: a place asked of, an app made there, no change.
		"which apps are running in us-west-2?":  true,
		"create an app in us-west-2 called geo": true,
		"what's the way to us-west-2?":          true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"set orders-api's region to eu-west-1":                     {"update_app"},
		"change the region of orders-api to eu-west-1":             {"update_app"},
		"move orders-api to us-west-2":                             {"update_app"},
		"switch orders-api over to us-east-1, closer to the users": {"update_app"},
		// Held: the apps in a region are listed, a new app is created in one, regions are listed.
		"which apps are running in us-east-1?":  {"list_apps"},
		"create an app in us-west-2 called geo": {"create_app", "create_and_deploy_app"},
		"which regions can we host apps in?":    {"list_regions"},
		"move this to Europe":                   {"list_regions", "update_app"},
	})
}

// TestR73Selection2ConnectedAsked: "is orders-api connected to github?" asks whether it is
// (connectedAsked), what the app deploys from, its configuration (get_app's; the API shows no
// repository link, only the production branch, which get_app and describe_app give), not to link
// it. Before it ranked get_app 39th (connect_repository 7.07, get_app 0.00).
func TestR73Selection2ConnectedAsked(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "connect", map[string]bool{
		"is orders-api connected to github?":                       false,
		"connect orders-api to github":                             true,
		"orders-api is connected to github, right? then deploy it": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"is orders-api connected to github?": {"get_app", "describe_app"},
		// Held: a link asked for, the repository given.
		"connect orders-api to github":                                    {"connect_repository"},
		"hook docs-search up to the acme/docs repo, branch main":          {"connect_repository"},
		"Link payments to GitHub repository acme/payments on branch prod": {"connect_repository"},
	})
}

// TestR73Selection2PickedUpFix: what a redeploy picks up is a change taken in (pickedUpFix), the
// spicepod fix a change, not get_deployment's fix for a failed rollout. Before, "[deploy] Trigger a
// new deployment of pass-scanners to pick up the spicepod fix" ranked get_deployment first (7.55
// vs 7.51).
func TestR73Selection2PickedUpFix(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "fix", map[string]bool{
		"[deploy] Trigger a new deployment of pass-scanners to pick up the spicepod fix": false,
		"the deploy failed, what's the fix?":                                             true,
		"I picked it. Fix the deploy":                                                    true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"[deploy] Trigger a new deployment of pass-scanners to pick up the spicepod fix": {"create_deployment"},
		// Held: a failed deployment's fix is get_deployment's.
		"deploy 9902 failed, what's the fix?": {"get_deployment"},
	})
}

// TestR73Selection2HowManyAndWhat: a count and a value asked together of one app ("how many
// replicas is x running, and on what runtime version?") are its configuration and settings
// (howManyAndWhat), as "what runtime version and how many replicas is x on?" is. Before it ranked
// list_instances first (6.21; get_app 3rd, 5.32).
func TestR73Selection2HowManyAndWhat(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "setting", map[string]bool{
		"How many replicas is lift-status running, and on what runtime version?": true,
		"how many replicas is orders-api running?":                               false,
		"how many apps do we have, and which are paused?":                        false,
		"how many instances are up on orders-api, and which are failing?":        false,
		"How many replicas is lift-status on, and what version?":                 true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"How many replicas is lift-status running, and on what runtime version? The board froze twice on Saturday.": {"get_app", "describe_app"},
		// Held: replicas to set are changed; the instances up now are listed.
		"Scale lift-status to 4 replicas":                          {"update_app"},
		"which instances of lift-status are up or down right now?": {"list_instances"},
	})
}

// TestR73Selection2NightlyRun: "the nightly deploy" is the one that runs each night (nightlyRun),
// not the nightly channel create_deployment takes. Before, "The nightly deploy of the patient
// portal — deployment 5520 — what state is it in now?" ranked create_deployment first (4.21 vs
// 3.90).
func TestR73Selection2NightlyRun(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "nightly", map[string]bool{
		"The nightly deploy of the patient portal — deployment 5520 — what state is it in now?": false,
		"deploy orders-api on the nightly channel":                                              true,
		"switch orders-api to nightly":                                                          true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"The nightly deploy of the patient portal — deployment 5520 — what state is it in now?": {"get_deployment", "wait_for_deployment"},
		// Held: the nightly channel deployed to or moved to.
		"deploy orders-api on the nightly channel":   {"create_deployment"},
		"move timetable-sync to the nightly channel": {"update_app"},
	})
}

// TestR73Selection2WhoAsUser: the user a session is authenticated as (whoAs) is the account the
// server runs as (whoAsUser, whoami's "Account"), not a member. Before, "[WARN] MCP session token
// owner unknown — action: show which user and org this connection is authenticated as" ranked
// list_members first (4.43; whoami 3rd, 4.08).
func TestR73Selection2WhoAsUser(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "user", map[string]bool{
		"[WARN] MCP session token owner unknown — action: show which user and org this connection is authenticated as": false,
		"show which user owns the org":       true,
		"which user is deploying as ci-bot?": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"[WARN] MCP session token owner unknown — action: show which user and org this connection is authenticated as": {"whoami"},
		"[question] Which user and org is this MCP connection authenticated as?":                                       {"whoami"},
		// Held: the people of the org, one user's role.
		"show the users in our org":       {"list_members"},
		"what role does user pkhan have?": {"get_member"},
	})
}
