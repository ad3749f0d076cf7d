package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR49SpecauditOrgNameRuleRefusedBeforeRequest: Spice's CLI sends only X-Org-Name handles
// matching [A-Za-z0-9._-]{1,64} (api/README, Observed); the client refuses any other value,
// whether the default (Config.Org) or a call's (WithOrg), before a request leaves, naming the
// header and the rule. A handle within the rule is sent as is.
func TestR49SpecauditOrgNameRuleRefusedBeforeRequest(t *testing.T) {
	var requests atomic.Int32
	var sent atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		sent.Store(r.Header.Get(client.OrgHeader))
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"projects":[]}`))
	}))
	defer srv.Close()
	bad := []string{"acme labs", "acmé-labs", "acme/labs", "acme,labs", "a+b", strings.Repeat("a", 65), "👨\u200d👩\u200d👧-team"}
	for _, org := range bad {
		for _, via := range []string{"config", "context"} {
			cfg := client.Config{BaseURL: srv.URL, Tokens: client.StaticToken("t"), Retry: fastRetry}
			ctx := context.Background()
			if via == "config" {
				cfg.Org = org
			} else {
				ctx = client.WithOrg(ctx, org)
			}
			c, err := client.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.ListProjects(ctx)
			var ve *client.ValidationError
			if !errors.As(err, &ve) || !strings.Contains(err.Error(), client.OrgHeader) || !strings.Contains(err.Error(), "[A-Za-z0-9._-]") {
				t.Errorf("org %q via %s: err %v, want a validation error naming %s and the rule", org, via, err, client.OrgHeader)
			}
		}
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("%d requests reached the server with a bad org", n)
	}
	for _, org := range []string{"acme-labs", "Acme.Labs_2", "131", strings.Repeat("a", 64)} {
		c, _ := client.New(client.Config{BaseURL: srv.URL, Tokens: client.StaticToken("t"), Retry: fastRetry, Org: org})
		if _, err := c.ListProjects(context.Background()); err != nil || sent.Load() != org {
			t.Errorf("org %q: err %v, sent %q", org, err, sent.Load())
		}
	}
}

// TestR49SpecauditServersOfTheSpec: CHANGES.md (Root) adds https://dev-api.spice.ai to
// openapi.json's servers next to production; the client takes every listed server as its base
// URL unchanged, and production is its default.
func TestR49SpecauditServersOfTheSpec(t *testing.T) {
	raw, err := os.ReadFile("../api/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Servers []struct{ URL string } `json:"servers"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil || len(doc.Servers) < 2 {
		t.Fatalf("servers: %+v %v", doc.Servers, err)
	}
	for _, s := range doc.Servers {
		c, err := client.New(client.Config{BaseURL: s.URL, Tokens: client.StaticToken("t")})
		if err != nil || c.BaseURL() != s.URL {
			t.Errorf("%s: base %v, err %v", s.URL, c, err)
		}
	}
	if doc.Servers[0].URL != client.DefaultBaseURL {
		t.Errorf("first server %s, default %s", doc.Servers[0].URL, client.DefaultBaseURL)
	}
}
