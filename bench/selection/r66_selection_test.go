package selection

import "testing"

// TestR66SelectionAddedIsAdd: "added" and "adding" are forms of "add", as a model reads "needs to
// be added to the organization" (add_member); the stemmer cut the double letter of a three-letter
// stem ("added" → "ad"), so the word met no tool. get_member's text no longer says "(added)" for
// when someone joined, and "added" after "was" or "were" is that: someone joined (wasAdded).
// Before round 66 "Our new iOS contractor, mwong, needs to be added to the organization." ranked
// add_member unranked (score 0, get_member first) and "The new on-call engineer, rsingh, needs to
// be added to the hospital's Spice organization while I'm out." 6th (list_container_images first).
func TestR66SelectionAddedIsAdd(t *testing.T) {
	for in, want := range map[string]string{
		"added": "add", "adding": "add", "add": "add", "adds": "add",
		// Held: a longer stem still loses its double letter.
		"running": "run", "logged": "log", "dropped": "drop", "stopped": "stop",
	} {
		if got := stem(in); got != want {
			t.Errorf("stem(%q) = %q, want %q", in, got, want)
		}
	}
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "join", map[string]bool{
		"when was alex added to the org?": true, "were they added last week": true,
		"needs to be added to the organization": false, "add alex to the org": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"Our new iOS contractor, mwong, needs to be added to the organization.":                                   {"add_member"},
		"The new on-call engineer, rsingh, needs to be added to the hospital's Spice organization while I'm out.": {"add_member"},
		// Held: when someone joined is still one member's detail.
		"when was alex added to the org?": {"get_member"},
		"members add jdoe":                {"add_member"},
	})
}
