package present

import (
	"slices"
	"strings"
	"testing"
)

// r51MaskingEvery returns what each masker shows of in: MaskText, MaskAPIText and
// MaskLogLines (one entry).
func r51MaskingEvery(in string) map[string]string {
	return map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in), "MaskLogLines": MaskLogLines([]string{in})[0]}
}

// r51MaskingHidden checks that no masker shows secret in line.
func r51MaskingHidden(t *testing.T, cases []struct{ line, secret string }) {
	t.Helper()
	for _, c := range cases {
		for name, got := range r51MaskingEvery(c.line) {
			if strings.Contains(got, c.secret) {
				t.Errorf("%s(%q) = %q: %q shows", name, c.line, got, c.secret)
			}
		}
	}
}

// r51MaskingKept checks that every masker keeps each line as written (MaskLogLines on one
// line).
func r51MaskingKept(t *testing.T, lines []string) {
	t.Helper()
	for _, in := range lines {
		for name, got := range r51MaskingEvery(in) {
			want := in
			if name == "MaskLogLines" {
				want = oneLine(in)
			}
			if got != want {
				t.Errorf("%s(%q) = %q, want it kept", name, in, got)
			}
		}
	}
}

// r51MaskingLinedAlike checks FuzzMaskInvisible's property for text: written with line
// separators (NEL, U+2028, U+2029 in turn, from each of the three) for its spaces, masking
// shows nothing that masking it as written does not.
func r51MaskingLinedAlike(t *testing.T, text string) {
	t.Helper()
	for which := range lineSpaces {
		lined := text
		for i := 0; strings.Contains(lined, " "); i++ {
			lined = strings.Replace(lined, " ", lineSpaces[(which+i)%len(lineSpaces)], 1)
		}
		for name, m := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText} {
			want, got := readable(m(text)), readable(m(lined))
			for _, l := range lineSpaces {
				want, got = strings.ReplaceAll(want, l, " "), strings.ReplaceAll(got, l, " ")
			}
			for _, piece := range shownPieces(got) {
				if !strings.Contains(want, piece) {
					t.Errorf("%s shows more with line separators: %q -> %q, but %q -> %q (%q)", name, text, want, lined, got, piece)
				}
			}
		}
	}
}

// After Bearer, a token then "=" reached over a line separator: the value after the "=" is
// read over separators (a carriage return too), as with spaces the pair after the masked
// token is (FuzzMaskInvisible seed 11b2938c11fd82a4).
func TestR51MaskingBearerTokenThenEqualsOverLineSeparator(t *testing.T) {
	r51MaskingLinedAlike(t, "BeArer 0 =\r0")
	r51MaskingLinedAlike(t, "Bearer abc123 = \th4nter2")
	r51MaskingHidden(t, []struct{ line, secret string }{
		{"Bearer abc123\u2028=\rh4nter2", "h4nter2"},
		{"Bearer abc123\u0085=\u2028h4nter2", "h4nter2"},
	})
}

// A backslash alone between spaces after an authorization scheme is a continuation, as gapAt
// reads one (MaskLogLines writes an entry's line break as a space): it stays, and the
// credential after it is masked, as over line separators (Auth:BAsiC \ 0 showed no lone "\"
// but Auth:BAsiC⏎\⏎0 did: left by round 50).
func TestR51MaskingSchemeThenLoneBackslash(t *testing.T) {
	r51MaskingLinedAlike(t, `Auth:BAsiC \ 0`)
	r51MaskingLinedAlike(t, `Authorization: Basic \ dXNlcjpwYXNzd29yZA==`)
	r51MaskingHidden(t, []struct{ line, secret string }{
		{`Authorization: Basic \ dXNlcjpwYXNzd29yZA==`, "dXNlcjpwYXNz"},
		{"Authorization: Basic\u2028\\\u2028dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNz"},
		{`Authorization: ApiKey \ R51k3yQ7x9`, "R51k3yQ7x9"},
	})
}

