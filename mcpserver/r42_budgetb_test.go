package mcpserver_test

// Result-budget audit, round 42 (engineer budgetb): the tests keep the audit's names; the
// helpers are named r42b… so that they stand beside the round's other budget tests.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/tokens"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r42bInstances rewrites the emulator's instance list as an API may send it: n instances whose
// names (within the API's 1,024-character rule) and statuses are dense text, a token a byte.
func r42bInstances(n, nameLen, statusLen int) func(*http.Response) error {
	return editedAnswer(func(r *http.Response) bool {
		return r.Request.Method == http.MethodGet && strings.HasSuffix(r.Request.URL.Path, "/instances") && r.StatusCode == http.StatusOK
	}, func(answer map[string]any) {
		list := make([]any, n)
		for i := range list {
			list[i] = map[string]any{"name": fmt.Sprintf("%03d%s", i, r35Dense("a1", nameLen)), "status": r35Dense("@-", statusLen),
				"started_at": "2026-11-22T12:00:00Z"}
		}
		answer["instances"] = list
	})
}

// TestR42BudgetListInstancesDense: list_instances is neither paged nor weighed for dense text:
// the API's instance names (up to 1,024 characters by its rule) and statuses pass through as a
// token a byte, so a result just under 12,000 bytes is ~11,000 tokens, over the 8,000 budget.
func TestR42BudgetListInstancesDense(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	for _, c := range []struct {
		name                  string
		n, nameLen, statusLen int
	}{{"dense names", 10, 1000, 10}, {"dense statuses", 10, 40, 1000}, {"many instances", 3000, 20, 5}} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
				upstream: cannedProxy(&[]canned{}, r42bInstances(c.n, c.nameLen, c.statusLen))})
			res := h.call(t, "list_instances", map[string]any{"app": "analytics-app"})
			if res.IsError {
				t.Fatalf("list_instances: %.500s", text(res))
			}
			tt, st := resultTokens(res)
			t.Logf("text %d bytes %d tokens; structured %d tokens; cut=%v", len(text(res)), tt, st, strings.Contains(text(res), "Cut:"))
			withinBudget(t, "list_instances", res)
		})
	}
}

// TestR42BudgetPlatformListsDense: the platform lists carry the API's texts as it sends them
// (image names and tags, region names, cluster names and endpoints), which may be a token a
// byte; list_container_images pages by bytes alone, list_regions and list_clusters not at all.
// Each page, followed by its next call, must stay within the 8,000-token budget.
func TestR42BudgetPlatformListsDense(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	cases := []struct {
		tool, suffix string
		args         map[string]any
		edit         func(map[string]any)
	}{
		{"list_container_images", "/container-images", nil, func(a map[string]any) {
			list := make([]any, 300)
			for i := range list {
				list[i] = map[string]any{"name": fmt.Sprintf("spiceai/%03d%s", i, r35Dense("a1", 120)), "tag": fmt.Sprintf("%03d%s", i, r35Dense("a1", 120)), "channel": "stable"}
			}
			a["images"] = list
		}},
		{"list_regions", "/regions", nil, func(a map[string]any) {
			list := make([]any, 60)
			for i := range list {
				list[i] = map[string]any{"name": fmt.Sprintf("%03d%s", i, r35Dense("a1", 200)), "region": fmt.Sprintf("r-%03d", i), "cname": fmt.Sprintf("c-%03d", i),
					"provider": "aws", "providerName": "AWS"}
			}
			a["regions"] = list
		}},
		{"list_clusters", "/clusters", nil, func(a map[string]any) {
			list := make([]any, 60)
			for i := range list {
				list[i] = map[string]any{"cluster_name": fmt.Sprintf("%03d%s", i, r35Dense("a1", 100)), "endpoint": r35Dense("a1", 100), "region": "us-west-2", "cloud_provider": "aws"}
			}
			a["clusters"] = list
		}},
	}
	for _, c := range cases {
		t.Run(c.tool, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
				upstream: cannedProxy(&[]canned{}, okGETAnswerEdited(c.suffix, c.edit))})
			args := c.args
			for page := 0; page < 50; page++ {
				res := h.call(t, c.tool, args)
				if res.IsError {
					t.Fatalf("%s: %.800s", c.tool, text(res))
				}
				tt, st := resultTokens(res)
				t.Logf("page %d: text %d bytes %d tokens; structured %d tokens; cut=%v", page, len(text(res)), tt, st, strings.Contains(text(res), "Cut:"))
				withinBudget(t, fmt.Sprintf("%s page %d", c.tool, page), res)
				named, ok := noteCall(t, text(res), c.tool)
				if !ok {
					break
				}
				args = named
			}
		})
	}
}

