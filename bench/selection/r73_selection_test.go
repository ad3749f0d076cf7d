package selection

import "testing"

// TestR73SelectionAlertAction: a pager alert's one-liner ("[PAGE] P2 x: symptom — action: …") asks
// for its action (alertAction); the symptom before it asks for nothing. Before round 73 "[PAGE] P2
// tide-feed: panic: nil pointer in reader, restarting — action: pull tide-feed runtime logs" ranked
// create_deployment first (its "restart it"), "[ALERT] P2 booking-engine: CPU 95% on all replicas
// for 20 min — action: scale booking-engine to 6 replicas" get_limits (CPU, replicas), "[AUDIT] P3
// user tgrant disabled in SSO but still in spice org — action: remove tgrant from the org"
// add_member and "[WARN] MCP session token owner unknown — action: show which user and org this
// connection is authenticated as" get_member (whoami 2nd; 3rd now, after the members' "show").
func TestR73SelectionAlertAction(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "restart", map[string]bool{
		"[PAGE] P2 tide-feed: panic: nil pointer in reader, restarting — action: pull tide-feed runtime logs": false,
		"[PAGE] P2 tide-feed: OOM loop — action: restart tide-feed":                                           true,
		// Held: the minutes' "Action:" is the whole request; an issue title has no action.
		"Decision: restart tide-feed tonight. Action: Lee.": true,
		"[bug] tide-feed keeps restarting after the deploy": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"[PAGE] P2 tide-feed: panic: nil pointer in reader, restarting — action: pull tide-feed runtime logs":        {"get_instance_logs"},
		"[ALERT] P2 booking-engine: CPU 95% on all replicas for 20 min — action: scale booking-engine to 6 replicas": {"update_app"},
		"[AUDIT] P3 user tgrant disabled in SSO but still in spice org — action: remove tgrant from the org":         {"remove_member"},
		// Held: the alert's deploy ID, a rollback, a page for the platform.
		"[FIRING] deploy 9902 of booking-engine status=failed — action: fetch deployment details and error":     {"get_deployment", "list_deployments"},
		"[PAGE] P1 booking-engine: 5xx 38% since deploy 9910 — action: roll back to last good deployment":       {"rollback_deployment", "list_deployments"},
		"[PAGE] P1 all Spice-hosted apps unreachable — action: check Spice Cloud API health":                    {"check_health"},
		"Action: Priya to pull the list of every app in our Spice org and share it before next week's meeting.": {"list_apps"},
	})
	if rank, _ := RankOf(ix.Rank("[WARN] MCP session token owner unknown — action: show which user and org this connection is authenticated as"), []string{"whoami"}); rank > 3 {
		t.Errorf("the session-owner alert ranks whoami %d, want the top 3", rank)
	}
}

// TestR73SelectionValueNow: "which channel is x on at the moment?", "what region is x in right
// now?" ask for one value as the question without the time does (valueOf), and the values offered
// after it ("stable or nightly?") are what the answer is chosen between (valueChoices), no channel
// to list or deploy. Before round 73 "Which channel is the timetable-sync app on at the moment,
// stable or nightly?" ranked create_deployment first (get_app 4th) and "which update channel is
// analytics-app on right now?" update_app (get_app 2nd).
func TestR73SelectionValueNow(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "configur", map[string]bool{
		"which channel is orders-api on at the moment?": true,
		"what region is checkout in right now?":         true,
		"which regions are we in right now?":            false,
	})
	r65QueryHas(t, ix, "nightly", map[string]bool{
		"Which channel is the timetable-sync app on at the moment, stable or nightly?": false,
		"move timetable-sync to the nightly channel":                                   true,
		"is orders-api on nightly, or stable?":                                         true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Which channel is the timetable-sync app on at the moment, stable or nightly?": {"get_app", "describe_app"},
		"which update channel is analytics-app on right now?":                          {"get_app", "describe_app"},
		// Held: a plural asks for the list; a channel to move to changes the app.
		"which regions are we in right now?":        {"list_apps", "list_regions"},
		"move timetable-sync to the stable channel": {"update_app"},
	})
}

// TestR73SelectionEverythingAbout: "everything about x: its setup, its last deploys …" is a summary
// whose parts follow the colon (summaryParts), as "a summary of x: …" is, and "deploys" is one of
// those parts, deployments read as one. Before round 73 "Give me a summary of the tide-feed app:
// its setup, its last deploys and whether anything's failing." ranked list_deployments first
// (10.43 vs 10.07), as did "Give me everything about the tide-feed app: its setup, its last deploys
// and whether anything's failing." (describe_app 2nd).
func TestR73SelectionEverythingAbout(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "pl:deploy", map[string]bool{
		"Give me a summary of the tide-feed app: its setup, its last deploys and whether anything's failing.": false,
		"Give me everything about the tide-feed app: its setup, its last deploys.":                            false,
		"show me the last deploys of tide-feed":                                                               true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Give me a summary of the tide-feed app: its setup, its last deploys and whether anything's failing.":     {"describe_app"},
		"Give me everything about the tide-feed app: its setup, its last deploys and whether anything's failing.": {"describe_app"},
		// Held: the deploys asked for alone are the list.
		"show me the last deploys of tide-feed":                      {"list_deployments"},
		"List the deploys of berth-bookings over the last fortnight": {"list_deployments"},
	})
}