// A var_dump string whose length does not fit, its quotes closed with a word glued after
// (string(0) ""0=>"), ends where that word does: the quote after it closes the string opened
// before the key, as it does when line separators stand for the spaces, and stays ("pAss=
// string(0)⏎""0=>"⏎ showed a quote "pAss=string(0) ""0=>" did not: left by round 50).
func TestR51MaskingVarDumpGluedQuoteClosesEnclosingString(t *testing.T) {
	r51MaskingLinedAlike(t, `"pAss=string(0) ""0=>" `)
	r51MaskingLinedAlike(t, `"password=string(3) ""h4nter2=>" x`)
	r51MaskingHidden(t, []struct{ line, secret string }{
		{`"password=string(3) ""h4nter2=>" x`, "h4nter2"},
		{"\"password=string(3)\u2028\"\"h4nter2=>\"\u2028x", "h4nter2"},
	})
	for in, want := range map[string]string{
		`"pAss=string(0) ""0=>" `:             `"pAss=` + Masked + `" `,
		"password= string(8) \"00000 00\"":    "password= " + Masked,
		`{"msg":"password= string(2) "abc""}`: `{"msg":"password= ` + Masked + `"}`,
	} {
		if got := MaskText(in); got != want {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
		}
	}
}

// Basic credentials a program wrapped (base64 cut at a multiple of four bytes, the rest on
// the next line, maybe indented, as MIME and logs wrap it) are masked whole when the joined
// text decodes to user:password: the second line is the password's bytes. A word on the next
// line, or a header, stays.
func TestR51MaskingBasicCredentialsWrappedOverALine(t *testing.T) {
	r51MaskingHidden(t, []struct{ line, secret string }{
		{"Authorization: Basic dXNlcjpw\nYXNzd29yZA==", "YXNzd29yZA"},
		{"Authorization: Basic dXNl\ncjpwYXNzd29yZA==", "cjpwYXNzd29yZA"},
		{"Authorization: Basic dXNlcjpwYXNz\n  d29yZA==", "d29yZA"},
		{"auth=Basic dXNlcjpw\r\n\tYXNzd29yZA==", "YXNzd29yZA"},
		{"Basic dXNlcjpw\u2028YXNzd29yZA==", "YXNzd29yZA"},
		{"-H 'Authorization: Basic dXNlcjpw\nYXNzd29yZDEy\nMzQ1Njc4OTA='", "MzQ1Njc4OTA"},
	})
	r51MaskingKept(t, []string{
		"see RFC 7617 for Basic auth\nHost: example.com",
	})
	// Base64's padding ends the credentials: the next header is no value of theirs.
	r51MaskingKept(t, []string{"Authorization: Basic " + Masked + "\nAccept: */*"})
	for in, want := range map[string]string{
		"Authorization: Basic dXNlcjpwYXNzd29yZA==\nAccept: */*": "Authorization: Basic " + Masked + "\nAccept: */*",
		"Authorization: Basic dXNlcjpwYXNzd29yZA==\nHost":        "Authorization: Basic " + Masked + "\nHost",
		"Authorization: Basic dXNlcjpw\nAccept":                  "Authorization: Basic " + Masked + "\nAccept",
	} {
		for name, m := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText} {
			if got := m(in); got != want {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
			}
		}
	}
}

// A token ending in "=" takes the value after it (Bearer password= x), but not over a line
// break to the next header's name: Accept: stays readable after a padded bearer token.
func TestR51MaskingPaddedBearerTokenThenNextHeader(t *testing.T) {
	for in, want := range map[string]string{
		"Authorization: Bearer abc123==\nAccept: */*":    "Authorization: Bearer " + Masked + "\nAccept: */*",
		"Authorization: Bearer abc123=\r\nUser-Agent: x": "Authorization: Bearer " + Masked + "\r\nUser-Agent: x",
		"Bearer password= h4nter2":                       "Bearer " + Masked,
		"Bearer password=\nh4nter2":                      "Bearer " + Masked,
	} {
		for name, m := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText} {
			if got := m(in); got != want {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
			}
		}
	}
}

