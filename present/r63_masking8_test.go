package present

import (
	"strings"
	"testing"
)

// Item 4: the HTTP transport refuses, and masking hides in every URL, a query parameter named
// as credentials are sent in URLs: OAuth's and APIs' tokens and keys, signed URLs' signatures
// (S3's, GCS's, Azure's, CloudFront's), an authorization or device code, a one-time password,
// a CAS ticket, a session id, a SAML response, a JWT assertion, Shopify's hmac. A SAS's or
// a signed URL's other params, paging and words holding pass (bypass) are neither.
func TestR63Masking8CredentialQueryNames(t *testing.T) {
	const value = "Qv7r63SecretValue"
	for _, name := range []string{"access_token", "api_key", "apikey", "key", "sig", "X-Amz-Signature", "X-Amz-Credential",
		"X-Amz-Security-Token", "X-Goog-Signature", "X-Goog-Credential", "Signature", "Key-Pair-Id", "code", "token",
		"id_token", "refresh_token", "oauth_token", "client_secret", "password", "pwd", "passwd", "jwt", "auth",
		"subscription-key", "x-api-key", "private_token", "session", "sessionid", "basic", "bearer", "authorization",
		"otp", "otp_code", "verification_code", "device_code", "ticket", "sid", "SAMLResponse", "assertion",
		"client_assertion", "hmac"} {
		if !CredentialParam(name) {
			t.Errorf("CredentialParam(%q) = false: the transport takes it", name)
		}
		line := "GET https://data.example.com/v1/x?page=2&" + name + "=" + value + " 200"
		for masker, got := range r52MaskingEvery(line) {
			if strings.Contains(got, value) {
				t.Errorf("%s(%q) = %q", masker, line, got)
			}
		}
	}
	for _, name := range []string{"sv", "se", "sp", "sr", "st", "spr", "X-Amz-Expires", "X-Amz-Date", "page", "cursor",
		"bypass", "compass", "state", "nonce", "lang", "status_code", "country_code", "Policy"} {
		if CredentialParam(name) {
			t.Errorf("CredentialParam(%q) = true", name)
		}
	}
}

// r63Masking8Shown checks every masker and the spicepod (at the top and in a dataset's
// metadata) show each key's value as written.
func r63Masking8Shown(t *testing.T, shown [][2]string) {
	t.Helper()
	for _, kv := range shown {
		key, v := kv[0], kv[1]
		r52MaskingKept(t, key+": "+v, key+"="+v, `"`+key+`": "`+v+`"`)
		for place, got := range r62Masking7PodShows(key, v) {
			if got != v {
				t.Errorf("MaskSpicepod: %s %s: %q shows %q", place, key, v, got)
			}
		}
	}
}

// r63Masking8SpiceSecretParams are the params of Spice's connectors, models and catalogs
// (its runtime's ParameterSpecs and connector reference) that hold a credential whole.
var r63Masking8SpiceSecretParams = []string{
	"pg_pass", "mysql_pass", "mssql_password", "clickhouse_pass", "mongodb_pass", "oracle_password", "dremio_password",
	"flightsql_password", "snowflake_password", "snowflake_private_key", "snowflake_private_key_passphrase",
	"snowflake_token", "databricks_token", "databricks_client_secret", "databricks_aws_access_key_id",
	"databricks_aws_secret_access_key", "databricks_azure_storage_account_key", "databricks_azure_storage_client_secret",
	"databricks_google_service_account_key", "delta_lake_aws_secret_access_key", "delta_lake_azure_storage_account_key",
	"delta_lake_azure_storage_client_secret", "azure_storage_sas_token", "azure_storage_account_key", "abfs_access_key",
	"abfs_bearer_token", "abfs_client_secret", "abfs_sas_string", "s3_key", "s3_secret", "s3_session_token",
	"dynamodb_aws_access_key_id", "dynamodb_aws_secret_access_key", "dynamodb_aws_session_token", "glue_key",
	"glue_secret", "glue_session_token", "iceberg_token", "iceberg_oauth2_credential", "iceberg_s3_access_key_id",
	"iceberg_s3_secret_access_key", "iceberg_s3_session_token", "unity_catalog_token", "spiceai_api_key",
	"github_token", "github_private_key", "graphql_auth_token", "graphql_auth_pass", "http_password",
	"http_auth_client_secret", "http_auth_refresh_token", "kafka_sasl_password", "sftp_pass", "ftp_pass",
	"smb_password", "imap_password", "imap_access_token", "sharepoint_client_secret", "sharepoint_bearer_token",
	"openai_api_key", "anthropic_api_key", "azure_api_key", "xai_api_key", "perplexity_auth_token", "hf_token",
	"motherduck_token", "cosmosdb_account_key", "scylladb_password", "mcp_auth_token",
}

