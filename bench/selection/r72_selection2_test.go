package selection

import (
	"slices"
	"testing"
)

// TestR72Selection2CreateThenDeploy: creating an app and deploying it in one request asks for both
// steps, a launch (createThenDeploy), create_and_deploy_app's one call, though the request names a
// channel's value ("nightly") that create_deployment's text lists. Before round 72's second helper
// "Here's the spicepod for the new shader-cache-stats app plus its Perforce token: create it,
// deploy it and tell me once it's live, we need it for tonight's nightly." ranked create_deployment
// first (11.77 vs 11.25) and "create the nightly-etl app and deploy it right away" create_app (4.65;
// create_and_deploy_app 4th, 3.92).
func TestR72Selection2CreateThenDeploy(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "launch", map[string]bool{
		"create the nightly-etl app and deploy it right away":                               true,
		"create it, deploy it and tell me once it's live":                                   true,
		"create inventory-sync from this spicepod, then deploy it":                          true,
		"please create a new deployment of orders-api":                                      false,
		"create an app named promo-engine without deploying it":                             false,
		"create the reports app but don't deploy it yet":                                    false,
		"deploy orders-api, then create a fork of it":                                       false,
		"create the app. Then deploy orders-api":                                            false,
		"create the app | Deploy: later":                                                    false,
		"When I create the app search-v2 from this spicepod with its secrets and deploy it": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Here's the spicepod for the new shader-cache-stats app plus its Perforce token: create it, deploy it and tell me once it's live, we need it for tonight's nightly.": {"create_and_deploy_app"},
		"create the nightly-etl app and deploy it right away":      {"create_and_deploy_app"},
		"create inventory-sync from this spicepod, then deploy it": {"create_and_deploy_app"},
		// Held: an empty app, and a redeploy on a channel.
		"create an app named promo-engine without deploying it": {"create_app"},
		"create the reports app but don't deploy it yet":        {"create_app"},
		"redeploy orders-api with the nightly channel":          {"create_deployment"},
	})
}

// TestR72Selection2RoleStripped: stripping or relieving someone of a role demotes them
// (roleStripped), update_member_roles', not a look at their role nor their removal. Before round
// 72's second helper "strip owner from mchen, keep admin" ranked get_member first (6.46 vs 5.88),
// "strip the owner role from jlee" get_member (6.42 vs 5.95) and "Kindly relieve Mrs. Ashdown,
// username mashdown, of her owner role; she may remain an ordinary member." get_member
// (update_member_roles 3rd).
func TestR72Selection2RoleStripped(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "demot", map[string]bool{
		"strip the owner role from jlee":                                    true,
		"Kindly relieve Mrs. Ashdown, username mashdown, of her owner role": true,
		"strip the comments out of the spicepod and update the app":         false,
		"strip it. The owner is away":                                       false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"strip the owner role from jlee":                  {"update_member_roles"},
		"strip owner from mchen, keep admin":              {"update_member_roles"},
		"strip admin from the ci-bot account":             {"update_member_roles"},
		"relieve okim of the admin role, she moved teams": {"update_member_roles"},
		// Held: a removal, a role looked at, a role given.
		"remove jlee from the org": {"remove_member"},
		"is jlee an admin?":        {"get_member"},
		"give jlee admin":          {"update_member_roles"},
	})
}

// TestR72Selection2WhatCanDo: what a person can do, or is allowed to do, is their permissions
// (permissionsOf), get_member's; what I can do is who I am (whoami's role and scopes); and in "is
// priya allowed to delete things?" the verb is asked of, not done. Before round 72's second helper
// "what can jlee do here?" read only the login (no tool above 0) and "is priya allowed to delete
// things? what's she set up as?" ranked delete_app first (get_member not scored).
func TestR72Selection2WhatCanDo(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "permiss", map[string]bool{
		"what can jlee do here?":                             true,
		"is priya allowed to delete apps?":                   true,
		"what can we do about the failing deploy?":           false,
		"is it allowed to have two apps with the same name?": false,
		"what can I do in this org?":                         false,
	})
	r65QueryHas(t, ix, "delet", map[string]bool{
		"is priya allowed to delete apps?": false,
		"delete the apps priya made":       true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"what can jlee do here?":                                   {"get_member"},
		"is priya allowed to delete things? what's she set up as?": {"get_member"},
		"is priya allowed to delete apps?":                         {"get_member"},
		"what can I do in this org?":                               {"whoami"},
		// Held: the member lines round 71 named.
		"is jlee an admin?":      {"get_member"},
		"who am I signed in as?": {"whoami"},
		"give jlee admin":        {"update_member_roles"},
	})
}

