package present

import (
	"strings"
	"testing"
)

// r49MaskingEvery returns what each masker shows of in: MaskText, MaskAPIText and
// MaskLogLines (one entry).
func r49MaskingEvery(in string) map[string]string {
	return map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in), "MaskLogLines": MaskLogLines([]string{in})[0]}
}

// A log level or a label written right before an e-mail address, with no space after its
// colon (ERROR:bob@example.com), is no user name before a password: the address stays
// readable, as after "note: ". A user:password@host after the label is still masked.
func TestR49MaskingLabelBeforeEmailStays(t *testing.T) {
	for _, in := range []string{
		"ERROR:bob@example.com not found",
		"WARN:alice@example.com",
		"Error:bob@example.com",
		"note:bob@example.com",
		"2026-12-04T10:00:00Z INFO:bob@example.com signed in",
		"DETAIL:bob@example.com",
	} {
		for name, got := range r49MaskingEvery(in) {
			if got != in {
				t.Errorf("%s(%q) = %q, want it kept", name, in, got)
			}
		}
	}
	for in, want := range map[string]string{
		"ERROR:bob:hunter2@db.example.com":        "ERROR:bob:" + Masked + "@db.example.com",
		"WARN:admin:P4ssw0rd@10.0.0.5/app":        "WARN:admin:" + Masked + "@10.0.0.5/app",
		"ERROR:scott/tiger@db.internal:1521/ORCL": "ERROR:scott/" + Masked + "@db.internal:1521/ORCL",
		"user:hunter2@db.example.com":             "user:" + Masked + "@db.example.com",
		"admin:hunter2@db.example.com":            "admin:" + Masked + "@db.example.com",
	} {
		for name, got := range r49MaskingEvery(in) {
			if name == "MaskLogLines" {
				if strings.Contains(got, "hunter2") || strings.Contains(got, "P4ssw0rd") || strings.Contains(got, "tiger") {
					t.Errorf("%s(%q) = %q: the password shows", name, in, got)
				}
				continue
			}
			if got != want {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
			}
		}
	}
}

// A var_dump type's run ends a value before a line separator (string(60)⏎name => …, as
// MaskLogLines joins entries) only when it is one: digits, a sign, a point or a word between
// its parentheses. string(0") is none: the quote in it quotes on, over a line separator as
// over a space, and the text after is the value's (FuzzMaskInvisible seed 3372d6b8c44e3112).
func TestR49MaskingMalformedVarDumpTypeBeforeLineSeparator(t *testing.T) {
	for _, sep := range []string{" ", "\u0085", "\u2028", "\u2029"} {
		in := `pAss=string(0")` + sep + "hunter2 more"
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
			if strings.Contains(got, "hunter2") {
				t.Errorf("%s(%q) = %q: the value after the separator shows", name, in, got)
			}
		}
	}
	// A type as var_dump writes it still ends the value there.
	for _, in := range []string{"password=string(60)\u2028name => string(3) \"bob\"", "password=int(-3)\u2028name => 1"} {
		if got := MaskText(in); !strings.Contains(got, "name =>") {
			t.Errorf("MaskText(%q) = %q: the next pair is hidden", in, got)
		}
	}
}

