package mcpserver_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// Descriptions, names, tags and spicepods are the user's, and text the API accepts such as
// "a1a1…" or "@-@-…" is a token a byte (o200k), where the server fits results by bytes as if
// every text were 1.5 bytes a token or more: list_apps' and list_forks' structured pages of
// dense descriptions and tags were 8,790 and 8,871 tokens, get_app with a dense description and
// spicepod 8,530, fork_app's structured content 9,479. Those fields now weigh as the densest
// text (denseWeight), so both forms stay within the budget and paging still reaches every item.

// r35Dense is n bytes of unit repeated: a token a byte for "a1" or "@-".
func r35Dense(unit string, n int) string { return strings.Repeat(unit, n/len(unit)+1)[:n] }

// r35DenseTags are n tags whose keys and values are a token a byte.
func r35DenseTags(n int) map[string]string {
	tags := map[string]string{}
	for i := range n {
		tags[fmt.Sprintf("%s%03d", r35Dense("a1", 40), i)] = r35Dense("@-", 256)
	}
	return tags
}

// r35DensePod is a spicepod of 1,600 lines, each dataset with a dense parameter.
func r35DensePod() string {
	var pod strings.Builder
	pod.WriteString("version: v1\nkind: Spicepod\nname: analytics-app\ndatasets:\n")
	for i := range 400 {
		fmt.Fprintf(&pod, "  - from: postgres:public.orders_%03d\n    name: orders_%03d\n    params:\n      pg_db: %s\n", i, i, r35Dense("a1", 200))
	}
	return pod.String()
}

func r35API(t *testing.T, h *harness) *client.Client {
	t.Helper()
	api, err := client.New(client.Config{BaseURL: "http://emulator.invalid", Tokens: client.StaticToken("sandbox"),
		HTTPClient: &http.Client{Transport: h.emu.Transport()}})
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// TestR35BudgetDenseAppLists: 1,000 apps with dense names, descriptions and tags, list_apps page
// by page, and 60 forks, list_forks page by page: every page within the budget in both forms,
// every app and fork reached. Each page reads the whole list (2.5 MB of JSON here), which the
// race detector makes minutes of encoding/json, so under it 250 apps make the pages: the same
// pages, fewer of them. Each list_forks page reads every fork too (each over 30 KB): 60 of them
// were over 5 minutes of a loaded race run, so under it 20 forks.
func TestR35BudgetDenseAppLists(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 1,000 apps")
	}
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	apps, forkCount := 1000, 60
	if raceDetector {
		apps, forkCount = 250, 20
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	api := r35API(t, h)
	ctx := context.Background()
	for i := range apps {
		if _, err := api.CreateApp(ctx, client.CreateAppRequest{Name: fmt.Sprintf("%s-%03d", r35Dense("a1", 34), i), Region: "us-west-2",
			Description: r35Dense("a1", 600), Tags: r35DenseTags(4)}); err != nil {
			t.Fatal(err)
		}
	}
	seen, _ := walk(t, h, "list_apps", nil, "apps", "id")
	distinct(t, "list_apps", seen, apps+2)

	id := h.appID(t, "analytics-app")
	emuSend(t, h, "sandbox", http.MethodPut, "/v1/projects/"+itoa(id), map[string]any{"description": r35Dense("@-", 30000), "tags": r35DenseTags(8)}, nil)
	for i := range forkCount {
		if _, err := api.ForkProject(ctx, id, client.ForkProjectRequest{Name: fmt.Sprintf("%s-f%02d", r35Dense("a1", 34), i)}); err != nil {
			t.Fatal(err)
		}
	}
	forks, pages := walk(t, h, "list_forks", map[string]any{"app": "analytics-app"}, "forks", "id")
	distinct(t, "list_forks", forks, forkCount)
	t.Logf("%d forks in %d pages", forkCount, pages)
}

// TestR35BudgetDenseApp: get_app with a long dense description, dense tags and a dense spicepod,
// part by part, and fork_app of it: within the budget in both forms, the spicepod's parts
// reaching its last line.
func TestR35BudgetDenseApp(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	for _, tags := range []int{8, 60} {
		t.Run(fmt.Sprintf("%d tags", tags), func(t *testing.T) {
			t.Parallel() // each on a harness of its own
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
			id := h.appID(t, "analytics-app")
			h.ok(t, "update_app", map[string]any{"app": "analytics-app", "spicepod": r35DensePod()})
			emuSend(t, h, "sandbox", http.MethodPut, "/v1/projects/"+itoa(id),
				map[string]any{"description": r35Dense("@-", 30000), "tags": r35DenseTags(tags), "production_branch": r35Dense("a1", 300)}, nil)
			for offset, parts := 0, 0; ; parts++ {
				res := h.call(t, "get_app", map[string]any{"app": "analytics-app", "spicepod_offset": offset})
				if res.IsError || strings.Contains(text(res), "⚠️ Cut") {
					t.Fatalf("get_app offset %d: error or cut:\n%s", offset, text(res))
				}
				withinBudget(t, fmt.Sprintf("get_app spicepod_offset %d", offset), res)
				var view struct {
					Lines *struct {
						YAML       string `json:"yaml"`
						NextOffset int    `json:"next_offset"`
					} `json:"spicepod_lines"`
				}
				structured(t, res, &view)
				if view.Lines == nil {
					t.Fatalf("get_app offset %d: no spicepod lines", offset)
				}
				if view.Lines.NextOffset == 0 {
					if !strings.Contains(view.Lines.YAML, "name: orders_399") {
						t.Errorf("the last part does not end the spicepod:\n%s", lastLines(view.Lines.YAML))
					}
					t.Logf("%d parts", parts+1)
					break
				}
				offset = view.Lines.NextOffset
			}
			res := h.call(t, "fork_app", map[string]any{"app": "analytics-app", "name": "dense-fork"})
			if res.IsError {
				t.Fatalf("fork_app: %s", text(res))
			}
			withinBudget(t, "fork_app", res)
			var fork struct {
				Cut   string `json:"cut"`
				Lines *struct {
					YAML string `json:"yaml"`
				} `json:"spicepod_lines"`
			}
			structured(t, res, &fork)
			if fork.Cut != "" || fork.Lines == nil || fork.Lines.YAML == "" {
				t.Errorf("fork_app: structured content cut (%q) or without spicepod lines", fork.Cut)
			}
		})
	}
}
