package present

import "testing"

// A call around a masked pair keeps its ")": the "(" glued to the call's name (f(, get(,
// connect() is the call's, and a value never opened one. A parenthesis after a blank, as in
// MySQL's "(using password: Y7)" or a parenthesised log line, keeps its ")" too where the
// text's punctuation follows it (round 64: TestR64Masking9ParenAfterMaskStays).
func TestR55MaskingCallKeepsItsParen(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"f(password=S3cret)":                           "f(password=" + m + ")",
		"f(password=S3cret) failed":                    "f(password=" + m + ") failed",
		`requests.get(url, auth=("bob", "S3cretReq"))`: "requests.get(url, auth=" + m + ")",
		"connect(host=db, password=S3cret(x)y)":        "connect(host=db, password=" + m + ")",
		"psycopg2.connect(user=bob, password=S3cret)":  "psycopg2.connect(user=bob, password=" + m + ")",
		"password=S3cret)":                             "password=" + m,
		"(using password: Y7)":                         "(using password: " + m + ")",
		"registered (file:/y Password:hunter5)":        "registered (file:/y Password:" + m + ")",
	})
}

// A year after a password's name that a word of a policy follows (password 2024 policy) is
// prose, no password of digits; four digits with a verb after them, or alone, are still masked.
func TestR55MaskingYearBeforePolicyIsProse(t *testing.T) {
	m := Masked
	r52MaskingKept(t,
		"password 2024 policy",
		"password 1999 rules",
		"updated the password 2025 requirements for staff",
		"password reset",
		"password expired",
		"password policy",
	)
	r52MaskingWant(t, map[string]string{
		"password 2024":                  "password " + m,
		"the password 2024 was rejected": "the password " + m + " was rejected",
		"password 1234 policy":           "password " + m + " policy",
		"password 20245 policy":          "password " + m + " policy",
	})
}

// A password that is an English word people choose (password summer, password butterfly:
// commonPasswords), or a capitalised word after a name that is not (password Dragon,
// PG_PASSWORD Tigerlily), is masked; prose stays (Password Required, password Expired,
// password Manager, password testing).
func TestR55MaskingEnglishWordOrCapitalisedPassword(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"password Summer":                  "password " + m,
		"password Dragon":                  "password " + m,
		"password summer":                  "password " + m,
		"password butterfly":               "password " + m,
		"login failed: password Sunshine":  "login failed: password " + m,
		"PG_PASSWORD Tigerlily":            "PG_PASSWORD " + m,
		"use password Monkey for the demo": "use password " + m + " for the demo",
		"Password Summer2024":              "Password " + m,
		"password Tr0ub4dor":               "password " + m,
	})
	r52MaskingKept(t,
		"Password Required",
		"password Required",
		"password Expired",
		"password Manager",
		"password Policy",
		"password testing",
		"password access denied",
		"Password Reset",
		"passwd bob",
	)
}

// SQL*Plus's connect user/password[@db] in lower case, alone on its line (a script, a
// history), masks the password as CONNECT in capitals does; prose after it (connect api/v1
// first), a word before it, or / as sysdba stays.
func TestR55MaskingLowerCaseConnectLine(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"connect scott/tiger":          "connect scott/" + m,
		"conn scott/tiger@orcl":        "conn scott/" + m + "@orcl",
		"connect system/S3cretOra;":    "connect system/" + m + ";",
		"SQL> connect scott/tiger":     "SQL> connect scott/" + m,
		"CONNECT scott/tiger@orcl now": "CONNECT scott/" + m + "@orcl now",
	})
	r52MaskingKept(t, "connect api/v1", "connect api/v1 first", "please connect to db/x", "connect / as sysdba")
	// On a line of its own in a multi-line text, and in a log entry whose breaks are line
	// separators.
	in := "set echo on\nconnect scott/tiger\nselect 1 from dual;"
	want := "set echo on\nconnect scott/" + m + "\nselect 1 from dual;"
	if got := MaskText(in); got != want {
		t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
	}
	if got := MaskLogLines([]string{in})[0]; got != "set echo on connect scott/"+m+" select 1 from dual;" {
		t.Errorf("MaskLogLines(%q) = %q", in, got)
	}
}

