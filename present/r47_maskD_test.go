package present

import (
	"strings"
	"testing"
)

// After an Authorization value's first word that names no scheme, the token after it is masked
// when it ends in base64 padding, as it is without: "abc123=" is no key of a next pair
// (before, Authorization: Foo abc123== showed the token).
func TestR47MaskDPaddedTokenAfterUnknownScheme(t *testing.T) {
	for _, in := range []string{
		"Authorization: Foo abc123==",
		"Authorization: Foo abc123=",
		"Authorization: Foo abc123== x",
		"Authorization: Foo abc==,",
		"Authorization: Foo \"abc123==\"",
		"Authorization: Foo 'abc123=='",
		"Authorization: Foo \"abc123\"",
		`{"h":"Authorization: Foo abc123=="}`,
		`{"h":"Authorization: Foo \"abc123==\""}`,
		"2024-01-01T00:00:00Z INFO Authorization: Foo abc123== next",
		"Proxy-Authorization: Foo abc123==",
		"Authorization:   Foo    abc123==",
		"Authorization:\tFoo\tabc123==",
		"Authorization: Foo abc123==\u2028next",
		"Authorization: Foo abc123==\u0085next",
		"Authorization: Foo\u2028abc123==",
		"Authorization: Foo\u0085abc123==",
		"Authorization: Foo abc123==\\r\\nHost: x",
	} {
		for name, f := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText} {
			if got := f(in); strings.Contains(got, "abc") {
				t.Errorf("%s(%q) = %q: the token shows", name, in, got)
			}
		}
	}
	if got := MaskText("Authorization: Foo user=bob"); got != "Authorization: "+Masked+" user=bob" {
		t.Errorf("the next pair after the first word: %q", got)
	}
}

// A quote that opens inside an unquoted value quotes on with it, as a shell reads
// password=ab"c&d": the "&", "," or ";" inside is the value's, also when the value runs on over
// line separators (before, pAss:0⏎PASSWORD⏎"0&0 showed "&0", half the quoted text).
func TestR47MaskDQuoteOpenedInsideValueQuotesOn(t *testing.T) {
	for _, in := range []string{
		"pAss:0\u2028PASSWORD\u2028\"0&0",
		"pAss:0\u0085PASSWORD\u2029\"0&0",
		"pAss:0\u2028\"0&0",
		"pAss:0\"0&0",
		"password=ab\"c&0\"",
		"password=ab\"c&0",
		"password=ab'c;0' x",
		"password=ab'c,0'",
		"password=ab\"c 0\" x",
	} {
		if got := MaskText(in); strings.Contains(got, "0") || !strings.Contains(got, Masked) {
			t.Errorf("%q -> %q: part of the value shows", in, got)
		}
	}
	for in, want := range map[string]string{
		"password=ab\"c\"&user=bob":    "password=" + Masked + "&user=bob",
		"password=ab\"c d\" user=bob":  "password=" + Masked + " user=bob",
		"password=x\", \"user\":\"bob": "password=" + Masked + "\", \"user\":\"bob",
		"password=ab\"c d user=bob":    "password=" + Masked + " d user=bob",
	} {
		if got := MaskText(in); got != want {
			t.Errorf("%q -> %q, want %q", in, got, want)
		}
	}
}

