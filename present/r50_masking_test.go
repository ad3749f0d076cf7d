package present

import (
	"strings"
	"testing"
)

// r50MaskingEvery returns what each masker shows of in: MaskText, MaskAPIText and
// MaskLogLines (one entry).
func r50MaskingEvery(in string) map[string]string {
	return map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in), "MaskLogLines": MaskLogLines([]string{in})[0]}
}

// r50MaskingWant checks that every masker shows each input as its want (the input itself when
// want is empty).
func r50MaskingWant(t *testing.T, cases map[string]string) {
	t.Helper()
	for in, want := range cases {
		if want == "" {
			want = in
		}
		for name, got := range r50MaskingEvery(in) {
			if w := r50MaskingShown(name, want); got != w {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, w)
			}
		}
	}
}

// r50MaskingShown is want as the masker name shows it: MaskLogLines on one line.
func r50MaskingShown(name, want string) string {
	if name == "MaskLogLines" {
		return oneLine(want)
	}
	return want
}

// An XML attribute key="…" in an element that also holds a value (value=, content=, or text
// up to its end tag) names that value: it is no credential itself. Ordinary settings stay
// readable; a credential-named one still has its value masked, and a key="…" with nothing
// else in its element (a license key) is still the value.
func TestR50MaskingXMLKeyAttributeNamesTheValue(t *testing.T) {
	r50MaskingWant(t, map[string]string{
		`<entry key="timeout">30</entry>`:                                     "",
		`<entry key='timeout'>30</entry>`:                                     "",
		`<add key="timeout" value="30"/>`:                                     "",
		`<entry key="timeout">30</entry><entry key="retries">3</entry>`:       "",
		`{"xml":"<entry key=\"timeout\">30</entry>"}`:                         "",
		`<entry key="password">S3cret</entry>`:                                `<entry key="password">` + Masked + `</entry>`,
		`<add key="Password" value="S3cret"/>`:                                `<add key="Password" value="` + Masked + `"/>`,
		`<entry key="timeout">30</entry><entry key="password">S3cret</entry>`: `<entry key="timeout">30</entry><entry key="password">` + Masked + `</entry>`,
	})
	for _, in := range []string{`<license key="ABCD1234EFGH"/>`, `<license key="ABCD1234EFGH"></license>`} {
		for name, got := range r50MaskingEvery(in) {
			if strings.Contains(got, "ABCD1234EFGH") {
				t.Errorf("%s(%q) = %q: the key shows", name, in, got)
			}
		}
	}
}

// r50MaskingHidden checks that no masker shows secret in line.
func r50MaskingHidden(t *testing.T, cases []struct{ line, secret string }) {
	t.Helper()
	for _, c := range cases {
		for name, got := range r50MaskingEvery(c.line) {
			if strings.Contains(got, c.secret) {
				t.Errorf("%s(%q) = %q: %q shows", name, c.line, got, c.secret)
			}
		}
	}
}

// r50MaskingKept checks that every masker keeps each line as written.
func r50MaskingKept(t *testing.T, lines []string) {
	t.Helper()
	for _, in := range lines {
		for name, got := range r50MaskingEvery(in) {
			if got != r50MaskingShown(name, in) {
				t.Errorf("%s(%q) = %q, want it kept", name, in, got)
			}
		}
	}
}

// An AWS secret access key written right after its access key ID, with no name, apart by
// spaces, a comma, a colon or a tab (a CSV of credentials, a config dump), is masked with it.
func TestR50MaskingAWSSecretAfterKeyID(t *testing.T) {
	const id, secret = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	for _, sep := range []string{" ", ",", ":", "\t", ", ", " : ", `","`} {
		r50MaskingHidden(t, []struct{ line, secret string }{
			{id + sep + secret, "bPxRfiCY"},
			{"bob,," + id + sep + secret + ",console", "bPxRfiCY"},
			{"aws_access_key_id=" + id + sep + secret, "bPxRfiCY"},
		})
	}
	r50MaskingKept(t, []string{"see docs/aws/AKIA_key_rotation_and_management_guide.md"})
	for name, got := range r50MaskingEvery(id + " and then some prose about ThisIsNotASecretButFortyCharsLong12") {
		if !strings.Contains(got, "ThisIsNotASecretButFortyCharsLong12") {
			t.Errorf("%s masked prose after the key ID: %q", name, got)
		}
	}
}

