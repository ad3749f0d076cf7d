package present_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestR40AuthorizationOtherSchemeKeepsTheSchemeMasksTheCredential: after an Authorization or
// Proxy-Authorization header name, a scheme other than Bearer, Basic, Token and Digest
// (ApiKey, SSWS, Bot, Splunk, Key, any other) stays and the credential after it is masked; the
// masker masked the scheme's word and showed the credential (round 40, finding 1).
func TestR40AuthorizationOtherSchemeKeepsTheSchemeMasksTheCredential(t *testing.T) {
	const secret = "R40q9ZxLk2VbN7wPs4Td"
	m := present.Masked
	for _, tc := range []struct{ in, want string }{
		{"> Authorization: ApiKey " + secret, "> Authorization: ApiKey " + m},
		{"Authorization: SSWS " + secret, "Authorization: SSWS " + m},
		{"Authorization: Bot " + secret + " (discord)", "Authorization: Bot " + m + " (discord)"},
		{"Proxy-Authorization: Splunk " + secret, "Proxy-Authorization: Splunk " + m},
		{"authorization: Key " + secret + ", user=bob", "authorization: Key " + m + ", user=bob"},
		{"authorization=ApiKey " + secret, "authorization=ApiKey " + m},
		{"HTTP_AUTHORIZATION=Negotiate " + secret + "==", "HTTP_AUTHORIZATION=Negotiate " + m},
		{"Authorization: sso-key " + secret + ":" + secret, "Authorization: sso-key " + m},
		{"Authorization: AWS4-HMAC-SHA256 Credential=" + secret + "/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=" + secret,
			"Authorization: AWS4-HMAC-SHA256 Credential=" + m + ", SignedHeaders=host, Signature=" + m}, // round 56: param by param
		{"Authorization: ApiKey&nbsp;" + secret, "Authorization: ApiKey&nbsp;" + m},
		// A lone token is the credential itself, whatever follows it; so is one no scheme's
		// name reads like (digits among letters).
		{"Authorization: " + secret, "Authorization: " + m},
		{"Authorization: ApiKey", "Authorization: " + m},
		{"authorization=" + secret + " user=bob", "authorization=" + m + " user=bob"},
		{"Authorization: abc123 (from env)", "Authorization: " + m + " (from env)"},
		// The known schemes as before.
		{"Authorization: Bearer " + secret, "Authorization: Bearer " + m},
		{"Authorization: Token " + secret, "Authorization: Token " + m},
	} {
		for name, mask := range r36Maskers {
			got := mask(tc.in)
			if name != "MaskAPIText" && got != tc.want {
				t.Errorf("%s(%q) = %q, want %q", name, tc.in, got, tc.want)
			}
			if strings.Contains(got, secret) {
				t.Errorf("%s(%q) shows the credential: %q", name, tc.in, got)
			}
			if again := mask(got); again != got {
				t.Errorf("%s not idempotent: %q -> %q -> %q", name, tc.in, got, again)
			}
		}
	}
	// MaskAPIText reads a word after the scheme as prose, as after password: (its price).
	if got := present.MaskAPIText("Authorization: required for this endpoint"); got != "Authorization: required for this endpoint" {
		t.Errorf("prose masked in an error text: %q", got)
	}
}

