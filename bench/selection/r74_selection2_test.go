package selection

import "testing"

// Round 74's readings from the weakest earlier parts' misses.

// TestR74SelectionWiseSuffix: "region-wise", "cost-wise" is that noun, "as for regions"
// (wiseSuffix), not a hyphenated name, which the bench leaves out. Before round 74 "where can we
// put a new app, region-wise?" (round 51's) ranked pause_app first (its "put to sleep"; list_regions
// 2nd, 3.11 vs 2.48).
func TestR74SelectionWiseSuffix(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "reg", map[string]bool{
		"where can we put a new app, region-wise?": true,
		"what's our setup region-wise?":            true,
		"where can we put a new app?":              false,
		"deploy the otherwise-unused app":          false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"where can we put a new app, region-wise?": {"list_regions"},
		// Held: a hyphenated app name stays a name; an app paused.
		"pause region-tracker for the weekend": {"pause_app"},
		"which regions can I deploy to?":       {"list_regions"},
	})
}

// TestR74SelectionUserAsks: "The user asks which organizations they have access to.": the user an
// agent relays is the one asking (userAsks), not a member asked about. Before round 74 it (round
// 54's) ranked list_members first (7.09 vs 6.65).
func TestR74SelectionUserAsks(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "user", map[string]bool{
		"The user asks which organizations they have access to.": false,
		"The user wants to know which orgs they belong to.":      false,
		"The user jdoe should be removed from the org.":          true,
		"remove the user jdoe, the user asks for it":             true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"The user asks which organizations they have access to.": {"list_orgs"},
		// Held: the members asked for, a user removed.
		"The user wants to know which members belong to the organization.": {"list_members"},
		"The user jdoe should be removed from the org.":                    {"remove_member"},
	})
}

// TestR74SelectionJoinedElsewhere: to have joined a lab, a company or a firm says who someone is
// (joinedElsewhere), not when they joined the organization (get_member's "when they joined").
// Before round 74 "Dr. Okafor joined the lab this semester; add okafor to our organization." (round
// 65's) ranked get_member first (3.70 vs 3.54).
func TestR74SelectionJoinedElsewhere(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "join", map[string]bool{
		"Dr. Okafor joined the lab this semester; add okafor to our organization.": false,
		"pkhan joined the company on Monday, invite her to our org":                false,
		"when did mchen join the org?":                                             true,
		"pkhan joined the org when?":                                               true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Dr. Okafor joined the lab this semester; add okafor to our organization.": {"add_member"},
		"pkhan joined the company on Monday, invite her to our org":                {"add_member"},
		// Held: when someone joined the org.
		"when did mchen join the org?": {"get_member"},
		"a new person joined the team, how do I give them access to spice? username mlopez": {"add_member"},
	})
}

// TestR74SelectionPlanWords: a membership is a member's, a subscription the plan an account is on
// (planWords), as a model reads a SaaS account's words. Before round 74 "show me bob's membership
// details" (the older part's) ranked get_deployment first (its "details"; get_member 5th) and "how
// many seats are included in our subscription?" (round 56's) matched no tool (get_limits 39th,
// every score 0).
func TestR74SelectionPlanWords(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "plan", map[string]bool{
		"how many seats are included in our subscription?": true,
		"what limits does our subscription have?":          true,
		"how many seats are included?":                     false,
	})
	r65QueryHas(t, ix, "member", map[string]bool{
		"show me bob's membership details": true,
		"show me bob's details":            false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"show me bob's membership details":                 {"get_member"},
		"how many seats are included in our subscription?": {"get_limits"},
		"show the memberships of the org":                  {"list_members"},
		// Held: a theatre's seats are no members; a deployment's details.
		"The lobby display needs the API key of box-office-api to show tonight's seat counts; what is it?": {"get_api_keys"},
		"details of rollout 77": {"get_deployment"},
	})
}

// TestR74SelectionNewerWentOutValueOf: "a newer runtime" asks for the newest (newerIsNewest),
// list_container_images' "the newest to upgrade to"; "what went out to x?" asks for the
// deployments that went out (wentOut), list_deployments' "what went out", not get_deployment's
// "what went wrong"; "what's the value of PG_PASS?" asks of the secret (valueAskedOut), no value
// given to set_secret. Before round 74 "is there a newer runtime with the delta lake connector
// fix?" (round 55's) ranked get_deployment first (its "fix"; list_container_images 3rd), "what
// went out to fraud-scoring yesterday?" (round 52's) get_deployment (a tie at 2.92, broken by
// name) and "what's the value of PG_PASS?" (the older part's) set_secret (9.88 vs 9.65).
func TestR74SelectionNewerWentOutValueOf(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "newest", map[string]bool{
		"is there a newer runtime with the delta lake connector fix?": true,
		"is there a runtime with the delta lake connector fix?":       false,
	})
	r65QueryHas(t, ix, "pl:deploy", map[string]bool{
		"what went out to fraud-scoring yesterday?": true,
		"what went wrong with deploy 2207?":         false,
	})
	r65QueryHas(t, ix, "valu", map[string]bool{
		"what's the value of PG_PASS?":        false,
		"change the value of PG_PASS":         true,
		"set PG_PASS to a new value, please.": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"is there a newer runtime with the delta lake connector fix?": {"list_container_images"},
		"what went out to fraud-scoring yesterday?":                   {"list_deployments"},
		"what's the value of PG_PASS?":                                {"get_secret", "list_secrets"},
		// Held: a failed deployment's fix, what went wrong, a value changed.
		"deploy 9902 failed, what's the fix?":                 {"get_deployment"},
		"what went wrong with the last deploy of docs-search": {"get_deployment", "list_deployments", "describe_app"},
		"change the value of PG_PASS":                         {"set_secret"},
	})
}

// TestR74SelectionCanGo: "the GITHUB_TOKEN on docs-search can go" is the idiom for removing it
// (canGo), the thing before it saying which removal, not a "go" back, live or ahead. Before round
// 74 it (round 50's) ranked get_secret first (connect_repository 2nd, its "github"; delete_secret
// 4th).
func TestR74SelectionCanGo(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "delet", map[string]bool{
		"the GITHUB_TOKEN on docs-search can go": true,
		"the old demo app can go.":               true,
		"the GITHUB_TOKEN on docs-search":        false,
		"can we go back to yesterday's release?": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"the GITHUB_TOKEN on docs-search can go": {"delete_secret"},
		"the old demo app can go.":               {"delete_app"},
		"jdoe has to go, he left":                {"remove_member"},
		// Held: going back is a rollback.
		"can we go back to yesterday's release?":                                    {"rollback_deployment"},
		"Containment: the compromised demo-legacy app must go. Delete it entirely.": {"delete_app"},
	})
}

// TestR74SelectionStatusReport: "status report for checkout", "a sitrep on unit-status" ask how
// one thing stands, an overview (statusReport), describe_app's; a deployment's status report is
// that deployment's. Before round 74 "@spicebot status report for checkout please 🙏" (round 59's)
// ranked get_deployment first, its "status" (describe_app 39th, 0).
func TestR74SelectionStatusReport(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "overview", map[string]bool{
		"@spicebot status report for checkout please 🙏": true,
		"sitrep on unit-status":                         true,
		"deployment status report for 1003":             false,
		"what's the status of deployment 1003?":         false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"@spicebot status report for checkout please 🙏": {"describe_app", "get_app"},
		"status update on orders-api?":                  {"describe_app", "get_app"},
		// Held: one deployment's status.
		"what's the status of deployment 1003?": {"get_deployment", "wait_for_deployment"},
	})
}
