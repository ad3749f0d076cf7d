package selection

import (
	"slices"
	"testing"
)

// TestR75SelectionTelegram: in a request in capitals ending in "STOP", each "STOP" after a word is
// the telegram's full stop (telegram), and a hyphenated word in capitals is a name. Before round
// 75 "REDEPLOY TURBINE-STATUS NOW STOP" ranked pause_app first (3.14 vs create_deployment 2.87,
// 4th), "status" of the name counting for get_deployment and list_deployments.
func TestR75SelectionTelegram(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "stop", map[string]bool{
		"REDEPLOY TURBINE-STATUS NOW STOP":                  false,
		"LIST SECRETS OF SCADA-BRIDGE STOP NAMES ONLY STOP": false,
		"STOP ORDERS-API FOR THE WEEKEND STOP":              true,
		"MAKE IT STOP":                                      true,
		"redeploy turbine-status now stop":                  true,
		"Redeploy orders-api now STOP":                      true,
	})
	r65QueryHas(t, ix, "status", map[string]bool{
		"REDEPLOY TURBINE-STATUS NOW STOP":      false,
		"WHAT IS THE STATUS OF ORDERS-API STOP": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"REDEPLOY TURBINE-STATUS NOW STOP":                        {"create_deployment"},
		"DEPLOYMENT 902 OF CURTAILMENT-FEED FAILED STOP WHY STOP": {"get_deployment", "list_deployments"},
		// Held: a telegram's first STOP is the verb; a stop asked for in lower case.
		"STOP ORDERS-API FOR THE WEEKEND STOP":                 {"pause_app"},
		"stop orders-api for the weekend, we'll need it later": {"pause_app"},
	})
}

// TestR75SelectionNotStopping: "so the website doesn't stop working" says what a change must
// spare (notStopping), not a stop asked for. Before round 75 "Please change the keys on the
// rota-app the careful way, so the website doesn't stop working while it happens." ranked
// pause_app first (4.40 vs rotate_api_keys 3.98).
func TestR75SelectionNotStopping(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "stop", map[string]bool{
		"Please change the keys on the rota-app the careful way, so the website doesn't stop working while it happens.": false,
		"rotate the keys so the reminder texts don't stop":                                                              false,
		"stop orders-api so it doesn't burn money over the weekend":                                                     true,
		"why won't the deploy stop?":                                                                                    true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Please change the keys on the rota-app the careful way, so the website doesn't stop working while it happens.": {"rotate_api_keys"},
		// Held: a stop asked for, with a purpose clause after it.
		"stop orders-api so it doesn't burn money over the weekend": {"pause_app"},
	})
}

// TestR75SelectionSteppedDown: a person who "has stepped down" has left a post (steppedDown), not
// a thing that is down; and in "remove her from our Spice account" the account is the org
// (accountRemovedFrom, the product's name before it). Before round 75 "The old treasurer,
// jpaige, has stepped down; please remove her from our Spice account." ranked delete_app first
// (4.64; remove_member 4th, 3.98).
func TestR75SelectionSteppedDown(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "down", map[string]bool{
		"The old treasurer, jpaige, has stepped down; please remove her from our Spice account.": false,
		"mfinn stepped down as treasurer, take him out of the org":                               false,
		"step down orders-api to 2 replicas":                                                     true,
		"Is Spice Cloud down?":                                                                   true,
	})
	r65QueryHas(t, ix, "organiz", map[string]bool{
		"please remove her from our Spice account": true,
		"which Spice account am I logged in as?":   false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"The old treasurer, jpaige, has stepped down; please remove her from our Spice account.": {"remove_member"},
		"remove dpatel from our Spice Cloud account":                                             {"remove_member"},
		// Held: a count stepped down, the platform down, the account I am.
		"step down orders-api to 2 replicas":     {"update_app"},
		"Is Spice Cloud down?":                   {"check_health"},
		"which Spice account am I logged in as?": {"whoami"},
	})
}