// TestR73SelectionRoleNotRole: one role in place of another ("a member now, not an admin", "a
// viewer rather than an owner") changes roles (roleNotRole), as "from admin to member" does. Before
// round 73 "pkhan should only be a member now, not an admin; the head wants fewer admins." ranked
// get_member first (6.23 vs 6.10).
func TestR73SelectionRoleNotRole(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "chang", map[string]bool{
		"pkhan should only be a member now, not an admin":     true,
		"make ci-bot a viewer rather than an owner":           true,
		"is pkhan an admin, not just a member?":               false,
		"admins, not members, can delete apps: who are they?": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"pkhan should only be a member now, not an admin; the head wants fewer admins.": {"update_member_roles"},
		"make ci-bot a viewer rather than an owner":                                     {"update_member_roles"},
		// Held: a role asked about, a member added.
		"is pkhan an admin or a member?":                         {"get_member"},
		"add pkhan to the org as a member, not an admin for now": {"add_member"},
	})
}

// TestR73SelectionPickUp: to pick up a change is to take it in (pickUp), not the "up" of a service
// that is up nor of "stand up" a new app; to pick it up where it stopped resumes it. Before round
// 73 "I updated the front-desk spicepod with the new room rates; redeploy it so the kiosks pick
// them up." ranked create_app first (6.33 vs 6.17).
func TestR73SelectionPickUp(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "up", map[string]bool{
		"redeploy it so the kiosks pick them up":             false,
		"redeploy docs-search so it picks up the new secret": false,
		"is docs-search up?":                                 true,
		"stand up a new app for the pipeline":                true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"I updated the front-desk spicepod with the new room rates; redeploy it so the kiosks pick them up.": {"create_deployment"},
		// Held: the lines that picked changes up before.
		"redeploy docs-search so it picks up the new secret":                                                          {"create_deployment"},
		"The new product catalogue dataset is in the spicepod; redeploy catalog-sync so the storefront picks it up.":  {"create_deployment"},
		"Today I'm picking up shipment-eta from Priya, so I need an overview of it: config, recent deploys, secrets.": {"describe_app", "get_app"},
	})
	if rank, _ := RankOf(ix.Rank("the create-and-deploy for geo-search died midway, pick it up where it stopped"), []string{"create_and_deploy_app"}); rank > 2 {
		t.Errorf("the create-and-deploy line ranks create_and_deploy_app %d, want the top 2", rank)
	}
}

// TestR73SelectionShipNoun: a ship after an article, a number or a possessive is a vessel
// (shipNoun), not the verb to ship (deploy). Before round 73 "Scale vessel-tracker to 4 replicas;
// three cruise ships are due in on Saturday." ranked create_deployment first (5.72 vs 4.90).
func TestR73SelectionShipNoun(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "ship", map[string]bool{
		"three cruise ships are due in on Saturday": false,
		"sending two ships to the same berth":       false,
		"Half the ships vanished off the screen":    false,
		"ship the latest spicepod changes":          true,
		"take this spicepod and ship it":            true,
		"when did we last ship docs-search?":        true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Scale vessel-tracker to 4 replicas; three cruise ships are due in on Saturday.": {"update_app"},
		// Held: the verb ships.
		"ship the latest spicepod changes to production": {"create_deployment"},
		"ship orders-api": {"create_deployment"},
	})
}

// TestR73SelectionNewAppLive: a new app made to run in the same sentence ("set it up as a new app
// and get it live") is a launch (newAppLive), as "create it and deploy it" is. Before round 73
// "I've got the spicepod for an exam-seating app: set it up as a new app and get it live before
// the mock exams on Monday." ranked create_deployment first (create_and_deploy_app 3rd).
func TestR73SelectionNewAppLive(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "launch", map[string]bool{
		"set it up as a new app and get it live":                     true,
		"stand up a new app from this manifest and get it running":   true,
		"make a new app called cover-rota. Get it running next week": false,
		"get orders-api running again":                               false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"I've got the spicepod for an exam-seating app: set it up as a new app and get it live before the mock exams on Monday.": {"create_and_deploy_app", "create_app"},
		// Held: an empty new app; an app that exists got running again.
		"Create a new empty app called cover-rota for next term; I'll add the spicepod once the head signs it off.": {"create_app"},
		"get orders-api running again after the pause":                                                              {"resume_app"},
	})
}

