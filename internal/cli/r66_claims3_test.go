package cli_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestR66Claims3AnyOrgReplacesTheDefaultOnes: README's sandbox-api table says "any `--org`
// replaces the two default ones". Given one --org, the demo organizations `sandbox` and
// `acme-labs` are gone: a token naming either is refused at start-up (exit 2, naming it), the
// default `sandbox` token is unknown, and a token of the new organization lists only it and is
// refused `sandbox` by X-Org-Name.
func TestR66Claims3AnyOrgReplacesTheDefaultOnes(t *testing.T) {
	for _, gone := range []string{"sandbox", "acme-labs"} {
		got := run(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--org", "slug=r66-mine,owner=alice", "--token", "value=r66-t,org="+gone)
		if got.code != 2 || !strings.Contains(got.stderr, `unknown organization "`+gone+`"`) {
			t.Errorf("a token in %s beside one --org: exit %d, stderr %q; want 2 naming the unknown organization", gone, got.code, got.stderr)
		}
	}
	s := startServer(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json",
		"--org", "slug=r66-mine,owner=alice", "--token", "value=r66-t,org=r66-mine,user=alice")
	defer s.stop()
	if orgs := names(t, bearerGet(t, s.url+"/v1/orgs", "r66-t"), "orgs"); !slices.Equal(orgs, []string{"r66-mine"}) {
		t.Errorf("orgs after one --org: %v, want [r66-mine]", orgs)
	}
	if got := bearerGet(t, s.url+"/v1/projects", "sandbox"); got.status != http.StatusUnauthorized {
		t.Errorf("the default sandbox token after --org: %d %s, want 401", got.status, got.body)
	}
	req, _ := http.NewRequest("GET", s.url+"/v1/projects", nil)
	req.Header.Set("Authorization", "Bearer r66-t")
	req.Header.Set("X-Org-Name", "sandbox")
	if got := do(t, req); got.status != http.StatusForbidden {
		t.Errorf("X-Org-Name: sandbox after --org: %d %s, want 403", got.status, got.body)
	}
}
