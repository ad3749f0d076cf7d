package selection

import (
	"slices"
	"testing"
)

// TestR72SelectionHTTPCalls: an HTTP call of the Management API reads as the request it makes
// (httpCalls): GET a collection lists it, GET one item shows it, PATCH changes, DELETE deletes,
// POST creates or does the action its path ends in; the host and "/v1" are left out. Before round
// 72 "curl -s https://api.spice.ai/v1/apps/412 | jq .spicepod — what does that print right now?"
// ranked create_app first (get_app 7th), "PATCH /v1/apps/412 {"replicas": 4}" list_apps
// (update_app 6th), "curl -X DELETE https://api.spice.ai/v1/apps/377" check_health (delete_app
// 6th), "GET /v1/apps/412/deployments?limit=10" get_limits, "GET /v1/apps/412/secrets" get_secret
// and "GET /v1/orgs/members" get_member.
func TestR72SelectionHTTPCalls(t *testing.T) {
	for call, want := range map[string]string{
		"GET /v1/apps/412/secrets":                        "list secrets",
		"GET /v1/apps/412/deployments?limit=10":           "list deployments limit 10",
		"curl -s https://api.spice.ai/v1/apps/412 | jq":   "show app 412 | jq",
		"curl -X DELETE https://api.spice.ai/v1/apps/377": "delete app 377",
		"PATCH /v1/apps/412 {}":                           "change app 412 {}",
		"POST /v1/apps/377/resume":                        "resume app",
		"POST /v1/apps/412/api-keys/regenerate":           "regenerate api key",
		"POST /v1/orgs/members":                           "create new member",
		"GET /health":                                     "show health",
		"DELETE FROM members WHERE username = 'tcole'":    "DELETE FROM members WHERE username = 'tcole'",
		"link it to https://github.com/acme/orders":       "link it to https://github.com/acme/orders",
	} {
		if got := httpCalls(call); got != want {
			t.Errorf("httpCalls(%q) = %q, want %q", call, got, want)
		}
	}
	ix := NewIndex(Docs(catalogue(t)))
	if got := ix.QueryTerms("curl -X DELETE https://api.spice.ai/v1/apps/377"); slices.Contains(got, "ai") || slices.Contains(got, "spic") {
		t.Errorf("QueryTerms keeps the host: %q", got)
	}
	r62RanksFirst(t, ix, map[string][]string{
		"curl -s https://api.spice.ai/v1/apps/412 | jq .spicepod — what does that print right now?": {"get_app", "describe_app"},
		`PATCH /v1/apps/412 {"replicas": 4}`:              {"update_app"},
		"curl -X DELETE https://api.spice.ai/v1/apps/377": {"delete_app"},
		"GET /v1/apps/412/deployments?limit=10":           {"list_deployments"},
		"GET /v1/apps/412/secrets":                        {"list_secrets"},
		"GET /v1/orgs/members":                            {"list_members"},
		// Held: the calls that ranked right before.
		"GET /v1/apps — just give me what that returns for our org.":                  {"list_apps"},
		"POST /v1/apps/412/deployments — kick off a new one.":                         {"create_deployment"},
		`POST /v1/orgs/members {"username": "tnguyen", "roles": ["member"]}`:          {"add_member"},
		"PUT /v1/apps/412/secrets/MAPBOX_TOKEN with the new token.":                   {"set_secret"},
		"POST /v1/apps/412/api-keys/regenerate — the secondary key leaked in a log.":  {"regenerate_api_key", "rotate_api_keys"},
		"curl -X DELETE https://api.spice.ai/v1/apps/412/secrets/LEGACY_FTP_PASSWORD": {"delete_secret"},
		"GET /health — is the management API up?":                                     {"check_health"},
		`PATCH /v1/orgs/members/jchen {"roles": ["member"]} — take his admin away.`:   {"update_member_roles"},
	})
}
