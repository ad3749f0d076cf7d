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
		// audit r23: each where Unicode gives it a job (strayhidden.go)
		"\U0001F468\U0001F3FD\u200d\U0001F4BB", "\U0001F441\ufe0f\u200d\U0001F5E8\ufe0f", "#\ufe0f\u20e3",
		"\u0d28\u0d4d\u200d", "\u0d28\u0d4d\u200d-x", "\u0d28\u0d4d\u200d\u0d31", "\u0915\u094d\u200c\u0937",
		"\u0645\u0650\u200c\u062e", "\u0628\u200c\u0647\u0627", "\u8fbb\U000E0100", "\u845b\ufe00",
		"\u182d\u180b", "\u1822\u180e\u1820", "a\u034fb", "\u05d0\u05b8\u034f\u05b7",
		"scot-\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F",
		"\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F\u200d\U0001F525",
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
		"acme\u200d", "a\u200d b", "\ufe0facme", "a \ufe0f", "\u2764\ufe0f\ufe0f",
		"a\u200d\u200db", "team-\u2764\ufe0f\u200d",
		// audit r23: between two visible characters, but with no job there
		"ac\u200dme", "ac\u200cme", "a\ufe0fcme", "a\ufe00cme", "a\u200d-b", "-\u200d-", "bo\u200db",
		"1\u200d2", "\u2764\u200da", "a\u200d\u2764", "\u2764\u200d\u200d\U0001F525", "\u2764 \u200d\U0001F525",
		"\u0915\u200d\u0937", "\u0915\u094d\u200da", "\u0915\u094d\u200d", "\u0915\u094d\u200c",
		"\u0645\u200c", "\u200c\u062e", "\u0645\u200cb", "\u0645\u200c\u200c\u062e", "\u0645\u200d\u062e",
		"\u8fbb\ufe0f", "a\U000E0100", "a\u180b", "\u182d\u180b\u180b", "\u180ea", "\u1822\u180e", "a\u180eb",
		"\u034fa", "a\u034f", "a\u034f b",
		"\U000E0067\U000E007F", "a\U000E0067\U000E007F", "\U0001F3F4\U000E0067\U000E0062",
		"\U0001F3F4\U000E007F", "\U0001F3F4\U000E0067\U000E007F\U000E007F", "a\U000E007F",
		"\U0001F3F4\U000E0067b\U000E007F",
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
