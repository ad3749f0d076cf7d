package present

import (
	"slices"
	"strings"
	"testing"
)

// r52MaskingEvery is what each masker shows of in: MaskText, MaskAPIText and MaskLogLines
// (one entry).
func r52MaskingEvery(in string) map[string]string {
	return map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in), "MaskLogLines": MaskLogLines([]string{in})[0]}
}

// FuzzMaskInvisible seed 6817d87db0614d5c: with NEL (U+0085), U+2028 or U+2029 for the
// space, "pAss=0 ->\"0'" masks as it does written with a space: the quote the value opened
// after the arrow is masked with it, no "'" shows.
func TestR52MaskingArrowQuotedValueOverLineSeparator(t *testing.T) {
	r51MaskingLinedAlike(t, `pAss=0 ->"0'`)
	r51MaskingLinedAlike(t, `password=old1 ->"n3w'`)
	for _, in := range []string{"pAss=0\u0085->\"0'", "pAss=0\u2028->\"0'", "password=old1\u2029->\"n3w'"} {
		for name, got := range r52MaskingEvery(in) {
			if strings.Contains(got, "'") {
				t.Errorf("%s(%q) = %q: the arrow's quoted value shows its \"'\"", name, in, got)
			}
		}
	}
}

// A Kubernetes reference to a secret (valueFrom:⏎  secretKeyRef:⏎    name: x⏎    key: y, envFrom's
// secretRef, a configMapKeyRef) names the secret and the key inside it, no value: every masker
// shows it, a log entry holding it whole too (it showed name: masked as secretKeyRef's value,
// and key's value as a key's). A credential after it, or a key: pair outside such a reference,
// is still masked.
func TestR52MaskingKubernetesSecretKeyRefShows(t *testing.T) {
	r51MaskingKept(t, []string{
		"valueFrom:\n  secretKeyRef:\n    name: x\n    key: y",
		"valueFrom:\n  secretKeyRef:\n    name: db-creds\n    key: password",
		"env:\n- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef:\n      name: db-creds\n      key: password",
		"valueFrom:\n  secretKeyRef:\n    key: db_password\n    name: db-creds\n    optional: true",
		"valueFrom: secretKeyRef: name: db-creds key: password",
		`{"valueFrom":{"secretKeyRef":{"name":"db-creds","key":"password"}}}`,
		`{"valueFrom": {"secretKeyRef": {"key": "password", "name": "db-creds"}}}`,
		"envFrom:\n- secretRef:\n    name: db-creds",
		"valueFrom:\n  configMapKeyRef:\n    name: cfg\n    key: timeout",
	})
	r51MaskingHidden(t, []struct{ line, secret string }{
		{"valueFrom:\n  secretKeyRef:\n    name: db-creds\n    key: password\npassword: S3cretK8s", "S3cretK8s"},
		{"secretKeyRef:\n  name: db-creds\napi_key: S3cretK8sKey", "S3cretK8sKey"},
		{"key: S3cretK8sKey", "S3cretK8sKey"},
		{"name: db-creds key: S3cretK8sKey", "S3cretK8sKey"},
		{"secretKeyRef: name: db-creds key: password token: S3cretK8sTok", "S3cretK8sTok"},
	})
}

// r52MaskingWant checks every masker turns each input into its want.
func r52MaskingWant(t *testing.T, cases map[string]string) {
	t.Helper()
	for in, want := range cases {
		for name, got := range r52MaskingEvery(in) {
			if got != want {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
			}
		}
	}
}

// r52MaskingKept checks every masker keeps each one-line input as written.
func r52MaskingKept(t *testing.T, ins ...string) {
	t.Helper()
	for _, in := range ins {
		for name, got := range r52MaskingEvery(in) {
			if got != in {
				t.Errorf("%s(%q) = %q, want it kept", name, in, got)
			}
		}
	}
}

