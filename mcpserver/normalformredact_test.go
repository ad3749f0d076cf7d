package mcpserver_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestSecretValueEchoedNormalizedIsRedacted: an upstream that normalizes text echoes a secret
// value decomposed (NFD), by compatibility (NFKC: "ﬁ" as "fi", "ǅ" as "Dž") or in a case that
// changes its length ("straße" as "STRASSE"): set_secret's error and create_and_deploy_app's
// step report show [REDACTED] in its place, and no spelling of it.
func TestSecretValueEchoedNormalizedIsRedacted(t *testing.T) {
	secrets := regexp.MustCompile(`/secrets$`)
	upper := cases.Upper(language.Und)
	for _, v := range []string{"Pässwörd-Geheim-123x", "ǅemal-Ωmega-secret-99", "straße-geheim-Kennwort-7", "ﬁnal-secret-ligature-42"} {
		forms := map[string]string{"NFD": norm.NFD.String(v), "NFKC": norm.NFKC.String(v), "upper": upper.String(v),
			"folded": cases.Fold().String(v)}
		shows := func(got string) string {
			for name, f := range forms {
				if strings.Contains(got, f) || strings.Contains(got, v) {
					return name
				}
			}
			return ""
		}
		for name, form := range forms {
			if form == v {
				continue
			}
			answers := []canned{{method: "POST", path: secrets, status: 400,
				body: fmt.Sprintf(`{"message":"Invalid secret value: %s"}`, form)}}
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&answers, nil)})
			res := h.call(t, "set_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS", "value": v})
			mustContain(t, name+" set_secret", text(res), "Invalid secret value: [REDACTED]")
			if f := shows(text(res) + everything(res)); f != "" {
				t.Errorf("%s of %q: set_secret shows it (%s):\n%s", name, v, f, text(res))
			}
			res = h.call(t, "create_and_deploy_app", map[string]any{"name": "nf-app", "spicepod": fmt.Sprintf(podWithPGPass, "nf-app"),
				"secrets": map[string]any{"PG_PASS": v}})
			mustContain(t, name+" create_and_deploy_app", text(res), "Invalid secret value: [REDACTED]")
			if f := shows(text(res) + everything(res)); f != "" {
				t.Errorf("%s of %q: create_and_deploy_app shows it (%s):\n%s", name, v, f, text(res))
			}
		}
	}
}