// r49MaskingRealistic are secrets as a user's API error or log line carries them, and the
// secret that must not show of each.
var r49MaskingRealistic = []struct{ line, secret string }{
	{"connect failed: jdbc:postgresql://db.internal:5432/app?user=bob&password=S3cretPw1", "S3cretPw1"},
	{"jdbc:postgresql://h/db?user=u&password=S3cretPw1&ssl=true", "S3cretPw1"},
	{"jdbc:sqlserver://h:1433;databaseName=db;user=sa;password=S3cretPw1;encrypt=true", "S3cretPw1"},
	{"jdbc:oracle:thin:scott/S3cretPw1@db.internal:1521/ORCL", "S3cretPw1"},
	{"Server=tcp:h.database.windows.net,1433;Initial Catalog=db;User Id=sa;Password=S3cretPw1;", "S3cretPw1"},
	{"Driver={ODBC Driver 17 for SQL Server};Server=h;Uid=sa;Pwd={S3cret;Pw1};", "S3cret"},
	{`Data Source=h;User ID=sa;Password="S3cret;Pw1";`, "S3cret"},
	{"exec: PGPASSWORD=S3cretPw1 psql -h db -U bob app", "S3cretPw1"},
	{"running: mysql -u root -pS3cretPw1 -h db app", "S3cretPw1"},
	{"mysql --user=root --password=S3cretPw1 app", "S3cretPw1"},
	{"curl -u bob:S3cretPw1 https://h/x", "S3cretPw1"},
	{"aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"},
	{"aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI"},
	{"export AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ", "IQoJb3JpZ2lu"},
	{"Authorization: Basic Ym9iOlMzY3JldFB3MQ==", "Ym9iOlMzY3JldFB3MQ"},
	{"proxy said: authorization: basic Ym9iOlMzY3JldFB3MQ==", "Ym9iOlMzY3JldFB3MQ"},
	{"GET https://h/x?token=S3cretPw1abc HTTP/1.1", "S3cretPw1abc"},
	{"https://acct.blob.core.windows.net/c/f?sv=2020&sig=S3cret%2BPw1%3D&se=2026", "S3cret"},
	{"https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F2026&X-Amz-Signature=abcdef0123456789abcdef", "abcdef0123456789abcdef"},
	{"openai: Incorrect API key provided: sk-AbCdEfGh1234567890AbCdEfGh12.", "AbCdEfGh1234567890"},
	{"token ghp_Q7rT9vX2mK4pL8nB3cD6fH1jS5wY0zA2eR4t expired", "Q7rT9vX2mK4pL8nB3cD6fH1jS5wY0zA2eR4t"},
	{"slack: xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "AbCdEfGhIjKlMnOpQrStUvWx"},
	{"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0t\n-----END RSA PRIVATE KEY-----", "MIIEowIBAAKCAQEAu1SU1"},
	{"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----", "b3BlbnNzaC1rZXkt"},
	{"machine api.example.com login bob password S3cretPw1", "S3cretPw1"},
	{"machine api.example.com\n  login bob\n  password S3cretPw1\n", "S3cretPw1"},
	{"password: |\n  S3cretPw1\n  line2\nuser: bob", "S3cretPw1"},
	{`{"user":"bob","password":"S3c\"ret\"Pw1","host":"h"}`, "ret"},
	{`{\"password\":\"S3c\\\"retPw1\",\"host\":\"h\"}`, "retPw1"},
	{`{"password":"S3cret\nPw1","host":"h"}`, "Pw1"},
	{`{"private_key":"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n"}`, "MIIEvQIBADAN"},
	{"Set-Cookie: session=S3cretPw1abcdef; Path=/; HttpOnly", "S3cretPw1abcdef"},
	{"X-Api-Key: S3cretPw1abcdef", "S3cretPw1abcdef"},
	{"mongodb+srv://bob:S3cretPw1@cluster0.mongodb.net/db", "S3cretPw1"},
	{"host=db user=bob password='S3cret Pw1' dbname=app", "S3cret"},
	{"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=S3cretPw1abc+def/ghi==;EndpointSuffix=core.windows.net", "S3cretPw1abc"},
	{"Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=S3cretPw1abc=", "S3cretPw1abc"},
	{"DATABRICKS_TOKEN=dapi0123456789abcdef0123456789abcdef", "dapi0123456789abcdef"},
}

// Each realistic secret is hidden by every masker.
func TestR49MaskingRealisticSecrets(t *testing.T) { r49MaskingHidden(t, r49MaskingRealistic) }

// r49MaskingHidden fails t for each line whose secret a masker shows.
func r49MaskingHidden(t *testing.T, cases []struct{ line, secret string }) {
	t.Helper()
	for _, c := range cases {
		for name, got := range r49MaskingEvery(c.line) {
			if strings.Contains(got, c.secret) {
				t.Errorf("%s(%q) = %q: %q shows", name, c.line, got, c.secret)
			}
		}
	}
}

// An OpenPGP private key, armored as a PEM-like block whose BEGIN line ends in "KEY BLOCK",
// is masked whole as a PEM private key is.
func TestR49MaskingPGPPrivateKeyBlock(t *testing.T) {
	r49MaskingHidden(t, []struct{ line, secret string }{
		{"-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF1234abcdEFGH0123456789\n=AbCd\n-----END PGP PRIVATE KEY BLOCK-----", "lQOYBF1234abcdEFGH"},
		{"gpg: -----BEGIN PGP PRIVATE KEY BLOCK----- Version: GnuPG v2 lQOYBF1234abcdEFGH0123456789 -----END PGP PRIVATE KEY BLOCK-----", "lQOYBF1234abcdEFGH"},
	})
}

// Go's MySQL driver's DSN, user:password@protocol(address)/dbname or user:password@/dbname,
// masks its password as a bare connection string's.
func TestR49MaskingGoMySQLDSN(t *testing.T) {
	r49MaskingHidden(t, []struct{ line, secret string }{
		{"dsn: bob:S3cretPw1@tcp(db:3306)/app", "S3cretPw1"},
		{"open bob:S3cretPw1@tcp(db.internal:3306)/app?parseTime=true: connection refused", "S3cretPw1"},
		{"bob:S3cretPw1@unix(/var/run/mysqld/mysqld.sock)/app", "S3cretPw1"},
		{"root:S3cretPw1@/app", "S3cretPw1"},
	})
}

// Databricks personal access tokens (dapi…, a Spice connector's databricks_token) and Hugging
// Face tokens (hf_…, a Spice model's hf_token) are masked by their prefixes, as GitHub's are.
func TestR49MaskingDatabricksAndHuggingFaceTokens(t *testing.T) {
	r49MaskingHidden(t, []struct{ line, secret string }{
		{"databricks: token dapi0123456789abcdef0123456789abcdef rejected", "0123456789abcdef0123456789abcdef"},
		{"invalid token dapi0123456789abcdef0123456789abcdef-2", "0123456789abcdef0123456789abcdef"},
		{"401 from huggingface.co with hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567", "AbCdEfGhIjKlMnOpQrStUvWxYz"},
	})
}

// An XML or HTML element that names a credential in an attribute (key=, name=, type=, id=,
// property=) and holds it in another (value=, content=) or as its text (Java's properties
// XML) has that value masked: .NET's <add key="Password" value="…"/>, Spring's <property
// name="password" value="…"/>, a form's <input type="password" value="…">. An element
// naming no credential keeps its value.
func TestR49MaskingXMLAttributeNamedValue(t *testing.T) {
	r49MaskingHidden(t, []struct{ line, secret string }{
		{`<add key="Password" value="S3cretPw1" />`, "S3cretPw1"},
		{`config error near <add key="DbPassword" value="S3cret Pw1"/> in web.config`, "S3cret"},
		{`<property name="password" value="S3cretPw1"/>`, "S3cretPw1"},
		{`<property name='jdbc.password' value='S3cretPw1'/>`, "S3cretPw1"},
		{`<input type="password" name="pw" value="S3cretPw1">`, "S3cretPw1"},
		{`<param name="api_key" value="S3cretPw1"/>`, "S3cretPw1"},
		{`{"body":"<add key=\"Password\" value=\"S3cretPw1\" />"}`, "S3cretPw1"},
		{`<entry key="password">S3cretPw1</entry>`, "S3cretPw1"},
		{`<add value="S3cretPw1" key="ClientSecret"/>`, "S3cretPw1"},
	})
	for in, want := range map[string]string{
		`<property name="password" value="S3cretPw1"/>`:       `<property name="password" value="` + Masked + `"/>`,
		`<input type="password" name="pw" value="S3cretPw1">`: `<input type="password" name="pw" value="` + Masked + `">`,
	} {
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
			if got != want {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
			}
		}
	}
	for _, in := range []string{
		`<property name="username" value="bob"/>`,
		`<input type="text" name="user" value="bob">`,
		`<setting name="timeout">30</setting>`,
		`<add name="Default" value="x"/>`,
	} {
		for name, got := range r49MaskingEvery(in) {
			if got != in {
				t.Errorf("%s(%q) = %q, want it kept", name, in, got)
			}
		}
	}
}