// Item 1: keys that read as a credential's but say whether, how, for whom or where one is
// used showed ******** in text, log lines and spicepods (passwordless: true, auth_scope:
// read, oauth_client_id: abc, cookie_domain: .example.com, graphql_auth_header:
// X-Shopify-Access-Token). Each shows a value of its shape; every param of Spice's that holds
// a credential is still masked, and so is a value of another shape after those keys.
func TestR63Masking8SettingKeysShowTheirValue(t *testing.T) {
	r63Masking8Shown(t, [][2]string{
		{"passwordless", "true"}, {"secret_rotation", "enabled"}, {"abfs_skip_signature", "true"}, {"require_token", "false"},
		{"token_auth_enabled", "True"}, {"cookie_secure", "true"}, {"passport", "P1234567"}, {"passport_number", "X99"},
		{"cookie_domain", ".example.com"}, {"session_cookie_domain", "app.example.co.uk"},
		{"auth_header", "X-Api-Key"}, {"graphql_auth_header", "X-Shopify-Access-Token"}, {"token_header", "Authorization"},
		{"auth_header", "X-B3-TraceId"},
		{"token_audience", "api://x"}, {"token_audience", "spice-api"}, {"jwt_issuer", "https://issuer.example.com/"},
		{"jwt_audience", "https://api.example.com"}, {"auth_scope", "read"}, {"iceberg_oauth2_scope", "catalog"},
		{"oauth_scopes", "openid,profile"}, {"auth_scope", "https://graph.microsoft.com/.default"},
		{"oauth_client_id", "abc"}, {"http_auth_client_id", "my-client"}, {"AUTH0_CLIENT_ID", "0oa1b2c3d4e5f6g7h8i9"},
		{"oauth_client_id", "1234-abc.apps.googleusercontent.com"}, {"jwt_algorithm", "RS256"},
		{"snowflake_auth_type", "keypair"}, {"snowflake_private_key_path", "./keys/rsa_key.p8"},
		{"abfs_federated_token_file", "/var/run/secrets/azure/tokens/azure-identity-token"},
		{"iceberg_oauth2_token_url", "https://auth.example.com/oauth/tokens"}, {"iceberg_oauth2_server_url", "https://auth.example.com/"},
		{"s3_auth", "iam_role"}, {"dynamodb_aws_auth", "iam_role"}, {"dynamodb_aws_auth", "key"}, {"openai_max_tokens", "1024"},
	})
	r62Masking7Words(t, nil, r63Masking8SpiceSecretParams)
	m := Masked
	r52MaskingWant(t, map[string]string{
		"secret_rotation: Hunter2xyz":                       "secret_rotation: " + m,
		"password: Hunter2xyz":                              "password: " + m,
		"cookie_domain: Hunter2xyz":                         "cookie_domain: " + m,
		"auth_header: hunter2xyz9Q":                         "auth_header: " + m,
		"auth_header: 550e8400-e29b-41d4-a716-446655440000": "auth_header: " + m,
		"token_audience: Hunter2xyz!":                       "token_audience: " + m,
		"auth_scope: Hunter2xyz9Abcdefgh":                   "auth_scope: " + m,
		"oauth_client_id: Hunter2!xyz":                      "oauth_client_id: " + m,
		"jwt_algorithm: Hunter2xyz9Abcdefgh":                "jwt_algorithm: " + m,
		"dynamodb_aws_auth: Hunter2xyz":                     "dynamodb_aws_auth: " + m,
		"passport_password: Hunter2xyz":                     "passport_password: " + m,
		"passportPass: Hunter2xyz":                          "passportPass: " + m,
	})
	r51MaskingHidden(t, []struct{ line, secret string }{
		{"auth_header: Bearer Hunter2xyz", "Hunter2xyz"}, {"token_audience: https://Hunter2xyz:pw@x.example.com/", "Hunter2xyz"},
		{"abfs_sas_string: Hunter2xyz", "Hunter2xyz"}, {"AZURE_SAS=Hunter2xyz", "Hunter2xyz"}, {"SasString: Hunter2xyz", "Hunter2xyz"},
	})
	r52MaskingKept(t, "kafka_sasl_mechanism: PLAIN", "kansas: city")
	// In params, where every value but a few plain settings is masked by place, each secret
	// param is masked too.
	for _, key := range r63Masking8SpiceSecretParams {
		pod := MaskSpicepod(map[string]any{"datasets": []any{map[string]any{"from": "x:y", "name": "d", "params": map[string]any{key: "Hunter2xyz"}}}})
		if got := pod["datasets"].([]any)[0].(map[string]any)["params"].(map[string]any)[key]; got != m {
			t.Errorf("MaskSpicepod: params %s shows %q", key, got)
		}
	}
}