// TestR42BudgetLimitsDenseResources: get_limits shows resources.max_cpu and max_memory_gi with
// %v, whatever the API sent (the spec says integer), and passes the resources object whole to
// structured content: dense values just under 12,000 bytes are far over 8,000 tokens.
func TestR42BudgetLimitsDenseResources(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: cannedProxy(&[]canned{}, okGETAnswerEdited("/limits", func(a map[string]any) {
			a["resources"] = map[string]any{"max_cpu": r35Dense("a1", 5000), "max_memory_gi": r35Dense("@-", 5000)}
		}))})
	res := h.call(t, "get_limits", nil)
	tt, st := resultTokens(res)
	t.Logf("error=%v %d bytes %d/%d tokens cut=%v\n%.300s", res.IsError, len(text(res)), tt, st, strings.Contains(text(res), "Cut:"), text(res))
	withinBudget(t, "get_limits", res)
}

// TestR42BudgetOneHugeItemKeepsTheNextPage: a list whose first item alone is over the budget
// (a 30,000-character username, organization display name or image name, as the API may send):
// fitPage leaves a single item over the budget to the final guard, which cuts the text — and
// with it the page's next call — so the other items are never reached by paging.
func TestR42BudgetOneHugeItemKeepsTheNextPage(t *testing.T) {
	huge := r35Dense("ab-", 30000)
	t.Run("list_members", func(t *testing.T) {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true,
			Orgs: []sandbox.Org{{Slug: "sandbox", Name: "Sandbox", Owner: "alice", Members: []string{"a" + huge, "bob", "carol", "dave"}}}}})
		r42bWalk(t, h, "list_members", nil, "members", 5)
	})
	t.Run("list_orgs", func(t *testing.T) {
		orgs := []sandbox.Org{{Slug: "sandbox", Name: "A" + huge, Owner: "alice"}}
		for i := range 4 {
			orgs = append(orgs, sandbox.Org{Slug: fmt.Sprintf("org-%d", i), Owner: "alice"})
		}
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true, Orgs: orgs}})
		r42bWalk(t, h, "list_orgs", nil, "orgs", 5)
	})
	t.Run("list_container_images", func(t *testing.T) {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
			upstream: cannedProxy(&[]canned{}, okGETAnswerEdited("/container-images", func(a map[string]any) {
				list := []any{map[string]any{"name": "spiceai/" + huge, "tag": "9.9.9", "channel": "stable"}}
				for i := range 4 {
					list = append(list, map[string]any{"name": fmt.Sprintf("spiceai/spiceai:2.%d.0", i), "tag": fmt.Sprintf("2.%d.0", i), "channel": "stable"})
				}
				a["images"] = list
			}))})
		r42bWalk(t, h, "list_container_images", nil, "images", 5)
	})
	t.Run("list_apps", func(t *testing.T) {
		h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
			upstream: cannedProxy(&[]canned{}, okGETAnswerEdited("/projects", func(a map[string]any) {
				list, _ := a["projects"].([]any)
				if len(list) > 0 {
					list[0].(map[string]any)["name"] = "x" + huge
				}
			}))})
		res := h.call(t, "list_apps", map[string]any{"offset": 1})
		var p map[string]any
		_ = json.Unmarshal(r42bJSON(res.StructuredContent), &p)
		total, _ := p["total"].(float64)
		r42bWalk(t, h, "list_apps", nil, "apps", int(total))
	})
}