// Tokens users paste with their documented prefixes are masked wherever they stand, as
// GitHub's are: npm's (npm_ and 36 letters and digits), SendGrid's API keys (SG., 22
// characters, ".", 43), Stripe's webhook signing secrets (whsec_ and 24 or more) and Slack's
// app-level tokens (xapp-). An npm environment variable (npm_config_cache), a file's name or
// the prefix alone in prose stays.
func TestR52MaskingMorePrefixedTokens(t *testing.T) {
	r52MaskingWant(t, map[string]string{
		"npm token npm_R52aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456 revoked":                            "npm token " + Masked + " revoked",
		"//registry.npmjs.org/:_authToken=npm_R52aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456":             "//registry.npmjs.org/:_authToken=" + Masked,
		"NPM_TOKEN: npm_R52aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456":                                   "NPM_TOKEN: " + Masked,
		"sendgrid SG.R52aBcDeFgHiJkLmNoPqRs.R52aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcd failed": "sendgrid " + Masked + " failed",
		"stripe webhook secret whsec_R52aBcDeFgHiJkLmNoPqRsTuVwXyZ01 rejected":                  "stripe webhook secret " + Masked + " rejected",
		"slack xapp-1-A0R52EXAMPL-1234567890123-abcdef0123456789abcdef0123456789 revoked":       "slack " + Masked + " revoked",
	})
	r52MaskingKept(t,
		"npm_config_cache=/tmp/npm",
		"npm_package_version=1.2.3 npm_lifecycle_event=build",
		"run npm_install.sh first",
		"SG.example is a SendGrid key's shape",
		"the whsec_ prefix marks a webhook secret",
		"whsec_test_fixture.json",
		"xapp-config.json and xapp-1 docs",
	)
}

// An AWS secret access key after its key ID with words between that say what it is ("key id
// AKIA…, secret <secret>", "access key AKIA… and secret key <secret>", "AKIA… / <secret>") is
// masked as one right after it is. Prose after the ID, or a key of another length, stays.
func TestR52MaskingAWSSecretAfterKeyIDAndWords(t *testing.T) {
	const id, secret = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	r52MaskingWant(t, map[string]string{
		"key id " + id + ", secret " + secret:               "key id " + Masked + ", secret " + Masked,
		"credentials " + id + " / " + secret:                "credentials " + Masked + " / " + Masked,
		"access key " + id + " and secret key " + secret:    "access key " + Masked + " and secret key " + Masked,
		id + " (secret access key: " + secret + ")":         Masked + " (secret access key: " + Masked + ")",
		"id=" + id + " | aws_secret_access_key | " + secret: "id=" + Masked + " | aws_secret_access_key | " + Masked,
	})
	r52MaskingKept(t,
		"rotated the key, old id ended EXAMPLE and ThisIsNotASecretButFortyCharsLong12345 stays",
	)
	for name, got := range r52MaskingEvery(id + " belongs to user deploy-bot, see ThisIsNotASecretButFortyCharsLong1234567") {
		if !strings.Contains(got, "ThisIsNotASecretButFortyCharsLong1234567") {
			t.Errorf("%s masked prose after the key ID: %q", name, got)
		}
	}
}