// TestR72Selection2Inherited: a project one has inherited or taken over is one to catch up on
// (inherited), describe_app's "catch up on", as "how's the orders project doing?" asks what's going
// on (howDoing). Before round 72's second helper "I inherited the churn project, what even is it?"
// and "how's the orders project doing?" ranked delete_app first (1.75 vs 1.68: "project" alone).
func TestR72Selection2Inherited(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "goingon", map[string]bool{
		"how's the orders project doing?":           true,
		"how is geo-search doing after the deploy?": true,
		"how do I create an app?":                   false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"I inherited the churn project, what even is it?":                 {"describe_app", "get_app"},
		"I inherited the billing app from a colleague, where do I start?": {"describe_app", "get_app"},
		"I've taken over orders-api this week, bring me up to speed":      {"describe_app", "get_app"},
		"how's the orders project doing?":                                 {"describe_app"},
		"how is geo-search doing after the deploy?":                       {"describe_app"},
		// Held.
		"how do I create an app?":  {"create_app"},
		"delete the churn project": {"delete_app"},
	})
}

// TestR72Selection2VisibilityNow: "is orders-api public or private right now?" asks which of the two
// an app is, its settings (visibilityNow), get_app's, not create_app's visibility to choose.
// "Should this new app be public or private?" is read as asked before making one: it is a choice
// made when creating (create_app's visibility, "Default private"), and stays create_app's. Before
// round 72's second helper "is orders-api public or private right now?" ranked create_app first
// (3.98 vs 3.70) and "Is the ticketing app set to public or private right now? …" create_app (6.15
// vs 6.09, list_apps 2nd).
func TestR72Selection2VisibilityNow(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "setting", map[string]bool{
		"is orders-api public or private right now?":     true,
		"is the ticketing app set to public or private?": true,
		"should this new app be public or private?":      false,
		"make orders-api private":                        false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"is orders-api public or private right now?": {"get_app", "describe_app"},
		"Is the ticketing app set to public or private right now? Previews start tomorrow and the comp list must not be visible.": {"get_app", "describe_app"},
		"is the geo-search app currently private or public?":                                                                      {"get_app", "describe_app"},
		// Held: a choice when creating, a change, and many apps.
		"should this new app be public or private?": {"create_app", "create_and_deploy_app"},
		"make orders-api private":                   {"update_app"},
		"are the staging apps public or private?":   {"list_apps"},
	})
}

// TestR72Selection2AppliedTo: applying an edit or a file to an app's configuration changes it
// (appliedTo), update_app's, not a request to show the configuration. Before round 72's second
// helper "in Cursor, I edited spicepod.yaml locally, apply it to the docs-search app's config"
// ranked get_app first (5.39 vs 5.01).
func TestR72Selection2AppliedTo(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "chang", map[string]bool{
		"apply it to the docs-search app's config": true,
		"apply these edits to orders-api":          true,
		"how do I apply for a bigger plan?":        false,
		"show me the config of orders-api":         false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"in Cursor, I edited spicepod.yaml locally, apply it to the docs-search app's config": {"update_app"},
		"apply these edits to orders-api":                                      {"update_app"},
		"I tweaked the replicas in this yaml, apply it to geo-search's config": {"update_app"},
		// Held: the configuration shown, and a plan's limits.
		"show me the spicepod yaml of docs-search": {"get_app", "describe_app"},
		"how do I apply for a bigger plan?":        {"get_limits"},
	})
}

// TestR72Selection2OpenTo: an app "open to everyone" or "to the internet" is public (openTo), the
// visibility's word, not list_members' "everyone with access"; and "is x open to everyone?" asks
// for its settings (visibilityNow). Before round 72's second helper "What settings does our
// ordering app have? Is it open to everyone or only to us?" ranked list_members first (3.80 vs
// 3.18) and "security review: anything we host that's open to the internet?" list_regions (2.92 vs
// 2.81).
func TestR72Selection2OpenTo(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "public", map[string]bool{
		"is it open to everyone?":                       true,
		"anything we host that's open to the internet?": true,
		"the door is open to suggestions":               false,
		"who is in the org? everyone?":                  false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"What settings does our ordering app have? Is it open to everyone or only to us?": {"get_app", "describe_app"},
		"security review: anything we host that's open to the internet?":                  {"list_apps"},
		"is geo-search open to everyone?":                                                 {"get_app", "describe_app"},
		"which apps are open to the public?":                                              {"list_apps"},
		// Held: everyone with access is the members.
		"show me everyone with access to our org": {"list_members"},
	})
}

