package present

import (
	"strings"
	"testing"
)

// After an Authorization value whose first word names no scheme, the token after it is masked
// also inside brackets (Foo (<credential>), [<credential>], {<credential>}), right after a comma
// (Foo, <credential>) and when it holds a colon (Foo abc:23xyz: no next pair, as no space
// follows the colon). Before, each showed the token.
func TestR47MaskETokenAfterUnknownSchemeBracketCommaColon(t *testing.T) {
	for _, in := range []string{
		"Authorization: Foo (abc23xyz)",
		"Authorization: Foo [abc23xyz]",
		"Authorization: Foo {abc23xyz}",
		"Authorization: Foo ( abc23xyz )",
		"Authorization: Foo, (abc23xyz)",
		"Authorization: Foo = [abc23xyz]",
		"Authorization: Foo (\"abc23xyz\")",
		"Authorization: Foo (abc23xyz) next",
		"Authorization: Foo, abc23xyz",
		"Authorization: Foo,abc23xyz",
		"Authorization: Foo,\u2028abc23xyz",
		"Authorization: Foo abc:23xyz",
		"Authorization: Foo abc:23xyz next",
		"Authorization: Foo abc:23:xyz",
		"Authorization:\u00a0Foo\u00a0(abc23xyz)",
		"Authorization: Foo\u2028abc:23xyz",
		`{"h":"Authorization: Foo (abc23xyz)"}`,
		`{"h":"Authorization: Foo, abc23xyz"}`,
		"Proxy-Authorization: Foo abc:23xyz",
	} {
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in), "MaskLogLines": MaskLogLines([]string{in})[0]} {
			if strings.Contains(got, "23") || !strings.Contains(got, Masked) {
				t.Errorf("%s(%q) = %q: the token shows", name, in, got)
			}
		}
	}
	for in, want := range map[string]string{
		"Authorization: Foo (abc23xyz)": "Authorization: " + Masked + " (" + Masked + ")",
		"Authorization: Foo, abc23xyz":  "Authorization: " + Masked + ", " + Masked,
		"Authorization: Foo abc:23xyz":  "Authorization: " + Masked + " " + Masked,
		// What stays as it did: a lone "=", a parameter's key, the next pair, a URL.
		"Authorization: Foo =":                "Authorization: " + Masked + " =",
		`Authorization: Foo key="abc!23"`:     "Authorization: " + Masked + ` key="` + Masked + `"`,
		"Authorization: Foo user=bob":         "Authorization: " + Masked + " user=bob",
		"Authorization: Foo user: bob":        "Authorization: " + Masked + " user: bob",
		"Authorization: Foo user=bob:x":       "Authorization: " + Masked + " user=bob:x",
		"Authorization: Foo https://x.io/a":   "Authorization: " + Masked + " https://x.io/a",
		"Authorization: Foo (see the docs)":   "Authorization: " + Masked + " (see the docs)",
		"Authorization: Foo, Content-Type: x": "Authorization: " + Masked + ", Content-Type: x",
	} {
		if got := MaskText(in); got != want {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
		}
	}
	for _, in := range []string{
		"Authorization: Foo (see docs)",
		"Authorization: Foo, then retry",
		"Authorization: Foo is missing!",
	} {
		if got := MaskAPIText(in); got != in {
			t.Errorf("MaskAPIText(%q) = %q, want it kept", in, got)
		}
	}
}

// The current password after REPLACE (Oracle's and MySQL's ALTER USER … IDENTIFIED BY <new>
// REPLACE <old>) is masked as the new one is; before, it showed.
func TestR47MaskEIdentifiedByReplaceOldPassword(t *testing.T) {
	for in, want := range map[string]string{
		"ALTER USER bob IDENTIFIED BY newpw22 REPLACE oldpw22":                               "ALTER USER bob IDENTIFIED BY " + Masked + " REPLACE " + Masked,
		"ALTER USER bob IDENTIFIED BY newpw REPLACE oldpw":                                   "ALTER USER bob IDENTIFIED BY " + Masked + " REPLACE " + Masked,
		"ALTER USER bob IDENTIFIED BY \"newpw22\" REPLACE \"oldpw22\";":                      "ALTER USER bob IDENTIFIED BY \"" + Masked + "\" REPLACE \"" + Masked + "\";",
		"ALTER USER 'bob'@'%' IDENTIFIED BY 'new22' REPLACE 'old22' RETAIN CURRENT PASSWORD": "ALTER USER 'bob'@'%' IDENTIFIED BY '" + Masked + "' REPLACE '" + Masked + "' RETAIN CURRENT PASSWORD",
		"alter user bob identified by newpw22 replace oldpw22":                               "alter user bob identified by " + Masked + " replace " + Masked,
		"ALTER USER bob IDENTIFIED BY newpw22 REPLACE ${OLD}":                                "ALTER USER bob IDENTIFIED BY " + Masked + " REPLACE ${OLD}",
		// Prose stays: no statement, the words not in capitals.
		"the app identified by appId replace it": "the app identified by appId replace it",
	} {
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
			if got != want {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
			}
		}
	}
	// Over line separators the new password reads on to the old one: neither shows.
	for _, in := range []string{"ALTER USER bob IDENTIFIED BY newpw22\u2028REPLACE\u2028oldpw22", "ALTER USER bob IDENTIFIED BY 'new22'\u2028REPLACE\u2028'old22'"} {
		if got := MaskText(in); strings.Contains(got, "22") {
			t.Errorf("MaskText(%q) = %q: a password shows", in, got)
		}
	}
}

// IDENTIFIED BY RANDOM PASSWORD (MySQL, Oracle) gives no password: RANDOM is kept, as are
// IDENTIFIED EXTERNALLY and GLOBALLY; before, RANDOM was masked.
func TestR47MaskEIdentifiedByRandomPasswordKept(t *testing.T) {
	for _, in := range []string{
		"ALTER USER bob IDENTIFIED BY RANDOM PASSWORD",
		"CREATE USER 'bob'@'%' IDENTIFIED BY RANDOM PASSWORD;",
		"CREATE USER 'bob'@'%' IDENTIFIED WITH caching_sha2_password BY RANDOM PASSWORD, 'al'@'%' IDENTIFIED BY RANDOM PASSWORD",
		"create user bob identified by random password",
		"ALTER USER bob IDENTIFIED BY RANDOM PASSWORD REPLACE ${OLD}",
		"CREATE USER bob IDENTIFIED EXTERNALLY",
		"CREATE USER bob IDENTIFIED EXTERNALLY AS 'CN=bob'",
		"CREATE USER bob IDENTIFIED GLOBALLY AS 'CN=bob,O=x'",
		"ALTER USER bob IDENTIFIED GLOBALLY",
	} {
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
			if got != in {
				t.Errorf("%s(%q) = %q, want it kept", name, in, got)
			}
		}
	}
	for in, want := range map[string]string{
		// A password named RANDOM without PASSWORD after it is still one.
		"ALTER USER bob IDENTIFIED BY RANDOM":                       "ALTER USER bob IDENTIFIED BY " + Masked,
		"ALTER USER bob IDENTIFIED BY RANDOM;":                      "ALTER USER bob IDENTIFIED BY " + Masked + ";",
		"ALTER USER bob IDENTIFIED BY RANDOM PASSWORD REPLACE 'o1'": "ALTER USER bob IDENTIFIED BY RANDOM PASSWORD REPLACE '" + Masked + "'",
	} {
		if got := MaskText(in); got != want {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
		}
	}
}