// The secret part of a chat webhook's URL (Slack's, Discord's, Microsoft Teams', a
// Mattermost's, Zapier's catch hook, a Telegram bot's token) is masked: whoever holds it
// posts as the integration. The host and the rest of the path stay.
func TestR50MaskingWebhookURLs(t *testing.T) {
	r50MaskingWant(t, map[string]string{
		"https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX":                                  "https://hooks.slack.com/services/T000/B000/" + Masked,
		"POST https://hooks.slack.com/services/T0ABC/B0DEF/abcDEF123ghiJKL456mnoP failed: 404":                 "POST https://hooks.slack.com/services/T0ABC/B0DEF/" + Masked + " failed: 404",
		"https://discord.com/api/webhooks/123456789012345678/abcDEF_ghiJKL-mno":                                "https://discord.com/api/webhooks/123456789012345678/" + Masked,
		"https://discordapp.com/api/webhooks/123456789012345678/abcDEF_ghiJKL-mno/slack":                       "https://discordapp.com/api/webhooks/123456789012345678/" + Masked + "/slack",
		"https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage":                 "https://api.telegram.org/bot123456789:" + Masked + "/sendMessage",
		"https://mattermost.example.com/hooks/xkb8x7ghqjgbjr4pbu5m9r4y5w":                                      "https://mattermost.example.com/hooks/" + Masked,
		"https://hooks.zapier.com/hooks/catch/1234567/abcdefg/":                                                "https://hooks.zapier.com/hooks/catch/1234567/" + Masked + "/",
		"https://acme.webhook.office.com/webhookb2/a1b2-c3@d4e5-f6/IncomingWebhook/0123456789abcdef/aaaa-bbbb": "https://acme.webhook.office.com/webhookb2/a1b2-c3@d4e5-f6/IncomingWebhook/" + Masked,
	})
	r50MaskingKept(t, []string{
		"https://api.slack.com/messaging/webhooks",
		"https://discord.com/developers/docs/resources/webhook",
		"https://hooks.slack.com/services/",
		"https://example.com/hooks/setup",
	})
}

// openssl's -k and -K give a password and a key on the command line; echo's word piped to a
// command's --password-stdin (or gh's --with-token) is its password.
func TestR50MaskingOpensslAndPasswordStdin(t *testing.T) {
	r50MaskingWant(t, map[string]string{
		"openssl enc -aes-256-cbc -k S3cret -in a -out b":                       "openssl enc -aes-256-cbc -k " + Masked + " -in a -out b",
		"openssl enc -d -aes-256-cbc -K 00112233445566778899aabbccddeeff -iv 0": "openssl enc -d -aes-256-cbc -K " + Masked + " -iv 0",
		"echo S3cret | docker login --password-stdin -u bob":                    "echo " + Masked + " | docker login --password-stdin -u bob",
		`echo "S3cret" | docker login -u bob --password-stdin ghcr.io`:          `echo "` + Masked + `" | docker login -u bob --password-stdin ghcr.io`,
		"printf '%s' 'S3cret' | helm registry login --password-stdin r.io":      "printf '%s' '" + Masked + "' | helm registry login --password-stdin r.io",
		"echo -n S3cret | podman login --password-stdin quay.io":                "echo -n " + Masked + " | podman login --password-stdin quay.io",
		"echo x7Kq9zQ2abc | gh auth login --with-token":                         "echo " + Masked + " | gh auth login --with-token",
	})
	r50MaskingHidden(t, []struct{ line, secret string }{
		{"openssl enc -pass pass:S3cret -in a", "S3cret"},
		{"openssl rsa -passin pass:S3cret -in k.pem", "S3cret"},
		{"openssl pkcs12 -export -passout pass:S3cret", "S3cret"},
	})
	r50MaskingKept(t, []string{
		"echo $CR_PAT | docker login ghcr.io -u bob --password-stdin",
		`echo "$PASSWORD" | docker login --password-stdin`,
		"cat ~/pw.txt | docker login --password-stdin",
		"echo done | tee log",
		"grep -k foo",
		"openssl enc -kfile key.txt -in a",
		"openssl rand -hex 16",
	})
}