// TestR73SelectionValueSettings: a question of one value an app is on, in or takes ("what region is
// x hosted in?", "what datasets does the sales app load?") asks for its configuration and settings,
// get_app's "configuration and settings", as a model reads it (valueOf, which before read only
// "configuration"); its state or status, and the account a thing uses, are no settings
// (notSettings), and the credentials it uses are its secrets, configured but no setting. Before
// round 73 "What region is the booking-engine app hosted in? A guest asked where their data lives."
// and "Which region is the results-map app hosted in? The editors ask whether it is close to our
// readers." ranked list_regions first, "what datasets does the sales app load?" and "which datasets
// does the orders pipeline app pull from?" list_secrets, "What runtime image is crash-reporter on,
// and how many replicas is it set to? …" list_container_images.
func TestR73SelectionValueSettings(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "setting", map[string]bool{
		"what region is the booking-engine app hosted in?": true,
		"what datasets does the sales app load?":           true,
		"which account is this thing using?":               false,
		"what state is deployment 5520 in now?":            false,
		"which regions are we in?":                         false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"What region is the booking-engine app hosted in? A guest asked where their data lives.":                              {"get_app", "describe_app"},
		"Which region is the results-map app hosted in? The editors ask whether it is close to our readers.":                  {"get_app", "describe_app"},
		"what datasets does the sales app load?":                                                                              {"get_app", "describe_app"},
		"which datasets does the orders pipeline app pull from?":                                                              {"get_app", "describe_app"},
		"What runtime image is crash-reporter on, and how many replicas is it set to? The build logs mention an old version.": {"get_app", "describe_app"},
		// Held: the account in use is who I am; regions to host in are listed; a setting to
		// change is changed.
		"which account is this thing using?":            {"whoami"},
		"what credentials is the orders-api app using?": {"list_secrets"}, // configured, a secret
		"quién soy yo? which account is this MCP using": {"whoami"},
		"which regions can we host apps in?":            {"list_regions"},
		"scale orders-api to 3 replicas":                {"update_app"},
	})
	if rank, _ := RankOf(ix.Rank("The nightly deploy of the patient portal — deployment 5520 — what state is it in now?"), []string{"get_deployment", "wait_for_deployment"}); rank > 2 {
		t.Errorf("the deployment-state line ranks get_deployment %d, want the top 2", rank)
	}
}

// TestR73SelectionDoneFor: "done for the week", "finished for the term" say when work stopped
// (doneFor), not that a deployment is done or finished (wait_for_deployment's). Before round 73
// "QA is done for the week, park qa-e2e until Monday." ranked wait_for_deployment first (3.21 vs
// 3.14), the leftover round 72 named.
func TestR73SelectionDoneFor(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "don", map[string]bool{
		"QA is done for the week, park qa-e2e until Monday.": false,
		"tell me when the deploy is done":                    true,
		"is it done? for the record, it's deploy 7781":       true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"QA is done for the week, park qa-e2e until Monday.":              {"pause_app"},
		"Class is finished for the term, so delete student-lab-7 please.": {"delete_app"},
		// Held: a deployment that is done or finished is waited for.
		"watch the orders-api deploy and tell me when it's done": {"wait_for_deployment"},
		"wait until the deployment of docs-search has finished":  {"wait_for_deployment"},
	})
}

// Round 73's held-out part (86 requests in four voices: a harbour master, a school timetabler, a
// pager alert's one-liner, a hotel's night manager) was written before any change of round 73 and
// scored once before it: 86.0 % / 98.8 % (74 and 85 of 86, MRR 0.927), the whole 2,463 95.0 % /
// 98.9 % (2,340 and 2,436, MRR 0.970). After round 73's readings (a pager alert's action, a value
// question "right now" and its offered values, "everything about x: …" and "deploys" as a summary's
// part, one role "not" another, "pick up", a ship as a vessel, a new app got live, a value question
// as asking for settings, "done for the week", two values asked together, "more than one org",
// "is x paused?", "which did we make?"; no description changed: tools/list 141.1 tokens a tool,
// 5,363) it reads 98.8 % / 100.0 % (85 and 86, MRR 0.992); the 2,377 through round 72 read 95.8 % /
// 98.9 % (2,276 and 2,352, MRR 0.974; 95.3 % / 98.9 % before), no earlier part losing a first or a
// top-3 place, and the whole 2,463 95.9 % / 99.0 % (2,361 and 2,438, MRR 0.974). The round's second
// helper's readings (a region code after "to" in a change, "is x connected to github?", a fix
// picked up, "how many replicas is x running, and on what version?", "the nightly deploy", the user
// a session is authenticated as; TestR73Selection2…) bring round 73's part to 100.0 % / 100.0 %
// (86 and 86, MRR 1.000), the 2,377 through round 72 to 95.9 % / 99.0 % (2,280 and 2,353), and the
// whole 2,463 to 96.1 % / 99.0 % (2,366 and 2,439, MRR 0.976): 395 first and 99 top-3 places over
// issue 13's line, which TestToolSelection holds on the whole corpus (lineHeldThrough 73). Losing
// four first places or three top-3 places of the whole, or four first or three top-3 places of
// round 73's part, fails.
const (
	r73MinTop1    = 95.90
	r73MinTop3    = 98.91
	r73NewMinTop1 = 95.4
	r73NewMinTop3 = 97.0
)