// TestR72Selection2OrgWhere: when one member is named ("the customs-bot account", "the account
// svc-legacy", "user mbeck"), "in our organization" is where they are (orgWhere), not a request for
// the organization's people (list_members). Before round 72's second helper "What role does the
// customs-bot account have in our organization?" ranked list_members first (7.11 vs 6.19) and "Does
// the account svc-legacy hold admin in the organization? It had no MFA during testing."
// list_members (7.53 vs 6.23).
func TestR72Selection2OrgWhere(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "organiz", map[string]bool{
		"What role does the customs-bot account have in our organization?": false,
		"what roles does user mbeck have in the organization?":             false,
		"which users in our organization are admins?":                      true,
		"who is in the organization?":                                      true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"What role does the customs-bot account have in our organization?":                          {"get_member"},
		"Does the account svc-legacy hold admin in the organization? It had no MFA during testing.": {"get_member"},
		"which roles does the deploy-bot account hold in the organization?":                         {"get_member"},
		// Held: the organization's people.
		"which users in our organization are admins?": {"list_members"},
		"who is in the organization?":                 {"list_members"},
	})
}

// TestR72Selection2ViewShows: "view" with its object ("view the config", "view them") is to be
// shown (viewShows); "only able to view" is the read-only viewer role's. The line it was written
// for still ranks first: "jo should only be able to view, change her role" (update_member_roles).
func TestR72Selection2ViewShows(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "show", map[string]bool{
		"view the config of orders-api":      true,
		"view them for etl":                  true,
		"jo should only be able to view":     false,
		"app config replicas image tag view": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"view the spicepod of orders-api": {"get_app", "describe_app"},
		"view the instance logs of etl":   {"get_instance_logs"},
		// Held.
		"jo should only be able to view, change her role": {"update_member_roles"},
	})
}

// TestR72Selection2DeployAgain: deploying an app again is a redeploy (deployAgain),
// create_deployment's, not a new app's first deploy nor a look at its configuration. Before round
// 72's second helper "Once the reviewers sign off, deploy genomics-search again so the new datasets
// go live." ranked create_and_deploy_app first (6.04 vs 5.64) and "Deploy standings-feed again with
// the current config, the scores froze." describe_app (4.41 vs 1.80).
func TestR72Selection2DeployAgain(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "redeploy", map[string]bool{
		"deploy it again please":                      true,
		"deploy orders-api again, the cache is stale": true,
		"deploy a new app and again set the secret":   false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Once the reviewers sign off, deploy genomics-search again so the new datasets go live.": {"create_deployment"},
		"Deploy standings-feed again with the current config, the scores froze.":                 {"create_deployment"},
		"deploy orders-api again, the cache is stale":                                            {"create_deployment"},
		// Held: a new app deployed.
		"deploy this spicepod as a new app called geo-tiles and wait until it's live": {"create_and_deploy_app"},
	})
}

// TestR72Selection2AgentsOwn: the account or credentials the agent itself uses are who I am
// (agentsOwn), whoami's, and a tool the user cannot see is a hidden one (toolUnseen), whoami's "why
// tools are hidden". Before round 72's second helper "whose credentials are you using?" ranked
// delete_secret first (2.31 vs 2.21), "Which account is this agent using to talk to Spice Cloud?
// I don't want to change the live store by mistake." check_health (whoami 3rd), and "why can't I
// see the delete tool?" delete_app (whoami 3rd).
func TestR72Selection2AgentsOwn(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "whoami", map[string]bool{
		"whose credentials are you using?":              true,
		"which account is this agent using?":            true,
		"which key is this app using?":                  false,
		"what credentials is the orders-api app using?": false,
	})
	r65QueryHas(t, ix, "hidden", map[string]bool{
		"why can't I see the delete tool?": true,
		"I don't see any deploy tools":     true,
		"I can't see the orders-api app":   false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"whose credentials are you using?": {"whoami"},
		"Which account is this agent using to talk to Spice Cloud? I don't want to change the live store by mistake.": {"whoami"},
		"whose token are you using right now?": {"whoami"},
		"why can't I see the delete tool?":     {"whoami"},
		"I don't see any deploy tools":         {"whoami"},
		// Held: an app's own keys and credentials are its secrets.
		"what credentials is the orders-api app using?": {"list_secrets"},
	})
}