// In a JSON or Python list of arguments, a user-password flag is read for the command it is
// given to, as on a command line: rsync's -a takes no user:password, so a remote path after it
// stays, docker's and sudo's -u take user:group; redis-cli's -a is a password, and so is what
// stands between user: and @host wherever (before, ["rsync","-a","host:dir/"] read
// host:******** and ["redis-cli","-a","<pw>"] showed the password).
func TestR47MaskDArgvListFlagsReadForTheirCommand(t *testing.T) {
	for _, in := range []string{
		`["rsync","-a","host:dir/"]`,
		`{"args":["rsync", "-a", "host:dir/"]}`,
		`[\"rsync\",\"-a\",\"host:dir/\"]`,
		`['rsync', '-a', 'host:dir/']`,
		`["rsync","-a","host:dir/a@b"]`,
		`["docker","run","-u","postgres:postgres","img"]`,
		`["sudo","-u","bob:staff","ls"]`,
	} {
		if got := MaskText(in); got != in {
			t.Errorf("%s -> %s, want it kept", in, got)
		}
	}
	for in, want := range map[string]string{
		`["redis-cli","-a","hunter22"]`:                     `["redis-cli","-a","` + Masked + `"]`,
		`["curl","-u","bob:hunter22","x"]`:                  `["curl","-u","bob:` + Masked + `","x"]`,
		`["http","-a","bob:hunter22","x"]`:                  `["http","-a","bob:` + Masked + `","x"]`,
		`["-a","bob:hunter22"]`:                             `["-a","bob:` + Masked + `"]`,
		`["docker","run","img","curl","-u","bob:hunter22"]`: `["docker","run","img","curl","-u","bob:` + Masked + `"]`,
		`["rsync","-a","bob:hunter22@host:dir/"]`:           `["rsync","-a","bob:` + Masked + `@host:dir/"]`,
		`rsync -a bob:hunter22@host:dir/ .`:                 `rsync -a bob:` + Masked + `@host:dir/ .`,
		`curl -u bob:hunter22 https://x`:                    `curl -u bob:` + Masked + ` https://x`,
	} {
		if got := MaskText(in); got != want {
			t.Errorf("%s -> %s, want %s", in, got, want)
		}
	}
}

// .pgpass lines inside a JSON string, joined by an escaped line break, each have their password
// masked and keep their other fields, as the lines written out do (before, nothing was masked:
// the quotes and the escapes made the text around the fields).
func TestR47MaskDPgpassLinesInJSONString(t *testing.T) {
	for in, want := range map[string]string{
		`{"f":"db.example.com:5432:app:bob:hunter22\nlocalhost:5432:*:alice:s3cret"}`:      `{"f":"db.example.com:5432:app:bob:` + Masked + `\nlocalhost:5432:*:alice:` + Masked + `"}`,
		`{"f":"db.example.com:5432:app:bob:hunter22\r\n*:*:*:alice:s3cret\n"}`:             `{"f":"db.example.com:5432:app:bob:` + Masked + `\r\n*:*:*:alice:` + Masked + `\n"}`,
		`{"f":"db.example.com:5432:app:bob:hunter22"}`:                                     `{"f":"db.example.com:5432:app:bob:` + Masked + `"}`,
		`"{\"f\":\"db.example.com:5432:app:bob:hunter22\"}"`:                               `"{\"f\":\"db.example.com:5432:app:bob:` + Masked + `\"}"`,
		"db.example.com:5432:app:bob:hunter22\nlocalhost:5432:*:alice:s3cret":              "db.example.com:5432:app:bob:" + Masked + "\nlocalhost:5432:*:alice:" + Masked,
		`db.example.com:5432:app:bob:hun\nter22`:                                           `db.example.com:5432:app:bob:` + Masked,
		`db.example.com:5432:app:bob:hun"ter22`:                                            `db.example.com:5432:app:bob:` + Masked,
		`{"pgpass":"db.example.com:5432:app:bob:hunter22\nlocalhost:5432:*:alice:s3cret"}`: `{"pgpass":"` + Masked + `"}`,
		`{"f":"a:b:c:d:e:f\nnot:a:pgpass"}`:                                                `{"f":"a:b:c:d:e:f\nnot:a:pgpass"}`,
	} {
		if got := MaskText(in); got != want {
			t.Errorf("%s\n -> %s\nwant %s", in, got, want)
		}
	}
}

