package present

import "testing"

// r51Masking2Every is in each masker: MaskText, MaskAPIText and MaskLogLines.
func r51Masking2Every(in string) map[string]string {
	return map[string]string{"MaskText": MaskText(in), "MaskAPIText": MaskAPIText(in), "MaskLogLines": MaskLogLines([]string{in})[0]}
}

// r51Masking2Want checks every masker turns each input into its want.
func r51Masking2Want(t *testing.T, cases map[string]string) {
	t.Helper()
	for in, want := range cases {
		for name, got := range r51Masking2Every(in) {
			if got != want {
				t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
			}
		}
	}
}

// r51Masking2Kept checks every masker keeps each input as written.
func r51Masking2Kept(t *testing.T, ins ...string) {
	t.Helper()
	for _, in := range ins {
		for name, got := range r51Masking2Every(in) {
			if got != in {
				t.Errorf("%s(%q) = %q, want it kept", name, in, got)
			}
		}
	}
}

// A key named Auth (any case, X-Auth too) followed by an authorization scheme is read as an
// Authorization header is: the scheme stays and the credential after it is masked, ApiKey
// as Bearer. A phrase after it stays.
func TestR51Masking2AuthKeyKeepsSchemeMasksCredential(t *testing.T) {
	r51Masking2Want(t, map[string]string{
		"Auth: ApiKey R51kEXAMPLEkey0123456789abcdef":         "Auth: ApiKey " + Masked,
		"auth: apikey R51kEXAMPLEkey0123456789abcdef":         "auth: apikey " + Masked,
		"AUTH=SSWS R51kEXAMPLEkey0123456789abcdef":            "AUTH=SSWS " + Masked,
		"X-Auth: ApiKey R51kEXAMPLEkey0123456789abcdef":       "X-Auth: ApiKey " + Masked,
		`{"auth":"ApiKey R51kEXAMPLEkey0123456789abcdef"}`:    `{"auth":"ApiKey ` + Masked + `"}`, // quoted, the scheme stays too (round 61)
		"auth: Bearer R51kEXAMPLEkey0123456789abcdef":         "auth: Bearer " + Masked,
		"Auth: Token R51kEXAMPLEkey0123456789abcdef rejected": "Auth: Token " + Masked + " rejected",
		"Auth: Key R51kEXAMPLEkey0123456789abcdef":            "Auth: Key " + Masked,
	})
	r51Masking2Kept(t,
		"Auth: uses OAuth",
		"Auth: uses OAuth; session: per user",
		"INFO runtime::auth: API key authentication: enabled",
	)
}

// Google OAuth access tokens (ya29. and a long run of [A-Za-z0-9_-], a service account's with
// dots inside too) and HashiCorp Vault tokens (hvs., hvb., hvr. and 20 characters or more) are
// masked by their prefixes wherever they stand, as GitHub's are; too short a body, or prose
// such as "ya29.x", stays.
func TestR51Masking2GoogleOAuthAndVaultTokens(t *testing.T) {
	r51Masking2Want(t, map[string]string{
		"token ya29.a0AfH6SMBxEXAMPLEexampleEXAMPLE0123456789 expired":   "token " + Masked + " expired",
		"Authorization: Bearer ya29.a0AfH6SMBxEXAMPLEexampleEXAMPLE0123": "Authorization: Bearer " + Masked,
		`{"access_token":"ya29.c.c0ASRK0GaEXAMPLE-example_EXAMPLE0123"}`: `{"access_token":"` + Masked + `"}`,
		"gcloud: ya29.c.c0ASRK0GaEXAMPLE-example_EXAMPLE0123 rejected":   "gcloud: " + Masked + " rejected",
		"vault token hvs.CAESIJlU0123456789abcdefghij rejected":          "vault token " + Masked + " rejected",
		"batch hvb.AAAAAQJ0123456789abcdefghijkl":                        "batch " + Masked,
		"recovery=hvr.0123456789abcdefghijKLMN":                          "recovery=" + Masked,
		"VAULT_TOKEN=hvs.CAESIJlU0123456789abcdefghij":                   "VAULT_TOKEN=" + Masked,
	})
	r51Masking2Kept(t,
		"ya29.x",
		"see ya29.abc for details",
		"hvs.example is a service token's prefix",
		"file hvs.txt and hvb.log",
		"the token starts with hvs.",
	)
}