// sshpass's -p gives the password on the command line (sshpass -p <pw> ssh …, -p<pw>): it is
// masked whole; ssh's own -p after it, a port, stays.
func TestR49MaskingSshpassPassword(t *testing.T) {
	r49MaskingHidden(t, []struct{ line, secret string }{
		{"sshpass -p S3cretPw1 ssh bob@h", "S3cretPw1"},
		{"exec: /usr/bin/sshpass -p 'S3cret Pw1' scp f bob@h:/tmp", "S3cret"},
		{"sshpass -pS3cretPw1 ssh bob@h", "S3cretPw1"},
		{"sshpass -p x ssh h; sshpass -pS3cretPw1 scp f h:", "S3cretPw1"},
		{`["sshpass", "-p", "S3cretPw1", "ssh", "bob@h"]`, "S3cretPw1"},
	})
	for in, want := range map[string]string{
		"sshpass -p S3cretPw1 ssh -p 2222 bob@h": "sshpass -p " + Masked + " ssh -p 2222 bob@h",
		"ssh -p 2222 bob@h":                      "ssh -p 2222 bob@h",
		"sshpass -f pw.txt ssh -p 2222 bob@h":    "sshpass -f pw.txt ssh -p 2222 bob@h",
	} {
		for name, got := range r49MaskingEvery(in) {
			if got != want {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
			}
		}
	}
}