// After an Authorization value's first word that names no scheme, the token after it is read to
// its end, not to its first byte outside token68's: a credential with "!", "@", "#", "%", "$"
// or "*" in it (abc!23) is masked whole, and so is a quoted one with a space (before, each
// showed: the word before that byte, "abc", read as prose).
func TestR47MaskDTokenAfterUnknownSchemeReadToItsEnd(t *testing.T) {
	for _, tok := range []string{"abc!23", "abc@23", "abc#23", "abc%23", "abc$23", "abc*23", "abc^23", "abc|23", "abc?23x", `"abc 123"`} {
		in := "Authorization: Foo " + tok + " next"
		for name, f := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText} {
			if got := f(in); strings.Contains(got, "23") || !strings.HasSuffix(got, " next") {
				t.Errorf("%s(%q) = %q: the token shows", name, in, got)
			}
		}
	}
	for _, in := range []string{
		"Authorization: Foo is missing!",
		"Authorization: Foo user=bob",
		"Authorization: Foo (see docs)",
		"Authorization: Foo ${TOKEN}",
	} {
		if got := MaskAPIText(in); got != in {
			t.Errorf("MaskAPIText(%q) = %q, want it kept", in, got)
		}
	}
}

// redis-cli's -a is read over line separators as over spaces: the password shows no more with
// them (FuzzMaskInvisible seed b84ac032c911a2c4; before, redis-Cli⏎-a⏎0 showed the 0).
func TestR47MaskDRedisCliPasswordOverLineSeparators(t *testing.T) {
	for _, in := range []string{"redis-cli\u2028-a hunter22", "redis-Cli\u2028-a\u2029hunter22", "redis-cli\u0085-h x\u2028-a hunter22"} {
		if got := MaskText(in); strings.Contains(got, "hunter22") {
			t.Errorf("%q -> %q: the password shows", in, got)
		}
	}
}

// A user statement's PASSWORD is masked however SQL quotes it: PostgreSQL's dollar quotes
// ($$<pw>$$, $tag$<pw>$tag$), escape and Unicode strings (E'<pw>', U&'<pw>'), and quotes escaped
// in a JSON string (PASSWORD \"<pw>\"). Before, each showed the password.
func TestR47MaskDSQLPasswordLiteralForms(t *testing.T) {
	for in, want := range map[string]string{
		"CREATE ROLE x LOGIN PASSWORD $$hunter22$$;":           "CREATE ROLE x LOGIN PASSWORD $$" + Masked + "$$;",
		"CREATE ROLE x LOGIN PASSWORD $pw$hunter22$pw$;":       "CREATE ROLE x LOGIN PASSWORD $pw$" + Masked + "$pw$;",
		"CREATE ROLE x PASSWORD $$hunter22":                    "CREATE ROLE x PASSWORD $$" + Masked,
		"CREATE USER bob WITH PASSWORD E'hunter\\'22';":        "CREATE USER bob WITH PASSWORD E'" + Masked + "';",
		"CREATE USER bob WITH PASSWORD U&'hunter\\0032\\0032'": "CREATE USER bob WITH PASSWORD U&'" + Masked + "'",
		`{"sql":"CREATE USER bob WITH PASSWORD \"hunter22\""}`: `{"sql":"CREATE USER bob WITH PASSWORD \"` + Masked + `\""}`,
		`{"sql":"ALTER ROLE bob PASSWORD \"hunter22\" VALID"}`: `{"sql":"ALTER ROLE bob PASSWORD \"` + Masked + `\" VALID"}`,
		"CREATE USER bob PASSWORD 'hunter22' VALID UNTIL 'x'":  "CREATE USER bob PASSWORD '" + Masked + "' VALID UNTIL 'x'",
		"CREATE USER bob PASSWORD NULL":                        "CREATE USER bob PASSWORD NULL",
		"SELECT $$PASSWORD$$, $1 FROM t":                       "SELECT $$PASSWORD$$, $1 FROM t",
	} {
		if got := MaskText(in); got != want {
			t.Errorf("%q -> %q, want %q", in, got, want)
		}
	}
}