// The short password flags of LDAP's tools (-w), SQL Server's command-line tools (sqlcmd, bcp,
// osql: -P) and az login (-p) take a password; the same letters elsewhere stay (mysql -P
// 3306, grep -w, ls -p).
func TestR51MaskingLDAPSQLServerAzShortPasswordFlags(t *testing.T) {
	r51MaskingHidden(t, []struct{ line, secret string }{
		{"ldapsearch -x -H ldap://h -D cn=admin,dc=ex,dc=com -w S3cretLdap -b dc=ex,dc=com", "S3cretLdap"},
		{"ldapmodify -D cn=admin -w 'S3cret Ldap' -f x.ldif", "S3cret Ldap"},
		{"  211  ldapadd -x -D cn=admin -w S3cretLdap -f users.ldif", "S3cretLdap"},
		{"sqlcmd -S db.example.com -U sa -P S3cretSql -Q \"SELECT 1\"", "S3cretSql"},
		{"bcp dbo.t out t.dat -S h -U sa -P S3cretSql -c", "S3cretSql"},
		{"az login --service-principal -u http://app -p S3cretAz --tenant t", "S3cretAz"},
		{"az login -u bob@corp.com -p S3cretAz", "S3cretAz"},
		{`["ldapsearch", "-x", "-w", "S3cretLdap"]`, "S3cretLdap"},
	})
	r51MaskingKept(t, []string{
		"mysql -h db -P 3306 -u root app",
		"grep -w password notes.txt",
		"ls -p /etc",
		"az vm create -n vm1 -p 22",
		"sqlcmd -S h -E -Q \"SELECT 1\"",
	})
}

// A value whose object names it a credential in another field is masked: Kubernetes' and
// ECS's env entries (name/value), CloudFormation's parameters (ParameterKey/ParameterValue),
// a settings list's key/value, in YAML, JSON (escaped in a JSON string too) and a command
// line's shorthand. Other names' values, valueFrom references and objects with no value stay.
func TestR51MaskingValueNamedByAnotherField(t *testing.T) {
	r51MaskingHidden(t, []struct{ line, secret string }{
		{"env:\n- name: DB_PASSWORD\n  value: S3cretK8s\n- name: PORT\n  value: \"8080\"", "S3cretK8s"},
		{"        - name: API_TOKEN\n          value: \"S3cretK8s\"", "S3cretK8s"},
		{`{"name": "DB_PASSWORD", "value": "S3cretEcs"}`, "S3cretEcs"},
		{`[{"name":"PORT","value":"8080"},{"name":"API_TOKEN","value":"S3cretEcs"}]`, "S3cretEcs"},
		{`{"value": "S3cretEcs", "name": "DB_PASSWORD"}`, "S3cretEcs"},
		{`{"Name":"DB_PASSWORD","Value":"S3cretEcs"}`, "S3cretEcs"},
		{`{"msg":"{\"name\":\"DB_PASSWORD\",\"value\":\"S3cretEcs\"}"}`, "S3cretEcs"},
		{`{"key": "password", "value": "S3cretKv"}`, "S3cretKv"},
		{"aws cloudformation deploy --parameter-overrides ParameterKey=DbPassword,ParameterValue=S3cretCfn", "S3cretCfn"},
		{`{"ParameterKey": "DbPassword", "ParameterValue": "S3cretCfn"}`, "S3cretCfn"},
		{"environment=[{name=DB_PASSWORD,value=S3cretEcs}]", "S3cretEcs"},
	})
	r51MaskingKept(t, []string{
		`{"name": "PORT", "value": "8080"}`,
		"- name: LOG_LEVEL\n  value: debug",
		"- name: DB_PASSWORD\n  valueFrom:\n    configMapKeyRef:\n      name: db-config",
		`{"name": "password", "type": "string", "required": true}`,
		`[{"name": "password"}, {"name": "timeout", "value": "30"}]`,
		"- name: DB_PASSWORD\n  valueFrom: {}\n- name: PORT\n  value: \"8080\"",
	})
}

