package selection

import (
	"slices"
	"testing"
)

// TestR74Selection3GoAhead: "you can go ahead and deploy" gives leave to deploy (goAhead), not a
// "go" back (rollback_deployment's "go back"). Before it that request ranked rollback_deployment
// first (4.32 vs create_deployment 1.80): a destructive tool first for a plain deploy.
func TestR74Selection3GoAhead(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "go", map[string]bool{
		"you can go ahead and deploy":     false,
		"we went ahead with the release":  false,
		"go back to the last good deploy": true,
		"where did the staging app go?":   true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"you can go ahead and deploy": {"create_deployment"},
		"go ahead and deploy":         {"create_deployment"},
		// Held: a "go back" stays a roll back.
		"go back to the previous deployment of orders-api": {"rollback_deployment"},
	})
}

// TestR74Selection3BringBack: to bring an app back ("bring staging back", "bring it back up") is
// to have it running again (bringBack), resume_app's "start again", unless what is brought back
// is a release ("bring back the old release"), which is a roll back. Before it round 51's "bring
// staging back, QA needs it" ranked rollback_deployment first (4.48 vs resume_app 3.03).
func TestR74Selection3BringBack(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "back", map[string]bool{
		"bring staging back, QA needs it":          false,
		"bring the paused app back up":             false,
		"bring the previous version back":          true,
		"bring back the old release of orders-api": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"bring staging back, QA needs it": {"resume_app"},
		"bring the paused app back up":    {"resume_app"},
		// Held: a release brought back is rolled back to.
		"bring the previous version back":          {"rollback_deployment"},
		"bring back the old release of orders-api": {"rollback_deployment"},
	})
}

// TestR74Selection3NotDestroyed: "stop it for the weekend, don't delete it" says what must not
// happen (notDestroyed), not a request to delete. Before it round 59's "fine, just stop the demo
// app for the weekend, I'm tired of it burning money. don't delete it." ranked delete_app first
// (4.94 vs pause_app 3.60).
func TestR74Selection3NotDestroyed(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "delet", map[string]bool{
		"fine, just stop the demo app for the weekend, I'm tired of it burning money. don't delete it.": false,
		"switch it off without deleting anything":                                                       false,
		"don't delete the app, delete the secret DB_PASS from orders-api":                               true,
		"delete orders-api, it is not needed":                                                           true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"fine, just stop the demo app for the weekend, I'm tired of it burning money. don't delete it.": {"pause_app"},
		// Held: the removal asked for after the one refused.
		"don't delete the app, delete the secret DB_PASS from orders-api": {"delete_secret"},
		"delete orders-api, it is not needed":                             {"delete_app"},
	})
}

// TestR74Selection3RidOfSecret: what is got rid of says which removal (ridOfSecret): "get rid of
// the staging db password" removes a secret, not the app (delete_app's own "get rid of"). Before it
// round 49's request ranked delete_app first (9.21 vs delete_secret 7.18).
func TestR74Selection3RidOfSecret(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "rid", map[string]bool{
		"get rid of the staging db password":                false,
		"get rid of the unused OPENAI_API_KEY secret":       false,
		"get rid of app 102":                                true,
		"get rid of test-app-3, it's junk, its secrets too": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"get rid of the staging db password": {"delete_secret"},
		// Held: an app got rid of, its secrets named in another clause.
		"get rid of app 102": {"delete_app"},
		"get rid of test-app-3, it's junk, its secrets too": {"delete_app"},
	})
}

// r74Selection3Destroys are the tools that destroy or take away what is there: an app, a secret,
// a member's access, the running deployment, an API key.
var r74Selection3Destroys = []string{"delete_app", "delete_secret", "remove_member", "rollback_deployment", "regenerate_api_key", "rotate_api_keys"}

// r74Selection3DestroyKnown are the corpus's requests that destroy nothing yet rank such a tool
// first, recorded with the reason each is left (the test fails when one is fixed, so that the
// list only shrinks).
var r74Selection3DestroyKnown = map[string]string{
	// Workflows whose later step asks for the roll back: the destructive tool is asked for, second.
	"find the failing deploy on etl, read why it failed, then roll it back":     "a later step asks to roll back",
	"3am: check what broke in the last fraud-scoring deploy, then roll it back": "a later step asks to roll back",
}

// TestR74Selection3NoDestroyUnasked: a request of the corpus whose tools destroy nothing must not
// rank a tool that does first: that miss is the worst one, an agent following the ranking would
// delete, roll back or revoke what nobody asked it to. The ones that do now are recorded with a
// reason; a new one fails, and so does a recorded one that no longer does (drop it from the list).
func TestR74Selection3NoDestroyUnasked(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	corpus, err := Corpus()
	if err != nil {
		t.Fatal(err)
	}
	checked, seen := 0, map[string]bool{}
	for _, r := range corpus {
		if len(r.Acceptable) == 0 || slices.ContainsFunc(r.Acceptable, func(name string) bool { return slices.Contains(r74Selection3Destroys, name) }) {
			continue
		}
		checked++
		first := ix.Rank(r.Text)[0].Name
		if !slices.Contains(r74Selection3Destroys, first) {
			continue
		}
		if reason, ok := r74Selection3DestroyKnown[r.Text]; ok {
			seen[r.Text] = true
			t.Logf("corpus.txt:%d %q ranks %s first (recorded: %s)", r.Line, r.Text, first, reason)
			continue
		}
		t.Errorf("corpus.txt:%d %q (for %v) ranks %s first", r.Line, r.Text, r.Acceptable, first)
	}
	for text := range r74Selection3DestroyKnown {
		if !seen[text] {
			t.Errorf("%q no longer ranks a destructive tool first (or left the corpus): drop it from r74Selection3DestroyKnown", text)
		}
	}
	t.Logf("%d requests that destroy nothing checked, %d rank a destructive tool first (recorded)", checked, len(seen))
}