// A password typed after a prompt that says whose it is (psql's Password for user bob:,
// sudo's [sudo] password for bob:, ssh-add's passphrase for key '…':) and echoed in a log is
// masked; the prompt alone, or a word of prose after it, stays.
func TestR55MaskingPasswordAfterPromptForWhom(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"Password for user bob: S3cretPg":                             "Password for user bob: " + m,
		"Password for 'bob': S3cretPg":                                "Password for 'bob': " + m,
		"[sudo] password for bob: S3cretSudo":                         "[sudo] password for bob: " + m,
		"Enter passphrase for key '/home/bob/.ssh/id_rsa': S3cretKey": "Enter passphrase for key '/home/bob/.ssh/id_rsa': " + m,
		"token of the reader: abc123def456":                           "token of the reader: " + m,
	})
	r52MaskingKept(t,
		"Password for user bob:",
		"Password for user bob: required",
		"password for bob: see the vault",
		"the password for bob was reset",
		"password authentication failed for user bob",
	)
}

// A password's hash is masked wherever it stands, its format's identifier kept: htpasswd's
// lines (bob:$apr1$…, bob:{SHA}…, bcrypt's $2y$…), /etc/shadow's $6$…, LDAP's {SSHA}, argon2's
// PHC string. Shell variables, prices and a format's name in prose stay.
func TestR55MaskingPasswordHashes(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"bob:$apr1$r31.....$HqJZimcKQFAMYayBlzkrA/":                                        "bob:$apr1$" + m,
		"bob:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=":                                            "bob:{SHA}" + m,
		"bob:$2y$05$c4WoMPo3SXsafkva.HHa6uXQZWr7oboPiC2bT/r7q1BB8I2s0BRqC":                 "bob:$2y$" + m,
		"hash=$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$abcdefghijklmnopqrstuvwxyz012345": "hash=$argon2id$" + m,
		"dn: uid=bob userPassword {SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9gabcd":                   "dn: uid=bob userPassword {SSHA}" + m,
		`"$2b$12$c4WoMPo3SXsafkva.HHa6uXQZWr7oboPiC2bT/r7q1BB8I2s0BRqC"`:                   `"$2b$` + m + `"`,
	})
	r52MaskingKept(t, "echo $HOME $PATH", "price $5 and $6 total", "cost: $2y$ is bcrypt", "{SHA} is a scheme",
		"bob:$apr1$"+m)
}

// SMTP's AUTH LOGIN dialogue: the base64 line after the server's password challenge (334
// UGFzc3dvcmQ6, "Password:") is the password, masked; the username's line and the challenges
// stay, and IMAP's LOGIN rule no longer reads AUTH LOGIN's next lines as its user and password
// (it masked the username challenge and showed the password).
func TestR55MaskingSMTPAuthLoginPassword(t *testing.T) {
	m := Masked
	in := "AUTH LOGIN\n334 VXNlcm5hbWU6\nYm9i\n334 UGFzc3dvcmQ6\nUzNjcmV0U210cA=="
	for name, got := range r52MaskingEvery(in) {
		want := "AUTH LOGIN\n334 VXNlcm5hbWU6\nYm9i\n334 UGFzc3dvcmQ6\n" + m
		if name == "MaskLogLines" {
			want = "AUTH LOGIN 334 VXNlcm5hbWU6 Ym9i 334 UGFzc3dvcmQ6 " + m
		}
		if got != want {
			t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
		}
	}
	in = "C: AUTH LOGIN\r\nS: 334 VXNlcm5hbWU6\r\nC: Ym9i\r\nS: 334 UGFzc3dvcmQ6\r\nC: UzNjcmV0U210cA==\r\nS: 235 2.7.0 ok"
	if got, want := MaskText(in), "C: AUTH LOGIN\r\nS: 334 VXNlcm5hbWU6\r\nC: Ym9i\r\nS: 334 UGFzc3dvcmQ6\r\nC: "+m+"\r\nS: 235 2.7.0 ok"; got != want {
		t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
	}
	r52MaskingWant(t, map[string]string{"a001 LOGIN bob S3cretImap": "a001 LOGIN bob " + m})
	r52MaskingKept(t, "334 UGFzc3dvcmQ6", "AUTH LOGIN")
}
