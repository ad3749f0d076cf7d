package present

import (
	"strings"
	"testing"
)

// An Azure SAS token's sig holding a blank (a "+" decoded to a space: sig=abc DEF) after a
// credential-named key on a YAML line showed the part after the blank: round 60 read the SAS
// pair by pair and the sig's value ended at the blank. A sig last in the query runs as the
// key's value would (password: S3cret Pw), to the line's end; its params stay readable.
func TestR61Masking6SASSigWithABlankIsMaskedWhole(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"sas_token: sv=2024-01-01&sig=abc DEF":           "sas_token: sv=2024-01-01&sig=" + m,
		"sas_token: sv=2024-01-01&ss=b&sig=abc DEF ghi":  "sas_token: sv=2024-01-01&ss=b&sig=" + m,
		"azure_sas_token: ?sv=2024-01-01&sig=abc\tDEF":   "azure_sas_token: ?sv=2024-01-01&sig=" + m,
		"sas_token: sv=2024-01-01&sig=abc DEF&se=2026":   "sas_token: sv=2024-01-01&sig=" + m,
		"sas_token: sv=2024-01-01&sig=abc DEF  # prod":   "sas_token: sv=2024-01-01&sig=" + m + "  # prod",
		"sas_token: sv=2022-11-02&ss=b&sig=abcDEF123xyz": "sas_token: sv=2022-11-02&ss=b&sig=" + m,
		"sas_token: sv=2024-01-01&sig=abc&se=2026 DEF":   "sas_token: sv=2024-01-01&sig=" + m + "&se=2026 DEF", // the sig ends at its "&"
	})
	for in, want := range map[string]string{
		"sas_token: sv=2024-01-01&sig=abc DEF\nnext: line": "sas_token: sv=2024-01-01&sig=" + m + "\nnext: line",
	} {
		if got := MaskText(in); got != want {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
		}
	}
}

// r61Masking6SASParamsAfter reports whether value, which the old masker hid after before in
// line, starts an Azure SAS query (sasQueryAt) there: its params before the sig name no secret.
// A value that holds the sig's own (quoted: token:"sv=&sig=abc") is not exempt (round 69).
func r61Masking6SASParamsAfter(line, before, value string) bool {
	for k := strings.Index(line, before); k >= 0; {
		// The value may stand in quotes (token:"sv=&sig=": round 69).
		if v := strings.TrimLeft(line[k+len(before):], `"'`); strings.HasPrefix(v, value) && !r69Masking14SigValue(value) {
			if sas, _, _ := sasQueryAt(line, len(line)-len(v)); sas {
				return true
			}
		}
		next := strings.Index(line[k+1:], before)
		if next < 0 {
			break
		}
		k += 1 + next
	}
	return false
}

// s3_auth names a credential by its name (auth) but holds a mode: MaskText masked
// s3_auth: iam_role in a log line, while the spicepod showed the same param. And the spicepod
// showed whatever plain word stood there, a key pasted into s3_auth too. One table
// (paramModes) says the modes: they are shown in both; anything else is masked in both.
func TestR61Masking6S3AuthModeShownElseMasked(t *testing.T) {
	m := Masked
	r52MaskingKept(t,
		"s3_auth: iam_role", "s3_auth: key", "s3_auth: public", "s3_auth=iam_role", "S3_AUTH=iam_role",
		`"s3_auth": "iam_role"`, "params: {s3_auth: iam_role, file_format: parquet}",
	)
	r52MaskingWant(t, map[string]string{
		"s3_auth: AKIAIOSFODNN7EXAMPLE":                        "s3_auth: " + m,
		"s3_auth: iam_role2":                                   "s3_auth: " + m,
		"s3_auth=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY":     "s3_auth=" + m,
		"params: {s3_auth: key, s3_key: AKIAIOSFODNN7EXAMPLE}": "params: {s3_auth: key, s3_key: " + m + "}",
	})
	for value, want := range map[string]string{"iam_role": "iam_role", "key": "key", "public": "public",
		"AKIAIOSFODNN7EXAMPLE": m, "iam_role2": m, "IAM_ROLE": "IAM_ROLE"} {
		pod := map[string]any{"datasets": []any{map[string]any{"from": "s3://b/x", "name": "x",
			"params": map[string]any{"s3_auth": value}}}}
		got := MaskSpicepod(pod)["datasets"].([]any)[0].(map[string]any)["params"].(map[string]any)["s3_auth"]
		if got != want {
			t.Errorf("MaskSpicepod: params.s3_auth %q shows %q, want %q", value, got, want)
		}
	}
}

