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