// A value in the cell after a credential's name in a table's row (Markdown, ASCII or psql's
// output), or in the column after one that starts its line (a tab, or two spaces or more,
// between), is masked; a row or column whose value reads as a word or a status (a header, a
// type, "required") stays.
func TestR50MaskingTableAndColumnValues(t *testing.T) {
	r50MaskingWant(t, map[string]string{
		"password\tS3cret":                     "password\t" + Masked,
		"| password | S3cret |":                "| password | " + Masked + " |",
		"password    S3cret":                   "password    " + Masked,
		"  db_password    S3cret":              "  db_password    " + Masked,
		" password  | S3cret":                  " password  | " + Masked,
		"| DB_PASSWORD | `S3cret` | prod |":    "| DB_PASSWORD | `" + Masked + "` | prod |",
		"│ api_token │ x7Kq9zQ2 │":             "│ api_token │ " + Masked + " │",
		"user\tbob\npassword\tS3cret\nport\t5": "user\tbob\npassword\t" + Masked + "\nport\t5",
	})
	r50MaskingKept(t, []string{
		"| password | required |",
		"| password | string | The database password |",
		"| Name | Value |",
		"| --password | Password for the user |",
		"password\trequired",
		"password    optional",
		"password_changed | t",
		"password    S3cret is not a column here", // prose after: no column
		"the password  S3cret",                    // not the line's first word
		"| token | TOKEN |",
		"| token | SPICE_API_KEY |",
	})
}

// A credential named in a sentence and given after "is", "was", "set to" (a colon maybe
// after them) is masked, unless it reads as a word or a status: password is required, the
// token was revoked.
func TestR50MaskingSpokenValues(t *testing.T) {
	r50MaskingWant(t, map[string]string{
		"password is S3cret":                    "password is " + Masked,
		"the password was: S3cret":              "the password was: " + Masked,
		"The password is: S3cret":               "The password is: " + Masked,
		"Your new password is `x7Kq9zQ2`.":      "Your new password is `" + Masked + "`.",
		`password is "hunter two"`:              `password is "` + Masked + `"`,
		"admin password set to S3cret1 for bob": "admin password set to " + Masked + " for bob",
		"token was changed to x7Kq9zQ2":         "token was changed to " + Masked,
	})
	r50MaskingKept(t, []string{
		"password is required",
		"password reset sent",
		"the password was changed",
		"password is too short",
		"password is 8 characters long",
		"Password is incorrect.",
		"token is expired",
		"the token was revoked",
		"session is OK",
		"password is set",
		"password is not set",
		"password is ********",
		"password is ${secrets:pg_pass}",
		"password is PG_PASS",
	})
	for name, got := range r50MaskingEvery(`pwd = "S3cret"`) {
		if strings.Contains(got, "S3cret") {
			t.Errorf("%s shows the password: %q", name, got)
		}
	}
}

// A bcrypt hash in a column is masked; a shell variable stays.
func TestR50MaskingColumnHashAndVariable(t *testing.T) {
	r50MaskingWant(t, map[string]string{
		"password_hash    $2b$10$abcdefghijklmnopqrstuv": "password_hash    " + Masked,
		"password    $DB_PASSWORD":                       "",
		"| password | ${secrets:pg} |":                   "",
	})
}

// An API key given as curl's user with an empty password (--user <key>:) is masked, and what
// follows its colon is no password of it, after Unicode spaces as after ASCII ones
// (FuzzMaskInvisible seed a17b200eb6b240a3: with U+3000 and U+202F the 0 after the colon was
// masked too).
func TestR50MaskingKeyAsUserThenUnicodeSpaces(t *testing.T) {
	for _, sp := range []string{" ", "\u3000", "\u202f", "\u00a0"} {
		for _, in := range []string{"--user" + sp + "00000000:" + sp + "0", "-u" + sp + "sk_test_4eC39HqLyjW:" + sp + "https://api.example.com"} {
			want := strings.Replace(strings.Replace(in, "00000000", Masked, 1), "sk_test_4eC39HqLyjW", Masked, 1)
			for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
				if got != want {
					t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
				}
			}
		}
	}
}

// After Bearer, a token "=" whose value is read on over line separators takes the value after
// them as over spaces: an unclosed quote there is masked with it (FuzzMaskInvisible seed
// d4f3626064571569: BeArer⏎=⏎" showed the quote, BeArer = " masks it).
func TestR50MaskingBearerEqualsThenLineSeparatorQuote(t *testing.T) {
	for _, sep := range []string{" ", "\u0085", "\u2028", "\u2029"} {
		for _, tail := range []string{`"`, `"h4nter2`, `'h4nter2`} {
			in := "BeArer" + sep + "=" + sep + tail
			for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
				if want := "BeArer" + sep + Masked; got != want {
					t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
				}
			}
		}
	}
}

