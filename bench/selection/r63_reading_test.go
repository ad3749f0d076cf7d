package selection

import (
	"slices"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR63SelectionSQL: a SQL statement is read as a model reads it: INSERT adds a row, DELETE
// removes one, UPDATE changes one, a SELECT whose WHERE names a row's key (name, username, id)
// gets one, and CURRENT_USER is who the session is; a table's name is plural by convention
// ("FROM members"), not a request for many, when one row is meant. Before round 63 "SELECT roles
// FROM members WHERE username = 'mhale';" ranked list_members first (get_member 3rd), "INSERT INTO
// members …" list_members (add_member 2nd), "DELETE FROM members WHERE username = …" list_members
// (remove_member 3rd), "INSERT INTO secrets …" list_secrets (set_secret 3rd), "SELECT spicepod
// FROM apps WHERE name = …" list_apps (get_app 4th), and "SELECT current_user;" reached no tool.
func TestR63SelectionSQL(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	for query, want := range map[string][]string{
		"SELECT roles FROM members WHERE username = 'mhale';": {"get", "member", "mhal", "pl:rol", "rol", "select", "usernam"},
		"SELECT username, roles FROM members;":                {"list", "member", "pl:member", "pl:rol", "rol", "select", "usernam"},
		"DELETE FROM secrets WHERE name = 'OLD_PAYPAL_KEY';":  {"delet", "key", "old", "paypal", "remov", "secret"},
		"move the apps from staging into the new org, please": {"app", "mov", "new", "org", "pl:app", "pleas", "stag"},
	} {
		if got := ix.QueryTerms(query); !slices.Equal(got, want) {
			t.Errorf("QueryTerms(%q) = %q, want %q", query, got, want)
		}
	}
	r62RanksFirst(t, ix, map[string][]string{
		"SELECT roles FROM members WHERE username = 'mhale';":                                   {"get_member"},
		"INSERT INTO members (username, roles) VALUES ('jpark', 'member');":                     {"add_member"},
		"DELETE FROM members WHERE username = 'temp-helper2';":                                  {"remove_member"},
		"INSERT INTO secrets (app, name, value) VALUES ('promo-engine', 'STRIPE_KEY', '…');":    {"set_secret"},
		"SELECT updated_at FROM secrets WHERE app = 'catalog-sync' AND name = 'SHOPIFY_TOKEN';": {"get_secret"},
		"SELECT spicepod FROM apps WHERE name = 'checkout-recs';":                               {"get_app", "describe_app"},
		"SELECT current_user;": {"whoami"},
		// Many rows: a filter on another column (WHERE app = …) or none lists them.
		"SELECT name FROM secrets WHERE app = 'promo-engine';": {"list_secrets"},
		"SELECT username, roles FROM members;":                 {"list_members"},
		"SELECT * FROM regions;":                               {"list_regions"},
	})
}

// TestR63SelectionNamespaces: in code, the method after the last dot is what is asked, as a model
// reads it; the namespace before it ("sc.Secrets", "spice.apps") is plural by convention, not a
// request for many, unless the method lists. Before round 63 "sc.Secrets.Set(ctx, appID,
// \"REDIS_URL\", value)" ranked list_secrets first (set_secret 2nd), "spice.apps.delete(\"lab-demo\")",
// "client.Apps.Resume(ctx, appID)" and "client.Apps.Update(…)" list_apps.
func TestR63SelectionNamespaces(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	if got := ix.QueryTerms(`sc.Secrets.Set(ctx, "REDIS_URL")`); !slices.Equal(got, []string{"ctx", "redis", "sc", "secret", "set", "url"}) {
		t.Errorf("QueryTerms = %q", got)
	}
	r62RanksFirst(t, ix, map[string][]string{
		`sc.Secrets.Set(ctx, appID, "REDIS_URL", value)`:                                {"set_secret"},
		`spice.apps.delete("lab-demo")`:                                                 {"delete_app"},
		"client.Apps.Resume(ctx, appID)":                                                {"resume_app"},
		`client.Apps.Update(ctx, id, UpdateParams{Replicas: 2, Visibility: "private"})`: {"update_app"},
		// A List method asks for many.
		"client.Orgs.List(ctx)": {"list_orgs"},
		"spice.regions.list()":  {"list_regions"},
	})
}

// TestR63SelectionListTitles: a list tool's title is its name in words ("List organizations"),
// as plural as its name, so a request for many organizations meets list_orgs as one for many
// orgs does. Before round 63 "Which organizations can this token reach?" and "Our provider
// block needs the org; which organizations can my account use?" ranked whoami first (list_orgs
// 3rd): "organizations" stems to "organiz", the name's "orgs" to "org".
func TestR63SelectionListTitles(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	for _, d := range ix.docs {
		if d.Name == "list_orgs" && !slices.Contains(d.Terms, "pl:organiz") {
			t.Errorf("list_orgs's terms lack its title's plural: %q", d.Terms)
		}
	}
	r62RanksFirst(t, ix, map[string][]string{
		"Which organizations can this token reach?":                                   {"list_orgs"},
		"Our provider block needs the org; which organizations can my account use?":   {"list_orgs"},
		"like kubectl config get-contexts: which organizations does my account have?": {"list_orgs"},
	})
}

// TestR63SelectionPhrasalVerbs: "set up" is one verb, to configure, as a model reads it, not
// "set" and "up" (which mean a value given and something running); "export" reads data out,
// shows it. Before round 63 "set up single sign-on for our org", a feature the server lacks,
// ranked update_member_roles first ("set", and "up" of "bump up"), a tool that takes access
// away, and "export every API call made with the old token" regenerate_api_key.
func TestR63SelectionPhrasalVerbs(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	for query, want := range map[string][]string{
		"set up SSO, then set it up":   {"configur", "sso"},
		"set the value, is it up?":     {"set", "up", "valu"},
		"Export-SpiceAuditLog, export": {"audit", "log", "show"},
	} {
		if got := ix.QueryTerms(query); !slices.Equal(got, want) {
			t.Errorf("QueryTerms(%q) = %q, want %q", query, got, want)
		}
	}
	for _, query := range []string{"set up single sign-on for our org", "export every API call made with the old token"} {
		first := ix.Rank(query)[0].Name
		if tool, _ := tools.ByName(first); tool.Destructive {
			t.Errorf("%q ranks destructive %s first", query, first)
		}
	}
}

// TestR63SelectionLogIn: "log in" is one verb, to sign in, as a model reads it ("am I logged
// in?" asks who the server is signed in as), not a log's lines. Before round 63 "am I logged
// in?" and "am i even logged in right now" ranked get_instance_logs first (whoami 2nd).
func TestR63SelectionLogIn(t *testing.T) {
	if got := Terms("logged in, log into it; the logs in eu, a log on"); !slices.Equal(got, []string{"login", "login", "log", "eu", "log"}) {
		t.Errorf("Terms = %q", got)
	}
	r62RanksFirst(t, NewIndex(Docs(catalogue(t))), map[string][]string{
		"am I logged in?":               {"whoami", "check_health"},
		"am i even logged in right now": {"whoami", "check_health"},
		// Logs are still logs.
		"show me the logs in orders-api from the last hour": {"get_instance_logs"},
	})
}