// A credential-named key whose value is a YAML block on the next lines (a nested mapping:
// secretKeyRef:⏎  name: db-creds, auth:⏎  username: bob, or a list of mappings) has no value
// of its own: the block's first key stays, and its pairs are read as any others. (MaskLogLines
// reads a line break inside an entry as a space: since round 60 a key's name and ": " after
// password: is read as the next pair there too, TestR60Masking5EmptyYAMLValueBeforeNextPair;
// a value that ends in ":" but names no key, hunter2:, is masked.)
func TestR51MaskingKeyOpeningANestedBlockStays(t *testing.T) {
	for _, in := range []string{
		"valueFrom:\n  secretKeyRef:\n    name: db-creds",
		"auth:\n  username: bob",
		"credentials:\n  user: bob\n  region: eu",
		"secrets:\n  - name: db-creds\n    optional: true",
		"auth:\r\n  username: bob",
	} {
		for name, m := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText} {
			if got := m(in); got != in {
				t.Errorf("%s(%q) = %q, want it kept", name, in, got)
			}
		}
	}
	r51MaskingHidden(t, []struct{ line, secret string }{
		{"auth:\n  username: bob\n  password: S3cretYaml", "S3cretYaml"},
		{"password:\n  S3cretYaml", "S3cretYaml"},
		{"password:\n  S3cretYaml:", "S3cretYaml"},
		{"password: hunter2: S3cretYaml", "hunter2:"},
	})
}

// A naming field's unquoted value ends at a line separator as at the space it may stand for:
// nAme=pAss⏎vAlue=0 masks as nAme=pAss vAlue=0 (FuzzMaskInvisible seed f41a7b76aa6853a1,
// from this round's named values).
func TestR51MaskingNamedValueOverLineSeparator(t *testing.T) {
	r51MaskingLinedAlike(t, "nAme=pAss vAlue=0")
	r51MaskingLinedAlike(t, "- name: DB_PASSWORD value: S3cretK8s")
	r51MaskingHidden(t, []struct{ line, secret string }{{"name=pass\u2028value=S3cretK8s", "S3cretK8s"}})
}

