package selection

import (
	"slices"
	"strings"
	"testing"
)

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

// TestR66SelectionSetAsAStateInText: a tool's text is read as a request is. list_secrets's "when
// each was set" is a state, as isSet reads "is X set?", not the verb set_secret's name says; and
// "set" after a thing set, before where ("the env vars set on docs-search", "a SNOWFLAKE_PASSWORD
// set on sf-sync"), is the participle too. Before round 66 "set the same secret on staging,
// please", "spice cloud set environment variable app" and "chore(secrets): set DB_PASSWORD on
// clinic-scheduler to the rotated value" ranked list_secrets first.
func TestR66SelectionSetAsAStateInText(t *testing.T) {
	listed := catalogue(t)
	for i, d := range Docs(listed) {
		if d.Name == "list_secrets" && (!strings.Contains(ToolText(listed[i]), "was set") || slices.Contains(d.Terms, "set")) {
			t.Errorf("list_secrets's terms %q: want its \"was set\" read as configured", d.Terms)
		}
	}
	ix := NewIndex(Docs(listed))
	r65QueryHas(t, ix, "configur", map[string]bool{
		"show the env vars set on docs-search": true, "do we have a SNOWFLAKE_PASSWORD set on sf-sync?": true,
		"the key set on orders-api":    true,
		"set STRIPE_KEY on orders-api": false, "please set it on orders-api": false, "and set the key on etl": false,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"set the same secret on staging, please":                                   {"set_secret"},
		"spice cloud set environment variable app":                                 {"set_secret"},
		"chore(secrets): set DB_PASSWORD on clinic-scheduler to the rotated value": {"set_secret"},
		// Held: what is set is still the list's, or one secret's.
		"show the env vars set on docs-search":            {"list_secrets"},
		"do we have a SNOWFLAKE_PASSWORD set on sf-sync?": {"get_secret", "list_secrets"},
		"which secrets are set on our class app?":         {"list_secrets"},
	})
}

// TestR66SelectionSyntaxLabels: an Ansible task's "- name:" key and a cmdlet's identity parameter
// ("-Name", "-Id") label what follows, as a model reads them, not a request's word "name"
// (delete_secret's parameter "name" is a secret's). Before round 66 "- name: remove the spice app
// old-beta-backend (state: absent)" and "Remove-SpiceApp -Name ps-sandbox -Confirm:$false" ranked
// delete_secret first, "Set-SpiceApp -Name orders-api -Replicas 3" list_secrets.
func TestR66SelectionSyntaxLabels(t *testing.T) {
	ix := NewIndex(Docs(catalogue(t)))
	r65QueryHas(t, ix, "nam", map[string]bool{
		"- name: remove the spice app old-beta-backend (state: absent)": false,
		"Remove-SpiceApp -Name ps-sandbox":                              false, "Get-SpiceOrgMember -Id 42": false,
		"what name does the secret have": true, "pass -Name to it": true, "- name the app": true,
	})
	r62RanksFirst(t, ix, map[string][]string{
		"- name: remove the spice app old-beta-backend (state: absent)": {"delete_app"},
		"Remove-SpiceApp -Name ps-sandbox -Confirm:$false":              {"delete_app"},
		"Set-SpiceApp -Name orders-api -Replicas 3":                     {"update_app"},
		// Held: one named object is still the get tool's, and a cmdlet's noun still counts.
		"Get-SpiceApp -Name orders-api | Select-Object Spicepod, Replicas": {"get_app"},
		"Get-SpiceOrgMember -Username apatel":                              {"get_member"},
		"Get-SpiceSecret -App orders-api | Select-Object Name":             {"list_secrets"},
	})
}