// TestR72Selection2NeverUsed: "never used it" says why a thing goes, as "no longer" does
// (neverUsed), not delete_secret's "a stale credential no longer used". Before round 72's second
// helper "delete my old test app hello-spice, never used it" ranked delete_secret first (7.32 vs
// 4.94).
func TestR72Selection2NeverUsed(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "used", map[string]bool{
		"delete my old test app, never used it": false,
		"remove the secret nobody used":         true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"delete my old test app hello-spice, never used it": {"delete_app"},
		"we never use the staging app, delete it":           {"delete_app"},
		// Held.
		"delete the secret OLD_KEY, never used it": {"delete_secret"},
		"remove the secret nobody used":            {"delete_secret"},
	})
}

// TestR72Selection2RestCall: a call to the Management API is read as the call it is (restCall):
// its method the verb (GET shows, PATCH updates, DELETE deletes; curl without -X GETs), its path's
// last resource what it acts on, a collection at the end many, one with an ID after it one; the
// version, host, query string and curl's flags are syntax. Before round 72's second helper "PATCH
// /v1/apps/412 {"replicas": 4}" ranked list_apps first (update_app 6th), "curl -X DELETE
// https://api.spice.ai/v1/apps/377" check_health (delete_app 6th), "curl -s
// https://api.spice.ai/v1/apps/412 | jq .spicepod — what does that print right now?" create_app
// (get_app 7th), "GET /v1/apps/412/deployments?limit=10" get_limits, "GET /v1/apps/412/secrets"
// get_secret (list_secrets 4th) and "GET /v1/orgs/members" get_member (list_members 6th).
func TestR72Selection2RestCall(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	if got := ix.QueryTerms("curl -X DELETE https://api.spice.ai/v1/apps/377"); slices.Contains(got, "ai") || slices.Contains(got, "spic") {
		t.Errorf("QueryTerms keeps the host: %q", got)
	}
	r65QueryHas(t, ix, "pl:secret", map[string]bool{
		"GET /v1/apps/88/secrets":                                 true,
		"PUT /v1/apps/88/secrets/MAPBOX_TOKEN with the new token": false,
	})
	r65QueryHas(t, ix, "limit", map[string]bool{
		"GET /v1/apps/88/deployments?limit=10": false,
		"what are our plan's limits?":          true,
	})
	r65QueryHas(t, ix, "app", map[string]bool{
		"curl -X DELETE https://api.spice.ai/v1/apps/88/secrets/OLD_KEY": false,
		"curl -X DELETE https://api.spice.ai/v1/apps/88":                 true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"PATCH /v1/apps/412 {\"replicas\": 4}":                                                      {"update_app"},
		"curl -X DELETE https://api.spice.ai/v1/apps/377":                                           {"delete_app"},
		"curl -s https://api.spice.ai/v1/apps/412 | jq .spicepod — what does that print right now?": {"get_app", "describe_app"},
		"GET /v1/apps/412/deployments?limit=10":                                                     {"list_deployments"},
		"GET /v1/apps/412/secrets":                                                                  {"list_secrets"},
		"GET /v1/orgs/members":                                                                      {"list_members"},
		// Held: the calls that ranked right before (round 72's first helper's TestR72SelectionHTTPCalls, folded here).
		"GET /v1/apps — just give me what that returns for our org.":                 {"list_apps"},
		"POST /v1/apps/412/deployments — kick off a new one.":                        {"create_deployment"},
		"PUT /v1/apps/412/secrets/MAPBOX_TOKEN with the new token.":                  {"set_secret"},
		"POST /v1/apps/412/api-keys/regenerate — the secondary key leaked in a log.": {"regenerate_api_key", "rotate_api_keys"},
		"GET /health — is the management API up?":                                    {"check_health"},
		`PATCH /v1/orgs/members/jchen {"roles": ["member"]} — take his admin away.`:  {"update_member_roles"},
		"GET /v1/apps/88/secrets":                                                    {"list_secrets"},
		"curl https://api.spice.ai/v1/apps/88/deployments/1203":                      {"get_deployment"},
		"DELETE /v1/orgs/members/okim":                                               {"remove_member"},
		// Held: one made by POST, and a secret deleted by name.
		"POST /v1/apps/88/deployments": {"create_deployment"},
		"curl -X DELETE https://api.spice.ai/v1/apps/412/secrets/LEGACY_FTP_PASSWORD": {"delete_secret"},
		"POST /v1/orgs/members {\"username\": \"tnguyen\", \"roles\": [\"member\"]}":  {"add_member"},
		"DELETE FROM secrets WHERE name = 'OLD_KEY'":                                  {"delete_secret"},
	})
}

