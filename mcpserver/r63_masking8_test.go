package mcpserver_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// The query names round 63 made credential-named (present.CredentialParam: an OTP, a device or
// verification code, a CAS ticket, a session id, Shopify's hmac, a SAML response, a JWT
// assertion) are refused by the HTTP transport as ?code= is, the value never echoed; a SAS's
// other params and paging are served.
func TestR63Masking8TransportRefusesNewCredentialQueryNames(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{}, nil)
	const value = "Qv7r63TransportValue"
	for _, name := range []string{"otp", "otp_code", "device_code", "verification_code", "ticket", "sid", "hmac",
		"SAMLResponse", "client_assertion", "access_token", "api_key", "sig", "X-Amz-Signature", "code"} {
		resp, body := rpc(t, h.URL()+"?"+name+"="+value, "", initializeJSON, nil)
		if resp.StatusCode != http.StatusBadRequest || strings.Contains(body, value) {
			t.Errorf("transport, ?%s=: %d %s", name, resp.StatusCode, body)
		}
	}
	for _, query := range []string{"sv=2024-01-01&se=2026-01-01", "state=abc&nonce=xyz", "cursor=2"} {
		if resp, body := rpc(t, h.URL()+"?"+query, "", initializeJSON, nil); resp.StatusCode != http.StatusOK {
			t.Errorf("transport, ?%s: %d %s", query, resp.StatusCode, body)
		}
	}
}
