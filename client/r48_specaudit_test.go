package client_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// r48SpecauditListOrgs lists the organizations of a server that answers GET /v1/orgs with body.
func r48SpecauditListOrgs(t *testing.T, body string) ([]client.Org, error) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	}))
	defer srv.Close()
	c, err := client.New(client.Config{BaseURL: srv.URL, Tokens: client.StaticToken("t"), Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	return c.ListOrgs(context.Background())
}

// TestR48SpecauditListOrgsReadsDisplayNameSnake: openapi.json's Org (api/README §7.10) has
// camelCase displayName and says Spice's CLI also accepts display_name; the client reads both
// (camelCase wins when both are sent).
func TestR48SpecauditListOrgsReadsDisplayNameSnake(t *testing.T) {
	for body, want := range map[string]string{
		`{"orgs":[{"id":7,"name":"acme","displayName":"Acme","role":"admin"}]}`:                      "Acme",
		`{"orgs":[{"id":7,"name":"acme","display_name":"Acme","role":"admin"}]}`:                     "Acme",
		`{"orgs":[{"id":7,"name":"acme","display_name":"Old","displayName":"Acme","role":"admin"}]}`: "Acme",
		`{"orgs":[{"id":7,"name":"acme","displayName":"Acme","display_name":"Old","role":"admin"}]}`: "Acme",
		`{"orgs":[{"id":7,"name":"acme","displayName":null,"display_name":"Acme","role":"admin"}]}`:  "Acme",
	} {
		orgs, err := r48SpecauditListOrgs(t, body)
		if err != nil || len(orgs) != 1 || orgs[0].Name != "acme" || orgs[0].DisplayName != want || orgs[0].Role != "admin" || orgs[0].ID != 7 {
			t.Errorf("%s: orgs %+v, err %v", body, orgs, err)
		}
	}
}

// TestR48SpecauditListOrgsReadsABareArray: openapi.json's OrgList says Spice's CLI also
// tolerates a bare array; the client reads it as the envelope's list. Other lists keep
// refusing one (their envelope is required and no client of Spice's reads them bare).
func TestR48SpecauditListOrgsReadsABareArray(t *testing.T) {
	orgs, err := r48SpecauditListOrgs(t, `[{"id":7,"name":"acme","display_name":"Acme","role":"admin"},{"name":"labs"}]`)
	if err != nil || len(orgs) != 2 || orgs[0].Name != "acme" || orgs[0].DisplayName != "Acme" || orgs[1].Name != "labs" {
		t.Errorf("orgs %+v, err %v", orgs, err)
	}
	if orgs, err := r48SpecauditListOrgs(t, `[]`); err != nil || len(orgs) != 0 {
		t.Errorf("empty: orgs %+v, err %v", orgs, err)
	}
	if _, err := r48SpecauditListOrgs(t, `{}`); err == nil {
		t.Errorf("an object without orgs is no list")
	}
}