// TestR72Selection2RoleChanges: moving someone from one role to another changes their roles
// (rolesFromTo), and a role someone should have is one to grant (shouldBeRole), both
// update_member_roles'. Before round 72's second helper "# TODO: drop deploy-bot from owner to
// member once the migration is done" ranked remove_member first (update_member_roles 3rd) and
// "bob should be an admin now" get_member (3.23 vs 2.94).
func TestR72Selection2RoleChanges(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "grant", map[string]bool{
		"bob should be an admin now":          true,
		"she needs to be an owner of the org": true,
		"bob should be a member of the org":   false,
		"is bob an admin?":                    false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"# TODO: drop deploy-bot from owner to member once the migration is done": {"update_member_roles"},
		"move jo from viewer to admin":                                            {"update_member_roles"},
		"bob should be an admin now":                                              {"update_member_roles"},
		"she needs to be an owner of the org":                                     {"update_member_roles"},
		// Held: a role asked about, and a removal.
		"is jo an admin or a viewer?":  {"get_member"},
		"drop deploy-bot from the org": {"remove_member"},
	})
}

// TestR72Selection2TokenPermissions: what the token or API key in use may do is who I am
// (tokenPermissions), whoami's scopes, not a member's permissions. Before round 72's second helper
// "what permissions does my token have?" ranked get_member first (3.70 vs 2.67) and "what scopes
// does this api key have" get_api_keys (whoami 4th).
func TestR72Selection2TokenPermissions(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r62RanksFirst(t, ix, map[string][]string{
		"what permissions does my token have?": {"whoami"},
		"what scopes does this api key have":   {"whoami"},
		"which scopes does this api key have?": {"whoami"},
		"what access does my session have?":    {"whoami"},
		// Held: a member's permissions.
		"what permissions does jlee have?": {"get_member"},
	})
}

// TestR72Selection2CostPurpose: "to save money", "to lower the bill" say why (costPurpose), not
// set_secret's "save" nor the plan's limits; and "keep its config" is what a pause keeps
// (round 72's first helper's kept: pause_app's "kept" reads "keep"), pause_app's "Configuration, secrets and keys are kept", not a request to see
// them. Before round 72's second helper "reduce replicas on the analytics app to 1 to lower the
// bill" ranked get_limits first (update_app 3rd), "Pending the regulator's review, pause
// marketing-profiles but keep its config — we may need it back." describe_app (pause_app 4th) and
// "Pause the cryo-em-pilot app over the summer break; we want to keep its config and secrets for
// the fall." describe_app (pause_app 3rd).
func TestR72Selection2CostPurpose(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "sav", map[string]bool{
		"shrink it to save money":                       false,
		"save the new token on orders-api as API_TOKEN": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"reduce replicas on the analytics app to 1 to lower the bill":                                             {"update_app"},
		"scale geo-search down to 2 replicas to cut costs":                                                        {"update_app"},
		"Pending the regulator's review, pause marketing-profiles but keep its config — we may need it back.":     {"pause_app"},
		"Pause the cryo-em-pilot app over the summer break; we want to keep its config and secrets for the fall.": {"pause_app"},
		"pause orders-api over the weekend but keep its secrets":                                                  {"pause_app"},
		// Held.
		"save the new token on orders-api as API_TOKEN":      {"set_secret"},
		"what are our plan limits? I want to lower the bill": {"get_limits"},
		"keep an eye on the deploy":                          {"wait_for_deployment"},
	})
}