// TestR75SelectionFallsOver: a program that "keeps falling over" crashes (fallsOver). Before round
// 75 "garage-screens keeps falling over when we load the tyre data; show me what it's printing."
// ranked list_regions first (3.46, "data"; get_instance_logs 3.00).
func TestR75SelectionFallsOver(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "crash", map[string]bool{
		"garage-screens keeps falling over when we load the tyre data; show me what it's printing.": true,
		"the app fell over again last night":   true,
		"the app is over its replica limit":    false,
		"fall back to the previous deployment": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"garage-screens keeps falling over when we load the tyre data; show me what it's printing.": {"get_instance_logs"},
		// Held: a deploy that fell over is asked of by its error.
		"the deploy fell over halfway, what went wrong?": {"get_deployment"},
	})
}

// TestR75SelectionAppositiveRoleWhat: "what role does the head of strategy, pgarcia, have?" asks
// of the person named between commas (appositiveRoleWhat), as round 74's appositiveRole reads
// "is the practice owner, hbell, an owner?". Before round 75 it ranked add_member first (5.33 vs
// get_member 3.24).
func TestR75SelectionAppositiveRoleWhat(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "someon", map[string]bool{
		"What role does the head of strategy, pgarcia, have in our Spice org?": true,
		"what role does the new intern, jdoe, have?":                           true,
		"what role does the app, orders-api, have?":                            false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"What role does the head of strategy, pgarcia, have in our Spice org?": {"get_member"},
		"what role does the new intern, jdoe, have?":                           {"get_member"},
		// Held: a role given, a member added.
		"make the head of strategy, pgarcia, an admin":  {"update_member_roles"},
		"add the head of strategy, pgarcia, to our org": {"add_member"},
	})
}

// TestR75SelectionRoleRange: "from admin to member" changes a role to a lower one, a demotion,
// "from member to admin" a promotion (roleRange). Before round 75 "DOWNGRADE USER TNASH FROM
// ADMIN TO MEMBER STOP" ranked get_member first (11.65 vs update_member_roles 11.04).
func TestR75SelectionRoleRange(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "demot", map[string]bool{
		"DOWNGRADE USER TNASH FROM ADMIN TO MEMBER STOP": true,
		"move jlee from owner to viewer":                 true,
		"move jlee from member to admin":                 false,
		"move orders-api from us-east-1 to eu-west-1":    false,
	})
	r65QueryHas(t, ix, "promot", map[string]bool{"move jlee from member to admin": true})
	r62RanksFirst(t, ix, map[string][]string{
		"DOWNGRADE USER TNASH FROM ADMIN TO MEMBER STOP": {"update_member_roles"},
		"move jlee from member to admin":                 {"update_member_roles"},
		// Held: a region changed, one user's role asked of.
		"move orders-api from us-east-1 to eu-west-1": {"update_app"},
		"IS USER RLEWIS ADMIN OR MEMBER IN ORG STOP":  {"get_member"},
	})
}

// TestR75SelectionSettingAsked: "is the hall-bookings app set to public?" asks which of the two it
// is (visibilitySet), and "what region and how many replicas is turbine-status running with?" a
// value and a count of one app (whatAndHowMany): its configuration and settings. Before round 75
// the first ranked fork_app first (4.76 vs get_app 4.33), the second list_instances (4.31; get_app
// 3rd, 3.39).
func TestR75SelectionSettingAsked(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "setting", map[string]bool{
		"Is the hall-bookings app set to public? I want people to be able to see free dates without logging in.": true,
		"is orders-api private?": true,
		"What region and how many replicas is turbine-status running with? The O&M contractor is asking.": true,
		"make orders-api private":                    false,
		"why is this app public?! make it private":   false,
		"are our apps private?":                      false,
		"what regions and how many apps do we have?": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Is the hall-bookings app set to public? I want people to be able to see free dates without logging in.": {"get_app", "describe_app"},
		"What region and how many replicas is turbine-status running with? The O&M contractor is asking.":        {"get_app", "describe_app"},
		// Held: the setting changed, the apps listed, a complaint that asks for the change.
		"make orders-api private":                                     {"update_app"},
		"why is this app public?! make pricing-api private right now": {"update_app"},
		"are our apps private?":                                       {"list_apps"},
	})
}