// An Authorization header's value quoted (JSON, YAML, a Python dict) was masked whole, its
// scheme with it ("Authorization": "********"), while unquoted it read Authorization: Basic
// ********; and a spicepod's value under such a key was masked whole too. The scheme names
// how one authenticates, no secret: it stays in every form, the credential after it is masked.
func TestR61Masking6QuotedAuthorizationKeepsItsScheme(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		`{"Authorization": "Basic dXNlcjpwYXNz"}`:                  `{"Authorization": "Basic ` + m + `"}`,
		`{"authorization":"Bearer abc.def.ghi", "Accept": "json"}`: `{"authorization":"Bearer ` + m + `", "Accept": "json"}`,
		`{\"Authorization\":\"Token abcdef123456\"}`:               `{\"Authorization\":\"Token ` + m + `\"}`,
		`Authorization: 'Basic dXNlcjpwYXNz'`:                      `Authorization: 'Basic ` + m + `'`,
		`headers={'Proxy-Authorization': 'Bearer abc def'}`:        `headers={'Proxy-Authorization': 'Bearer ` + m + `'}`,
		`{"X-Auth": "ApiKey abcdef123456"}`:                        `{"X-Auth": "ApiKey ` + m + `"}`,
		`Authorization: Basic dXNlcjpwYXNz`:                        `Authorization: Basic ` + m,
		`{"Authorization": "abcdef123456"}`:                        `{"Authorization": "` + m + `"}`,
		`{"Authorization": "Bearer "}`:                             `{"Authorization": "` + m + `"}`,
		`{"password": "Basic dXNlcjpwYXNz"}`:                       `{"password": "` + m + `"}`,
	})
	pod := map[string]any{"metadata": map[string]any{"Authorization": "Basic dXNlcjpwYXNz", "token": "Bearer abc123",
		"auth": "abc123"}}
	got := MaskSpicepod(pod)["metadata"].(map[string]any)
	for k, want := range map[string]string{"Authorization": "Basic " + m, "token": m, "auth": m} {
		if got[k] != want {
			t.Errorf("MaskSpicepod: metadata.%s shows %q, want %q", k, got[k], want)
		}
	}
	checkMasked(t, pod)
}

// containsFold, the quick test before several rules (maskSQLPasswords' "password",
// maskRedisAuth's "requirepass", errorText's words), compared byte windows with
// strings.EqualFold: a long s ſ (two bytes) or a Kelvin sign K (three) for s or k shifted
// the window, so PAſSWORD did not hold "password" while the key detector, which folds them
// (appendFolded), reads paſſword as a credential's name. It reads runes as appendFolded does
// now; the Turkish dotless ı and dotted İ fold to no ASCII letter in either. And it stays
// linear on a text of near misses.
func TestR61Masking6ContainsFoldFoldsAsKeys(t *testing.T) {
	for _, c := range []struct {
		s, w string
		want bool
	}{
		{"PASSWORD", "password", true},
		{"PAſSWORD", "password", true},
		{"x paſſword=1", "password", true},
		{"requirepaſſ", "requirepass", true},
		{"TO\u212aEN", "token", true},
		{"FAIL", "fail", true},
		{"faıl", "fail", false},
		{"İDENTIFIED", "identified", false},
		{"passwor", "password", false},
		{"", "password", false},
		{"naïve password", "password", true},
		{"\xffpassword", "password", true},
		{"grant x to y", " to ", true},
	} {
		if got := containsFold(c.s, c.w); got != c.want {
			t.Errorf("containsFold(%q, %q) = %v, want %v", c.s, c.w, got, c.want)
		}
		if folded := strings.Contains(string(appendFolded(nil, c.s)), c.w); c.want != folded && strings.Trim(c.w, "abcdefghijklmnopqrstuvwxyz") == "" {
			t.Errorf("containsFold(%q, %q) = %v, appendFolded reads %q", c.s, c.w, c.want, appendFolded(nil, c.s))
		}
	}
	for _, unit := range []string{"passwor ", "PAſSWOR", "ppppppp", "\u212a\u212a"} {
		checkLinear(t, func(s string) { containsFold(s, "password") }, strings.Repeat(unit, 1<<14), strings.Repeat(unit, 1<<17))
	}
}

// A secret a YAML alias copies (pg_pass: &pw …, then description: *pw) or a merge key
// (<<: *defaults) repeats reaches MaskSpicepod parsed: the same string under a key that names
// nothing, where it was shown. A string masked for its credential-named key (a param's too) is
// masked wherever else the spicepod holds it whole; a shown param's value (pg_host: db), a
// reference and a kind's word are no secret and stay elsewhere.
func TestR61Masking6SpicepodAliasedSecretIsMasked(t *testing.T) {
	m := Masked
	pod := map[string]any{"version": "v1", "kind": "Spicepod", "name": "p",
		"datasets": []any{map[string]any{"from": "postgres:t", "name": "t",
			"params":      map[string]any{"pg_pass": "hunter2xyz", "pg_host": "db", "pg_user": "t", "snowflake_auth_type": "keypair", "s3_auth": "key", "pg_pass_ref": "${secrets:PG}"},
			"description": "hunter2xyz", "metadata": map[string]any{"note": "hunter2xyz", "host": "db", "kind": "keypair", "mode": "key", "ref": "${secrets:PG}"},
			"columns": []any{"hunter2xyz", "id"}}},
		"runtime": map[string]any{"auth": map[string]any{"api-key": "k3yV4lue"}, "tags": []any{"k3yV4lue"}},
		"secrets": []any{map[string]any{"from": "env", "name": "env"}}, "views": []any{map[string]any{"name": "env"}},
	}
	got := MaskSpicepod(pod)
	ds := got["datasets"].([]any)[0].(map[string]any)
	meta := ds["metadata"].(map[string]any)
	for what, c := range map[string][2]any{
		"description":   {ds["description"], m},
		"metadata.note": {meta["note"], m},
		"columns[0]":    {ds["columns"].([]any)[0], m},
		"runtime.tags":  {got["runtime"].(map[string]any)["tags"].([]any)[0], m},
		"name":          {ds["name"], "t"},
		"metadata.host": {meta["host"], "db"},
		"metadata.kind": {meta["kind"], "keypair"},
		"metadata.mode": {meta["mode"], "key"},
		"metadata.ref":  {meta["ref"], "${secrets:PG}"},
		"columns[1]":    {ds["columns"].([]any)[1], "id"},
		"views[0].name": {got["views"].([]any)[0].(map[string]any)["name"], "env"}, // the secrets stanza names a store
	} {
		if c[0] != c[1] {
			t.Errorf("MaskSpicepod: %s shows %q, want %q", what, c[0], c[1])
		}
	}
	checkMasked(t, pod)
}

