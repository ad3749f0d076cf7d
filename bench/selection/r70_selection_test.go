package selection

import "testing"

// TestR70SelectionOthersLogIn: in a question about which people ("who else can log into our
// account?", "who all can sign in?") the logging in is what they have, access, as a model reads
// it, not the login the server runs as (whoami's "logged in"); "which account am I logged in as?"
// stays whoami's. Before round 70 "who else can log into our spice account?" ranked whoami first.
func TestR70SelectionOthersLogIn(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "access", map[string]bool{
		"who else can log into our spice account?": true, "who all can sign in to the org?": true,
		"which account am I logged in as?": false, "log in as the admin": false,
	})
	r65QueryHas(t, ix, "login", map[string]bool{
		"who else can log into our spice account?": false, "which account am I logged in as?": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"who else can log into our spice account?":                          {"list_members"},
		"Who else besides me and my nephew can log into our Spice account?": {"list_members"},
		"Apart from the two of us, who can sign in to our Spice org?":       {"list_members"},
		// Held: my own login is who I am.
		"which account am I logged in as right now?": {"whoami"},
		"who am I logged in as?":                     {"whoami"},
	})
}

// TestR70SelectionValueTaken: a question of what one thing takes in, uses or deploys from ("what
// branch does docs-search deploy from?", "which datasets does the orders app pull from?") asks for
// its configuration, as a model reads it (valueTaken), not to deploy it; a plural no list tool
// lists (datasets) still asks for the one app's configuration, and one a list tool lists ("which
// regions are we in?") for many. Before round 70 "what branch does docs-search deploy from?"
// ranked create_deployment first.
func TestR70SelectionValueTaken(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "configur", map[string]bool{
		"what branch does docs-search deploy from?":              true,
		"which datasets does the orders pipeline app pull from?": true,
		"what datasets does the sales app load?":                 true,
		"which model does the support bot use?":                  true,
		"which datasets is the sales app using?":                 true,
		"what secrets does analytics-app have?":                  false,
		"which regions are we in?":                               false,
		"deploy docs-search from the release branch":             false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"what branch does docs-search deploy from?": {"get_app", "describe_app"},
		// Held: having asks for what there is, and deploying from a branch deploys.
		"what secrets does analytics-app have?":      {"list_secrets"},
		"which regions does Spice offer?":            {"list_regions"},
		"deploy docs-search from the release branch": {"create_deployment"},
	})
}

// TestR70SelectionSummary: a noun in -ary and its verb in -arize or -arise are one word to a model
// ("a summary of x" asks what "summarize x" does: describe_app's "summarize"), so they stem alike.
// Before round 70 "Is loyalty-api in good shape overall? One summary: its config, its latest
// deploys and its secrets." ranked rollback_deployment first.
func TestR70SelectionSummary(t *testing.T) {
	for _, w := range []string{"summary", "summaries", "summarize", "summarise", "summarized", "summarising"} {
		if got := stem(w); got != "summar" {
			t.Errorf("stem(%q) = %q, want %q", w, got, "summar")
		}
	}
	// Held: other words keep their stems.
	for w, want := range map[string]string{"history": "history", "organization": "organiz", "key": "key"} {
		if got := stem(w); got != want {
			t.Errorf("stem(%q) = %q, want %q", w, got, want)
		}
	}
	ix := NewIndex(Docs(catalogue(t)))
	r62RanksFirst(t, ix, map[string][]string{
		"Is loyalty-api in good shape overall? One summary: its config, its latest deploys and its secrets.": {"describe_app", "get_app"},
		"I need a short summary of the churn app for the handover.":                                          {"describe_app", "get_app"},
		// Held.
		"summarize the docs-search app for me": {"describe_app", "get_app"},
	})
}

// TestR70SelectionRemovedFrom: in "remove the old AWS credential from my project" the thing after
// "from" is where the removed thing was, not what is removed, as a model reads it (removedFrom):
// the project adds no "delete" of its own, so delete_secret, not delete_app, is asked for. Before
// round 70 that request ranked delete_app first (8.76 vs 8.60).
func TestR70SelectionRemovedFrom(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "project", map[string]bool{
		"remove the old AWS credential from my project":         false,
		"remove the project old-demo":                           true,
		"take the password from the project and delete the app": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"remove the old AWS credential from my project":      {"delete_secret"},
		"please delete the stale webhook token from the app": {"delete_secret"},
		// Held: the project removed, the user removed from the org.
		"remove the project old-demo, we don't need it anymore": {"delete_app"},
		"remove jdoe from the org":                              {"remove_member"},
	})
}