// TestR72Selection2SummaryParts: "a one-page summary of x: its settings, recent deployments and
// …" asks for one overview (summaryParts), describe_app's, the list after the colon saying what it
// holds, not for the list of deployments or secrets. Before round 72's second helper "Subject:
// permits-portal status — Hi Sam, can you send me a one-page summary of permits-portal: its
// settings, recent deployments and whether anything's failing? Thanks" ranked list_deployments
// first, "Before the polls close, give me a one-page rundown of the live-blog app: its config, the
// last deployments and whether anything failed." list_deployments (describe_app 3rd), "Our
// auditor wants a single summary of eu-crm: configuration, deployment history and which secrets it
// holds." list_secrets, and "Before the sale goes live, give me the whole picture of catalog-sync:
// its settings, latest deployments and which secrets it has." create_deployment (describe_app 3rd).
func TestR72Selection2SummaryParts(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "overview", map[string]bool{
		"a one-page rundown of the live-blog app: its config and deployments": true,
		"Summary: list the secrets on orders-api":                             false,
		"picture this: every secret on orders-api":                            false,
	})
	r65QueryHas(t, ix, "pl:deploy", map[string]bool{
		"a one-page summary of permits-portal: its settings, recent deployments": false,
		"summarize the deployments of orders-api":                                true,
		"list the deployments of orders-api: I need a summary":                   true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Subject: permits-portal status — Hi Sam, can you send me a one-page summary of permits-portal: its settings, recent deployments and whether anything's failing? Thanks": {"describe_app", "get_app"},
		"Before the polls close, give me a one-page rundown of the live-blog app: its config, the last deployments and whether anything failed.":                                 {"describe_app", "get_app"},
		"Our auditor wants a single summary of eu-crm: configuration, deployment history and which secrets it holds.":                                                            {"describe_app", "get_app"},
		"Before the sale goes live, give me the whole picture of catalog-sync: its settings, latest deployments and which secrets it has.":                                       {"describe_app", "get_app"},
		"give me a rundown of orders-api: its settings, the last deployments and its secrets":                                                                                    {"describe_app"},
		// Held: the list itself, asked for.
		"list the deployments of orders-api: I need a summary": {"list_deployments"},
		"which deployments failed? give me a summary":          {"list_deployments"},
		"a summary of the secrets of orders-api, please":       {"list_secrets"},
		"Summary: list the secrets on orders-api":              {"list_secrets"},
		"list the last deployments of live-blog":               {"list_deployments"},
	})
}

// TestR72Selection2AppExists: whether an app of a name exists asks among the existing apps
// (appExistsAlready), list_apps', and "already" there is not list_forks' "exist already" unless a
// copy is named. Before round 72's second helper "is there already an app called
// sales-dashboard?" ranked list_forks first (list_apps 6th) and "Does our company already have an
// app named pricing-engine? Dana wants to know before we make one." list_forks (list_apps 8th).
func TestR72Selection2AppExists(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "already", map[string]bool{
		"is there already an app called billing-v2?":                                false,
		"is there already a fork of orders-api?":                                    true,
		"is there already an app called sales-dashboard? if not, make a copy of it": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"is there already an app called sales-dashboard?":                                                   {"list_apps", "get_app"},
		"Does our company already have an app named pricing-engine? Dana wants to know before we make one.": {"list_apps", "get_app"},
		"is there already an app called billing-v2?":                                                        {"list_apps", "get_app"},
		"do we already have an app named geo-tiles?":                                                        {"list_apps", "get_app"},
		// Held: copies that exist already.
		"is there already a fork of orders-api?":           {"list_forks"},
		"did anyone already make a copy of the sales app?": {"list_forks"},
	})
}

// TestR72Selection2AnsibleState: an Ansible task's "state: present" creates what it names and
// "state: absent" removes it (ansibleVerb); "state:" is the task's key, a label. Before round 72's
// second helper "- name: ensure app inventory-sync exists (state: present, region: us-east-1, no
// deploy)" ranked list_apps first (create_app 3rd) and "- name: ensure user oldintern is not a
// member of the org (state: absent)" add_member (remove_member 4th).
func TestR72Selection2AnsibleState(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "stat", map[string]bool{
		"- name: ensure app geo-tiles exists (state: present)": false,
		"what state is deployment 5520 in?":                    true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"- name: ensure app inventory-sync exists (state: present, region: us-east-1, no deploy)": {"create_app", "create_and_deploy_app"},
		"- name: ensure user oldintern is not a member of the org (state: absent)":                {"remove_member"},
		"- name: ensure app geo-tiles exists (state: present)":                                    {"create_app", "create_and_deploy_app"},
		"- name: ensure app old-beta is gone (state: absent)":                                     {"delete_app"},
		// Held.
		"- name: ensure secret OLD_TOKEN on orders-api is gone (state: absent)": {"delete_secret"},
		"- name: ensure user lmartin is a member of the org (state: present)":   {"add_member"},
	})
}