// TestR75SelectionPeopleCounted: "how many users do we have in spice?" counts the people there
// are (peopleCounted), list_members'. Round 74 left it ranking add_member first (4.80 vs 2.28).
func TestR75SelectionPeopleCounted(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "peopl", map[string]bool{
		"how many users do we have in spice?":       true,
		"how many members does our org have?":       true,
		"how many members can we have on our plan?": false,
		"how many apps do we have?":                 false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"how many users do we have in spice?": {"list_members"},
		"how many members does our org have?": {"list_members"},
		// Held: a limit asked, the apps counted, a user added.
		"how many members can we have on our plan?": {"get_limits"},
		"how many apps do we have?":                 {"list_apps"},
		"add a user to our spice org":               {"add_member"},
	})
}

// TestR75SelectionToldDone: "stopped working after someone rotated it?? what are the current
// keys": a rotation another person did is told (toldDone), and the keys as they are now are asked
// to be shown (currentKeys). Round 74 left it ranking rotate_api_keys first (5.80; get_api_keys
// 7th), one of TestR74Selection3NoDestroyUnasked's recorded exceptions, now dropped from it.
func TestR75SelectionToldDone(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "rotat", map[string]bool{
		"the key for docs-search stopped working after someone rotated it?? what are the current keys": false,
		"he deleted the key yesterday, what are the current keys?":                                     false,
		"rotate the keys of docs-search":                                                               true,
		"I rotated the keys yesterday, rotate them again":                                              true,
	})
	r65QueryHas(t, ix, "show", map[string]bool{
		"what are the current keys":      true,
		"what's the latest API key?":     true,
		"what are the current replicas?": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"the key for docs-search stopped working after someone rotated it?? what are the current keys": {"get_api_keys"},
		"what's the latest API key of orders-api?":                                                     {"get_api_keys"},
		// Held: a rotation asked for.
		"rotate the keys of docs-search":                  {"rotate_api_keys"},
		"someone leaked the key, regenerate it right now": {"regenerate_api_key", "rotate_api_keys"},
	})
}

// TestR75SelectionGitops: "set up gitops for the churn project" asks for the repository link
// GitOps is (gitops). Round 74 left it ranking get_app first (3.55; connect_repository 4th, 3.17).
func TestR75SelectionGitops(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "repository", map[string]bool{
		"set up gitops for the churn project": true,
		"set up the churn project":            false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"set up gitops for the churn project": {"connect_repository"},
		"we want gitops for orders-api":       {"connect_repository"},
		// Held: a link asked of, an app set up.
		"is orders-api linked to a GitHub repo yet?":      {"get_app", "describe_app"},
		"set up an empty app called churn, no deploy yet": {"create_app", "create_and_deploy_app"},
	})
}

// TestR75SelectionBareDeploy: "deploy", "deploy docs-search", the verb alone, asks to start a
// deployment (bareDeploy), create_deployment's "redeploy", not to wait for one nor to roll one
// back. Round 74 left plain "deploy" ranking create_deployment 1.80, wait_for_deployment 1.78 and
// rollback_deployment 1.73: an undoing tool within 0.07 of a plain deploy. This holds the gap at
// twice rollback_deployment's score or more.
func TestR75SelectionBareDeploy(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "redeploy", map[string]bool{
		"deploy":                        true,
		"deploy docs-search":            true,
		"please deploy it now":          true,
		"deploy 5521 failed, why?":      false,
		"deploy history for orders-api": false,
		"deploy says secret not found":  false,
	})
	for _, q := range []string{"deploy", "deploy docs-search", "please deploy it now"} {
		ranked := ix.Rank(q)
		if ranked[0].Name != "create_deployment" {
			t.Errorf("%q ranks %s first", q, ranked[0].Name)
			continue
		}
		for _, s := range ranked[1:] {
			if s.Name == "rollback_deployment" && ranked[0].Score < 2*s.Score {
				t.Errorf("%q: create_deployment %.2f, rollback_deployment %.2f: want twice or more", q, ranked[0].Score, s.Score)
			}
		}
	}
	r62RanksFirst(t, ix, map[string][]string{
		// Held: a deploy's failure, the history, a roll back.
		"deploy 5521 failed, why?":                {"get_deployment", "list_deployments"},
		"deploy history for orders-api":           {"list_deployments"},
		"roll back the last deploy of orders-api": {"rollback_deployment"},
		"deploy it and wait until it's done":      {"wait_for_deployment", "create_deployment"},
	})
}