// An "=" written as an escape showed the value after it: Go's template js escaper writes
// password\u003Dhunter2 in a script, html/template password&#61;hunter2 in an unquoted
// attribute. Read as "=" (as %3D is already), in any case; a name that is no credential's stays.
func TestR61Masking6EscapedEqualsSeparatesAPair(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		`password\u003dhunter2xyz`:                         `password\u003d` + m,
		`var cfg = {password\u003D\u0022hunter2xyz\u0022}`: `var cfg = {password\u003D\u0022` + m + `\u0022}`,
		`api_key\x3dhunter2xyz x`:                          `api_key\x3d` + m + ` x`,
		`<a href=x?password&#61;hunter2xyz&amp;y=1>`:       `<a href=x?password&#61;` + m + `&amp;y=1>`,
		`token&#x3D;hunter2xyz`:                            `token&#x3D;` + m,
		`secret&equals;hunter2xyz`:                         `secret&equals;` + m,
	})
	r52MaskingKept(t, `user&#61;bob`, `a\u003db`, `token\u003d`)
}

// A credential's name with a letter escaped in JSON ({"\u0070assword": "…"}, which any JSON
// reader takes for "password") showed its value: the key stopped at the backslash and read
// "u0070assword". A letter or digit so escaped is part of the name, read as itself by
// credentialName (appendFolded); an escaped "&" before the name (\u0026password=) is not.
func TestR61Masking6JSONEscapedLetterInAKeyName(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		`{"\u0070assword": "hunter2xyz"}`:                 `{"\u0070assword": "` + m + `"}`,
		`{"pass\u0077ord":"hunter2xyz"}`:                  `{"pass\u0077ord":"` + m + `"}`,
		`{\"\u0050ASSWORD\":\"hunter2xyz\"}`:              `{\"\u0050ASSWORD\":\"` + m + `\"}`,
		`\u0070assword=hunter2xyz`:                        `\u0070assword=` + m,
		`{"\u0075ser": "bob", "\u0074oken": "abc123xyz"}`: `{"\u0075ser": "bob", "\u0074oken": "` + m + `"}`,
		`a=1\u0026password=hunter2xyz`:                    `a=1\u0026password=` + m,
	})
	r52MaskingKept(t, `{"\u0075ser": "bob"}`, `{"n\u0061me": "pass"}`)
	if got := string(appendFolded(nil, `\u0070a\u0053S_w\u004Frd`)); got != "password" {
		t.Errorf("appendFolded reads %q, want password", got)
	}
}

// A credential-named key that says who provides the credential, where it is stored or under
// which rules it is made (credentials_provider: aws, secret_store: vault, password_policy:
// strict) had its word masked, as a kind key's (auth_method: password) is not: the word is
// no secret. Like a kind key's, only a lower-case word (or one in capitals) is shown there.
func TestR61Masking6ProviderStorePolicyKeysShowTheirWord(t *testing.T) {
	m := Masked
	r52MaskingKept(t, "credentials_provider: aws", "secret_store: vault", "password_policy: strict",
		"token_backend: redis", `{"auth_provider": "google"}`)
	r52MaskingWant(t, map[string]string{
		"secret_store: hunter2xyz!":       "secret_store: " + m,
		"password_policy: S3cret/Value==": "password_policy: " + m,
		"credentials_provider=AKIA1234":   "credentials_provider=" + m,
	})
}

// r69Masking14SigValue reports whether value holds a SAS's sig with a value of its own (sig=abc,
// not sig= before its end, a quote or "&").
func r69Masking14SigValue(value string) bool {
	l := strings.ToLower(value)
	for i := strings.Index(l, "sig="); i >= 0; {
		if e := i + len("sig="); e < len(l) && strings.IndexByte("&\"'", l[e]) < 0 && (i == 0 || l[i-1] == '&' || l[i-1] == '?') {
			return true
		}
		next := strings.Index(l[i+1:], "sig=")
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}