// A PEM private key a program logged one line per entry (its BEGIN line, the base64 lines, its
// END line; a timestamp before each, or a JSON string's escaped \n) is masked in every entry,
// as MaskText masks the block whole: the body entries showed. The entry after END, and base64
// after a public key or a certificate, stay.
func TestR52MaskingLogPEMKeyOverEntries(t *testing.T) {
	for _, c := range []struct{ in, want []string }{
		{[]string{"-----BEGIN PRIVATE KEY-----", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7", "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdef==", "-----END PRIVATE KEY-----", "INFO next"},
			[]string{Masked, Masked, Masked, Masked, "INFO next"}},
		{[]string{"ERROR invalid private_key: -----BEGIN RSA PRIVATE KEY-----", "MIIEowIBAAKCAQEA0123456789abcdefghijklmnopqrstuvwxyz", "-----END RSA PRIVATE KEY-----"},
			[]string{"ERROR invalid private_key: " + Masked, Masked, Masked}},
		{[]string{"2026-01-01T00:00:00Z ERROR snowflake: -----BEGIN ENCRYPTED PRIVATE KEY-----", "2026-01-01T00:00:00Z MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI", "2026-01-01T00:00:00Z -----END ENCRYPTED PRIVATE KEY-----", "2026-01-01T00:00:01Z INFO retry"},
			[]string{"2026-01-01T00:00:00Z ERROR snowflake: " + Masked, "2026-01-01T00:00:00Z " + Masked, "2026-01-01T00:00:00Z " + Masked, "2026-01-01T00:00:01Z INFO retry"}},
		{[]string{`private_key: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC`, `Bkcwggsj0123456789abcdefghijABCDEFGHIJ\n-----END PRIVATE KEY-----\n"`},
			[]string{`private_key: "` + Masked, Masked + `"`}},
	} {
		if got := MaskLogLines(c.in); !slices.Equal(got, c.want) {
			t.Errorf("MaskLogLines(%q) =\n%q, want\n%q", c.in, got, c.want)
		}
	}
	for _, in := range [][]string{
		{"-----BEGIN PUBLIC KEY-----", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA0123456789ab", "-----END PUBLIC KEY-----"},
		{"-----BEGIN CERTIFICATE-----", "MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYD", "-----END CERTIFICATE-----"},
		{"-----BEGIN PRIVATE KEY----- -----END PRIVATE KEY-----", "SGVsbG8gd29ybGQgdGhpcyBpcyBub3QgYSBrZXk="},
	} {
		got := MaskLogLines(in)
		if !slices.Equal(got[1:], in[1:]) {
			t.Errorf("MaskLogLines(%q) = %q, want the entries after the first kept", in, got)
		}
	}
}

// A credential-named key that names a file or a path (password_file, private_key_path,
// snowflake_private_key_path, token_file) holds the file's path, no secret: a path as its value
// shows; and so does the kind of authentication a *_type, *_method or *_mode key names in a
// lower-case word (snowflake_auth_type: keypair). Any other value after them (a password
// where a path belongs) is masked, and the keys themselves still mask theirs.
func TestR52MaskingFileAndKindKeysShowTheirValue(t *testing.T) {
	r52MaskingKept(t,
		"password_file: /etc/spice/pw.txt",
		"private_key_path: /secrets/rsa_key.p8",
		"snowflake_private_key_path=./keys/rsa_key.p8",
		`{"token_file": "~/.config/spice/token.json"}`,
		`tls_key_file: C:\certs\client.key`,
		"password_file: secrets/pw.txt",
		"snowflake_auth_type: keypair",
		"auth_method: oauth2",
		"pg_sslmode: verify-full",
		"token_mode=snowflake_jwt",
	)
	r51MaskingHidden(t, []struct{ line, secret string }{
		{"password_file: Hunter2Secret", "Hunter2Secret"},
		{"private_key_path: MIIEvQIBADANBgkq", "MIIEvQIBADANBgkq"},
		{"password: /etc/R52pw", "R52pw"},
		{"auth_type: Hunter2Secret", "Hunter2Secret"},
		{"token: keypair2secret", "keypair2secret"},
		{"password_file: /etc/pw.txt password: R52Secret", "R52Secret"},
	})
}

// A sentence that says whose or which credential it gives before its verb ("The password for
// spice is <pw>", "the token of the reader was <pw>", up to three words after for or of) masks
// the value as "password is <pw>" does; a word or a status after the verb stays.
func TestR52MaskingSpokenValueAfterForWhom(t *testing.T) {
	r51MaskingHidden(t, []struct{ line, secret string }{
		{"The password for spice is Summer2024!", "Summer2024"},
		{"the password for the admin user was Summer2024!", "Summer2024"},
		{"the token of the reader is now R52tokEXAMPLE0123", "R52tokEXAMPLE"},
		{"password for prod set to Summer2024!", "Summer2024"},
	})
	r52MaskingKept(t,
		"the password for spice is required",
		"the password for the admin user was reset",
		"the token for prod has been rotated",
		"a password of 8 characters is required",
		"waiting for the token for spice is slow",
	)
}
