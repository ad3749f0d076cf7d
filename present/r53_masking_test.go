package present

import (
	"slices"
	"strings"
	"testing"
)

// An AWS secret access key written right after its key ID with only "/" between
// (AKIA…/<secret>, as a note or a path writes the pair) is masked as after a space or a ":":
// the "/" before it read as one of the secret's own bytes. The ID then a path stays.
func TestR53MaskingAWSSecretAfterKeyIDAndSlash(t *testing.T) {
	const id, secret = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	r52MaskingWant(t, map[string]string{
		id + "/" + secret:                      Masked + "/" + Masked,
		"creds " + id + "/" + secret + " used": "creds " + Masked + "/" + Masked + " used",
		"aws://" + id + "/" + secret + "@s3":   "aws://" + Masked + "/" + Masked + "@s3",
		`"` + id + "/" + secret + `"`:          `"` + Masked + "/" + Masked + `"`,
	})
	for name, got := range r52MaskingEvery(id + "/reports/2026/ThisIsNotASecretButFortyCharsLong1234567.csv") {
		if !strings.Contains(got, "/reports/2026/ThisIsNotASecretButFortyCharsLong1234567.csv") {
			t.Errorf("%s masked a path after the key ID: %q", name, got)
		}
	}
}

// A credential's value right after its name and one blank, with no "=" or ":" (use password
// hunter2xyz for the reader, PG_PASSWORD s3cr3tvalue, x-api-key abcd1234efgh5678, api key …,
// client secret …), and a user's password after creds, credentials or login and the user
// (db creds spice / S3cr3tPw!, login bob:S3cr3tLog), is masked in every masker. Prose after
// such a name (a word, a status, a version, a number and its unit, a time, a path, a name of
// lower-case words and numbers, a pair) stays.
func TestR53MaskingValueRightAfterItsName(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"use password hunter2xyz for the reader":                "use password " + m + " for the reader",
		"db creds spice / S3cr3tPw!":                            "db creds spice / " + m,
		"PG_PASSWORD s3cr3tvalue":                               "PG_PASSWORD " + m,
		"x-api-key abcd1234efgh5678":                            "x-api-key " + m,
		"X-Auth-Token abcd1234efgh5678":                         "X-Auth-Token " + m,
		"ERR invalid password S3cretErr1":                       "ERR invalid password " + m,
		"login failed for user bob with password S3cretLogin1.": "login failed for user bob with password " + m + ".",
		"Login: bob Password S3cretLogin2":                      "Login: bob Password " + m,
		"user=bob pass S3cretPass2":                             "user=bob pass " + m,
		"apiKey abcd1234efgh5678":                               "apiKey " + m,
		`"apiKey" "abcd1234efgh5678"`:                           `"apiKey" "` + m + `"`,
		"env SPICE_API_KEY abcd1234efgh5678":                    "env SPICE_API_KEY " + m,
		"api key abcd1234efgh5678 rejected":                     "api key " + m + " rejected",
		"client secret S3cretOauth2 rejected":                   "client secret " + m + " rejected",
		"login bob:S3cr3tLog":                                   "login bob:" + m,
		"credentials bob/S3cr3tLog ok":                          "credentials bob/" + m + " ok",
		"Authorization abcd1234efgh5678":                        "Authorization " + m,
		"Authorization Bearer abcdef0123456789":                 "Authorization Bearer " + m,
		"token 3f2a9c1e-8b7d-4e6f-a5b4-c3d2e1f0a9b8 revoked":    "token " + m + " revoked",
	})
	r52MaskingKept(t,
		"password reset for user bob",
		"token expired at 2026-01-01T00:00:00Z",
		"api key header missing",
		"token v2.1.0 released",
		"POST /oauth/token HTTP/1.1",
		"password 8 characters",
		"token db-prod-01 not found",
		"password_file /etc/pw.txt",
		"bypass cache2x now",
		"the password. Then S3cret1",
		"token TTL 3600s",
		"credentials bob / password",
		"credentials spice/prod-1",
		"password policy PCI-DSS4",
		"token (optional)",
		"secret my-secret-1 created",
		"set_secret prodDbPass2 done",
		"--password user=bob",
		"token for api.spice.ai",
		"password bob@example.com",
		"token 1700000000",
		"password <your-password>",
		"password ${secrets:pg_pass}",
		"password $PG_PASS",
		"api key PG_API_KEY",
		"key abc12345 in the map",
		"compass heading 270deg",
		"loading private key rsa_key.p8",
		"client secret client-2.json not found",
	)
}

// Redis's AUTH command outside a redis-cli command line (a client's or a proxy's log line)
// masks its password, after a user's name too, when it reads as one: AUTH in capitals, one
// blank, a value as after a credential's name. Prose (AUTH failed, NOAUTH Authentication
// required, X-AUTH headers) stays.
func TestR53MaskingBareRedisAuth(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"sent AUTH s3cretpw":                         "sent AUTH " + m,
		"sent AUTH default s3cretpw":                 "sent AUTH default " + m,
		"redis: AUTH s3cretpw failed":                "redis: AUTH " + m + " failed",
		"AUTH s3cretpw":                              "AUTH " + m,
		`proxy: forwarding "AUTH bob S3cret!pw" now`: `proxy: forwarding "AUTH bob ` + m + `" now`,
		"DEBUG cmd=[AUTH app-user P4ssw0rd#1]":       "DEBUG cmd=[AUTH app-user " + m + "]",
	})
	r52MaskingKept(t,
		"AUTH failed: invalid username-password pair",
		"NOAUTH Authentication required.",
		"ERR AUTH <password> called without any password configured",
		"AUTH default",
		"X-AUTH v2token1 ignored",
		"auth s3cretpw is lower case prose here",
		"AUTH required for replica-2",
	)
}

