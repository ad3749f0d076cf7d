package sandbox

import (
	"crypto/sha256"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestR49SpecauditTokenTableHoldsDigests: the bearer-token table and the rate-limit windows
// are keyed by the token's SHA-256 digest, never the token itself, so a lookup's timing says
// nothing about how much of a guessed token matches a real one.
func TestR49SpecauditTokenTableHoldsDigests(t *testing.T) {
	h := newHarness(t, Config{RateLimit: 100, Tokens: []Token{{Value: "configured-secret-token", Org: "sandbox", Scopes: []string{"*"}}},
		Orgs: []Org{{Slug: "sandbox"}}})
	minted := h.e.IssueToken("sandbox", []string{"*"}, time.Hour)
	for _, token := range []string{"configured-secret-token", minted} {
		h.expect(h.do("GET", "/v1/projects", token, nil), http.StatusOK, "")
		digest := sha256.Sum256([]byte(token))
		for name, table := range map[string]any{"tokens": h.e.tokens, "windows": h.e.windows} {
			found := false
			for _, k := range reflect.ValueOf(table).MapKeys() {
				if k.Kind() == reflect.String && strings.Contains(k.String(), token) {
					t.Errorf("%s table keyed by the raw token %q", name, k.String())
				}
				if k.Kind() == reflect.Array && k.Len() == sha256.Size {
					var got [sha256.Size]byte
					reflect.Copy(reflect.ValueOf(got[:]), k)
					found = found || got == digest
				}
			}
			if !found {
				t.Errorf("%s table has no entry under the SHA-256 digest of %q", name, token)
			}
		}
	}
	h.e.RevokeToken(minted)
	h.expect(h.do("GET", "/v1/projects", minted, nil), http.StatusUnauthorized, "")
	h.expect(h.do("GET", "/v1/projects", "configured-secret-tokeN", nil), http.StatusUnauthorized, "")
}

// TestR49SpecauditOrgHeaderOutsideTheCLIRule: the server's rule for X-Org-Name is not published
// (api/README: Spice's CLI sends only [A-Za-z0-9._-]{1,64}); a handle outside it names no
// organization, so the emulator answers as for any unknown one, 403 org_forbidden (Assumed).
func TestR49SpecauditOrgHeaderOutsideTheCLIRule(t *testing.T) {
	h := newHarness(t, Config{Demo: true})
	for _, org := range []string{"acmé-labs", "acme labs", "acme/labs", strings.Repeat("a", 65), "acme-labs,sandbox"} {
		h.expectCode(h.doOrg("GET", "/v1/projects", "sandbox", org, nil), http.StatusForbidden, "org_forbidden")
	}
	h.expect(h.doOrg("GET", "/v1/projects", "sandbox", "acme-labs", nil), http.StatusOK, "")
}
