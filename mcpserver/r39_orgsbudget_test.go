package mcpserver_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR39ListOrgsDenseNamesWithinBudget: organizations' handles and display names are text
// their users chose, which may be a token a byte ("a1a1…"), as app names and usernames are.
// list_orgs pages them by bytes alone (pageOf, no dense weight), so a page of 50 such
// organizations is within 12,000 bytes and over the 8,000-token budget.
func TestR39ListOrgsDenseNamesWithinBudget(t *testing.T) {
	orgs := sandbox.DefaultOrgs()
	for i := range 120 {
		orgs = append(orgs, sandbox.Org{Slug: fmt.Sprintf("o%03d-%s", i, strings.Repeat("a1", 30)),
			Name: fmt.Sprintf("%03d %s", i, strings.Repeat("@-", 60)), Owner: "carol", Admins: []string{"alice"}})
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, Orgs: orgs}})
	ids, _ := walk(t, h, "list_orgs", nil, "orgs", "name")
	distinct(t, "list_orgs", ids, len(orgs))
}