// A Dockerfile's ENV in its older form, ENV <key> <value> with no "=", as a build log echoes
// it (Step 3/7 : ENV DB_PASSWORD <pw>), masks the value, the rest of its line, when the key
// names a credential; another key's value stays.
func TestR49MaskingDockerfileEnvWithoutEquals(t *testing.T) {
	for in, want := range map[string]string{
		"ENV PASSWORD S3cretPw1":                          "ENV PASSWORD " + Masked,
		"Step 3/7 : ENV DB_PASSWORD S3cret Pw1\nStep 4/7": "Step 3/7 : ENV DB_PASSWORD " + Masked + "\nStep 4/7",
		"#5 [2/4] ENV API_TOKEN abc123def":                "#5 [2/4] ENV API_TOKEN " + Masked,
		"ENV LANG C.UTF-8":                                "ENV LANG C.UTF-8",
		"ENV PASSWORD_FILE /run/secrets/pw":               "ENV PASSWORD_FILE " + Masked,
	} {
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
			if got != want {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
			}
		}
		if got := MaskLogLines([]string{in})[0]; strings.Contains(got, "S3cret") || strings.Contains(got, "abc123def") {
			t.Errorf("MaskLogLines(%q) = %q: the value shows", in, got)
		}
	}
}

// After a var_dump type and a line separator, an "=" or ":" is no value on the next line but
// a separator: the masked type is read as a key before it, as after a space, and the value
// after the separator is masked (FuzzMaskInvisible seed e29f77effcf442ff, failing at main too).
func TestR49MaskingVarDumpTypeThenLineSeparatorThenSeparator(t *testing.T) {
	for _, sep := range []string{" ", "\u0085", "\u2028"} {
		in := "pAss=string(0)" + sep + "=&h4nter2"
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
			if strings.Contains(got, "h4nter2") {
				t.Errorf("%s(%q) = %q: the value after the separator shows", name, in, got)
			}
		}
	}
}

// Other commands' short flags that take a password: a registry login's -p (docker, podman,
// helm registry, oc login -u <user> -p <pw>), zip's -P <pw> and 7-Zip's -p<pw>. The same
// letters elsewhere stay (docker run -p 8080:80, zip -r, 7z -o).
func TestR49MaskingLoginZipPasswordFlags(t *testing.T) {
	r49MaskingHidden(t, []struct{ line, secret string }{
		{"docker login -u bob -p S3cretPw1 registry.example.com", "S3cretPw1"},
		{"+ podman login --username bob -p 'S3cret Pw1' quay.io", "S3cret"},
		{"helm registry login ghcr.io -u bob -p S3cretPw1", "S3cretPw1"},
		{"oc login -u developer -p S3cretPw1 https://api.example.com:6443", "S3cretPw1"},
		{`["docker", "login", "-u", "bob", "-p", "S3cretPw1"]`, "S3cretPw1"},
		{"zip -P S3cretPw1 out.zip f", "S3cretPw1"},
		{"Running: docker login -u bob -p S3cretPw1 ghcr.io", "S3cretPw1"},
		{"unzip -P S3cretPw1 in.zip", "S3cretPw1"},
		{"7z a -pS3cretPw1 out.7z f", "S3cretPw1"},
	})
	for _, in := range []string{
		"docker run -p 8080:80 nginx",
		"docker login -u bob --password-stdin registry.example.com",
		"zip -r out.zip dir",
		"7z x -oout f.7z",
		"psql -p 5432 -h db",
	} {
		for name, got := range r49MaskingEvery(in) {
			if got != in {
				t.Errorf("%s(%q) = %q, want it kept", name, in, got)
			}
		}
	}
}

// var_dump's string whose length fits only with a line separator counted as its bytes, but
// with more glued after its closing quote, goes on as one that does not fit: no more shows
// than with a space there (FuzzMaskInvisible seed 54d7859b8d54687f, failing at main too).
func TestR49MaskingVarDumpStringFitsThenGluedText(t *testing.T) {
	for _, sep := range []string{" ", "\u0085"} {
		in := `pAss= string(7) "00000` + sep + `"h4nter2"`
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
			if got != "pAss= "+Masked {
				t.Errorf("%s(%q) = %q, want all of the value masked", name, in, got)
			}
		}
	}
	// A string that fits and ends there keeps what follows.
	if got, want := MaskText(`password=string(8) "hunter22", user=bob`), `password=`+Masked+`, user=bob`; got != want {
		t.Errorf("MaskText = %q, want %q", got, want)
	}
}

