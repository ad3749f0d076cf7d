package selection

import "testing"

// TestR72SelectionVisibilityOf: "is orders-api public or private?" asks for one app's setting, its
// configuration (visibilityOf), as "what region is it in?" does (round 69's valueOf), not to
// create or list apps; a plural subject still asks for many. Before round 72 "is orders-api public
// or private right now?" ranked create_app first (get_app 3rd), "Is the ticketing app set to
// public or private right now? …" create_app (get_app 3rd) and "Is the rsvp-site app public or
// private at the moment? …" create_app (get_app 5th).
func TestR72SelectionVisibilityOf(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "setting", map[string]bool{
		"is orders-api public or private right now?":             true,
		"Is the ticketing app set to public or private?":         true,
		"are our apps public or private?":                        false,
		"make checkout private":                                  false,
		"create a private app called ledger, public later maybe": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"is orders-api public or private right now?": {"get_app", "describe_app"},
		"Is the ticketing app set to public or private right now? Previews start tomorrow and the comp list must not be visible.": {"get_app", "describe_app"},
		"Is the rsvp-site app public or private at the moment? The couple doesn't want guests' names searchable.":                 {"get_app", "describe_app"},
		// Held: which apps are public is a list; making one private changes it; a new
		// private app is created.
		"which of our apps are public?":                {"list_apps"},
		"make checkout private":                        {"update_app"},
		"create a new private app called ledger-stats": {"create_app", "create_and_deploy_app"},
	})
}

// TestR72SelectionMadeVisibleObject: the object of "make" may take three words before "public" or
// "private" ("make the council-minutes app public"): it changes that app's visibility (round 66's
// madeVisible, whose window was two words); a comma ends the clause ("make a new app, private":
// a new app that is private, TestR66SelectionMadePrivate). Before round 72 "Make the
// council-minutes app public so residents can query it." ranked get_api_keys first (update_app
// 2nd), and "Make the rsvp-site app private, the couple asked that nobody outside can see the guest
// list." fork_app (update_app 5th; 2nd now, after fork_app's "see" and "make").
func TestR72SelectionMadeVisibleObject(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "chang", map[string]bool{
		"Make the council-minutes app public so residents can query it.": true,
		"Make the rsvp-site app private, the couple asked":               true,
		"make a new app, private, in us-east-1":                          false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Make the council-minutes app public so residents can query it.": {"update_app"},
		// Held.
		"make a new app, private, in us-east-1": {"create_app", "create_and_deploy_app"},
	})
	if rank, _ := RankOf(ix.Rank("Make the rsvp-site app private, the couple asked that nobody outside can see the guest list."), []string{"update_app"}); rank > 2 {
		t.Errorf("the rsvp-site line ranks update_app %d, want the top 2", rank)
	}
}

// TestR72SelectionCopiesRunning: copies of an app that are running, up or healthy are its
// replicas, its instances (copiesRunning), not forks. Before round 72 "How many copies of
// checkout-recs are actually running right now? …" ranked list_forks first (list_instances 5th),
// "how many copies of the app are actually running right now? is that what "replicas" means?"
// and "How many copies of lift-status are actually running right now, and are they healthy? …"
// list_forks (list_instances 2nd).
func TestR72SelectionCopiesRunning(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "replica", map[string]bool{
		"how many copies of orders-api are up?":                  true,
		"spin up a staging copy of orders-api":                   false,
		"list copies of my project":                              false,
		"duplicate checkout, then run the load test on the copy": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"How many copies of checkout-recs are actually running right now? The checkout page is slow.":                                {"list_instances"},
		"how many copies of the app are actually running right now? is that what \"replicas\" means?":                                {"list_instances"},
		"How many copies of lift-status are actually running right now, and are they healthy? The board at the base lodge is blank.": {"list_instances"},
		// Held: copies made are forks.
		"spin up a staging copy of orders-api":           {"fork_app"},
		"list copies of my project":                      {"list_forks"},
		"which copies of orders-api exist?":              {"list_forks"},
		"make a copy of orders-api called orders-canary": {"fork_app"},
	})
}

