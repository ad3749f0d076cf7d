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

// Round 64's part (81 scored requests, and two for features the server lacks, in four voices not
// used before: a manager's yes/no questions, Gherkin scenarios, Ansible tasks, a mobile developer
// speaking of the apps' backends) was written before any change of round 64 and scored once before
// it: 79.0 % / 95.1 % (64 and 77 of 81, MRR 0.870), the whole 1,675 84.0 % / 96.4 % (1,407 and
// 1,614, MRR 0.902). After round 64's readings ("who has access" asks for people, removing an app
// or a secret deletes it, "the account jli22" is a member's, "un-pause" is one word; no
// description changed, so tools/list stays 141.2 tokens a tool and 143.7 under --confirm=agent)
// it reads 79.0 % / 96.3 % (64 and 78, MRR 0.874), the 1,594 through round 63 84.9 % / 96.5 %
// (1,354 and 1,538, MRR 0.907; 84.3 % / 96.4 % before), and the whole 84.7 % / 96.5 % of 1,675
// (1,418 and 1,616, MRR 0.906): 78 first and 25 top-3 places over issue 13's line, which
// TestToolSelection holds on the whole corpus (lineHeldThrough 64). Losing four first places or
// three top-3 places of the whole, or four first or three top-3 places of round 64's part, fails.
const (
	r64MinTop1    = 84.45
	r64MinTop3    = 96.33
	r64NewMinTop1 = 75.0
	r64NewMinTop3 = 93.5
)

// TestR64SelectionMargin holds the margin on the whole corpus and on round 64's held-out part, and
// tools/list's cost. It prints the figures of every part:
//
//	go test ./bench/selection -v -run TestR64SelectionMargin
func TestR64SelectionMargin(t *testing.T) {
	selectionMargin{
		round:   64,
		minTop1: r64MinTop1, minTop3: r64MinTop3,
		newMinTop1: r64NewMinTop1, newMinTop3: r64NewMinTop3,
		minNewRequests:   80,
		maxTokensPerTool: r60MaxTokensPerTool,
	}.hold(t)
}