// TestR70SelectionForGood: "for good" is an idiom, for ever, as a model reads "delete it for good"
// (forGood), not the "good" of rollback_deployment's "previous good deployment"; a good deploy
// is still one. Before round 70 "decommission legacy-reports for good" ranked rollback_deployment
// first.
func TestR70SelectionForGood(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "good", map[string]bool{
		"decommission legacy-reports for good":              false,
		"Then it is gone For Good":                          false,
		"roll orders-api back to the last good deployment":  true,
		"which deploy was the last good one on orders-api?": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"decommission legacy-reports for good":                                                  {"delete_app"},
		"The 2019 exhibition microsite is long gone; delete the old-exhibit-2019 app for good.": {"delete_app"},
		// Held.
		"roll orders-api back to the last good deployment": {"rollback_deployment"},
	})
}

// TestR70SelectionShowUp: "show up" is a phrasal verb, to appear, as a model reads "redeploy it so
// the new fields show up" (showUp), not a request to show something; "show" alone still shows.
// Before round 70 "The curators updated the spicepod; redeploy collections-search so the new
// fields show up." ranked create_app first (create_deployment 3rd).
func TestR70SelectionShowUp(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "show", map[string]bool{
		"redeploy collections-search so the new fields show up": false,
		"the key showed up in a log":                            false,
		"show me the spicepod of docs-search":                   true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"The curators updated the spicepod; redeploy collections-search so the new fields show up.": {"create_deployment"},
		// Held.
		"show me the spicepod of docs-search":                                                    {"get_app", "describe_app"},
		"security(patient-portal): regenerate the secondary API key after it showed up in a log": {"regenerate_api_key", "rotate_api_keys"},
	})
}

// TestR70SelectionRaise: raising a count increases it, as a model reads "raise feature-store to 4
// replicas" (readWords), as update_app's "increase" says. Before round 70 "The nightly DAG's load
// doubled; raise feature-store to 4 replicas." ranked create_deployment first.
func TestR70SelectionRaise(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "increas", map[string]bool{
		"raise feature-store to 4 replicas": true, "we raised it to 3": true, "lower it to 1": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"The nightly DAG's load doubled; raise feature-store to 4 replicas.": {"update_app"},
		"please raise orders-api to 5 replicas":                              {"update_app"},
	})
}

// Round 70's held-out part (85 requests in four voices: a farmers' co-op treasurer, a game
// studio's build engineer, meeting minutes with action items, a law firm's litigation support
// manager) was written before any change of round 70 and scored once before it: 90.6 % / 100.0 %
// (77 and 85 of 85, MRR 0.947), the whole 2,207 90.4 % / 97.9 % (1,995 and 2,160, MRR 0.941).
// After round 70's readings, each tried on the parts through round 69 only ("who else can log
// in?" asks who has access; "what branch does it deploy from?" asks for its configuration;
// "summary" and "summarize" stem alike; in "remove the credential from my project" the project is
// where; "for good" is for ever; "show up" is to appear; raising a count increases it; no
// description changed: tools/list 141.1 tokens a tool, 5,362; 143.6 under --confirm=agent,
// 5,457) it reads the same 90.6 % / 100.0 % (77 and 85, MRR 0.947): the readings neither gained
// nor lost a place on voices they were not tried on. The 2,122 through round 69 read 90.8 % /
// 97.8 % (1,927 and 2,076, MRR 0.943; 90.4 % / 97.8 % before), and the whole 90.8 % / 97.9 % of
// 2,207 (2,004 and 2,161, MRR 0.944): 238 first and 64 top-3 places over issue 13's line, which
// TestToolSelection holds on the whole corpus (lineHeldThrough 70). Losing four first places or
// three top-3 places of the whole, or four first or three top-3 places of round 70's part, fails.
const (
	r70MinTop1    = 90.64
	r70MinTop3    = 97.80
	r70NewMinTop1 = 86.5
	r70NewMinTop3 = 97.0
)

// TestR70SelectionMargin holds the margin on the whole corpus and on round 70's held-out part, and
// tools/list's cost. It prints the figures of every part:
//
//	go test ./bench/selection -v -run TestR70SelectionMargin
func TestR70SelectionMargin(t *testing.T) {
	selectionMargin{
		round:   70,
		minTop1: r70MinTop1, minTop3: r70MinTop3,
		newMinTop1: r70NewMinTop1, newMinTop3: r70NewMinTop3,
		minNewRequests:   80,
		maxTokensPerTool: r60MaxTokensPerTool,
	}.hold(t)
}
