package mcpserver_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// manyOrgs is the emulator's organizations and n more that alice administers, with long names
// (an account that is in hundreds of organizations: r23c's 401).
func manyOrgs(n int) []sandbox.Org {
	orgs := sandbox.DefaultOrgs()
	for i := 1; i <= n; i++ {
		orgs = append(orgs, sandbox.Org{Slug: fmt.Sprintf("organization-with-a-rather-long-name-%04d", i),
			Name: fmt.Sprintf("Organization_Display_Name_That_Is_Long_%d", i), Owner: "carol", Admins: []string{"alice"}})
	}
	return orgs
}

// TestListOrgsPagesEveryOrganization: list_orgs of 402 organizations came whole and was cut
// after the 118th, with a cut notice offering an offset list_orgs did not take. It pages them
// now, as list_apps pages apps: each page within the budget and uncut, its next call named in
// the text and made as it stands, and every organization reached exactly once.
func TestListOrgsPagesEveryOrganization(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	orgs := manyOrgs(400)
	for _, note := range []bool{false, true} {
		h := newHarness(t, harnessOptions{sandboxNote: note, cfg: sandbox.Config{Demo: true, Orgs: orgs}})
		seen := map[string]bool{}
		call := map[string]any{}
		for page := 0; ; page++ {
			what := fmt.Sprintf("sandbox note %v, list_orgs %v", note, call)
			res := h.call(t, "list_orgs", call)
			withinBudget(t, what, res)
			body := text(res)
			if res.IsError || strings.Contains(body, "⚠️ Cut") {
				t.Fatalf("%s: failed or cut:\n%s", what, lastLines(body))
			}
			var got struct {
				Orgs []struct {
					Name string `json:"name"`
				} `json:"orgs"`
				Total  int `json:"total"`
				Offset int `json:"offset"`
				Next   int `json:"next_offset"`
			}
			structured(t, res, &got)
			if got.Total != len(orgs) || len(got.Orgs) == 0 {
				t.Fatalf("%s: %d organizations of %d on the page", what, len(got.Orgs), got.Total)
			}
			for _, o := range got.Orgs {
				if seen[o.Name] {
					t.Fatalf("%s: %s twice", what, o.Name)
				}
				if !strings.Contains(body, "| "+o.Name+" ") {
					t.Fatalf("%s: %s is in the structured content, not the text", what, o.Name)
				}
				seen[o.Name] = true
			}
			if got.Next == 0 {
				if page == 0 {
					t.Fatalf("%d organizations on one page", len(got.Orgs))
				}
				mustContain(t, what, body, "(the last page).")
				break
			}
			named, ok := noteCall(t, body, "list_orgs")
			if !ok || named["offset"] != float64(got.Next) || len(named) != 1 {
				t.Fatalf("%s: the text does not name the next page's call (offset %d):\n%s", what, got.Next, lastLines(body))
			}
			mustContain(t, what, body, fmt.Sprintf("Next page: `list_orgs {\"offset\":%d}`.", got.Next))
			call = named
		}
		if len(seen) != len(orgs) {
			t.Errorf("sandbox note %v: paging reached %d of %d organizations", note, len(seen), len(orgs))
		}
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, Orgs: orgs}})
	mustContain(t, "past the end", h.ok(t, "list_orgs", map[string]any{"offset": 1000}), "No organizations at offset 1000.")
	if res := h.call(t, "list_orgs", map[string]any{"offset": -1}); !res.IsError || !strings.Contains(text(res), "offset: must be 0 or more") {
		t.Errorf("a negative offset: %s", text(res))
	}
	// A short list is one page, as before: no page note.
	short := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	if out := short.ok(t, "list_orgs", map[string]any{}); strings.Contains(out, "offset") || !strings.Contains(out, "2 organizations") {
		t.Errorf("two organizations:\n%s", out)
	}
}

// TestWhoamiWithManyOrgsKeepsItsSafetyLines: whoami of an account in 402 organizations listed
// them all on its Organization line and was cut in the middle of it, losing the scopes, API,
// read-only, approval, secret entry, masking and hidden-tools lines, under a cut notice naming an
// offset whoami does not take. It names the first few with how many more and the list_orgs call
// that lists them; the same in the not-a-member case.
func TestWhoamiWithManyOrgsKeepsItsSafetyLines(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, Orgs: manyOrgs(400)}})
	for _, args := range []map[string]any{nil, {"org": "nonexistent"}} {
		res := h.call(t, "whoami", args)
		what := fmt.Sprintf("whoami %v", args)
		withinBudget(t, what, res)
		out := text(res)
		if strings.Contains(out, "⚠️ Cut") || strings.Contains(out, "offset") || len(out) > 6000 {
			t.Fatalf("%s: %d bytes, cut or naming offset:\n%s", what, len(out), out)
		}
		mustContain(t, what, out, "sandbox (owner), acme-labs (admin), organization-with-a-rather-long-name-0001 (admin)",
			"organization-with-a-rather-long-name-0003 (admin) and 397 more (`list_orgs {}` pages through them all)",
			"- API:", "- Read-only:", "- Approval of", "- Secret values:", "- API keys in results:", "- Toolsets:", "tools are")
		if strings.Contains(out, "organization-with-a-rather-long-name-0004") || strings.Count(out, "list_orgs") != 1 {
			t.Errorf("%s: names more than five organizations, or list_orgs twice", what)
		}
	}
	// The call it names works as it stands.
	mustContain(t, "list_orgs {}", h.ok(t, "list_orgs", map[string]any{}), "402 organizations you belong to")
}
