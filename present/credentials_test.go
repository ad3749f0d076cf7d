package present

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// TestMaskText: the one rule of what a credential looks like in text, on the audit's cases
// (instance logs showed what the spicepod masker hid) and on text that names no credential and
// must stay as written.
func TestMaskText(t *testing.T) {
	m := Masked
	for _, c := range []struct{ in, want string }{
		// URLs: credential-named query parameters, signed-URL parameters, userinfo with or
		// without a user or a password.
		{"registered (https://h/x.csv?pwd=A1&auth=A2), acceleration", "registered (https://h/x.csv?pwd=" + m + "&auth=" + m + "), acceleration"},
		{"https://h/x.csv?pass=A3&X-Amz-Signature=A4", "https://h/x.csv?pass=" + m + "&X-Amz-Signature=" + m},
		{"https://h/x.csv?sv=2022&sig=A5", "https://h/x.csv?sv=2022&sig=" + m},
		{"https://:A6@h/x.csv", "https://" + m + "@h/x.csv"},
		{"https://LOGCANARY4@api.example.com/x", "https://" + m + "@api.example.com/x"},
		{"https://u:p@h/x", "https://" + m + "@h/x"},
		{"https://h/x.csv?code=LOGA8&jwt=LOGA9", "https://h/x.csv?code=" + m + "&jwt=" + m},
		{"https://s3/b/k?X-Amz-Credential=AKID%2F2026&X-Amz-Expires=60", "https://s3/b/k?X-Amz-Credential=" + m + "&X-Amz-Expires=60"},
		{"https://gcs/b/o?X-Goog-Signature=abc&X-Goog-Credential=sa%40p", "https://gcs/b/o?X-Goog-Signature=" + m + "&X-Goog-Credential=" + m},
		{"https://h/x?key=AIzaQ&subscription-key=S&id=1", "https://h/x?key=" + m + "&subscription-key=" + m + "&id=1"},
		{`{"url":"https://h/x?a=1\u0026sig=S"}`, `{"url":"https://h/x?a=1\u0026sig=` + m + `"}`},
		{"see https://h/x?token=abc.", "see https://h/x?token=" + m + "."},
		{"https://u:${secrets:P}@h/x", "https://u:${secrets:P}@h/x"},
		{"abfss://container@account.dfs.core.windows.net/p", "abfss://container@account.dfs.core.windows.net/p"},
		// Credential-named keys.
		{"pg_password=hunter2 host=db", "pg_password=" + m + " host=db"},
		{"--password=hunter2", "--password=" + m},
		{`api_key: "sk-live-123", secret_token='t0k'`, `api_key: "` + m + `", secret_token='` + m + `'`},
		{`{"client_secret":"cs1","user":"bob"}`, `{"client_secret":"` + m + `","user":"bob"}`},
		{"Driver={X};UID=bob;PWD=pw1;", "Driver={X};UID=bob;PWD=" + m + ";"},
		{"azure_storage_account_key: k1", "azure_storage_account_key: " + m},
		{"sv=2024&sig=S1", "sv=2024&sig=" + m},
		{"session_id=abc cookie: c1", "session_id=" + m + " cookie: " + m},
		{"password=${secrets:PG}", "password=${secrets:PG}"},
		// The regression audit: what the old log masker hid, and what it did not but must be.
		{"password = hunter2", "password = " + m},
		{"Password:hunter2", "Password:" + m},
		{"PASSWORD : hunter2", "PASSWORD : " + m},
		{"db_password =hunter2", "db_password =" + m},
		{`password: Some("hunter2")`, "password: " + m},
		{`token: Secret("abc123def")`, "token: " + m},
		{`password: Some(Secret("hunter2"))`, "password: " + m},
		{`{"password":"ab\"cdefgh"}`, `{"password":"` + m + `"}`},
		{`{\"password\":\"hunter2\"}`, `{\"password\":\"` + m + `\"}`},
		{`"password" : "x"`, `"password" : "` + m + `"`},
		{"token: [abc, def]", "token: " + m},
		{`"secret": {"value": "hunter2"}`, `"secret": ` + m},
		{"postgres://bob:pa/ss@db:5432/app", "postgres://" + m + "@db:5432/app"},
		{"mysql://root:p#ssw0rd@db/app", "mysql://" + m + "@db/app"},
		{"mysql://root:p?ss@db/app", "mysql://" + m + "@db/app"},
		{"password\x1b[2m=\x1b[0mhunter4", "password=" + m},
		{"file:/y Password:hunter5 db_password =hunter6", "file:/y Password:" + m + " db_password =" + m},
		{`{"msg":"password=x","level":"info"}`, `{"msg":"password=` + m + `","level":"info"}`},
		{"PWD={p;w};UID=bob", "PWD=" + m + ";UID=bob"},
		{"WHERE password == 'x' OR token != 'y'", "WHERE password == '" + m + "' OR token != '" + m + "'"},
		{"Bearer abc", "Bearer " + m},
		{"password: ${ secrets:PG }", ""},
		// Readable: prose, a missing secret's name, module paths, ports, secret stores.
		{`Auth: uses OAuth; session: per user`, ""},
		{"ERROR runtime: Failed to get secret: PG_PASS", ""},
		{"INFO runtime::auth: API key authentication: enabled", ""},
		{"https://auth.example.com:8443/x", ""},
		{"from aws_secrets_manager:prod/spice", ""},
		{"http://localhost:8080/users/@me", ""},
		{"INFO secret: PG_PASS", "INFO secret: " + m}, // not an error: masked
		{"session: abc123 started", "session: " + m + " started"},
		// Authorization schemes.
		{"Authorization: Bearer eyJhbGciOi.abc.def", "Authorization: Bearer " + m},
		{"Authorization: Basic dXNlcjpwYXNz", "Authorization: Basic " + m},
		{"sent bearer abcdefgh123 upstream", "sent bearer " + m + " upstream"},
		{"header Basic dXNlcjpwYXNz", "header Basic " + m},
		// Digest credentials, the whole list: response= is a hash an attacker can test passwords against.
		{`Authorization: Digest username="bob", realm="x", qop=auth, nc=00000001, response="6629fae4"` + "\nnext",
			"Authorization: Digest " + m + "\nnext"},
		{`authorization: digest response=abc, nc=1; then`, "authorization: digest " + m + "; then"},
		// RFC 8187's name*=, a list split across lines (as written and escaped in JSON), params
		// separated by spaces alone.
		{`Authorization: Digest username*=UTF-8''bob, response="6629fae4"`, "Authorization: Digest " + m},
		{"Authorization: Digest username=\"bob\",\n  response=\"6629fae4\"\nnext", "Authorization: Digest " + m + "\nnext"},
		{`{"msg":"sent Authorization: Digest username=\"bob\",\n  response=\"6629fae4\"", "x": 1}`,
			`{"msg":"sent Authorization: Digest ` + m + `", "x": 1}`},
		{`{"msg":"sent Authorization: Digest username=\"bob\",\r\nresponse=\"6629fae4\""}`, `{"msg":"sent Authorization: Digest ` + m + `"}`},
		{`Authorization: Digest username="bob" realm="x" nc=1 response=6629fae4, done`, "Authorization: Digest " + m + ", done"},
		{`{"Authorization": "Digest username=\"bob\", response=\"6629fae4\""}, "error": "denied"}`,
			`{"Authorization": "Digest ` + m + `"}, "error": "denied"}`}, // quoted, the scheme stays too (round 61)
		// Prefixed tokens and private keys.
		{"using ghp_0123456789abcdefghijABCDEF now", "using " + m + " now"},
		{"key sk-proj-AbCdEf0123456789xyzXYZ", "key " + m},
		{"id AKIAABCDEFGHIJKLMNOP", "id " + m},
		{"jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "jwt " + m},
		{"k: -----BEGIN PRIVATE KEY----- MIIEv0123 -----END PRIVATE KEY----- end", "k: " + m + " end"},
		// Not credentials: shown as written.
		{"INFO Dataset taxi_trips registered (s3://spiceai-demo-datasets/taxi_trips/2024/)", ""},
		{"primary_key: id", ""},
		{"HTTP status code: 503", ""},
		{"from aws_secrets_manager:prod/spice and ${secrets:PG_PASS}", ""},
		{"${ secrets: PG_PASS }", ""},
		{"SELECT * FROM t WHERE token = 5", "SELECT * FROM t WHERE token = " + m}, // as the old log masker did: a number can be a password
		{"SELECT * FROM t WHERE token_count = 5", ""},                             // but not a count's (round 53: measureKeySuffixes)
		{"bearer token expired; basic auth failed", ""},
		{"s3://bucket/sk-learn-models-2024-archive/", ""},
		{"ERROR spiced: Runtime failed to start; exiting with code 1", ""},
	} {
		want := c.want
		if want == "" {
			want = c.in
		}
		if got := MaskText(c.in); got != want {
			t.Errorf("MaskText(%q)\n got  %q\n want %q", c.in, got, want)
		}
		if again := MaskText(want); again != want {
			t.Errorf("not idempotent on %q: %q", want, again)
		}
	}
}

// TestPrefixedTokenLengths: a token known by its prefix is masked from the length README
// gives (the shortest issued), in text, error texts and log attributes alike; one character
// shorter it reads as a word (sk-abcdefgh12, which the old log pattern masked, is none).
func TestPrefixedTokenLengths(t *testing.T) {
	for _, c := range []struct{ prefix, body string }{
		{"sk-", "AbCdEf0123456789wxyz"},
		{"ghp_", "AbCdEf0123456789wxyz"},
		{"github_pat_", "AbCdEf0123456789wxyz"},
		{"glpat-", "AbCdEf0123456789wxyz"},
		{"sk_live_", "AbCdEf0123456789"},
		{"xoxb-", "1234567890"},
		{"AKIA", "ABCDEFGHIJKLMNOP"},
		{"AIza", "SyA1234567890abcdefghijklmnopqrstuv"},
		{"eyJhbGciOiJ", ".eyJzdWIi.sig"},
	} {
		token := c.prefix + c.body
		short := c.prefix + c.body[1:]
		if c.prefix == "eyJhbGciOiJ" { // the header (11) and the payload (8): each one shorter
			short = "eyJhbGciOi.eyJzdWIi.sig"
			if got := MaskText("t eyJhbGciOiJ.eyJzdWI.sig"); got != "t eyJhbGciOiJ.eyJzdWI.sig" {
				t.Errorf("a payload of 7 masked: %q", got)
			}
		}
		for name, m := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText} {
			if got := m("t " + token); got != "t "+Masked {
				t.Errorf("%s(%q) = %q", name, token, got)
			}
			if got := m("t " + short); got != "t "+short {
				t.Errorf("%s(%q) = %q, want it as written", name, short, got)
			}
		}
	}
	// A token longer than the minimum is masked whole (round 16: an AIza key of 36 showed its last).
	for _, token := range []string{"AIza" + strings.Repeat("a1B2", 9), "ghp_" + strings.Repeat("x9", 20), "xoxb-" + strings.Repeat("7", 30)} {
		if got := MaskText("log: " + token + " done"); got != "log: "+Masked+" done" {
			t.Errorf("MaskText(%q) = %q", token, got)
		}
	}
	if got := MaskText("t AKIA" + strings.Repeat("B", 17)); got != "t AKIA"+strings.Repeat("B", 17) {
		t.Errorf("an AKIA of 17 masked: %q", got)
	}
	if got := MaskText("t sk-abcdefgh12"); got != "t sk-abcdefgh12" {
		t.Errorf("MaskText = %q", got)
	}
}

