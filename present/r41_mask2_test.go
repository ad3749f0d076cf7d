package present

import (
	"strings"
	"testing"
)

// r41m2Maskers: the three maskers, MaskLogLines with the text as one entry.
var r41m2Maskers = []struct {
	name string
	f    func(string) string
}{
	{"MaskText", MaskText},
	{"MaskAPIText", MaskAPIText},
	{"MaskLogLines", func(s string) string { return strings.Join(MaskLogLines([]string{s}), "\n") }},
}

func r41m2Shown(t *testing.T, ins []string, secret string, maskers int) {
	t.Helper()
	for _, in := range ins {
		for _, m := range r41m2Maskers[:maskers] {
			if out := m.f(in); strings.Contains(out, secret) {
				t.Errorf("%s(%q) = %q: the password is shown", m.name, in, out)
			}
		}
	}
}

// TestR41IdentifiedByProseStays: an unquoted IDENTIFIED BY value is masked in SQL (upper-case
// IDENTIFIED BY, or after CREATE/ALTER USER or ROLE), not after prose's "identified by".
func TestR41IdentifiedByProseStays(t *testing.T) {
	for _, in := range []string{
		"the app identified by appId abc123 was not found",
		"Project identified by projectId does not exist",
		"the instance identified by Edge_Node-01 is not running",
		"the app identified by analytics-app was deleted",
		"the deployment identified by d-1a2b3c failed",
		"the request identified by x-request-id was dropped",
		"a certificate identified by X.509 fields",
		"the digest identified by SHA-256",
		"the provider identified by OAuth2",
		"the row identified by 42",
		"CREATE USER app IDENTIFIED BY EXTERNALLY",
		"CREATE USER app IDENTIFIED BY GLOBALLY",
	} {
		for _, m := range r41m2Maskers {
			if out := m.f(in); out != in {
				t.Errorf("%s(%q) = %q, want it kept", m.name, in, out)
			}
		}
	}
	r41m2Shown(t, []string{
		"ALTER USER app IDENTIFIED BY R41m2Pw7xQ",
		"IDENTIFIED BY R41m2Pw7xQ",
		"create user app identified by R41m2Pw7xQ;",
		"alter role app identified by R41m2Pw7xQ",
		"IDENTIFIED BY VALUES R41m2Pw7xQ",
	}, "R41m2Pw7xQ", 3)
}

// TestR41PwFlagWithEqualsIsMasked: --pw=<pw> as --pw <pw>.
func TestR41PwFlagWithEqualsIsMasked(t *testing.T) {
	r41m2Shown(t, []string{
		"exec: tool --pw=R41m2Pw7xQ --host db",
		"exec: tool --db-pw=R41m2Pw7xQ --host db",
		`exec: tool --pw="R41m2Pw7xQ"`,
		"exec: tool --DB_PW=R41m2Pw7xQ",
	}, "R41m2Pw7xQ", 3)
	for _, in := range []string{"pw=5", "a pw=x is short"} {
		if out := MaskText(in); out != in {
			t.Errorf("MaskText(%q) = %q, want it kept", in, out)
		}
	}
}

// TestR41FlagAfterNewRuleIsNotItsValue: a following flag is no value of IDENTIFIED BY or of
// an arrow: the flag's own value is masked.
func TestR41FlagAfterNewRuleIsNotItsValue(t *testing.T) {
	for _, in := range []string{
		"IDENTIFIED BY --password R41m2Pw7xQ",
		"password -> --password R41m2Pw7xQ",
	} {
		for _, m := range r41m2Maskers {
			out := m.f(in)
			if strings.Contains(out, "R41m2Pw7xQ") || !strings.Contains(out, "--password") {
				t.Errorf("%s(%q) = %q, want the flag kept and its value masked", m.name, in, out)
			}
		}
	}
}

// TestR41ArrowExpressionStays: an arrow whose right side is an expression, or after a value
// already masked, is no pair.
func TestR41ArrowExpressionStays(t *testing.T) {
	for _, c := range []struct{ in, keep string }{
		{"tokens.stream().map(token -> token.trim()).collect(toList())", "token.trim()).collect(toList())"},
		{"users.forEach(password -> encoder.encode(password))", "encoder.encode(password))"},
		{"error[E0308]: fn check(password: &str) -> bool", "-> bool"},
	} {
		if out := MaskAPIText(c.in); !strings.Contains(out, c.keep) {
			t.Errorf("MaskAPIText(%q) = %q, want %q kept", c.in, out, c.keep)
		}
	}
	if in, out := "password: set -> unset", MaskText("password: set -> unset"); !strings.HasSuffix(out, "-> unset") {
		t.Errorf("MaskText(%q) = %q, want unset kept", in, out)
	}
	r41m2Shown(t, []string{"password -> R41m2Pw7xQ", "token → R41m2Pw7xQ.", `password -> Some("R41m2Pw7xQ")`,
		`password -> Secret(R41m2Pw7xQ)`, "password -> R41m2Pw7xQ.x"}, "R41m2Pw7xQ", 3)
}

