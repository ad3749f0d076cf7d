package selection

import (
	"slices"
	"testing"
)

// r68DocHas checks, for each tool, whether its document holds the term.
func r68DocHas(t *testing.T, term string, want map[string]bool) {
	t.Helper()
	for _, d := range Docs(catalogue(t)) {
		if w, ok := want[d.Name]; ok && slices.Contains(d.Terms, term) != w {
			t.Errorf("%s's terms hold %q: %v, want %v", d.Name, term, !w, w)
		}
	}
}

// TestR68SelectionOtherNames: the first word a list tool's description gives in brackets after the
// plural it lists ("forks (copies, clones)", "orgs (workspaces)", "credentials (creds)") is another
// name of that plural, as a model reads it: "which workspaces …" asks for the list of orgs as
// "which orgs …" does. Only the first: the words after a comma widen it ("instances (pods,
// replicas, …)": "scale to 3 replicas" asks for no list). Before round 68 "which workspaces am I
// a member of?" ranked remove_member first, "what staging copies exist of orders-api?" fork_app
// and "what env vars does docs-search get?" delete_secret.
func TestR68SelectionOtherNames(t *testing.T) {
	r68DocHas(t, "pl:workspac", map[string]bool{"list_orgs": true, "list_members": false})
	r68DocHas(t, "pl:copy", map[string]bool{"list_forks": true, "fork_app": false})
	r68DocHas(t, "pl:pod", map[string]bool{"list_instances": true})
	r68DocHas(t, "pl:replica", map[string]bool{"list_instances": false, "update_app": false})
	ix := NewIndex(Docs(catalogue(t)))
	r62RanksFirst(t, ix, map[string][]string{
		"which workspaces am I a member of?":               {"list_orgs"},
		"which workspaces do I have access to?":            {"list_orgs"},
		"what staging copies exist of orders-api?":         {"list_forks"},
		"what copies of analytics-app are floating around": {"list_forks"},
		"what env vars does docs-search get?":              {"list_secrets"},
		// Held: a count of replicas is a setting, and one copy is made by fork_app.
		"scale docs-search to 3 replicas":        {"update_app"},
		"make a copy of docs-search for staging": {"fork_app"},
	})
}