// A colon or an equals sign after a name and spaces is the pair's separator, no value in a
// column, and a word holding one is a pair, the next line's after a line separator, in
// columns after spaces alike (FuzzMaskInvisible seeds 122deddd6686ba43: Auth  : was masked
// from the colon; 5e65860dffc05eb7: Auth  0: was masked, Auth⏎⏎0: not).
func TestR50MaskingColumnSeparatorIsNoValue(t *testing.T) {
	r50MaskingWant(t, map[string]string{
		"Auth  0:":              "",
		"Auth\u0085\u20280:":    "",
		"password    user=bob":  "",
		"Auth  :":               "",
		"password    =":         "",
		"| password | : |":      "",
		"password    :  S3cret": "password    :  " + Masked,
		"password\t= S3cret":    "password\t= " + Masked,
	})
}

// A quote that ends the text (but for separators) and closes no string opened before the
// value is the value's, over line separators as after a space, where it opens an unclosed
// quote the value takes (FuzzMaskInvisible seeds 92f97ed2232f6481, left by round 49, and
// 647e0de790c52ea9: pAss=0⏎->"⏎ and 0pAss=string(0)⏎"00"0=>"⏎ showed the quote and the
// separator). A quote that closes a string opened before the key still ends the value.
func TestR50MaskingArrowQuoteOverLineSeparators(t *testing.T) {
	for _, sep := range []string{"\u0085", "\u2028", "\u2029"} {
		for in, want := range map[string]string{
			"pAss=h4nter2" + sep + "->\"" + sep:                 "pAss=" + Masked,
			"0pAss=string(0)" + sep + "\"00\"h4nter2=>\"" + sep: "0pAss=" + Masked,
			"pAss=h4nter2\"":             "pAss=" + Masked,
			"\"pAss=h4nter2\"":           "\"pAss=" + Masked + "\"",
			"{\"msg\":\"pAss=h4nter2\"}": "{\"msg\":\"pAss=" + Masked + "\"}",
		} {
			for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
				if got != want {
					t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
				}
			}
		}
	}
}

// The words of a sentence may be apart by line separators, as MaskLogLines writes an entry's
// breaks: its value is masked as after spaces (FuzzMaskInvisible seed 208dffee6283b2b3:
// TokeY⏎has⏎been⏎0 showed the 0 that TokeY has been 0 masks).
func TestR50MaskingSentenceOverLineSeparators(t *testing.T) {
	for _, sep := range []string{" ", "\u0085", "\u2028", "\u2029"} {
		for _, w := range []string{"is", "has" + sep + "been", "was" + sep + "set" + sep + "to", "was:"} {
			in := "TokeY" + sep + w + sep + "h4nter2"
			for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
				if want := "TokeY" + sep + w + sep + Masked; got != want {
					t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
				}
			}
		}
	}
}

