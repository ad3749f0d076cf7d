package present

import (
	"strings"
	"testing"
)

const r41m3Secret = "Zq7xK9pW2m"

func r41m3NoSecret(t *testing.T, name, in, out string) {
	t.Helper()
	if strings.Contains(out, r41m3Secret) {
		t.Errorf("%s(%q) = %q: the secret is shown", name, in, out)
	}
}

// A quoted value is one value: a line break inside it followed by "--" or "identified" does not
// end it (nextRuleCut is for unquoted values), and "identified" must be a word of its own.
func TestR41Reviewmask2QuotedValueNotCutAtBreak(t *testing.T) {
	for _, in := range []string{
		`--password "Zq7x\n--K9pW2m"`,
		"--password 'Zq7x\u2028--K9pW2m'",
		`IDENTIFIED BY 'Zq7x\nidentifiedK9pW2m'`,
		`--password Zq7x\n--K9pW2m`,
		"IDENTIFIED BY Zq7x\u2028identifiedK9pW2m",
	} {
		for name, f := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText} {
			if out := f(in); strings.Contains(out, "K9pW2m") {
				t.Errorf("%s(%q) = %q: the password's rest is shown", name, in, out)
			}
		}
		if out := strings.Join(MaskLogLines([]string{in}), "\n"); strings.Contains(out, "K9pW2m") {
			t.Errorf("MaskLogLines(%q) = %q: the password's rest is shown", in, out)
		}
	}
	// The cut itself stays: a second flag's value on the next line of one entry is masked.
	for _, in := range []string{"tool --pw Abc123x\u2028--pw " + r41m3Secret, `tool --pw Abc123x\n--password ` + r41m3Secret} {
		r41m3NoSecret(t, "MaskText", in, MaskText(in))
	}
}

// An arrow after a masked value is no pair only when a word follows it (password: set -> unset);
// a change record's new password is masked, and a token with digits or mixed case before "(" or
// ".x()" is no expression.
func TestR41Reviewmask2ArrowAfterMaskedValueShowsNewPassword(t *testing.T) {
	for _, in := range []string{
		"password: Zq7xK9pW2m -> Xy8wL0qV3n",
		`password: "Xy8wL0qV3n" -> "Zq7xK9pW2m"`,
		"password -> s3cr3t(Zq7xK9pW2m)",
		"password -> Zq7xK9pW2m.x()",
	} {
		for name, f := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText} {
			if out := f(in); strings.Contains(out, r41m3Secret) || strings.Contains(out, "Xy8wL0qV3n") {
				t.Errorf("%s(%q) = %q: a password is shown", name, in, out)
			}
		}
	}
	// What stays: a word after the arrow, a lambda's body.
	for in, keep := range map[string]string{"password: set -> unset": "-> unset", "fn check(password: &str) -> bool": "-> bool",
		"map(token -> token.trim())": "token -> token.trim()", "password -> passwordEncoder.encode(password)": "passwordEncoder.encode"} {
		if out := MaskText(in); !strings.Contains(out, keep) {
			t.Errorf("MaskText(%q) = %q, want %q kept", in, out, keep)
		}
	}
}

// sqlIdentified reads the statement back to ";" across line breaks (256 bytes at most), and
// GRANT … TO … IDENTIFIED BY (MySQL 5, Oracle) as SQL.
func TestR41Reviewmask2IdentifiedByInStatementOverLines(t *testing.T) {
	for _, in := range []string{
		"create user bob\nidentified by Zq7xK9pW2m;",
		"CREATE USER bob\n  identified by Zq7xK9pW2m;",
		"grant connect to scott identified by Zq7xK9pW2m",
		`{"sql":"create user bob\nidentified by Zq7xK9pW2m;"}`,
	} {
		r41m3NoSecret(t, "MaskText", in, MaskText(in))
		r41m3NoSecret(t, "MaskAPIText", in, MaskAPIText(in))
		r41m3NoSecret(t, "MaskLogLines", in, strings.Join(MaskLogLines([]string{strings.ReplaceAll(in, "\n", "\u2028")}), "\n"))
	}
	// Another statement, ended by ";", is not this one's.
	if in := "create user bob; the app identified by appid xyz"; MaskText(in) != in {
		t.Errorf("MaskText(%q) = %q, want it unchanged", in, MaskText(in))
	}
}

// print_r's object under a credential key (App\Secret Object ( [value] => … )) is masked whole,
// as its Array ( … ) is.
func TestR41Reviewmask2PrintRObjectIsMasked(t *testing.T) {
	for _, tx := range []string{
		"App\\User Object\n(\n    [password:protected] => App\\Secret Object\n        (\n            [value] => Zq7xK9pW2m\n        )\n\n)",
		"[password] => stdClass Object ( [value] => Zq7xK9pW2m )",
		`{"msg":"[password] => stdClass Object\n(\n    [value] => Zq7xK9pW2m\n)\n"}`,
	} {
		r41m3NoSecret(t, "MaskText", tx, MaskText(tx))
		r41m3NoSecret(t, "MaskAPIText", tx, MaskAPIText(tx))
	}
}

// A nested value var_dump or print_r writes one line per log entry under a credential key is
// masked in MaskLogLines as MaskText masks it whole.
func TestR41Reviewmask2LogVarDumpNestedOnePerEntry(t *testing.T) {
	for _, tx := range []string{
		"array(1) {\n  [\"password\"]=>\n  array(1) {\n    [0]=>\n    string(10) \"Zq7xK9pW2m\"\n  }\n}",
		"object(App\\User)#1 (1) {\n  [\"password\":protected]=>\n  object(App\\Secret)#2 (1) {\n    [\"value\"]=>\n    string(10) \"Zq7xK9pW2m\"\n  }\n}",
		"Array\n(\n    [password] => Array\n        (\n            [0] => Zq7xK9pW2m\n        )\n\n)",
	} {
		r41m3NoSecret(t, "MaskText", tx, MaskText(tx))
		r41m3NoSecret(t, "MaskLogLines", tx, strings.Join(MaskLogLines(strings.Split(tx, "\n")), "\n"))
	}
}
