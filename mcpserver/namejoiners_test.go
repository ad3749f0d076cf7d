package mcpserver_test

import (
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestNamesKeepTheirJoiners (audit r22): an organization or username whose invisible
// characters are part of its text — ❤️'s variation selector, a Persian non-joiner — reaches
// the API (round 21 refused both: "holds a character that does not show"); a zero-width space
// or soft hyphen is still refused before any request.
func TestNamesKeepTheirJoiners(t *testing.T) {
	heart, persian := "team-\u2764\ufe0f", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
	cfg := sandbox.Config{Demo: true,
		Orgs:   []sandbox.Org{{Slug: "acme", Owner: "carol"}, {Slug: heart, Owner: "carol"}, {Slug: persian, Owner: "carol"}},
		Users:  []sandbox.User{{ID: 1, Username: "carol"}, {ID: 2, Username: persian}},
		Tokens: []sandbox.Token{{Value: "tok-carol", Org: "acme", User: "carol", Scopes: []string{"*"}}},
	}
	h := newHarness(t, harnessOptions{cfg: cfg, token: "tok-carol"})
	for _, org := range []string{heart, persian} {
		r49SpecauditOrgRefusedByRule(t, h, org) // no handle Spice sends (r49; they reached the API before)
	}
	h.ok(t, "add_member", map[string]any{"username": persian})
	mustContain(t, "get_member", h.ok(t, "get_member", map[string]any{"member": persian}), persian)

	before := apiCalls(h)
	wantRefused(t, h, []refusal{
		{"list_apps", `{"org":"acme\u200b"}`, `org: holds a character that does not show, in "acme\u200b"`},
		{"list_apps", `{"org":"acme\u200c"}`, `org: holds a character that does not show, in "acme\u200c"`},
		{"add_member", `{"username":"carol\u00ad"}`, `username: holds a character that does not show, in "carol\u00ad"`},
		{"add_member", `{"username":"\u200dcarol"}`, `username: holds a character that does not show, in "\u200dcarol"`},
		{"get_member", `{"member":"carol\u00ad"}`, `member: holds a character that does not show, in "carol\u00ad"`},
		{"get_app", `{"app":"analytics-app\u200c"}`, `app: holds a character that does not show, in "analytics-app\u200c"`},
	})
	wantNoNewCalls(t, h, before)
}