// TestR41EscapedArrowAndVarDumpAreMasked: the arrow, var_dump and plist forms as JSON and HTML
// escape them.
func TestR41EscapedArrowAndVarDumpAreMasked(t *testing.T) {
	r41m2Shown(t, []string{
		`{"msg":"password -\u003e R41m2Pw7xQ"}`,
		`{"msg":"password =\u003e R41m2Pw7xQ"}`,
		`password -&gt; R41m2Pw7xQ`,
		`password =&gt; R41m2Pw7xQ`,
		`password &rarr; R41m2Pw7xQ`,
		`password &#8594; R41m2Pw7xQ`,
		`password -%3E R41m2Pw7xQ`,
		`{"msg":"password \u2192 R41m2Pw7xQ"}`,
		`{"msg":"[\"password\"]=\u003e\n  string(10) \"R41m2Pw7xQ\""}`,
		`{"msg":"[\"password\"]=>\n  string(10) \"R41m2Pw7xQ\""}`,
		`{"msg":"<key>password</key>\n\t<string>R41m2Pw7xQ</string>"}`,
		`{"msg":"\u003ckey\u003epassword\u003c/key\u003e\n\t\u003cstring\u003eR41m2Pw7xQ\u003c/string\u003e"}`,
	}, "R41m2Pw7xQ", 3)
}

// TestR41MaskLogLinesKeyThenValueEntries: var_dump and a property list printed one line per
// entry: the key's entry, then the value's.
func TestR41MaskLogLinesKeyThenValueEntries(t *testing.T) {
	in := []string{
		`array(2) {`,
		`  ["user"]=>`,
		`  string(3) "app"`,
		`  ["password"]=>`,
		`  string(10) "R41m2Pw7xQ"`,
		`}`,
		`<key>password</key>`,
		`<string>R41m2Pw8yR</string>`,
		`[password] =>`,
		`R41m2Pw9zS`,
	}
	out := MaskLogLines(in)
	if all := strings.Join(out, "\n"); strings.Contains(all, "R41m2Pw") || !strings.Contains(all, `string(3) "app"`) {
		t.Errorf("MaskLogLines shows a credential or masks a user:\n%s", all)
	}
	if len(out) != len(in) {
		t.Errorf("MaskLogLines returned %d entries, want %d", len(out), len(in))
	}
	if out := MaskLogLines([]string{`  ["password"]=>`, `}`}); out[1] != "}" {
		t.Errorf("MaskLogLines masks a block's end after a key: %q", out)
	}
}

// TestR41LogEntryOverLinesMasksLikeText: one entry on several lines, the second value after the
// next flag or keyword.
func TestR41LogEntryOverLinesMasksLikeText(t *testing.T) {
	r41m2Shown(t, []string{
		"ALTER USER a IDENTIFIED BY Aa1bb2cc\n--password R41m2Pw7xQ",
		"tool --pw Aa1bb2cc\n--pw R41m2Pw7xQ",
		"ALTER USER a IDENTIFIED BY Aa1bb2cc\nIDENTIFIED BY R41m2Pw7xQ",
		`{"cmd":"tool --pw Aa1bb2cc\n--pw R41m2Pw7xQ"}`,
		"tool --pw Aa1bb2cc\u2028--pw R41m2Pw7xQ",
	}, "R41m2Pw7xQ", 3)
}

// TestR41VarDumpNestedIsMasked: nested var_dump and print_r blocks under a credential key are
// masked whole.
func TestR41VarDumpNestedIsMasked(t *testing.T) {
	r41m2Shown(t, []string{
		"[\"password\"]=>\n  array(1) {\n    [0]=>\n    string(10) \"R41m2Pw7xQ\"\n  }",
		"[password:protected] => Array ( [0] => R41m2Pw7xQ )",
		"[password] => Array\n        (\n            [0] => R41m2Pw7xQ\n        )",
		"[\"password\"]=>\n  object(App\\Secret)#1 (1) {\n    [\"value\"]=>\n    string(10) \"R41m2Pw7xQ\"\n  }",
		"[\"password\"]=>\n  &string(10) \"R41m2Pw7xQ\"",
		"[password:App\\User:private] => R41m2Pw7xQ",
		"[password:protected] => R41m2Pw7xQ",
	}, "R41m2Pw7xQ", 2)
}
