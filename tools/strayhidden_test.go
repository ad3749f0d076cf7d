package tools

import "testing"

// TestStrayHidden (audit r22): a free-form name (org, username, member) keeps the invisible
// characters that are part of its text — a variation selector after a visible character, a
// non-joiner between letters, a joiner inside an emoji sequence — and is refused for any other
// (round 21 refused "team-❤️" and a Persian name, which the API takes).
func TestStrayHidden(t *testing.T) {
	for _, s := range []string{
		"acme", "team-\u2764\ufe0f", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
		"fam-\U0001F468\u200d\U0001F469\u200d\U0001F467", "pride-\U0001F3F3\ufe0f\u200d\U0001F308",
		"1\ufe0f\u20e3", "\u0915\u094d\u200d\u0937", "\u0441\u0430rol",
	} {
		if strayHidden(s) {
			t.Errorf("%+q refused", s)
		}
		if OrgName(s).check() != "" || MemberRef(s).check() != "" {
			t.Errorf("%+q refused: %q %q", s, OrgName(s).check(), MemberRef(s).check())
		}
	}
	for _, s := range []string{
		"acme\u200b", "carol\u00ad", "a\u2060b", "\ufeffacme", "a\u200eb", "a\u202eb", "a\u0007b",
		"\u200cacme", "acme\u200c", "a \u200cb", "a\u200c\u200cb", "a\u200c1", "\u200dacme",
		"acme\u200d", "a\u200d b", "\ufe0facme", "a \ufe0f", "\u2764\ufe0f\ufe0f", "a\u034fb",
		"a\u200d\u200db", "team-\u2764\ufe0f\u200d",
	} {
		if !strayHidden(s) {
			t.Errorf("%+q accepted", s)
		}
		if OrgName(s).check() == "" || MemberRef(s).check() == "" {
			t.Errorf("%+q accepted as an org or member", s)
		}
	}
	// An app name has an ASCII rule: nothing invisible is part of one.
	if AppRef("team-\u2764\ufe0f").check() == "" || AppRef("a\u200cb").check() == "" {
		t.Error("an app reference with a variation selector or non-joiner accepted")
	}
}