// r42bWalk follows a list's next calls and counts the items reached.
func r42bWalk(t *testing.T, h *harness, tool string, args map[string]any, list string, want int) {
	t.Helper()
	got := 0
	for page := 0; page < 20; page++ {
		res := h.call(t, tool, args)
		if res.IsError {
			t.Fatalf("%s: %.500s", tool, text(res))
		}
		tx := text(res)
		var p map[string]any
		_ = json.Unmarshal(r42bJSON(res.StructuredContent), &p)
		items, _ := p[list].([]any)
		n := len(items)
		if _, cut := p["cut"]; cut {
			n = 1 // shown in the text, at least in part
		}
		got += n
		tt, st := resultTokens(res)
		t.Logf("%s page %d: %d bytes, %d/%d tokens, items %d, cut=%v", tool, page, len(tx), tt, st, n, strings.Contains(tx, "Cut:"))
		withinBudget(t, fmt.Sprintf("%s page %d", tool, page), res)
		named, ok := noteCall(t, tx, tool)
		if !ok {
			break
		}
		args = named
	}
	if got < want {
		t.Errorf("%s: paging reached %d of %d items", tool, got, want)
	}
}

func r42bJSON(v any) []byte { raw, _ := json.Marshal(v); return raw }

// TestR42BudgetResourcesDense: the resources standing on those tools inherit it:
// spice://apps/{app}/instances, spice://regions, spice://container-images.
func TestR42BudgetResourcesDense(t *testing.T) {
	for _, c := range []struct {
		uri    string
		modify func(*http.Response) error
	}{
		{"spice://apps/analytics-app/instances", r42bInstances(10, 1000, 10)},
		{"spice://regions", okGETAnswerEdited("/regions", func(a map[string]any) {
			list := make([]any, 60)
			for i := range list {
				list[i] = map[string]any{"name": fmt.Sprintf("%03d%s", i, r35Dense("a1", 200)), "region": fmt.Sprintf("r-%03d", i), "cname": "c", "provider": "aws", "providerName": "AWS"}
			}
			a["regions"] = list
		})},
		{"spice://container-images", okGETAnswerEdited("/container-images", func(a map[string]any) {
			list := make([]any, 300)
			for i := range list {
				list[i] = map[string]any{"name": fmt.Sprintf("spiceai/%03d%s", i, r35Dense("a1", 120)), "tag": fmt.Sprintf("%03d%s", i, r35Dense("a1", 120)), "channel": "stable"}
			}
			a["images"] = list
		})},
	} {
		t.Run(c.uri, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: cannedProxy(&[]canned{}, c.modify)})
			tx := readResource(t, h, c.uri)
			if n := tokens.Count(tx); n > present.ResultTokens {
				t.Errorf("%s: %d bytes, %d tokens, over the budget of %d", c.uri, len(tx), n, present.ResultTokens)
			}
		})
	}
}

// TestR42BudgetLimitsMasksOddResources: a resource limit of a type the spec does not give (a
// string, an object) is shown as its text, masked and bounded, in the text and structured
// content: a URL's password or a bearer token there never shows.
func TestR42BudgetLimitsMasksOddResources(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: cannedProxy(&[]canned{}, okGETAnswerEdited("/limits", func(a map[string]any) {
			a["resources"] = map[string]any{"max_cpu": "see https://admin:hunter2secret@limits.example/x",
				"max_memory_gi": map[string]any{"auth": "Bearer abcdef0123456789abcdef"}}
		}))})
	res := h.call(t, "get_limits", nil)
	raw := string(r42bJSON(res.StructuredContent))
	t.Logf("%s\n%s", text(res), raw)
	for _, secret := range []string{"hunter2secret", "abcdef0123456789abcdef"} {
		if strings.Contains(text(res), secret) || strings.Contains(raw, secret) {
			t.Errorf("get_limits shows %q", secret)
		}
	}
	withinBudget(t, "get_limits", res)
}
