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