// TestR75SelectionReleases: "release the new version of x" as the request's verb deploys
// (releaseImperative); "release 57" is one deployment by its ID (releaseNumber), and Heroku's
// "releases:info" one deployment shown (releasesCommand), as Heroku's releases are deployments
// here. Before round 75 "release the new version of the sales project" ranked rollback_deployment
// first (4.43; create_deployment 3rd, 3.62) and "Show me release 57 of orders-api like heroku
// releases:info would." rollback_deployment (2.32; get_deployment 39th): two of
// TestR74Selection3NoDestroyUnasked's recorded exceptions, now dropped from it.
func TestR75SelectionReleases(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "redeploy", map[string]bool{
		"release the new version of the sales project": true,
		"release it now": true,
		"release 1.4.2 of the runtime, is it out?": false,
		"which release is orders-api on?":          false,
	})
	r65QueryHas(t, ix, "id", map[string]bool{
		"Show me release 57 of orders-api like heroku releases:info would.": true,
		"release 1.4.2 of the runtime, is it out?":                          false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"release the new version of the sales project":                      {"create_deployment"},
		"Show me release 57 of orders-api like heroku releases:info would.": {"get_deployment"},
		// Held: a runtime release, a roll back by Heroku's command.
		"release 1.4.2 of the runtime, is it out?": {"list_container_images"},
		"heroku releases:rollback for orders-api":  {"rollback_deployment"},
		"go back to the previous release":          {"rollback_deployment"},
	})
}

// TestR75SelectionToldOld: "replace the OPENAI_API_KEY on churn" replaces a secret's value
// (replacedNamed); "it's on an old one", "the old one expired" tell what a thing is (oldOneTold);
// "edit the manifest to use the new host", "redeploy so it's used" say what a change is for
// (useAimed). Before round 75 each ranked a destructive tool first, five of
// TestR74Selection3NoDestroyUnasked's recorded exceptions, now dropped from it:
// regenerate_api_key for "runtime logs \"invalid api key for provider openai\", replace the
// OPENAI_API_KEY on churn" (10.46 vs set_secret 9.04), "uh what runtime version is the billing api
// app set to i think it's on an old one" (6.15 vs get_app 5.95), "Put the new Perforce ticket on
// asset-index as P4_TICKET, the old one expired." (6.64) and "edit the project's manifest to use
// the new postgres host" (4.31 vs update_app 4.11); delete_secret for "set up the OPENAI key on
// churn and then redeploy so it's used" (6.84).
func TestR75SelectionToldOld(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "valu", map[string]bool{
		"runtime logs \"invalid api key for provider openai\", replace the OPENAI_API_KEY on churn": true,
		"update the STRIPE_KEY on billing-sync":                                                     true,
		"replace the API key of churn":                                                              false,
	})
	r65QueryHas(t, ix, "old", map[string]bool{
		"uh what runtime version is the billing api app set to i think it's on an old one": false,
		"Put the new Perforce ticket on asset-index as P4_TICKET, the old one expired.":    false,
		"replace the old one, it leaked":         true,
		"revoke the old ones and issue new keys": true,
	})
	r65QueryHas(t, ix, "use", map[string]bool{
		"edit the project's manifest to use the new postgres host":      false,
		"set up the OPENAI key on churn and then redeploy so it's used": false,
		"which image should we use?":                                    true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"runtime logs \"invalid api key for provider openai\", replace the OPENAI_API_KEY on churn": {"set_secret"},
		"uh what runtime version is the billing api app set to i think it's on an old one":          {"get_app", "describe_app"},
		"edit the project's manifest to use the new postgres host":                                  {"update_app"},
		// Held: an old key replaced after a leak, a key regenerated.
		"replace the old one, it leaked":         {"regenerate_api_key", "rotate_api_keys"},
		"revoke the old ones and issue new keys": {"regenerate_api_key", "rotate_api_keys"},
		"replace the API key of churn":           {"regenerate_api_key", "rotate_api_keys"},
	})
	for _, q := range []string{
		"Put the new Perforce ticket on asset-index as P4_TICKET, the old one expired.",
		"set up the OPENAI key on churn and then redeploy so it's used",
	} {
		if first := ix.Rank(q)[0].Name; slices.Contains(r74Selection3Destroys, first) {
			t.Errorf("%q ranks %s first", q, first)
		}
	}
}