// htpasswd's -b takes the password on the command line, after the file and the user (htpasswd
// -b FILE USER PASSWORD, -bc, -Bbc, -C 10 before it), or after the user alone with -n (-nb
// USER PASSWORD): it is masked, quoted or not, the file and the user kept. Without -b
// htpasswd prompts: nothing follows to mask; a sentence about the flag stays.
func TestR51Masking2HtpasswdBatchPassword(t *testing.T) {
	r51Masking2Want(t, map[string]string{
		"htpasswd -b /etc/nginx/.htpasswd bob S3cretPw1":                "htpasswd -b /etc/nginx/.htpasswd bob " + Masked,
		"htpasswd -bc .htpasswd bob S3cretPw1":                          "htpasswd -bc .htpasswd bob " + Masked,
		"htpasswd -nb bob S3cretPw1":                                    "htpasswd -nb bob " + Masked,
		"htpasswd -Bbn bob S3cretPw1 > auth/htpasswd":                   "htpasswd -Bbn bob " + Masked + " > auth/htpasswd",
		"RUN htpasswd -B -C 10 -b -c /etc/htpasswd bob 'S3cret Pw1'":    "RUN htpasswd -B -C 10 -b -c /etc/htpasswd bob '" + Masked + "'",
		"exec: /usr/bin/htpasswd -b passwords bob hunter && nginx":      "exec: /usr/bin/htpasswd -b passwords bob " + Masked + " && nginx",
		`{"cmd":"htpasswd -nb bob S3cretPw1","exit":1}`:                 `{"cmd":"htpasswd -nb bob ` + Masked + `","exit":1}`,
		`{"cmd":"sh -c \"htpasswd -nb bob S3cretPw1\""}`:                `{"cmd":"sh -c \"htpasswd -nb bob ` + Masked + `\""}`,
		`["htpasswd", "-bc", ".htpasswd", "bob", "S3cretPw1"]`:          `["htpasswd", "-bc", ".htpasswd", "bob", "` + Masked + `"]`,
		"htpasswd -b .htpasswd bob S3cretPw1; htpasswd -nb al Pw0rd2xy": "htpasswd -b .htpasswd bob " + Masked + "; htpasswd -nb al " + Masked,
	})
	r51Masking2Kept(t,
		"htpasswd -c .htpasswd bob",
		"htpasswd -nB bob > auth/htpasswd",
		"htpasswd -b .htpasswd bob $HTPASSWD_PASSWORD",
		"use htpasswd -b to pass the password on the command line",
		"htpasswd -nb prints the hash of a password to standard output",
		"the .htpasswd file is missing",
		"cat .htpasswd -b x y z",
	)
}

// A value after a credential's "=" that starts with "&", ";" or "," is masked to its usual
// end (password=&x7Kq9); an arrow after it is a change's, not the next pair's: the value
// is the old password (password=&x7Kq9 -> …), masked whether a space or a Unicode space
// (EN SPACE) stands before the arrow (FuzzMaskInvisible seed 9d6c6d1e09a922da: pAss=&0 ->
// showed &0 that pAss=&0 U+2002 -> masked). The next pair after "&" (password=&user=bob)
// still ends an empty value.
func TestR51Masking2AmpersandValueBeforeArrowIsMasked(t *testing.T) {
	r51Masking2Want(t, map[string]string{
		"password=&x7Kq9 ->":         "password=" + Masked + " ->",
		"password=&x7Kq9\u2002->":    "password=" + Masked + "\u2002->",
		"pAss=&0 ->":                 "pAss=" + Masked + " ->",
		"pAss=&0\u2002->":            "pAss=" + Masked + "\u2002->",
		"password=&x7Kq9 -> &y8Lr0":  "password=" + Masked + " -> " + Masked,
		"password=,x7Kq9 -> rotated": "password=" + Masked + " -> rotated",
	})
	r51Masking2Kept(t,
		"password=&user=bob",
		"password=; user=bob",
	)
}
