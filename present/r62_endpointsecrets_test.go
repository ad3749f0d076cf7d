package present

import (
	"fmt"
	"strings"
	"testing"
)

// A credential-named key ending in url shows a URL (token_url: an OAuth endpoint is
// configuration), but a URL whose path holds a token is the secret itself: a Slack or Discord
// webhook under secret_url, a key in a path under api_key_url.
func TestR62EndpointWithATokenInItsPathIsMasked(t *testing.T) {
	const slack = "abcdEFGH1234ijklMNOP5678"
	const discord = "Xy7pQ2rT9vW3sZ8uK4mN6bC1dF5gH0jL-aBcD_eFgH2iJ3"
	for _, in := range []string{
		"secret_url: https://hooks.slack.com/services/T0AB12CD3/B0EF45GH6/" + slack,
		"webhook_secret_url=https://discord.com/api/webhooks/123456789012345678/" + discord,
		"api_key_url: https://api.example.com/keys/sk9f8e7d6c5b4a3f2e1d0c/view",
	} {
		for _, secret := range []string{slack, discord, "sk9f8e7d6c5b4a3f2e1d0c"} {
			if strings.Contains(in, secret) {
				if got := MaskText(in); strings.Contains(got, secret) {
					t.Errorf("MaskText(%q) = %q: the token in the URL's path is shown", in, got)
				}
				key, value, _ := strings.Cut(strings.Replace(in, "=", ": ", 1), ": ")
				pod := map[string]any{"version": "v1", "runtime": map[string]any{key: value}}
				if got := fmt.Sprint(MaskSpicepod(pod)); strings.Contains(got, secret) {
					t.Errorf("MaskSpicepod(%s: %s) = %s: the token in the URL's path is shown", key, value, got)
				}
			}
		}
	}
	// Endpoints whose path holds no token still show: a tenant's UUID, a realm, a policy.
	for _, in := range []string{
		"token_url: https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token",
		"auth_url: https://dev-12345678.okta.com/oauth2/default/v1/authorize",
		"token_endpoint: https://idp.example.com/realms/prod2024/protocol/openid-connect/token",
		"secret_store_url: vault://secrets/prod",
	} {
		if got := MaskText(in); got != in {
			t.Errorf("MaskText(%q) = %q, want it shown", in, got)
		}
	}
}