// TestR75SelectionGoodAsked: "is my key still good?" asks whether the session's own credential
// works (stillGood), whoami's; "which deploy was the last good one?" looks one up in the history
// (lastGoodAsked). Before round 75 both ranked rollback_deployment first (4.71, whoami 39th; 6.44
// vs list_deployments 4.01), two of TestR74Selection3NoDestroyUnasked's recorded exceptions, now
// dropped from it.
func TestR75SelectionGoodAsked(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "good", map[string]bool{
		"is my key still good?":          false,
		"roll back to the last good one": true,
		"is the deploy still good?":      true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"is my key still good?":                            {"whoami", "check_health"},
		"is our token still valid?":                        {"whoami", "check_health"},
		"which deploy was the last good one on orders-api": {"list_deployments"},
		"which version was the last good one?":             {"list_deployments"},
		// Held: a roll back to the last good one.
		"roll back to the last good one":                {"rollback_deployment"},
		"go back to the last good deploy of orders-api": {"rollback_deployment"},
	})
}

// TestR75SelectionOtherLanguages: a request mixing another language's request verbs with English
// is read with them in English (otherLanguages). Before round 75 round 54's "warte bis das
// deployment fertig ist, then tell me" ranked create_deployment first (1.80 vs
// wait_for_deployment 1.78), "quiero borrar la app test-old, ya no la usamos" describe_app (0.50;
// delete_app 3rd), "borra el secret SLACK_TOKEN de orders-api" get_secret (4.46; delete_secret
// 3rd) and "crée une nouvelle app appelée geo-fr, vide, sans deploy" create_deployment (create_app
// 7th).
func TestR75SelectionOtherLanguages(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "delet", map[string]bool{
		"borra el secret SLACK_TOKEN de orders-api": true,
		"bitte lösche die app test-old":             true,
		"supprime le secret OLD_KEY de orders-api":  true,
		"show the secrets of orders-api":            false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"warte bis das deployment fertig ist, then tell me":       {"wait_for_deployment"},
		"quiero borrar la app test-old, ya no la usamos":          {"delete_app"},
		"borra el secret SLACK_TOKEN de orders-api":               {"delete_secret"},
		"crée une nouvelle app appelée geo-fr, vide, sans deploy": {"create_app"},
		"bitte erstelle eine app namens geo-de, ohne deploy":      {"create_app"},
		// Held: English requests and the mixed ones that already ranked first.
		"bitte zeig mir die logs von orders-api": {"get_instance_logs"},
		"zeig mir die forks von docs-search":     {"list_forks"},
		"delete the app test-old":                {"delete_app"},
	})
}

// TestR75SelectionPlatformWords: Heroku's dynos are replicas and its "ps:scale" scales them,
// "regen" is regenerate (platformWords), and "fais", "haz", "mach" are "make" (otherLanguages).
// Before round 75 round 57's "Scale orders-api to 4 dynos, like heroku ps:scale web=4." ranked
// list_instances first (3.75, "ps" read as process; update_app 3.30), round 55's "keys regen
// orders-api --secondary" get_api_keys (5.23 vs regenerate_api_key 4.69) and round 54's "fais un
// fork de l'app orders-api pour tester" list_forks (6.15 vs fork_app 5.57).
func TestR75SelectionPlatformWords(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "replica", map[string]bool{
		"Scale orders-api to 4 dynos, like heroku ps:scale web=4.": true,
		"how many dynos is orders-api running?":                    true,
		"scale orders-api":                                         false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Scale orders-api to 4 dynos, like heroku ps:scale web=4.":       {"update_app"},
		"keys regen orders-api --secondary":                              {"regenerate_api_key"},
		"fais un fork de l'app orders-api pour tester, name orders-test": {"fork_app"},
		// Held: the dynos running counted, the keys shown, the forks listed.
		"how many dynos is orders-api running?": {"list_instances"},
		"keys show orders-api --secondary":      {"get_api_keys"},
		"zeig mir die forks von docs-search":    {"list_forks"},
	})
}