// A backslash before a line separator inside a value escapes it as it escapes a space: the
// value goes on (FuzzMaskInvisible seed 3fcb8e58ed634d1b: seCret:0\⏎seCre⏎:0 showed seCre,
// which seCret:0\ seCre :0 masks; failing at main too).
func TestR50MaskingEscapedLineSeparatorInsideValue(t *testing.T) {
	for _, sep := range []string{" ", "\u0085", "\u2028", "\u2029"} {
		for in, want := range map[string]string{
			`password=abc\` + sep + "h4nter2":            "password=" + Masked,
			`seCret:0\` + sep + "h4nter2" + sep + ":0":   "seCret:" + Masked + sep + ":0",
			`--password abc\` + sep + "h4nter2 --user b": "--password " + Masked + " --user b",
		} {
			for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
				if strings.Contains(got, "h4nter2") || sep == " " && got != want {
					t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
				}
			}
		}
	}
}

// A value read over line separators that takes an arrow takes the arrow's value after it,
// when it starts with &, ; or , as after spaces (FuzzMaskInvisible seed 763aa0c37bb4b3e8:
// pAss=0⏎->⏎&0 showed &0, which pAss=0 -> &0 masks; failing at main too).
func TestR50MaskingArrowOverLineSeparatorsThenAmpersandValue(t *testing.T) {
	for _, sep := range []string{"\u0085", "\u2028", "\u2029"} {
		for _, v := range []string{"&h4nter2", ";h4nter2", ",h4nter2"} {
			in := "pAss=0" + sep + "->" + sep + v
			for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
				if strings.Contains(got, "h4nter2") {
					t.Errorf("%s(%q) = %q: the value shows", name, in, got)
				}
			}
		}
	}
}

// Redis's masterauth or requirepass with a quote never closed takes the rest of its line,
// over spaces and line separators (FuzzMaskInvisible seed af24d29ce2a48709:
// mAsterAuth⏎"requirepAss⏎0 showed the 0 that requirepAss 0 masks; masterauth "s3 cr3t
// showed whole; failing at main too).
func TestR50MaskingRedisAuthUnclosedQuote(t *testing.T) {
	r50MaskingHidden(t, []struct{ line, secret string }{
		{"mAsterAuth\u2028\"requirepAss\u2029h4nter2", "h4nter2"},
		{"masterauth \"s3 h4nter2", "h4nter2"},
		{"requirepass 'h4nter2 x", "h4nter2"},
	})
	r50MaskingKept(t, []string{"requirepass is not set", "# masterauth <master-password>"})
}

// Bearer names a scheme, whose token maskSchemes reads: no column's or sentence's key; and a
// form feed is no column's gap (FuzzMaskInvisible seed 89d81bd357203200: BeArer\u202f\f0#
// masked the # that BeArer \f0# kept, since this round's columns). Since round 66 the # is the
// rest of the token's word and masked with it, under every spacing alike.
func TestR50MaskingBearerIsNoColumnKey(t *testing.T) {
	for _, sp := range []string{" ", "\u202f", "\u00a0"} {
		in := "BeArer" + sp + "\f0#"
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
			if want := "BeArer" + sp + "\f" + Masked; got != want {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
			}
		}
	}
	for _, m := range []func(string) string{MaskText, MaskAPIText} {
		if got := m("password \fS3cret"); got != "password \fS3cret" {
			t.Errorf("password \\fS3cret masked as %q", got)
		}
	}
}

// A quote in a value read over line separators, a line separator after it, that closes no
// string opened before the value opens one of the value's, which goes on (FuzzMaskInvisible
// seeds fc9ffca034b3267e: pAss->0⏎->"⏎0 showed the 0 that pAss->0 ->" 0 masks, and
// 53b93fda0a9dd4e6: pAss=0⏎!pAss"⏎->⏎A showed the A; both failing at main too).
func TestR50MaskingQuoteThenLineSeparatorInsideValue(t *testing.T) {
	for _, sep := range []string{"\u0085", "\u2028", "\u2029"} {
		for _, in := range []string{"pAss->0" + sep + "->\"" + sep + "h4nter2", "pAss=0" + sep + "->\"" + sep + "h4nter2",
			"pAss=0" + sep + "!pAss\"" + sep + "->" + sep + "h4nter2"} {
			for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
				if strings.Contains(got, "h4nter2") {
					t.Errorf("%s(%q) = %q: the value shows", name, in, got)
				}
			}
		}
	}
	for _, in := range []string{`{"msg":"password=h4nter2"}`, "\"password=h4nter2\"\u2028next"} {
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
			if strings.Contains(got, "h4nter2") || !strings.Contains(got, `"`) {
				t.Errorf("%s(%q) = %q", name, in, got)
			}
		}
	}
}

// kubectl's list of secrets names each one's type in the column after its name: a qualified
// type name, no value (kubernetes.io/service-account-token, helm.sh/release.v1).
func TestR50MaskingKubectlSecretTypeColumnStays(t *testing.T) {
	r50MaskingKept(t, []string{
		"api-token-abc12       kubernetes.io/service-account-token   3      10d",
		"sh.helm.release.v1.pg-password.v1   helm.sh/release.v1   1      5d",
		"db-password           Opaque                                1      10d",
	})
	r50MaskingWant(t, map[string]string{"password    s3cr3t/x": "password    " + Masked})
}

// A value read over line separators that ends in a quoted credential's name before an arrow
// leaves that key's arrow pair to be read as after spaces (FuzzMaskInvisible seed
// 5a40fdd92e7f646e: "pAss=0⏎!pAss"⏎->⏎A showed the A that "pAss=0 !pAss" -> A masks; failing
// at main too).
func TestR50MaskingQuotedKeyArrowAfterValueOverLineSeparators(t *testing.T) {
	for _, sep := range []string{"\u0085", "\u2028", "\u2029"} {
		in := "\"pAss=0" + sep + "!pAss\"" + sep + "->" + sep + "Hunter"
		for name, got := range map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in)} {
			if strings.Contains(got, "Hunter") {
				t.Errorf("%s(%q) = %q: the value shows", name, in, got)
			}
		}
	}
	r50MaskingKept(t, []string{"Settings -> Password -> Change"})
	for name, got := range r50MaskingEvery("password: ******** -> unset") {
		if got != r50MaskingShown(name, "password: ******** -> unset") {
			t.Errorf("%s changed a masked value's arrow: %q", name, got)
		}
	}
}