// r63Masking8PodSAS masks a spicepod holding value under key at the top, in a dataset's
// metadata and in its params, and reports what each place shows.
func r63Masking8PodSAS(key, value string) map[string]any {
	pod := MaskSpicepod(map[string]any{
		key: value,
		"datasets": []any{map[string]any{"from": "abfs://c@acct.dfs.core.windows.net/x", "name": "x",
			"metadata": map[string]any{key: value}, "params": map[string]any{key: value}}},
	})
	d := pod["datasets"].([]any)[0].(map[string]any)
	return map[string]any{"top": pod[key], "metadata": d["metadata"].(map[string]any)[key], "params": d["params"].(map[string]any)[key]}
}

// Item 2: text showed a SAS's params after a credential-named key (sas_token: sv=…&se=…&sig=
// ********) while a spicepod masked the same value whole, in its params too (abfs_sas_string,
// azure_storage_sas_token), where an agent needs se to see it expired. One rule: a value that
// is an Azure SAS query and nothing else, each of its params one of the SAS's own fields,
// shows them with its sig masked, in text and spicepods alike; a SAS holding anything else (an
// unknown param, a blank) is masked whole in both.
func TestR63Masking8SpicepodSASShowsItsParams(t *testing.T) {
	m := Masked
	for _, sas := range []string{
		"sv=2024-01-01&ss=b&srt=co&sp=rl&se=2026-01-01T00:00:00Z&st=2025-01-01&spr=https&sig=Hunter2xyz%2B%3D",
		"?sv=2024-01-01&sr=c&sp=r&se=2026-01-01&skoid=abc&sktid=def&sig=Hunter2xyz",
		"sv=2024-01-01&sig=Hunter2xyz&se=2026-01-01",
	} {
		want := sas[:strings.Index(sas, "sig=")+4] + m + sas[strings.Index(sas, "sig=")+4+strings.Index(sas[strings.Index(sas, "sig=")+4:]+"&", "&"):]
		for _, key := range []string{"sas_token", "abfs_sas_string", "azure_storage_sas_token", "AZURE_SAS"} {
			if text := strings.TrimPrefix(MaskText(key+": "+sas), key+": "); text != want {
				t.Errorf("MaskText: %s %q shows %q, want %q", key, sas, text, want)
			}
			for place, got := range r63Masking8PodSAS(key, sas) {
				if got != want {
					t.Errorf("MaskSpicepod: %s %s %q shows %q, want %q", place, key, sas, got, want)
				}
			}
		}
	}
	// A sig holding a blank runs to the value's end, as on a YAML line.
	for place, got := range r63Masking8PodSAS("sas_token", "sv=2024-01-01&sig=Hunter2xyz DEF") {
		if got != "sv=2024-01-01&sig="+m {
			t.Errorf("MaskSpicepod: %s sas_token with a blank in its sig shows %q", place, got)
		}
	}
	// A param no SAS has, or no sig: no SAS. Text reads it by the rules of every value (after
	// ":" its "&" is the value's: password: abc&user=bob, round 64), a spicepod masks it whole.
	for _, sas := range []string{"sv=2024-01-01&sig=Hunter2xyz&foo=Hunter2abc", "sv=2024-01-01&Hunter2abc=1&sig=Hunter2xyz",
		"sv=2024-01-01&ss=b", "sv=2024-01-01&sig=Hunter2xyz\nse=2026"} {
		if text := MaskText("sas_token: " + sas); strings.Contains(text, "Hunter2xyz") {
			t.Errorf("MaskText: sas_token %q shows %q", sas, text)
		}
		for place, got := range r63Masking8PodSAS("sas_token", sas) {
			if got != m {
				t.Errorf("MaskSpicepod: %s sas_token %q shows %q", place, sas, got)
			}
		}
	}
}