// Round 75's held-out part (86 requests, 83 scored, in four voices: a race engineer, telegrams in
// capitals, a parish administrator, a wind farm's control-room operator) was written and committed
// before any change of round 75 and scored once before it: 90.4 % / 97.6 % (75 and 81 of 83, MRR
// 0.944), the whole 2,638 96.59 % / 99.17 % (2,548 and 2,616, MRR 0.979). After round 75's readings
// (a telegram's STOP and names in capitals, "so it doesn't stop", "has stepped down", "keeps
// falling over", "what role does the head of strategy, pgarcia, have?", "from admin to member",
// "is x set to public?", "what region and how many replicas is x running with?", "our Spice
// account" after a removal; no description changed: tools/list 141.1 tokens a tool, 5,363) it
// reads 100.0 % / 100.0 % (83 and 83), no earlier part losing a first or a top-3 place. With round
// 74's left misses ("how many users do we have?", "someone rotated it", "set up gitops", a bare
// "deploy" twice the roll back's score), nine of TestR74Selection3NoDestroyUnasked's twelve
// recorded exceptions ("release the new version", "release 57", "replace the OPENAI_API_KEY", "an
// old one", "to use the new host", "so it's used", "is my key still good?", "which deploy was the
// last good one?"), mixed-language and other platforms' words (borrar, warte, crée, dynos,
// ps:scale, regen), "when it finished" and "kill that key" read, the whole 2,638 reads 97.61 % /
// 99.43 % (2,575 and 2,623, MRR 0.985): 464 first and 116 top-3 places over issue 13's line, which TestToolSelection holds on the whole
// corpus (lineHeldThrough 75). Losing four first places or three top-3 places of the whole, or
// four first or three top-3 places of round 75's part, fails (2,571 of 2,638 is 97.46 %, 2,620
// 99.32 %; 79 of 83 95.18 %, 80 96.39 %).
const (
	r75MinTop1    = 97.48
	r75MinTop3    = 99.34
	r75NewMinTop1 = 96.0
	r75NewMinTop3 = 97.0
)

// TestR75SelectionMargin holds the margin on the whole corpus and on round 75's held-out part, and
// tools/list's cost. It prints the figures of every part:
//
//	go test ./bench/selection -v -run TestR75SelectionMargin
func TestR75SelectionMargin(t *testing.T) {
	selectionMargin{
		round:   75,
		minTop1: r75MinTop1, minTop3: r75MinTop3,
		newMinTop1: r75NewMinTop1, newMinTop3: r75NewMinTop3,
		minNewRequests:   85,
		maxTokensPerTool: r60MaxTokensPerTool,
	}.hold(t)
}

// TestR75SelectionPastFinishKilledKey: when a thing finished, in the past, asks a time of the
// record (whenItFinished), not to wait; a key killed or revoked is made invalid (keyKilled),
// regenerate_api_key's "invalidating". Before round 75 round 69's "Can you look up deployment 7781
// of the digitisation-queue app and tell me its status and when it finished?" ranked
// wait_for_deployment first (7.30 vs get_deployment 7.11), and round 51's "bob copied the
// secondary key to his laptop before leaving, kill that key" get_api_keys (5.23 vs
// regenerate_api_key 4.69).
func TestR75SelectionPastFinishKilledKey(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "finish", map[string]bool{
		"Can you look up deployment 7781 of the digitisation-queue app and tell me its status and when it finished?": false,
		"when did deployment 7781 finish?":                     false,
		"watch the release and report back when it's finished": true,
		"tell me when it finishes":                             true,
		"tell me when deployment 7781 is finished":             true,
	})
	r65QueryHas(t, ix, "invalid", map[string]bool{
		"bob copied the secondary key to his laptop before leaving, kill that key": true,
		"revoke the secondary key of orders-api":                                   true,
		"kill the app":                                                             false,
		"delete the STRIPE_KEY secret":                                             false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Can you look up deployment 7781 of the digitisation-queue app and tell me its status and when it finished?": {"get_deployment"},
		"when did deployment 7781 finish?":                                         {"get_deployment"},
		"bob copied the secondary key to his laptop before leaving, kill that key": {"regenerate_api_key", "rotate_api_keys"},
		// Held: a wait until it's finished, an app killed, a secret deleted.
		"watch the release and report back when it's finished": {"wait_for_deployment"},
		"tell me when deployment 7781 is finished":             {"wait_for_deployment"},
		"kill the app":                 {"delete_app"},
		"delete the STRIPE_KEY secret": {"delete_secret"},
	})
}