// TestPrefixedTokensWhereverTheyStand: a known prefix starts a token wherever it stands:
// right after another token (the first token's body took the second's "ghp" and showed the
// rest), and stuck to a letter, digit or underscore (round 20). A prefix inside a word of
// prose needs the token's full shape, so words that hold one stay as written.
func TestPrefixedTokensWhereverTheyStand(t *testing.T) {
	const (
		gh1 = "ghp_Q7rT9vX2mK4pL8nB3cD6fH1jS5wY0zA2eR4t"
		gh2 = "ghp_Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8"
		jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
		aws = "AKIAIOSFODNN7EXAMPLQ"
		sk  = "sk-proj-AbCdEfGh1234567890AbCdEfGh1234567890AbCdEfGh12"
	)
	for _, c := range []struct{ in, want string }{
		{"x " + gh1 + gh2 + " z", "x " + Masked + " z"},
		{"x " + gh1 + aws + " z", "x " + Masked + " z"},
		{"x " + aws + gh1 + " z", "x " + Masked + " z"},
		{"x " + aws + aws + " z", "x " + Masked + " z"},
		{"x " + gh1 + sk + jwt + " z", "x " + Masked + " z"},
		{"x ghp_AAAAAAAAAAAAAAAAAAAAghp_BBBBBBBBBBBBBBBBBBBB z", "x " + Masked + " z"},
		{"x 1" + gh1 + " z", "x 1" + Masked + " z"},
		{"x _" + gh1 + " z", "x _" + Masked + " z"},
		{"x Token" + aws + " z", "x Token" + Masked + " z"},
		{"x y" + jwt + " z", "x y" + Masked + " z"},
		{"x y" + sk + " z", "x y" + Masked + " z"},
		{"x key" + "sk-ant-api03-" + strings.Repeat("Ab3", 20) + " z", "x key" + Masked + " z"},
		{"x id" + "sk_live_" + strings.Repeat("aB3", 14) + " z", "x id" + Masked + " z"},
		{"x a" + "github_pat_11ABCDEFG0123456789_abcdefghij" + " z", "x a" + Masked + " z"},
		{"x a" + "glpat-AbCdEf0123456789wxyz" + " z", "x a" + Masked + " z"},
		{"x a" + "xoxb-1234567890-abc" + " z", "x a" + Masked + " z"},
		{"x a" + "AIzaSyA1234567890abcdefghijklmnopqrstuv" + " z", "x a" + Masked + " z"},
		// Prose and identifiers that hold a prefix stay.
		{"task-runner-Build2024-abcdefghijk disk-usage-Report-2024-xyzABC", ""},
		{"risk-Assessment-2024-Quarterly-Review-Final-v2", ""},
		{"TestDisk_test_ReadWriteLargeFile2 highs_AndLowsOfTheMarket2024", ""},
		{"EASTASIA region, KIAKIA, ASIAN markets, the AKIA prefix, weighs_Results", ""},
		{"keyJSON tokeyJob flask-Sqlalchemy-Models-2024-abc", ""},
	} {
		want := c.want
		if want == "" {
			want = c.in
		}
		for name, m := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText,
			"MaskLogLines": func(s string) string { return MaskLogLines([]string{s})[0] }} {
			if got := m(c.in); got != want {
				t.Errorf("%s(%q)\n = %q\nwant %q", name, c.in, got, want)
			}
		}
	}
}

