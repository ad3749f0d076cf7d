package present_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// A credential key's value that starts with "--" and names a credential itself
// (--MySecret2024, --Secret-Pass-99) is taken for a credential flag by the new
// "password: --password <pw>" rule (maskPairs: credentialFlagValueAt on the value): the word
// after it is masked as the flag's value and the password itself is shown. 7f8f847 masked it.
func TestR42ReviewmaskValueStartingWithDashesIsMasked(t *testing.T) {
	for _, in := range []string{
		"DB_PASSWORD=--SecretZq7x99 ./run.sh",
		"password: --Zq7xSecret2024 rotated",
		"db_password: --Secret-Zq7x-99 # prod",
		"api_key: --tokenZq7xSECRET #c",
	} {
		for name, mask := range map[string]func(string) string{"MaskText": present.MaskText, "MaskAPIText": present.MaskAPIText,
			"MaskLogLines": func(s string) string { return strings.Join(present.MaskLogLines([]string{s}), "\n") }} {
			if got := mask(in); strings.Contains(got, "Zq7x") {
				t.Errorf("%s(%q) = %q: shows the password (7f8f847 masked it)", name, in, got)
			}
		}
	}
}

// The new "password: --password <pw>" rule reads the flag's value across the line break: when
// a credential key's value is a credential flag that ends its line, the next line's key is
// taken for the flag's value and masked, and maskPairs goes on after it, so that line's own
// credential value is shown. 7f8f847 masked it (and MaskLogLines, one line per entry, does).
func TestR42ReviewmaskFlagValueAtLineEndHidesNextPair(t *testing.T) {
	for _, in := range []string{
		"password: --password\napi_key: Zq7xSECRET",
		"password: --token\napi_key: Zq7xSECRET",
		"password: --password\n  token: Zq7xSECRET",
	} {
		for name, mask := range map[string]func(string) string{"MaskText": present.MaskText, "MaskAPIText": present.MaskAPIText} {
			if got := mask(in); strings.Contains(got, "Zq7x") {
				t.Errorf("%s(%q) = %q: shows the next line's credential", name, in, got)
			}
		}
	}
}

// A MySQL client's attached -p password after a tab, or quoted as one argument ("-p<pw>"),
// is shown by MaskText and MaskAPIText: maskSpacedValues' fast path returns the text unread
// unless it contains " -p" (a space before), though the -p case itself accepts a tab or a
// quote before it. MaskLogLines (tabs made spaces) masks the same line: the maskers disagree.
func TestR42ReviewmaskMySQLPasswordAfterTabOrQuote(t *testing.T) {
	for _, in := range []string{
		"mysql -u root\t-pZq7xsecret db",
		"mysql\t-uroot\t-pZq7xsecret",
		`mysql -u root "-pZq7xsecret"`,
		"mysql -u root '-pZq7xsecret' db",
	} {
		for name, mask := range map[string]func(string) string{"MaskText": present.MaskText, "MaskAPIText": present.MaskAPIText,
			"MaskLogLines": func(s string) string { return strings.Join(present.MaskLogLines([]string{s}), "\n") }} {
			if got := mask(in); strings.Contains(got, "Zq7x") {
				t.Errorf("%s(%q) = %q: shows the password", name, in, got)
			}
		}
	}
}

// The MySQL -p rule reads the command back to the line's start only: a command written over
// lines with a shell's continuation (README: "In each, the value may follow a line break, and a
// shell's continuation") shows the password when -p<pw> is on a later line than mysql.
func TestR42ReviewmaskMySQLPasswordAfterContinuation(t *testing.T) {
	for _, in := range []string{
		"mysql -u root \\\n  -pZq7xsecret db",
		"mysql \\\n  --host db \\\n  -u root \\\n  -pZq7xsecret",
		`{"cmd":"mysqldump -u root \\\n  -pZq7xsecret db"}`,
	} {
		for name, mask := range map[string]func(string) string{"MaskText": present.MaskText, "MaskAPIText": present.MaskAPIText,
			"MaskLogLines(one entry)": func(s string) string { return strings.Join(present.MaskLogLines([]string{s}), "\n") }} {
			if got := mask(in); strings.Contains(got, "Zq7x") {
				t.Errorf("%s(%q) = %q: shows the password", name, in, got)
			}
		}
	}
}

// A YAML block scalar written out inside a JSON string (password: |\n  <pw>) is masked to the
// end of the whole text: blockScalarEnd reads the value's last line to a line break and the
// JSON string's closing quote is none, so every field after it, the closing braces included,
// is gone (7f8f847 kept them). An API error body or a result's JSON loses its other fields.
func TestR42ReviewmaskJSONBlockScalarEatsRestOfDocument(t *testing.T) {
	in := `{"a":"password: |\n  Zq7xsecret","b":"ok","c":"visible data"}`
	for name, mask := range map[string]func(string) string{"MaskText": present.MaskText, "MaskAPIText": present.MaskAPIText} {
		got := mask(in)
		if strings.Contains(got, "Zq7x") {
			t.Errorf("%s(%q) = %q: shows the password", name, in, got)
		}
		if !strings.HasSuffix(got, `","b":"ok","c":"visible data"}`) {
			t.Errorf("%s(%q) = %q: the fields after the masked value are gone", name, in, got)
		}
	}
}

