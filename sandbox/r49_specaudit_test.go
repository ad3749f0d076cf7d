package sandbox

import (
	"crypto/sha256"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
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

// TestR49SpecauditInitialConfigNotApplied: api/README §7.1's `warning` ("set when the project
// was created but its initial configuration could not be applied"). An organization with
// InitialConfigNotApplied creates projects (201) whose settings sent with the create are not
// applied (defaults stay) and whose `warning` says so, on the create answer and on every later
// get, on both routes; elsewhere `warning` stays null.
func TestR49SpecauditInitialConfigNotApplied(t *testing.T) {
	h := newHarness(t, Config{Orgs: []Org{{Slug: "sandbox", Owner: "alice", InitialConfigNotApplied: true}, {Slug: "fine", Owner: "alice"}},
		Users: []User{{ID: 1, Username: "alice"}}})
	for _, route := range []string{"/v1/projects", "/v1/apps"} {
		name := strings.Trim(route[4:], "/") + "-warned"
		res := h.do("POST", route, "sandbox", map[string]any{"name": name, "region": "us-east-1", "replicas": 3})
		h.expect(res, http.StatusCreated, "")
		warning, _ := res.obj()["warning"].(string)
		if !strings.Contains(warning, "initial configuration could not be applied") {
			t.Errorf("%s create: warning %q", route, warning)
		}
		cfg, _ := res.obj()["config"].(map[string]any)
		if num(cfg["replicas"]) != 1 {
			t.Errorf("%s create: replicas %v applied", route, cfg["replicas"])
		}
		id := num(res.obj()["id"])
		got := h.do("GET", route+"/"+itoa(id), "sandbox", nil)
		h.expect(got, http.StatusOK, "")
		if w, _ := got.obj()["warning"].(string); w != warning {
			t.Errorf("%s get: warning %q, want %q", route, w, warning)
		}
	}
	res := h.doOrg("POST", "/v1/projects", "sandbox", "fine", map[string]any{"name": "fine-app", "replicas": 3})
	h.expect(res, http.StatusCreated, "")
	requireNull(t, "fine create", res.obj(), "warning")
}

// TestR49SpecauditMonitorAndReactionScopes: CHANGES.md (OAuth2ClientCredentials, Root) adds
// monitors:read/write and reactions:read/write, write implying read and * including them. The
// emulator's scope table grants them so, and its token endpoint mints a token with one (the
// scope is known, not refused as invalid_scope) that still cannot reach an apps route.
func TestR49SpecauditMonitorAndReactionScopes(t *testing.T) {
	for _, family := range []string{"monitors", "reactions"} {
		if g := rules.GrantedScopes([]string{family + ":write"}); !g[family+":read"] {
			t.Errorf("%s:write does not imply %s:read: %v", family, family, g)
		}
		if g := rules.GrantedScopes([]string{"*"}); !g[family+":read"] || !g[family+":write"] {
			t.Errorf("* does not include %s scopes: %v", family, g)
		}
	}
	h := newHarness(t, Config{OAuthClients: []OAuthClient{{ID: "mon", Secret: "s", Org: "sandbox", Scopes: []string{"monitors:write", "reactions:read"}}}})
	res := h.tokenRequest("application/x-www-form-urlencoded", "grant_type=client_credentials&client_id=mon&client_secret=s&scope=monitors:read")
	h.expect(res, http.StatusOK, "")
	token, _ := res.obj()["access_token"].(string)
	if scope, _ := res.obj()["scope"].(string); scope != "monitors:read" || token == "" {
		t.Fatalf("token answer: %s", res.raw)
	}
	h.expectCode(h.do("GET", "/v1/projects", token, nil), http.StatusForbidden, "insufficient_scope")
}