// TestCredentialName: one name rule for keys and query parameters.
func TestCredentialName(t *testing.T) {
	for _, name := range []string{"password", "PG_PASS", "pwd", "client_secret", "access_token", "Authorization", "jwt",
		"bearer", "session", "Cookie", "aws_credentials", "X-Amz-Signature", "X-Goog-Credential", "x-api-key", "s3_key",
		"keys", "sig", "pat", "paſſword"} {
		if !credentialName(name, false) || !credentialName(name, true) {
			t.Errorf("%q should name a credential", name)
		}
	}
	for _, name := range []string{"code", "key_id", "key_pair_id"} {
		if credentialName(name, false) || !credentialName(name, true) {
			t.Errorf("%q: a credential as a query parameter only", name)
		}
	}
	for _, name := range []string{"primary_key", "sv", "sp", "region", "host", "name", "from", "X-Amz-Expires", "format", ""} {
		if credentialName(name, false) {
			t.Errorf("%q names no credential", name)
		}
	}
}

// FuzzMaskText: for any text, masking is idempotent, changes nothing without leaving Masked
// in its place, keeps no URL's userinfo (unless its password is a reference or it names an
// Azure container), and hides the value of a password= pair.
func FuzzMaskText(f *testing.F) {
	for _, s := range []string{
		"registered (https://h/x.csv?pwd=A1&auth=A2), acceleration",
		"https://:A6@h/x.csv https://LOGCANARY4@api.example.com/x",
		`{"url":"https://h/x?a=1\u0026sig=S","password":"p w"}`,
		"Authorization: Bearer eyJhbGciOi.abc.def; Basic dXNlcjpwYXNz",
		"k: -----BEGIN PRIVATE KEY----- MIIEv0123",
		"${ secrets: PG_PASS } primary_key: id code: 503",
		`password: Some(Secret("hunter2")) {\"password\":\"h\\\"x\"} "secret": {"value": "v"}`,
		"postgres://bob:pa/ss@db:5432/app mysql://root:p#ssw0rd@db/app password\x1b[2m=\x1b[0mhunter4",
		"ERROR runtime: Failed to get secret: PG_PASS; INFO runtime::auth: API key authentication: enabled",
		"ghp_\u034fBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB pass\ufe0fword=hunter2XYZ x ghp_\\u200bEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE",
		"password\u00a0=\u00a0Hunter22222 api_key\u3000=\u3000zzzz9999zzzz Bearer\u00a0abcdefabcdef1234 10\u00a0000 rows \u2764\ufe0f",
		// Round 18: spaces spelled out after Bearer and Basic, NEL, a star before a split token.
		`Authorization: Bearer&nbsp;sk-live-abcdef0123456789 Bearer\xc2\xa0abcDEF123456 Bearer%C2%A0abcDEF123456 Bearer&#160;x1 Bearer&#xa0;x2`,
		"Bearer\u0085abcDEF123456 Bearer\\u0085abcDEF123456 Bearer\\xc2\\x85abcDEF123456 x Basic&nbsp;dXNlcjpwYXNz x\\u00a0ghp_AAAAAAAAAAAAAAAAAAAAAAAA",
		"*ghp_AAAAAAAAAAAAAAAAAAA\u200bZ Invalid token:\u200b signature has expired token:\u200bsecretvalue",
		// Round 19: escapes before a token, values that start with "&", ";" or ",", stars between
		// masks, HTML spellings inside a value, line separators, PEM with spelled-out spaces.
		"cb%3Faccess_token%3Dghp_AAAAAAAAAAAAAAAAAAAAAAAA q=key%20AKIAIOSFODNN7EXAMPLE x%0Aghp_AAAAAAAAAAAAAAAAAAAAAAAA ?q=Bearer%20abcdefabcdef1234",
		"Server=db;User Id=sa;Password=&x7Kq9!zQ; PWD=,x7Kq9zQ; password=&nbspHunter22222 password=&user=bob",
		"Bearer abcdefabcdef1234*ghp_AAAAAAAAAAAAAAAAAAA\u200bQ *ghp_AAAAAAAAAAAAAAAAAAA\u200bZ*ghp_AAAAAAAAAAAAAAAAAAA\u200bY",
		"password=abc&nbsp;xyz789 https://host/x?token=abc&nbsp;def2QZ Bearer&nbspabcdefabcdef1234 a&ThickSpace;b",
		"password=abc\u2028def2QZ postgres://app:pa\u0085ss@db:5432/app",
		"-----BEGIN&nbsp;PRIVATE&nbsp;KEY-----&nbsp;MIIEvQIBADAN&nbsp;-----END&nbsp;PRIVATE&nbsp;KEY-----",
		// Round 20: ASCII spaces spelled out, HTML5's &Tab; and &NewLine;, spaces encoded twice,
		// \u{a0} and octal escapes.
		`password%20=%20hunter2xyz Bearer\u0020abcDEF123456 Bearer\x20abcDEF123456 Bearer&#32;x1 Bearer&#x20;x2 token&#32;:&#32;Hunter22222`,
		"Bearer&NBSP;abcDEF123456 Bearer&NewLine;abcDEF123456 password=&Tab;hunter2xyz password=abc&Tab;def2QZ ?q=a%20b",
		"Bearer%25C2%25A0abcDEF123456 Bearer%2520abcDEF123456 Bearer&amp;nbsp;abcDEF123456 Bearer&amp;#160;x3 x%2520AKIAIOSFODNN7EXAMPLE",
		`Bearer\u{a0}abcDEF123456 Bearer\302\240abcDEF123456 Bearer\240abcDEF123456 password\302\240=\302\240hunter2xyz x\240AKIAIOSFODNN7EXAMPLE`,
		// Round 20 (R5): tokens stuck to another token or to a word.
		"x ghp_Q7rT9vX2mK4pL8nB3cD6fH1jS5wY0zA2eR4tghp_Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8 z 1ghp_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA TokenAKIAIOSFODNN7EXAMPLQghp_AAAAAAAAAAAAAAAAAAAA",
		"yeyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIx.sig ysk-proj-AbCdEfGh1234567890AbCdEfGh1234567890AbCdEfGh12 task-runner-Build2024-abcdefghijk sk-sk-sk-AbC1",
		// Round 23: a break's escape right after a token's prefix, and runs of them after its body.
		`AKIA\nIOSFODNN7EXAMPLE ghp_%0AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA xoxb-&#10;1234567890-abcdef sk-\u000aAbCdEf0123456789xyzQRS AKIA\nis`,
		`AKIAIOSFODNN7EXAMPLE\r\nMORE glpat-abcdefghij-KLMNOPQRST%0D%0Arest eyJ\x0ahbGciOiJI.eyJzdWIiOi.sig AKIA\\nIOSFODNN7EXAMPLE`,
		// Round 40: a scheme other than Bearer, Basic, Token and Digest after Authorization;
		// arrows (=>) and Go's := before a value; a key in brackets.
		"Authorization: ApiKey R40q9ZxLk2 Proxy-Authorization: Splunk x1 authorization=SSWS ******** Authorization: abc123 more",
		`{"user" => "app", "password" => "R40pw"} [db_password] => R40pw1 'client_secret' => 'R40pw2', password := "R40pw3" p=>x`,
		// Round 40, review 2: unknown first words after Authorization, values after line breaks and
		// continuations, XML text with spelled brackets or in CDATA, words after flags.
		"Authorization: Foo R40q9 authorization=letmein user=bob Authorization: ApiKey\r\n R40k --password \\\n R40p IDENTIFIED BY\n'R40s'",
		`<password><![CDATA[R40c]]></password > \u003cpassword\u003eR40j\u003c/password\u003e &lt;token&gt;R40h&lt;/token&gt; --password cannot be used`,
		"psql --password R40pw --host db IDENTIFIED BY 'R40pw' <ns:password a=\"1\">R40pw</ns:password> aws_secret_access_key wJalrXUtnFEMI/K7MDENG",
		// Round 41: PHP's var_dump, property lists' keys, arrows, IDENTIFIED BY unquoted, --pw.
		`["password"]=>` + "\n" + `  string(8) "R41pw\"x" ["token":"A\\B":private]=> string(3) "R41" ["password":protected]=> int(41)`,
		"<key>password</key>\n<string>R41pw</string><key>s3_key</key><data>abc</data><key>api_key</key><string><![CDATA[R41]]></string>",
		`%{"password" -> "R41pw", user -> bob} password → R41x ptr->password $this->token->x IDENTIFIED BY R41pw; identified by VALUES 'x' --pw R41 --db-pw "a b"`,
	} {
		f.Add(s, "hunter2")
	}
	for _, s := range r67TesttimeSeeds(f, r59Seeds(r59TextTemplates...)) { // round 59
		f.Add(s, "hunter2")
	}
	f.Fuzz(func(t *testing.T, text, value string) {
		if !utf8.ValidString(text) {
			return
		}
		out := MaskText(text)
		if again := MaskText(out); again != out {
			t.Fatalf("not idempotent:\n%q\n%q\n%q", text, out, again)
		}
		r65Masking10ShownAsWritten(t, "MaskText", text, out)
		if out != text && !strings.Contains(out, Masked) {
			t.Fatalf("changed without a mask: %q -> %q", text, out)
		}
		checkUserinfo(t, out)
		if value != "" && strings.Trim(value, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == "" {
			line := text + " password=" + value + " "
			if got := MaskText(line); strings.Contains(got, "password="+value+" ") {
				t.Fatalf("password shown: %q -> %q", line, got)
			}
			if got := MaskAPIText(line); strings.Contains(got, "password="+value+" ") {
				t.Fatalf("password shown in an error text: %q -> %q", line, got)
			}
		}
		// The rule for error texts: idempotent too, and it masks after Bearer what MaskText does.
		outAPI := MaskAPIText(text)
		r65Masking10ShownAsWritten(t, "MaskAPIText", text, outAPI)
		if again := MaskAPIText(outAPI); again != outAPI {
			t.Fatalf("MaskAPIText not idempotent:\n%q\n%q\n%q", text, outAPI, again)
		}
		checkUserinfo(t, outAPI)
	})
}

// BenchmarkMaskText compares, side by side, the URL rule alone (what spicepod strings outside
// params went through before MaskText) with the whole MaskText, over every string of the
// masking corpus and the log lines a runtime prints about it.
func BenchmarkMaskText(b *testing.B) {
	var texts []string
	for _, c := range loadCorpus(b) {
		pod := parsePod(b, c.YAML)
		walkStrings(pod, func(s string) { texts = append(texts, s) })
	}
	for _, bench := range []struct {
		name string
		mask func(string) string
	}{{"urls-only", maskURLs}, {"MaskText", MaskText}} {
		b.Run(bench.name, func(b *testing.B) {
			b.ReportAllocs()
			out := make([]string, len(texts))
			for b.Loop() {
				for i, s := range texts {
					out[i] = bench.mask(s)
				}
			}
			// Some texts are masked (the corpus's URLs with userinfo), each with the mask, and
			// masking again changes nothing.
			changed := 0
			for i, s := range out {
				if s != texts[i] {
					changed++
					if !strings.Contains(s, Masked) {
						b.Fatalf("changed without a mask: %q -> %q", texts[i], s)
					}
				}
				if again := bench.mask(s); again != s {
					b.Fatalf("masked again: %q -> %q", s, again)
				}
			}
			if changed == 0 {
				b.Fatalf("none of %d texts masked", len(texts))
			}
		})
	}
}

// TestMaskAPIText: the rule for error texts keeps the API's prose readable — a word after
// "token:" or "password:" is a word, not a hidden value — and still hides every credential
// such a text can hold.
func TestMaskAPIText(t *testing.T) {
	readable := []string{
		// The audit's: each lost a plain word to MaskText.
		"invalid_token: The access token expired",
		"Invalid token: signature verification failed",
		"api_key: Invalid value",
		"token: Token has been revoked",
		"Token: expired",
		"password: Required",
		"secret_name: Required",
		"Invalid key: secondary",
		`Tag "token": values may contain only letters, digits, '_', '@' and '-' (at most 256 characters)`,
		// Field and form errors as APIs word them.
		"password: must be at least 8 characters",
		"api_key: Expected string, received number",
		"Tag token: invalid value",
		"session: expired",
		"Invalid value for key: primary.",
		"token: invalid",
		"auth: failed",
		"AWS_SECRET_ACCESS_KEY: Required",
		"apiKey: missing",
		"app_secret: too long",
		"Authorization: Bearer required",
		"secret: PG_PASS",
		"secrets: GITHUB_TOKEN, PG_PASS",
		"Insufficient scope. Required: secrets:write",
	}
	m := Masked
	credentials := []struct{ in, want string }{
		{"Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefgh", "Authorization: Bearer " + m},
		{"upstream said Bearer abcdefgh123", "upstream said Bearer " + m},
		{"Authorization: Basic dXNlcjpwYXNz", "Authorization: Basic " + m},
		{`Authorization: Digest username="bob", uri="/v1", response="6629fae49393a053"`, "Authorization: Digest " + m},
		{`Authorization: Digest username*=UTF-8''bob, response="6629fae49393a053"`, "Authorization: Digest " + m},
		{"Authorization: Digest username=\"bob\",\n  response=\"6629fae4\"\nnext", "Authorization: Digest " + m + "\nnext"},
		{`{"sent":"Authorization: Digest username=\"bob\",\nresponse=\"6629fae4\""}`, `{"sent":"Authorization: Digest ` + m + `"}`},
		{`Authorization: Digest username="bob" response="6629fae49393a053" rejected`, "Authorization: Digest " + m + " rejected"},
		{"password=hunter2xyz", "password=" + m},
		{"password=hunterxyz rejected", "password=" + m + " rejected"}, // after = whatever it reads like
		{"X-Api-Key: sk_live_0123456789abcdefABCD", "X-Api-Key: " + m},
		{"X-Api-Key: k3y-value", "X-Api-Key: " + m},
		{"connect postgres://bob:hunterxyz@db:5432/app failed", "connect postgres://" + m + "@db:5432/app failed"},
		{"GET https://h/x?sig=abc&token=plain failed", "GET https://h/x?sig=" + m + "&token=" + m + " failed"},
		{"password: hunter2", "password: " + m},
		{"password: Hunter2!", "password: " + m},
		{"token: abcDEFghi", "token: " + m},                                  // mixed case
		{"token: abcdefghijklmnopq", "token: " + m},                          // longer than a word
		{`error: token: "abc" invalid`, `error: token: "` + m + `" invalid`}, // quoted: a value
		{"token: Token abc123xyz", "token: Token " + m},
		{"password: secretName=x", "password: " + m},
		{"using ghp_0123456789abcdefghijABCDEF", "using " + m},
		{"k: -----BEGIN PRIVATE KEY----- MIIEv0123 -----END PRIVATE KEY-----", "k: " + m},
		// A secret's name reads on only after a key naming secrets; this shape after any other
		// credential key is a credential.
		{"password: HUNTER2_XYZ", "password: " + m},
		{"password: P4SSW0RD_2024 rejected", "password: " + m + " rejected"},
		{"api_key: SK_LIVE_9F8E7D6C5B4A39281726354", "api_key: " + m},
		{"token: A_0123456789ABCDEF0123456789ABCDEF", "token: " + m},
		{"client_secret: Q1W2E3_R4T5Y6U7I8O9", "client_secret: " + m},
		{"Authorization: Token X9K2_P7Q4Z8M3N6", "Authorization: Token " + m},
		// After an Authorization key, the token after a known scheme other than Bearer is the
		// credential, whatever it reads like (review 3), but a word of schemeProse (review 4:
		// Authorization: Token expired reads as written).
		{"Authorization: Digest auth is required", "Authorization: Digest " + m + " is required"},
		{"Authorization: Digest realm required", "Authorization: Digest " + m + " required"},
		{"Authorization: Token expiredtoday", "Authorization: Token " + m},
		{"Authorization: ApiKey letmein!", "Authorization: ApiKey " + m},
	}
	for _, s := range readable {
		if got := MaskAPIText(s); got != s {
			t.Errorf("MaskAPIText(%q) = %q; want it as written", s, got)
		}
	}
	for _, c := range credentials {
		if got := MaskAPIText(c.in); got != c.want {
			t.Errorf("MaskAPIText(%q)\n got  %q\n want %q", c.in, got, c.want)
		}
	}
	// The spec's error texts read as written.
	var spec any
	if err := json.Unmarshal(api.Spec, &spec); err != nil {
		t.Fatal(err)
	}
	n := 0
	var walk func(v any, key string)
	walk = func(v any, key string) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				walk(x, k)
			}
		case []any:
			for _, x := range v {
				walk(x, key)
			}
		case string:
			if key == "error" || key == "message" || key == "fieldErrors" || key == "formErrors" {
				n++
				if got := MaskAPIText(v); got != v {
					t.Errorf("the spec's error text %q shows as %q", v, got)
				}
			}
		}
	}
	walk(spec, "")
	if n < 50 {
		t.Errorf("only %d error texts in the spec", n)
	}
	// What MaskText hides in a value after "=", or after Bearer or Basic, MaskAPIText hides
	// too: its own cases, read as error texts.
	for _, s := range []string{"pg_password=hunter2 host=db", "--password=hunter2", "PWD={p;w};UID=bob",
		"Bearer abc", "sent bearer abcdefgh123 upstream", "header Basic dXNlcjpwYXNz", "id AKIAABCDEFGHIJKLMNOP",
		"https://u:p@h/x", "https://h/x.csv?code=LOGA8&jwt=LOGA9", `{\"password\":\"hunter2\"}`, "password\x1b[2m=\x1b[0mhunter4"} {
		if got, want := MaskAPIText(s), MaskText(s); got != want {
			t.Errorf("MaskAPIText(%q) = %q; MaskText hides more: %q", s, got, want)
		}
	}
}