// A YAML block scalar a program logged one line per entry, each entry after the same log
// prefix (a timestamp, a level), masks the value's entries after the prefix, as it does with
// no prefix: the indentation is read after it. The prefix, and the next key less indented,
// stay, and so does the header's entry, which holds no line of the value (round 56).
func TestR53MaskingLogBlockScalarAfterPrefix(t *testing.T) {
	const ts = "2026-01-01T00:00:00Z"
	for _, c := range []struct{ in, want []string }{
		{[]string{ts + " INFO spicepod:", ts + "   pg_pass: |", ts + "     S3cretBlock", ts + "   pg_user: bob"},
			[]string{ts + " INFO spicepod:", ts + "   pg_pass: |", ts + "     " + Masked, ts + "   pg_user: bob"}},
		{[]string{"2026-01-01T00:00:00.120Z INFO params:", "2026-01-01T00:00:00.121Z INFO   snowflake_private_key: |-", "2026-01-01T00:00:00.122Z INFO     MIIEvQIBADANBgkqhkiG9w0", "2026-01-01T00:00:00.123Z INFO     aBcDeFgHiJkLmNoPqRs==", "2026-01-01T00:00:00.124Z INFO   snowflake_account: abc"},
			[]string{"2026-01-01T00:00:00.120Z INFO params:", "2026-01-01T00:00:00.121Z INFO   snowflake_private_key: |-", "2026-01-01T00:00:00.122Z INFO     " + Masked, "2026-01-01T00:00:00.123Z INFO     " + Masked, "2026-01-01T00:00:00.124Z INFO   snowflake_account: abc"}},
		{[]string{"[INFO] password: >-", "[INFO]   S3cretFolded", "[INFO] user: bob"},
			[]string{"[INFO] password: >-", "[INFO]   " + Masked, "[INFO] user: bob"}},
	} {
		if got := MaskLogLines(c.in); !slices.Equal(got, c.want) {
			t.Errorf("MaskLogLines(%q) =\n%q, want\n%q", c.in, got, c.want)
		}
	}
	kept := []string{ts + " INFO description: |", ts + "   a dataset of sales", ts + " INFO name: sales"}
	if got := MaskLogLines(kept); !slices.Equal(got, kept) {
		t.Errorf("MaskLogLines(%q) = %q, want it kept", kept, got)
	}
}

// More shapes that carry a credential on a command line or in a protocol's log: ssh-keygen's
// -N and -P (passphrases), MongoDB shells' -p, keytool's -storepass and -keypass (any value
// but a flag: changeit too), IMAP's LOGIN <user> <pw>, SMTP's AUTH PLAIN <base64>, a header
// pair written as a tuple (("x-api-key", "<v>")) and Hadoop's fs.azure.account.key.<account>…=
// <key>. The same flags elsewhere (find -N, git log -N), openssl's -new and LOGIN failed stay.
func TestR53MaskingMoreCommandAndProtocolShapes(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"ssh-keygen -t ed25519 -N S3cretPhrase -f key":                                    "ssh-keygen -t ed25519 -N " + m + " -f key",
		"ssh-keygen -p -P 0ldPhrase1 -N n3wPhrase2 -f key":                                "ssh-keygen -p -P " + m + " -N " + m + " -f key",
		`["ssh-keygen", "-N", "S3cretPhrase"]`:                                            `["ssh-keygen", "-N", "` + m + `"]`,
		"mongosh -u bob -p S3cretMongo2 --authenticationDatabase admin":                   "mongosh -u bob -p " + m + " --authenticationDatabase admin",
		"keytool -list -keystore ks.jks -storepass S3cretKt1":                             "keytool -list -keystore ks.jks -storepass " + m,
		"keytool -genkey -keypass changeit -storepass changeit":                           "keytool -genkey -keypass " + m + " -storepass " + m,
		"a001 LOGIN bob S3cretImap1":                                                      "a001 LOGIN bob " + m,
		"C: AUTH PLAIN AGJvYgBTM2NyZXQxMjM=":                                              "C: AUTH PLAIN " + m,
		`metadata: [("x-api-key", "abcd1234efgh5678")]`:                                   `metadata: [("x-api-key", "` + m + `")]`,
		"fs.azure.account.key.acct.dfs.core.windows.net=abc123abc123abc123abc123abc123==": "fs.azure.account.key.acct.dfs.core.windows.net=" + m,
	})
	r52MaskingKept(t,
		"find . -N 5",
		"git log -N",
		"openssl req -new -key k.pem",
		"a001 LOGIN failed",
		`metadata: [("x-request-id", "abcd1234efgh5678")]`,
		"fs.azure.account.name=acct",
	)
}

// A credential-named key that says how many or how long (a model's max_tokens, the usage's
// prompt_tokens, token_ttl, session_timeout) shows a number as its value: Spice's model logs
// print token usage, which was masked whole. Any other value after such a key is masked.
func TestR53MaskingMeasureKeysShowTheirNumber(t *testing.T) {
	r52MaskingKept(t,
		"usage: prompt_tokens=12, completion_tokens=30, total_tokens=42",
		`{"usage":{"prompt_tokens":12,"completion_tokens":30,"total_tokens":42}}`,
		"max_tokens: 1024",
		"params: {max_completion_tokens: 4096}",
		"token_count=57",
		"token_ttl: 3600",
		"token_expiry=3600s",
		"session_timeout: 30m",
		"password_length: 12",
	)
	r51MaskingHidden(t, []struct{ line, secret string }{
		{"max_tokens: S3cretTok1", "S3cretTok1"},
		{"token_count=abc123def", "abc123def"},
		{"secret_ttl: hunter2xyz", "hunter2xyz"},
		{"max_tokens: 1024 password: 12345678", "12345678"},
	})
}