// TestR73SelectionMargin holds the margin on the whole corpus and on round 73's held-out part, and
// tools/list's cost. It prints the figures of every part:
//
//	go test ./bench/selection -v -run TestR73SelectionMargin
func TestR73SelectionMargin(t *testing.T) {
	selectionMargin{
		round:   73,
		minTop1: r73MinTop1, minTop3: r73MinTop3,
		newMinTop1: r73NewMinTop1, newMinTop3: r73NewMinTop3,
		minNewRequests:   85,
		maxTokensPerTool: r60MaxTokensPerTool,
	}.hold(t)
}

// TestR73SelectionValuesTogether: two values asked together ("what runtime version and how many
// replicas is x on?", "what channel and image tag is x configured with?") are a question of one
// app's values as one is (valueOf), the replica count asked with "how many" among them. Before
// round 73 "What runtime version and how many replicas is berth-bookings on right now?" ranked
// update_app first (5.63 vs 5.32) and "[question] What channel and image tag is tank-telemetry
// currently configured with?" list_container_images (7.52 vs 7.45).
func TestR73SelectionValuesTogether(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "setting", map[string]bool{
		"What runtime version and how many replicas is berth-bookings on right now?": true,
		"What channel and image tag is tank-telemetry currently configured with?":    true,
		"which regions and clusters are we in?":                                      false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"What runtime version and how many replicas is berth-bookings on right now?":         {"get_app", "describe_app"},
		"[question] What channel and image tag is tank-telemetry currently configured with?": {"get_app", "describe_app"},
		// Held: replicas to set are changed; the runtime versions there are are listed.
		"Scale vessel-tracker to 4 replicas":                                                    {"update_app"},
		"What Spice runtime versions can we choose from? I want the newest before exam season.": {"list_container_images"},
	})
}

// TestR73SelectionMoreThanOne: more than one of a thing is several (moreThanOne), the plural a list
// tool's name has. Before round 73 "am I in more than one org?" ranked rollback_deployment first
// (list_orgs 9th).
func TestR73SelectionMoreThanOne(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "pl:org", map[string]bool{
		"am I in more than one org?":   true,
		"am I in one org or two?":      false,
		"which org am I in right now?": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"am I in more than one org?": {"list_orgs"},
		// Held: "in one go" is describe_app's.
		"give me the whole picture of orders-api in one go": {"describe_app"},
	})
}

// TestR73SelectionPausedAsked: "is churn paused?" asks whether it is (pausedAsked), describe_app's
// "whether paused", not to pause it. Before round 73 it ranked pause_app first (describe_app 3rd).
func TestR73SelectionPausedAsked(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "whether", map[string]bool{
		"is churn paused?":                  true,
		"are any of our apps paused?":       true,
		"pause churn, is that ok?":          false,
		"churn is paused; resume it please": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"is churn paused?": {"describe_app", "list_instances"},
		// Held: a pause asked for, a paused app resumed.
		"pause churn for the weekend":       {"pause_app"},
		"churn is paused; resume it please": {"resume_app"},
	})
}

// TestR73SelectionMadeAsked: "which apps did we create last month?", "which copies of x did we
// make?" ask which exist (madeAsked), a list; the verb is asked of, not done. Before round 73
// "Which copies of brightside-prod did we make for the client's testing?" ranked fork_app first
// (8.69 vs 7.31) and "which apps did we create last month?" list_deployments (list_apps 2nd).
func TestR73SelectionMadeAsked(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "creat", map[string]bool{
		"which apps did we create last month?":    false,
		"which app should I create for the demo?": true,
		"what did you do? create the app again":   true,
		"which region should we create it in?":    true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Which copies of brightside-prod did we make for the client's testing?": {"list_forks"},
		"which apps did we create last month?":                                  {"list_apps"},
		// Held: a copy or an app to make.
		"make a copy of cover-rota called cover-rota-training": {"fork_app"},
		"create an empty app called cover-rota":                {"create_app"},
	})
}