// TestR40ArrowAssignmentMasksTheValue: `key => value` (Ruby 3.4's Hash#inspect, PHP's print_r,
// Perl's Data::Dumper) and Go's `key := value` mask the value; the masker masked the ">" or "="
// and showed the password (round 40, finding 2).
func TestR40ArrowAssignmentMasksTheValue(t *testing.T) {
	const secret = "R40Hunter2pass"
	m := present.Masked
	for _, tc := range []struct{ in, want string }{
		{`config {"user" => "app", "password" => "` + secret + `"}`, `config {"user" => "app", "password" => "` + m + `"}`},
		{`{"password"=>"` + secret + `"}`, `{"password"=>"` + m + `"}`},
		{`{:password=>"` + secret + `"}`, `{:password=>"` + m + `"}`},
		{`Array ( [db_host] => db [db_password] => ` + secret + ` [port] => 5432 )`, `Array ( [db_host] => db [db_password] => ` + m + ` [port] => 5432 )`},
		{`["db_password"]=> "` + secret + `"`, `["db_password"]=> "` + m + `"`},
		{`$VAR1 = { 'client_secret' => '` + secret + `', 'user' => 'bob' };`, `$VAR1 = { 'client_secret' => '` + m + `', 'user' => 'bob' };`},
		{`password := "` + secret + `"`, `password := "` + m + `"`},
		{`apiKey:="` + secret + `"`, `apiKey:="` + m + `"`},
		// Unquoted and without a space after the arrow, the ">" may be the password's: masked with it.
		{`password=>` + secret, `password=` + m},
		// What names no credential stays.
		{`[db_host] => db tokens[0] = abc a => b x := y`, `[db_host] => db tokens[0] = abc a => b x := y`},
	} {
		for name, mask := range r36Maskers {
			got := mask(tc.in)
			if got != tc.want {
				t.Errorf("%s(%q) = %q, want %q", name, tc.in, got, tc.want)
			}
			if again := mask(got); again != got {
				t.Errorf("%s not idempotent: %q -> %q -> %q", name, tc.in, got, again)
			}
		}
	}
}

// TestR40SpacedCredentialsAreMasked: credentials written without "=" or ":" before them: a
// long flag's value (--password <pw>), SQL's IDENTIFIED BY '<pw>', an XML element's text
// (<password>…</password>) and aws_secret_access_key <v> (round 40, finding 3). Prose, files
// and other flags stay.
func TestR40SpacedCredentialsAreMasked(t *testing.T) {
	m := present.Masked
	for _, tc := range []struct{ in, want string }{
		{"exec: psql --password R40pw9x --host db", "exec: psql --password " + m + " --host db"},
		{`mysql --password "R40 pw" -u root`, `mysql --password "` + m + `" -u root`},
		{"app --api-key R40abcDEF123 --token-file /run/tok", "app --api-key " + m + " --token-file /run/tok"},
		{"ALTER USER 'app'@'%' IDENTIFIED BY 'R40S3cret!pw';", "ALTER USER 'app'@'%' IDENTIFIED BY '" + m + "';"},
		{"CREATE USER bob IDENTIFIED WITH mysql_native_password BY \"R40pw9\";", "CREATE USER bob IDENTIFIED WITH mysql_native_password BY \"" + m + "\";"},
		{"<Password>R40hunter2x</Password><User>bob</User>", "<Password>" + m + "</Password><User>bob</User>"},
		{`<ns:clientSecret type="x">R40abc</ns:clientSecret>`, `<ns:clientSecret type="x">` + m + `</ns:clientSecret>`},
		{"aws_secret_access_key   wJalrXUtnFEMI/K7MDENG/bPxRfiCYR40KEY", "aws_secret_access_key   " + m},
		// What names no credential stays.
		{"docker login --password-stdin -u bob", "docker login --password-stdin -u bob"},
		{"spice-cloud-mcp --http-allow-server-token --sandbox", "spice-cloud-mcp --http-allow-server-token --sandbox"},
		{"psql --no-password dbname; use --token to sign in", "psql --no-password dbname; use --token to sign in"},
		{"the user is identified by their email", "the user is identified by their email"},
		{"replace <token> with your token; <key>region</key>", "replace <token> with your token; <key>region</key>"},
		{"the aws_secret_access_key is missing", "the aws_secret_access_key is missing"},
		{"docker run -p 8080:80 app", "docker run -p 8080:80 app"},
	} {
		for name, mask := range r36Maskers {
			got := mask(tc.in)
			if got != tc.want {
				t.Errorf("%s(%q) = %q, want %q", name, tc.in, got, tc.want)
			}
			if strings.Contains(got, "R40") {
				t.Errorf("%s(%q) shows the credential: %q", name, tc.in, got)
			}
			if again := mask(got); again != got {
				t.Errorf("%s not idempotent: %q -> %q -> %q", name, tc.in, got, again)
			}
		}
	}
}