// Same for var_dump's value on the next line inside JSON (api_key -> string(10) \"<v>\"):
// 7f8f847 showed it; HEAD masks it and the JSON string's closing quote and brace with it.
func TestR42ReviewmaskJSONVarDumpEatsClosingQuote(t *testing.T) {
	in := `{"msg":"api_key -> string(40)\n\"Zq7xsecret\""}`
	for name, mask := range map[string]func(string) string{"MaskText": present.MaskText, "MaskAPIText": present.MaskAPIText} {
		got := mask(in)
		if strings.Contains(got, "Zq7x") || !strings.HasSuffix(got, `"}`) {
			t.Errorf("%s(%q) = %q, want the value masked and the JSON's closing \"} kept", name, in, got)
		}
	}
}

// loneFlagWord takes any last word after a credential flag for its value: error and warning
// messages that name a flag and end with a status word lose it (7f8f847 kept them):
// "Error: --password required" -> "Error: --password ********".
func TestR42ReviewmaskFlagThenStatusWordStays(t *testing.T) {
	for _, in := range []string{
		"Error: --password required",
		"warning: --token deprecated",
		"error: flag --api-key missing",
	} {
		for name, mask := range map[string]func(string) string{"MaskText": present.MaskText, "MaskAPIText": present.MaskAPIText} {
			if got := mask(in); got != in {
				t.Errorf("%s(%q) = %q, want it unchanged", name, in, got)
			}
		}
	}
}

// loneFlagWord takes a word followed by another flag for the first flag's value
// (--password hunter --host db), so a conjunction between two flags in an error message or a
// help text is masked: "error: --password and --token cannot be used together" ->
// "error: --password ******** --token cannot be used together". 7f8f847 kept it.
func TestR42ReviewmaskConjunctionBetweenFlagsStays(t *testing.T) {
	for _, in := range []string{
		"error: --password and --token cannot be used together",
		"Use --password or --token to authenticate.",
		"Set --api-key or --token.",
	} {
		for name, mask := range map[string]func(string) string{"MaskText": present.MaskText, "MaskAPIText": present.MaskAPIText,
			"MaskLogLines": func(s string) string { return strings.Join(present.MaskLogLines([]string{s}), "\n") }} {
			if got := mask(in); got != in {
				t.Errorf("%s(%q) = %q, want it unchanged", name, in, got)
			}
		}
	}
}

// varDumpStringEnd takes an unquoted value on the line after a credential key's type "unless
// it is the next pair" (README), but read only ":" and "=" pairs as pairs: a column list
// written with arrows (password => string(60)⏎name => string(20)) lost its line break and the
// next column's name (password => ******** => ********). The MaskText half of
// TestR42ReviewmaskVarDumpTypeNextArrowPairStays (its MaskLogLines half is left pending).
func TestR42ReviewmaskVarDumpTypeNextArrowPairStaysText(t *testing.T) {
	for in, want := range map[string]string{
		"password => string(60)\nname => string(20)":             "password => ********\nname => string(20)",
		"password -> string(255)\nremember_token -> string(100)": "password -> ********\nremember_token -> ********",
		"password => string(60)\nname->x":                        "password => ********\nname->x",
	} {
		for name, mask := range map[string]func(string) string{"MaskText": present.MaskText, "MaskAPIText": present.MaskAPIText} {
			if got := mask(in); got != want {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
			}
		}
	}
}

// tightArrowValueAt reads a C or C++ member after a credential-named pointer as a value
// whenever the member does not read as a word: struct passwd's pw_uid and pw_dir, token->ID,
// token->type_, token->IDENT; then the comparison after it is masked too
// (passwd->******** == ********). 7f8f847 kept these assertion and panic lines whole; they are
// log lines a user reads to find the bug.
func TestR42ReviewmaskTightArrowCodeMembersStay(t *testing.T) {
	for _, in := range []string{
		"if (passwd->pw_uid == 0) return passwd->pw_dir;",
		"assert(token->type_ == TOK_EOF)",
		"panic: token->kind mismatch: token->IDENT",
		"auth_token->len2 = 0;",
	} {
		for name, mask := range map[string]func(string) string{"MaskText": present.MaskText, "MaskAPIText": present.MaskAPIText,
			"MaskLogLines": func(s string) string { return strings.Join(present.MaskLogLines([]string{s}), "\n") }} {
			if got := mask(in); got != in {
				t.Errorf("%s(%q) = %q, want it unchanged", name, in, got)
			}
		}
	}
}

// A lone word after a credential flag is masked when the command line ends after it, but not
// when the end is a JSON string's closing quote, a redirection, "&" or ")": the plain command
// masks the password, the same command in a JSON result shows it.
func TestR42ReviewmaskLoneFlagWordInJSONOrBeforeRedirect(t *testing.T) {
	if got := present.MaskText("run --password hunter"); strings.Contains(got, "hunter") {
		t.Fatalf("precondition: %q", got)
	}
	for _, in := range []string{
		`{"cmd":"run --password hunter"}`,
		"run --password hunter > out.txt",
		"run --password hunter &",
		"$(run --password hunter)",
	} {
		if got := present.MaskAPIText(in); strings.Contains(got, "hunter") {
			t.Errorf("MaskAPIText(%q) = %q: shows the password masked in `run --password hunter`", in, got)
		}
	}
}