// r72Selection2Pairs are the pairs most confused before round 72's second helper (round 71's
// report, the 15 at the top, with their counts then), and the most each may be confused after it.
var r72Selection2Pairs = []struct {
	a, b          string
	before, after int
}{
	{"get_app", "update_app", 7, 5},
	{"get_member", "update_member_roles", 7, 2},
	{"get_app", "list_apps", 6, 3},
	{"get_member", "list_members", 6, 2},
	{"connect_repository", "get_app", 5, 3},
	{"create_and_deploy_app", "create_deployment", 5, 2},
	{"get_member", "whoami", 5, 3},
	{"add_member", "get_member", 4, 2},
	{"add_member", "list_members", 4, 1},
	{"create_and_deploy_app", "update_app", 4, 3},
	{"create_app", "get_app", 4, 1},
	{"create_app", "list_apps", 4, 2},
	{"create_deployment", "describe_app", 4, 2},
	{"create_deployment", "update_app", 4, 3},
	{"delete_app", "delete_secret", 4, 2},
}

// TestR72Selection2Confusable holds the pairs round 71 left most confused at their counts after
// round 72's second helper read them apart, and logs them before and after:
//
//	go test ./bench/selection -v -run TestR72Selection2Confusable
func TestR72Selection2Confusable(t *testing.T) {
	corpus, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	// The corpus as round 71 left it: a later part's requests would confuse pairs anew.
	conf := r71Selection2Confusion(r73Testtime13RankerFor(t, catalogue(t)).rank, corpusAsOf(t, corpus, 71))
	for _, p := range r72Selection2Pairs {
		n := conf[r71Selection2Pair(p.a, p.b)]
		t.Logf("  %-22s / %-20s %d → %d", p.a, p.b, p.before, n)
		if n > p.after {
			t.Errorf("%s / %s confused %d times, want at most %d", p.a, p.b, n, p.after)
		}
	}
}

// TestR72Selection2LetIn: letting someone in invites them (letIn), add_member's, and "add user x
// to the organization" adds to the organization, not asks for its people (orgWhere). Before round
// 72's second helper "My new manager Rosa needs to see the ordering app too. How do I let her in?"
// ranked fork_app first (add_member not scored) and "The external DPO needs read access for the
// audit: add user dpo-extern to the organization." list_members (7.09 vs 5.71).
func TestR72Selection2LetIn(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "invit", map[string]bool{
		"How do I let her in?":            true,
		"let the new hire in":             true,
		"let me in, I forgot my password": false,
		"let it run in us-east-1":         false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"My new manager Rosa needs to see the ordering app too. How do I let her in?":                {"add_member"},
		"The external DPO needs read access for the audit: add user dpo-extern to the organization.": {"add_member"},
		"let the new hire in":                     {"add_member"},
		"add user dpo-extern to the organization": {"add_member"},
		// Held.
		"remove jpark from the organization":   {"remove_member"},
		"which users are in the organization?": {"list_members"},
	})
}

// TestR72Selection2Repository: an owner and a repository joined by a slash ("acme/etl") name a
// GitHub repository (ownerRepos), a slash command's subcommand ("/spice link-repo") is its verb
// (slashCommand), both connect_repository's; and a data store's host ("the new postgres host") is
// a value in the spicepod (dataHost), not list_regions' place to host. Before round 72's second
// helper "I want merges to main on acme/etl to drive the spicepod" ranked get_app first (2.79 vs
// 2.42), "wire docs-search to the acme/docs repo so pushes deploy" list_deployments, "/spice
// link-repo fraud-scoring acme/fraud-pod" list_instances (connect_repository not scored), and "The
// co-op switched banks, so the grower-ledger spicepod needs the new database host; please edit it."
// list_regions (update_app 3rd; 2nd after).
func TestR72Selection2Repository(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "repository", map[string]bool{
		"I want merges to main on acme/etl to drive the spicepod": true,
		"hook billing up to acme/billing-pod":                     true,
		"which region, us-east-1/us-west-2?":                      false,
		"should the app be public/private?":                       false,
		"GET /v1/apps/412/secrets":                                false,
	})
	r65QueryHas(t, ix, "host", map[string]bool{
		"the grower-ledger spicepod needs the new database host": false,
		"where can we host the new app?":                         true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"I want merges to main on acme/etl to drive the spicepod": {"connect_repository"},
		"wire docs-search to the acme/docs repo so pushes deploy": {"connect_repository"},
		"/spice link-repo fraud-scoring acme/fraud-pod":           {"connect_repository"},
		"hook billing up to acme/billing-pod":                     {"connect_repository"},
		// Held.
		"where can we host the new app?":          {"list_regions"},
		"/spice delete-secret orders-api OLD_KEY": {"delete_secret"},
	})
	if rank, _ := RankOf(ix.Rank("The co-op switched banks, so the grower-ledger spicepod needs the new database host; please edit it."), []string{"update_app"}); rank > 2 {
		t.Errorf("the grower-ledger database host ranks update_app %d, want the top 2", rank)
	}
}

