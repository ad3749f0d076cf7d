package selection

import (
	"slices"
	"strings"
	"testing"
)

// TestR64SelectionWhoAsksForPeople: "who has access", "who all can log in", "who on the team can
// get into" ask which people, the organization's members, as a model reads them; "who am I" does
// not. Before round 64 "who all can log into our spice org?" and "who has access to our spice
// account and at what level?" ranked whoami first ("log in", "account"), "Who on the team can get
// into the store's Spice org? …" list_container_images.
func TestR64SelectionWhoAsksForPeople(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	for query, want := range map[string]bool{
		"who all can log into our spice org?": true, "Who has access?": true, "who else is in here": true,
		"who am I?": false, "whose credentials are these?": false, "with who triggered them": false,
	} {
		if got := slices.Contains(ix.QueryTerms(query), "peopl"); got != want {
			t.Errorf("QueryTerms(%q) has people: %v, want %v", query, got, want)
		}
	}
	r62RanksFirst(t, ix, map[string][]string{
		"who all can log into our spice org?":                                                                  {"list_members"},
		"who has access to our spice account and at what level?":                                               {"list_members"},
		"Who on the team can get into the store's Spice org? I need the list before the seasonal staff start.": {"list_members"},
		// Held: who I am is still whoami.
		"wait, which account am I logged in with here?": {"whoami"},
		"who am I logged in as?":                        {"whoami"},
	})
}

// TestR64SelectionRemovingAThing: removing an app deletes it and removing a secret deletes it, as a
// model reads "remove the app" (delete_app), not remove_member, whose name says "remove". Before
// round 64 "please remove completely the app test123, we not use it" ranked remove_member first,
// "apps rm legacy-reports" remove_member (delete_app 3rd), "Step 7: Remove the secret
// OLD_DB_PASSWORD from leaderboard-svc …" regenerate_api_key, and "As a security engineer, I want
// to remove secrets nobody uses anymore, …" regenerate_api_key (delete_secret 3rd).
func TestR64SelectionRemovingAThing(t *testing.T) {
	for words, want := range map[string][]string{
		"please remove completely the app test123": {"delete"},
		"apps rm legacy-reports":                   {"delete"},
		"Remove-SpiceSecret -App orders-api":       {"delete"},
		"delete the user jdoe":                     {"remove"},
		"remove bob from the organization":         nil,
		"the app is slow, remove nothing":          nil,
	} {
		if got := removalVerbs(strings.Fields(words)); !slices.Equal(got, want) {
			t.Errorf("removalVerbs(%q) = %q, want %q", words, got, want)
		}
	}
	r62RanksFirst(t, NewIndex(Docs(catalogue(t))), map[string][]string{
		"please remove completely the app test123, we not use it":                                                    {"delete_app"},
		"apps rm legacy-reports":                                                                                     {"delete_app"},
		"Step 7: Remove the secret OLD_DB_PASSWORD from leaderboard-svc once the new one works.":                     {"delete_secret"},
		"As a security engineer, I want to remove secrets nobody uses anymore, so that old credentials cannot leak.": {"delete_secret"},
		// Held: removing a person is still remove_member.
		"remove bob from the organization": {"remove_member"},
		"members rm jdoe":                  {"remove_member"},
	})
}

// TestR64SelectionAccountByUsername: "the account ci-legacy", "the student account jli22" name a
// person's login, a member of the org, as a model reads them, not the server's own account
// (whoami). Before round 64 "kick the contractor account acme-temp out of the org" and "The term
// is over; remove the student account jli22 from the class organization." ranked whoami first,
// "The old deploy bot account ci-legacy must be taken out of the org; …" remove_member 25th.
func TestR64SelectionAccountByUsername(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	for query, want := range map[string]bool{
		"the account ci-legacy": true, "the student account jli22": true, "account ext-auditor01": true,
		"which account am I": false, "our account 2024": false, "my account, please": false,
	} {
		if got := slices.Contains(ix.QueryTerms(query), "member"); got != want {
			t.Errorf("QueryTerms(%q) has member: %v, want %v", query, got, want)
		}
	}
	r62RanksFirst(t, ix, map[string][]string{
		"kick the contractor account acme-temp out of the org":                            {"remove_member"},
		"The term is over; remove the student account jli22 from the class organization.": {"remove_member"},
		// Held: the server's own account is still whoami.
		"wait, which account am I logged in with here?": {"whoami"},
	})
	if rank, _ := RankOf(ix.Rank("The old deploy bot account ci-legacy must be taken out of the org; its workflow is gone."), []string{"remove_member"}); rank > 5 {
		t.Errorf("the account ci-legacy taken out of the org ranks remove_member %d, want in the top 5", rank)
	}
}

// TestR64SelectionPrefixedWords: a word made with an English prefix and a hyphen is one word, as
// its unhyphenated spelling, as a model reads it: "un-pause" is "unpause" (resume_app), not "un"
// and "pause" (pause_app). Before round 64 "un-pause staging pls" ranked pause_app first
// (resume_app 3rd), and "… pin checkout's runtime version so it stops auto-upgrading." ranked
// list_container_images first ("upgrade").
func TestR64SelectionPrefixedWords(t *testing.T) {
	for text, want := range map[string][]string{
		"un-pause staging":           {"unpaus", "stag"},
		"re-deploy it":               {"redeploy"},
		"stops auto-upgrading":       {"stop", "autoupgrad"},
		"read-only, us-east-1, undo": {"read", "us", "east", "1", "undo"},
	} {
		if got := Terms(text); !slices.Equal(got, want) {
			t.Errorf("Terms(%q) = %q, want %q", text, got, want)
		}
	}
	r62RanksFirst(t, NewIndex(Docs(catalogue(t))), map[string][]string{
		"un-pause staging pls": {"resume_app"},
		"Follow-up from the postmortem: pin checkout's runtime version so it stops auto-upgrading.": {"update_app"},
	})
}
