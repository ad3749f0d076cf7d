package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR63Words2SecretIsOnItsApp: a secret is "on" its app in every result (set, read, listed),
// but one entered on the page was "Stored `PG_PASS` in analytics-app (101)".
func TestR63Words2SecretIsOnItsApp(t *testing.T) {
	const app = "analytics-app (101)"
	for what, out := range map[string]string{
		"set_secret":          SecretSet(app, "PG_PASS", true),
		"get_secret":          Secret(app, &client.Secret{Name: "PG_PASS"}),
		"entered on the page": SecretsStoredOnPage(app, []string{"PG_PASS"}),
		"several entered":     SecretsStoredOnPage(app, []string{"PG_PASS", "PG_USER"}),
	} {
		if !strings.Contains(out, " on "+app) || strings.Contains(out, " in "+app) {
			t.Errorf("%s: want the secret on %s, as every result writes it:\n%s", what, app, out)
		}
	}
}