// Round 72's second helper read the pairs round 71 left most confused apart (the readings of
// apart72.go; no description changed): the 2,292 went from 92.8 % / 98.2 % (2,126 and 2,251, MRR
// 0.955) to 94.9 % / 98.8 % (2,176 and 2,265, MRR 0.969), no part losing a first or a top-3 place
// (round 67's part 90.1 % → 96.7 %, round 71's 96.5 % → 98.8 %); tools/list 141.1 tokens a tool
// (5,363). Losing four first places or three top-3 places of the whole, or of round 71's part
// (98.8 % / 100.0 % of 85), fails.
const (
	r72Selection2MinTop1    = 94.80
	r72Selection2MinTop3    = 98.73
	r72Selection2NewMinTop1 = 95.2
	r72Selection2NewMinTop3 = 97.6
)

// TestR72Selection2Margin holds those figures on the corpus as round 71 left it, and tools/list's
// cost:
//
//	go test ./bench/selection -v -run TestR72Selection2Margin
func TestR72Selection2Margin(t *testing.T) {
	selectionMargin{
		round:   71,
		minTop1: r72Selection2MinTop1, minTop3: r72Selection2MinTop3,
		newMinTop1: r72Selection2NewMinTop1, newMinTop3: r72Selection2NewMinTop3,
		minNewRequests:   80,
		maxTokensPerTool: r60MaxTokensPerTool,
	}.hold(t)
}

// TestR72Selection2BlankApp: "a blank app" is an empty one (blankEmpty), create_app's "a new, empty
// app", and "start over" is to begin again, not resume_app's "start". Before round 72's second
// helper "fine, I'll start over. just make me a blank app called orders-v3, nothing deployed"
// ranked resume_app first (5.23 vs 4.65).
func TestR72Selection2BlankApp(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "empty", map[string]bool{
		"make me a blank app called orders-v3":   true,
		"the embeds are blank after the release": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"fine, I'll start over. just make me a blank app called orders-v3, nothing deployed": {"create_app"},
		"let's start over with a blank project called intake-v2":                             {"create_app"},
		// Held.
		"start orders-api again after the holidays": {"resume_app"},
	})
}

// TestR72Selection2DownToNothing: scaling an app "down to nothing" scales it to zero
// (downToNothing), pause_app's "scale down to zero", not create_app's "nothing deployed"; and "as
// part of our policy" says why (asPartOf), not list_orgs' "part of". Before round 72's second
// helper "scale fraud-scoring down to nothing for now, we'll need it later" ranked create_app first
// (5.29 vs 4.53) and "The intern's contract ended; remove jpark from the organization as part of
// our data-minimisation policy." list_orgs (6.65 vs 6.15).
func TestR72Selection2DownToNothing(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "part", map[string]bool{
		"remove jpark from the organization as part of our policy": false,
		"which orgs am I part of?":                                 true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"scale fraud-scoring down to nothing for now, we'll need it later":                                         {"pause_app"},
		"scale the demo app down to nothing over the weekend":                                                      {"pause_app"},
		"The intern's contract ended; remove jpark from the organization as part of our data-minimisation policy.": {"remove_member"},
		// Held.
		"which orgs am I part of?":                          {"list_orgs"},
		"create an app named scratch with nothing deployed": {"create_app"},
	})
}

// TestR72Selection2VisibilityTo: restricting, switching or flipping an app to private or public
// changes it (visibilityTo), update_app's, as making it private does. Before round 72's second
// helper "Remediation: restrict the app reports-public to private visibility." ranked create_app
// first (update_app 3rd).
func TestR72Selection2VisibilityTo(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r62RanksFirst(t, ix, map[string][]string{
		"Remediation: restrict the app reports-public to private visibility.": {"update_app"},
		"switch orders-api to public":                                         {"update_app"},
		"flip the staging app to private for now":                             {"update_app"},
		// Held: a setting asked about, and one chosen when creating.
		"is the app set to public or private?": {"get_app", "describe_app"},
		"create a private app called intake":   {"create_app", "create_and_deploy_app"},
	})
}