// TestR72SelectionKeyExposed: a key pasted or posted somewhere ("pasted the API key in a group
// chat") has leaked (keyExposed), regenerate_api_key's "after a leak", not set_secret's "never in
// the chat"; pasting a value to hand it over ("I'll paste the value in the private page") stays.
// Before round 72 "I accidentally pasted the rsvp-site API key in a group chat with 200 guests.
// Replace that key right away." and "A student pasted demo-live's key on the class chat; replace
// it immediately." ranked set_secret first.
func TestR72SelectionKeyExposed(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "leak", map[string]bool{
		"our secondary key got posted in slack":              true,
		"someone pasted the token on a forum":                true,
		"I'll paste the value in the private page":           false,
		"I pasted the spicepod in the chat above, deploy it": false,
		"what API key should I paste in for feature-store?":  false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"I accidentally pasted the rsvp-site API key in a group chat with 200 guests. Replace that key right away.": {"regenerate_api_key", "rotate_api_keys"},
		"A student pasted demo-live's key on the class chat; replace it immediately.":                               {"regenerate_api_key", "rotate_api_keys"},
		// Held: a value handed over privately is set.
		"@spicebot set OPENAI_API_KEY on standup-bot, I'll paste the value in the private page": {"set_secret"},
		"kubectl create secret for notify-svc: SENDGRID_KEY, I'll paste the value in privately": {"set_secret"},
	})
}

// TestR72SelectionBlankApp: a blank app is an empty one (blankApp), create_app's "a new, empty
// app"; a display that is or goes blank shows nothing. Before round 72 "Set up a new blank app
// called guest-shuttles for the Lake Como wedding; …" ranked list_regions first and "fine, I'll
// start over. just make me a blank app called orders-v3, nothing deployed" resume_app.
func TestR72SelectionBlankApp(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "empty", map[string]bool{
		"create a new, blank app named duty-drawback": true,
		"Can I make a new blank one for my shop?":     true,
		"The board at the base lodge is blank.":       false,
		"the embeds are blank since the release":      false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Set up a new blank app called guest-shuttles for the Lake Como wedding; the spicepod will come once the transport company sends its data.": {"create_app", "create_and_deploy_app"},
		"fine, I'll start over. just make me a blank app called orders-v3, nothing deployed":                                                        {"create_app"},
		// Held: a display gone blank.
		"The live blog broke after tonight's release, the embeds are blank: roll live-blog back to the last good deployment.": {"rollback_deployment", "list_deployments"},
		"What's the status of deployment 7714 of fleet-telemetry? The drivers' app went blank around then.":                   {"get_deployment", "list_deployments"},
	})
}

// TestR72SelectionOnePronoun: "one" standing for a thing named before ("still uses the old one",
// "the other one", "want one") is a pronoun (onePronoun), not regenerate_api_key's "the old ones"
// nor describe_app's "in one go"; a count stays. Before round 72 "I changed the secret an hour ago
// and the app still uses the old one. redeploy notify-svc already!" ranked regenerate_api_key
// first, "How do I rotate an app's API keys without breaking the clients still using the old
// one?" regenerate_api_key and "and the logs for the other one?" list_forks.
func TestR72SelectionOnePronoun(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "one", map[string]bool{
		"make a new one and kill the old one":        false,
		"the screens want one.":                      false,
		"create, deploy and wait in one go":          true,
		"run it on just one of those replica things": true,
		"give me one overview I can paste":           true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"I changed the secret an hour ago and the app still uses the old one. redeploy notify-svc already!": {"create_deployment"},
		"How do I rotate an app's API keys without breaking the clients still using the old one?":           {"rotate_api_keys"},
		"and the logs for the other one?": {"get_instance_logs"},
		// Held: a new key for a leaked one.
		"I accidentally posted our app's key in a Facebook group. Please make a new one and kill the old one right away.": {"regenerate_api_key", "rotate_api_keys"},
		"someone pasted the search app's key in a public gist. kill it and give me a new one NOW":                         {"regenerate_api_key", "rotate_api_keys"},
	})
}

// TestR72SelectionLookUp: "look up" is one verb, to find and show one thing (lookUp), not a look
// and the "up" of a service that is up. Before round 72 "- name: look up the org member ci-bot and
// register its roles" ranked update_member_roles first (get_member 2nd).
func TestR72SelectionLookUp(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "up", map[string]bool{
		"look up user jdoe in our org":        false,
		"here's how you look it up":           false,
		"is orders-api up? look at it please": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"- name: look up the org member ci-bot and register its roles": {"get_member"},
		// Held: the other look-ups ranked right before.
		"Step 4: Look up deployment 5521 and note its status and error code in the incident ticket.":      {"get_deployment"},
		"Given deployment 6620 of checkout-web, When I look it up, Then I see its status and error":       {"get_deployment"},
		"Handover: the clinic's kiosk needs the patient-portal app's API key; here's how you look it up.": {"get_api_keys"},
		"is orders-api up?": {"describe_app", "list_instances"},
	})
}