// A quoted user-password value is read to its closing quote, a space in the user too (curl -u
// "bob smith:<pw>"), and one whose quote never closes to a separator, so that it reads the same
// with Unicode spaces (FuzzMaskInvisible seed 0ca783d455a03a3b; before, the password showed
// after a user with a space, and an unclosed quote read to the text's end masked only with a
// Unicode space in the user).
func TestR47MaskDQuotedUserPasswordValue(t *testing.T) {
	for in, want := range map[string]string{
		`curl -u "bob smith:hunter22" https://x`:        `curl -u "bob smith:` + Masked + `" https://x`,
		"curl -u \"bob\u00a0smith:hunter22\" https://x": "curl -u \"bob\u00a0smith:" + Masked + "\" https://x",
		`["curl","-u","bob smith:hunter22"]`:            `["curl","-u","bob smith:` + Masked + `"]`,
		`curl -u "bob:hunter22 https://x`:               `curl -u "bob:` + Masked + ` https://x`,
		`curl --user "bob :x`:                           `curl --user "bob :x`,
		"curl --user \"bob\u2009:x":                     "curl --user \"bob\u2009:x",
	} {
		if got := MaskText(in); got != want {
			t.Errorf("%q -> %q, want %q", in, got, want)
		}
	}
}

// Redis's AUTH command has its password masked where it is one: at redis-cli's prompt, after
// redis-cli, and in MONITOR's quoted arguments; a username before it stays, and so does AUTH in
// prose (before, each showed the password).
func TestR47MaskDRedisAuthCommand(t *testing.T) {
	for in, want := range map[string]string{
		"127.0.0.1:6379> AUTH hunter22":                           "127.0.0.1:6379> AUTH " + Masked,
		"127.0.0.1:6379> auth bob hunter22\nOK":                   "127.0.0.1:6379> auth bob " + Masked + "\nOK",
		"redis-cli -h db AUTH hunter22":                           "redis-cli -h db AUTH " + Masked,
		"redis-cli -h db AUTH hunter22 && echo ok":                "redis-cli -h db AUTH " + Masked + " && echo ok",
		"redis:6379[1]>\u2028AUTH hunter22":                       "redis:6379[1]>\u2028AUTH " + Masked,
		`1339518083.107412 [0 127.0.0.1:60866] "AUTH" "hunter22"`: `1339518083.107412 [0 127.0.0.1:60866] "AUTH" "` + Masked + `"`,
		`[0 127.0.0.1:60866] "auth" "bob" "hunter22"`:             `[0 127.0.0.1:60866] "auth" "bob" "` + Masked + `"`,
		"AUTH failed: invalid username-password pair":             "AUTH failed: invalid username-password pair",
		"the AUTH command takes a password":                       "the AUTH command takes a password",
		"NOAUTH Authentication required.":                         "NOAUTH Authentication required.",
	} {
		if got := MaskText(in); got != want {
			t.Errorf("%q -> %q, want %q", in, got, want)
		}
	}
}

// After an Authorization value's first word that names no scheme, key="<value>" is a parameter,
// no padded token: its quoted value is masked, the key kept (before this, with the padded token
// read first, key= was masked and the value shown).
func TestR47MaskDParamAfterUnknownSchemeQuotedValue(t *testing.T) {
	for in, want := range map[string]string{
		`Authorization: Foo key="abc!23"`: "Authorization: " + Masked + ` key="` + Masked + `"`,
		`Authorization: Foo key='abc!23'`: "Authorization: " + Masked + ` key='` + Masked + `'`,
		"Authorization: Foo abc123== x":   "Authorization: " + Masked + " " + Masked + " x",
	} {
		if got := MaskText(in); got != want {
			t.Errorf("%q -> %q, want %q", in, got, want)
		}
	}
}