// The older ENV form is read where an instruction starts (a line, a build step, a JSON
// string), its value to the line's end or the JSON string's closing quote; ENV in prose stays.
func TestR49MaskingDockerfileEnvWhereInstructionsStart(t *testing.T) {
	for in, want := range map[string]string{
		`{"stream":"Step 3/7 : ENV DB_PASSWORD S3cret"}`: `{"stream":"Step 3/7 : ENV DB_PASSWORD ` + Masked + `"}`,
		"The ENV TOKEN variable must be set":             "The ENV TOKEN variable must be set",
		"x\n  ENV API_KEY abc123":                        "x\n  ENV API_KEY " + Masked,
	} {
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
			if got != want {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
			}
		}
	}
}

// A line separator before ENV starts a line as a line break does (fuzz seed r49-env-sshpass,
// the spaces written as line separators).
func TestR49MaskingDockerfileEnvAfterLineSeparator(t *testing.T) {
	for _, sep := range []string{"\u2028", "\u0085", "\u2029"} {
		in := "Step 3/7 :" + sep + "ENV" + sep + "DB_PASSWORD" + sep + "S3cretPw1"
		if got := MaskText(in); strings.Contains(got, "S3cretPw1") {
			t.Errorf("MaskText(%q) = %q: the value shows", in, got)
		}
	}
}

// After Bearer, a run of "=" the walk over line separators reaches, then a value: the value
// is read from the token's end as over spaces, so no more shows than with spaces
// (FuzzMaskInvisible seed f1bb14f680f28567, failing at main too).
func TestR49MaskingBearerEqualsRunOverLineSeparators(t *testing.T) {
	for _, in := range []string{"BeArer\u0085=\u2028=!", "Bearer\u2028=\u2029=!x"} {
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
			if strings.HasSuffix(got, "!") || strings.HasSuffix(got, "!x") {
				t.Errorf("%s(%q) = %q: the value after the run shows", name, in, got)
			}
		}
	}
}

// So too when the token holds an "=" itself (FuzzMaskInvisible seed 8795dd18eaeaba3d).
func TestR49MaskingBearerTokenWithEqualsThenLineSeparatorPair(t *testing.T) {
	in := "BeArer\u0085=0\u2028=!"
	for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
		if strings.HasSuffix(got, "!") {
			t.Errorf("%s(%q) = %q: the value after the pair's = shows", name, in, got)
		}
	}
}

// A tight arrow's value read over a line separator to a ")" nothing in it opened is masked
// whole: with a space there, the value ends at the space and IDENTIFIED BY masks the rest
// (FuzzMaskInvisible seed 108b1623867d9298, failing at main too).
func TestR49MaskingTightArrowOverLineSeparatorToParen(t *testing.T) {
	in := "pAss->0\u0085IDENTIFIED\u2028BY\u2029h4nter)2x"
	for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
		if strings.Contains(got, "2x") {
			t.Errorf("%s(%q) = %q: the password's rest shows", name, in, got)
		}
	}
	if got, want := MaskText("f(password->HUNTER2)"), "f(password->"+Masked+")"; got != want {
		t.Errorf("MaskText = %q, want %q", got, want)
	}
}

// And a value after that "=" that starts with "&", ";" or "," is masked from there, as after a
// space (FuzzMaskInvisible seed fcb81ecb645198f6, failing at main too).
func TestR49MaskingBearerWalkThenEqualsAmpersandValue(t *testing.T) {
	in := "BeArer\u00850\u2028=&h4nter2"
	for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
		if strings.Contains(got, "h4nter2") {
			t.Errorf("%s(%q) = %q: the value shows", name, in, got)
		}
	}
}

// var_dump's string that fits its length only with a line separator counted as its bytes, with
// punctuation and then a quote glued after its closing quote, goes on as one that does not fit,
// as with a space there (FuzzMaskInvisible seed 89eeee52067790e8, failing at the round's start).
func TestR49LeadVarDumpStringFitsThenGluedPunctuationAndQuote(t *testing.T) {
	for _, sep := range []string{" ", "\u0085"} {
		in := `pAss= string(7) "00000` + sep + `"!"`
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
			if got != "pAss= "+Masked {
				t.Errorf("%s(%q) = %q, want all of the value masked", name, in, got)
			}
		}
	}
	for in, want := range map[string]string{
		`password=string(8) "hunter22", user=bob`:  `password=` + Masked + `, user=bob`,
		`password=string(8) "hunter22"), user=bob`: `password=` + Masked + `), user=bob`,
	} {
		if got := MaskText(in); got != want {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
		}
	}
}