// TestR72SelectionKept: "kept" is the past of "keep" (readWords), so that keeping an app's
// configuration meets pause_app's "Configuration, secrets and keys are kept". Before round 72
// "Pending the regulator's review, pause marketing-profiles but keep its config — we may need it
// back." ranked describe_app first (pause_app 4th) and "Pause the cryo-em-pilot app over the summer
// break; we want to keep its config and secrets for the fall." describe_app (pause_app 3rd).
func TestR72SelectionKept(t *testing.T) {
	if got := Terms("kept keep"); len(got) != 2 || got[0] != got[1] {
		t.Errorf("Terms(\"kept keep\") = %q, want one stem twice", got)
	}
	ix := NewIndex(Docs(catalogue(t)))
	r62RanksFirst(t, ix, map[string][]string{
		"Pending the regulator's review, pause marketing-profiles but keep its config — we may need it back.":     {"pause_app"},
		"Pause the cryo-em-pilot app over the summer break; we want to keep its config and secrets for the fall.": {"pause_app"},
		// Held: keeping an eye on a rollout waits for it; an app's config asked for is shown.
		"keep an eye on the orders-api rollout and tell me when it's done": {"wait_for_deployment"},
		"it kept timing out all night, show me its logs":                   {"get_instance_logs"},
		"show me the config of marketing-profiles":                         {"get_app", "describe_app"},
	})
}

// Round 72's held-out part (85 requests in four voices: a ski resort's lift operations lead, a
// wedding planner, issue titles in a bug tracker, a craft brewery's head brewer) was written
// before any change of round 72 and scored once before it: 89.4 % / 97.6 % (76 and 83 of 85, MRR
// 0.938), the whole 2,377 92.6 % / 98.2 % (2,202 and 2,334, MRR 0.954). After round 72's readings
// ("is x public or private?", "make the x app private", copies that run, a pasted key, a blank
// app, "one" as a pronoun, HTTP calls, "a summary of x: …", "look up", "kept", "put it online";
// no description changed: tools/list 141.1 tokens a tool, 5,363) it reads 94.1 % / 100.0 % (80
// and 85, MRR 0.969). The 2,292 through round 71 read 93.8 % / 98.5 % (2,151 and 2,258, MRR
// 0.962; 92.8 % / 98.2 % before), no earlier part losing a first or a top-3 place, and the whole
// 2,377 93.9 % / 98.6 % (2,231 and 2,343, MRR 0.962): 329 first and 84 top-3 places over issue
// 13's line, which TestToolSelection holds on the whole corpus (lineHeldThrough 72). Losing four
// first places or three top-3 places of the whole, or four first or three top-3 places of round
// 72's part, fails. Merged with round 72's second helper's readings (where both read the same
// words, public-or-private questions, HTTP calls, summaries and "keep", one reading was kept), the
// whole 2,377 reads 95.3 % / 98.9 % (2,266 and 2,351, MRR 0.971), round 72's part 94.1 % / 100.0 %.
const (
	r72MinTop1    = 95.17
	r72MinTop3    = 98.80
	r72NewMinTop1 = 90.0
	r72NewMinTop3 = 97.0
)

// TestR72SelectionMargin holds the margin on the whole corpus and on round 72's held-out part, and
// tools/list's cost. It prints the figures of every part:
//
//	go test ./bench/selection -v -run TestR72SelectionMargin
func TestR72SelectionMargin(t *testing.T) {
	selectionMargin{
		round:   72,
		minTop1: r72MinTop1, minTop3: r72MinTop3,
		newMinTop1: r72NewMinTop1, newMinTop3: r72NewMinTop3,
		minNewRequests:   80,
		maxTokensPerTool: r60MaxTokensPerTool,
	}.hold(t)
}

// TestR72SelectionPutOnline: "put it online", "put it up" is one verb, to launch it (putOnline),
// not set_secret's "put" of a value; "put it back online" brings it back. Before round 72
// "here's my spicepod, put it online as a new app called geo-search" ranked resume_app first
// ("online again") and "My nephew sent me this spicepod file for a new catering website. Can you
// put it up as a new app and get it running?" set_secret.
func TestR72SelectionPutOnline(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "launch", map[string]bool{
		"put it online as a new app":            true,
		"can you put it up as a new app?":       true,
		"put docs-search back online":           false,
		"put the new token on orders-api, live": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"here's my spicepod, put it online as a new app called geo-search":                                                    {"create_and_deploy_app"},
		"My nephew sent me this spicepod file for a new catering website. Can you put it up as a new app and get it running?": {"create_and_deploy_app", "create_app"},
		// Held: a value put on an app is set; a paused app put back online is resumed.
		"put the new Stripe token on orders-api as STRIPE_KEY": {"set_secret"},
		"put the paused docs-search back online":               {"resume_app"},
	})
}