// In logs, Basic credentials a program wrapped onto the next entries (base64 alone there,
// maybe indented) are masked in each entry, as MaskText masks them over line breaks; a next
// entry that does not complete them stays.
func TestR51MaskingLogBasicCredentialsWrappedOverEntries(t *testing.T) {
	for _, c := range []struct{ in, want []string }{
		{[]string{"Authorization: Basic dXNlcjpw", "YXNzd29yZA=="}, []string{"Authorization: Basic " + Masked, Masked}},
		{[]string{"> Authorization: Basic dXNlcjpwYXNz", "    d29yZDEy", "    MzQ1Njc4OTA=", "> Accept: */*"},
			[]string{"> Authorization: Basic " + Masked, Masked, Masked, "> Accept: */*"}},
		{[]string{"Authorization: Basic dXNlcjpw", "Accept"}, []string{"Authorization: Basic " + Masked, "Accept"}},
		{[]string{"Authorization: Basic dXNlcjpwYXNzd29yZA==", "YWJj"}, []string{"Authorization: Basic " + Masked, "YWJj"}},
	} {
		if got := MaskLogLines(c.in); !slices.Equal(got, c.want) {
			t.Errorf("MaskLogLines(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// A value read over a line separator to a tight arrow (pAss=0⏎->"&) takes the arrow's quoted
// value after it, a quote never closed, as after spaces the arrow's pair is read
// (FuzzMaskInvisible seed dfcdf63cfb9d2ec3, failing at main too).
func TestR51MaskingLineSeparatorThenTightArrowQuote(t *testing.T) {
	r51MaskingLinedAlike(t, `pAss=0 ->"&`)
	r51MaskingLinedAlike(t, `password=abc ->"&h4nter2`)
	r51MaskingHidden(t, []struct{ line, secret string }{{"password=abc\u2028->\"&h4nter2", "h4nter2"}})
}

// Round 50 left `… PASSWORD(`, four single quotes and ` 000` showing `' 000` with line
// separators; its exact input was not kept. These shapes of it mask alike over line separators
// today (pinned, no change).
func TestR51MaskingSQLPasswordCallQuotesAlike(t *testing.T) {
	for _, prefix := range []string{"", "SET PASSWORD FOR  = ", "SET PASSWORD FOR bob = ", "SET PASSWORD = ",
		"CREATE USER bob IDENTIFIED BY ", "pAss ", "pAss=", "PASS 000 0 SET PASSWORD FOR  = "} {
		for _, tail := range []string{"PASSWORD('''' 000", "PASSWORD('''') 000", "OLD_PASSWORD('''' 000", "PASSWORD ('' '' 000"} {
			r51MaskingLinedAlike(t, prefix+tail)
		}
	}
}

// A YAML block sequence of scalars under a credential-named key (passwords:⏎  - <pw>⏎  -
// <pw>) is its value, every item masked with it; a list of mappings under it is read pair by
// pair, and the next key stays.
func TestR51MaskingBlockSequenceUnderCredentialKey(t *testing.T) {
	for in, want := range map[string]string{
		"passwords:\n  - S3cretOne\n  - S3cretTwo\nuser: bob": "passwords:\n  " + Masked + "\nuser: bob",
		"api_keys:\n- abc123def\n- ghi456jkl":                 "api_keys:\n" + Masked,
		"secrets:\n  - name: db-creds":                        "secrets:\n  - name: db-creds",
	} {
		for name, m := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText} {
			if got := m(in); got != want {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
			}
		}
	}
	r51MaskingHidden(t, []struct{ line, secret string }{{"passwords:\n  - S3cretOne\n  - S3cretTwo", "S3cretTwo"}})
}

// A column's value masked (keY⏎0keY, a line separator as wide as two spaces) is read as a key
// too, whose sentence after it (0keY has been <pw>) masks its value as with spaces
// (FuzzMaskInvisible seed b858a39935a6017d, failing at main too).
func TestR51MaskingColumnValueThenItsOwnSentence(t *testing.T) {
	r51MaskingLinedAlike(t, "keY 0keY has been 0")
	r51MaskingHidden(t, []struct{ line, secret string }{{"token\u2028api_key\u2028has\u2028been\u2028h4nter2Z", "h4nter2Z"}})
}

// After a var_dump type and a line separator, a quote that never closes before an arrow opens
// the string, no quoted key of an arrow pair: pAss=string(0)⏎"&0=> masks as pAss=string(0)
// "&0=> (FuzzMaskInvisible seed cafe698ada51b29d, failing at main too).
func TestR51MaskingVarDumpUnclosedQuoteBeforeArrow(t *testing.T) {
	r51MaskingLinedAlike(t, `pAss=string(0) "&0=>`)
	r51MaskingHidden(t, []struct{ line, secret string }{{"password=string(8)\u2028\"&h4nter2=>", "h4nter2"}})
}

// The quote opening a tight arrow's value read over a line separator is closed by no other
// quote: pAss=0⏎->"' masks the "'" as pAss=0 ->"' does (FuzzMaskInvisible seed
// 3a62a7227b9c56b4, from this round's arrow quote).
func TestR51MaskingArrowQuoteThenOtherQuote(t *testing.T) {
	r51MaskingLinedAlike(t, `pAss=0 ->"'`)
	r51MaskingLinedAlike(t, `pAss=0 ->'"`)
}

// A tight arrow reached over a line separator, a line break after it: the arrow's value on the
// next line is masked as after spaces (pAss=0⏎->\n0; FuzzMaskInvisible seed 7a7d8a2c505cbb7d,
// failing at main too).
func TestR51MaskingArrowOverLineSeparatorThenLineBreak(t *testing.T) {
	r51MaskingLinedAlike(t, "pAss=0 ->\n0")
	r51MaskingHidden(t, []struct{ line, secret string }{{"password=abc\u2028->\nh4nter2Z", "h4nter2Z"}})
}