// Item 3: MaskAPIText kept a word of letters after a strong credential name in an error text
// as prose, ending the text or its line too (passkey: abc, password: hunterxyz, {"error":
// "secret: swordfish"}): a password an API echoed showed. Decided a leak: a word there, with
// no prose after it, is the API's reason only when it is one of reasonWords (token: expired,
// password: Required.); any other is masked. A word that prose follows reads as before
// (Invalid token: signature verification failed), and so do weak names (auth: basic).
func TestR63Masking8APITextLoneWordAfterStrongName(t *testing.T) {
	m := Masked
	for in, want := range map[string]string{
		"passkey: abc":                                 "passkey: " + m,
		"password: hunterxyz":                          "password: " + m,
		"Error: secret: swordfish":                     "Error: secret: " + m,
		`{"error":"token: opensesame"}`:                `{"error":"token: ` + m + `"}`,
		"login failed (password: Tiger)":               "login failed (password: " + m + ")", // as MaskText masks it
		"password: hunterxyz\nuser: bob":               "password: " + m + "\nuser: bob",
		"token: expired":                               "token: expired",
		"password: Required.":                          "password: Required.",
		"secret: missing":                              "secret: missing",
		`{"error":"token: invalid"}`:                   `{"error":"token: invalid"}`,
		"token: revoked\n":                             "token: revoked\n",
		"password: empty, user: bob":                   "password: empty, user: bob",
		"Invalid token: signature verification failed": "Invalid token: signature verification failed",
		"token: Token has been revoked":                "token: Token has been revoked",
		"auth: basic":                                  "auth: basic",
		"session: abc":                                 "session: abc",
	} {
		if got := MaskAPIText(in); got != want {
			t.Errorf("MaskAPIText(%q) = %q, want %q", in, got, want)
		}
	}
}

// dynamodb_aws_auth, DynamoDB's s3_auth (iam_role or key), shows its mode in params as s3_auth
// does; another value there is masked.
func TestR63Masking8DynamoDBAuthModeInParams(t *testing.T) {
	for value, want := range map[string]string{"iam_role": "iam_role", "KEY": "KEY", "Hunter2xyz": Masked} {
		pod := MaskSpicepod(map[string]any{"datasets": []any{map[string]any{"from": "dynamodb:t", "name": "d", "params": map[string]any{"dynamodb_aws_auth": value}}}})
		if got := pod["datasets"].([]any)[0].(map[string]any)["params"].(map[string]any)["dynamodb_aws_auth"]; got != want {
			t.Errorf("params.dynamodb_aws_auth %q shows %q, want %q", value, got, want)
		}
	}
}

// FuzzMaskInvisible's seed 984fd856f711f167 (found by this round's sweep, failing on main too):
// after "pAss=" a word then "=" then a Unicode space or a line separator ("pAss=\u2029A=\u0085")
// read as the next pair with an empty value, showing A=, while "pAss= A= " masked it: a
// Unicode space after the next key's "=" reads as a space, as before it.
func TestR63Masking8UnicodeSpaceAfterNextEqualsIsABlank(t *testing.T) {
	for _, sp := range []string{" ", "\u0085", "\u2029", "\u2028", "\u00a0", "\u3000", "\u202f"} {
		for _, in := range []string{"pAss= A=" + sp, "pAss=\u2029A=" + sp, "password= Hunter=" + sp + "x"} {
			for masker, got := range r52MaskingEvery(in) {
				if strings.Contains(got, "A=") || strings.Contains(got, "Hunter") {
					t.Errorf("%s(%q) = %q", masker, in, got)
				}
			}
		}
	}
}
