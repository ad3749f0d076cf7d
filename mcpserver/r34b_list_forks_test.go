package mcpserver_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR34bListForksPagesWithinBudget: list_forks returned every fork at once, so 25 forks of an
// app with a long description and 300 tags (which forks copy) lost their structured content to
// the budget guard — while the text still noted what structured content had shortened and
// pointed to a way to ask for less that list_forks did not have. It pages now as list_apps
// does: every page's text and structured content fit, the note names the next call, following
// it reaches every fork once, and the shortening noted is of forks on that page.
//
// Each page reads every fork (each over 45 KB), so the walk costs the square of the forks: 187 s
// of a loaded race run for 25; under the race detector 10 forks make the pages, fewer of them.
func TestR34bListForksPagesWithinBudget(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
	tags := map[string]any{}
	for i := range 300 {
		tags[fmt.Sprintf("label-%03d", i)] = strings.Repeat("v", 60)
	}
	h.ok(t, "create_app", map[string]any{"name": "srcapp", "description": strings.Repeat("Long notes on the forecasting pipeline. ", 750), "tags": tags})
	h.ok(t, "update_app", map[string]any{"app": "srcapp", "spicepod": "version: v1\nkind: Spicepod\nname: srcapp\n"})
	forks := 25
	if raceDetector {
		forks = 10
	}
	for i := range forks {
		h.ok(t, "fork_app", map[string]any{"app": "srcapp", "name": fmt.Sprintf("src-fork-with-a-longer-name-%02d", i)})
	}
	seen := map[string]bool{}
	args, pages := map[string]any{"app": "srcapp"}, 0
	for ; ; pages++ {
		if pages > forks {
			t.Fatal("list_forks: more pages than forks")
		}
		res := h.call(t, "list_forks", args)
		got := text(res)
		if res.IsError || strings.Contains(got, "⚠️ Cut") {
			t.Fatalf("list_forks %v: error or cut:\n%s", args, got)
		}
		withinBudget(t, fmt.Sprint("list_forks ", args), res)
		var page struct {
			Cut   string `json:"cut"`
			Forks []struct {
				Name        string            `json:"name"`
				Description string            `json:"description"`
				Tags        map[string]string `json:"tags"`
			} `json:"forks"`
			Total      int `json:"total"`
			NextOffset int `json:"next_offset"`
		}
		structured(t, res, &page)
		if page.Cut != "" || len(page.Forks) == 0 || page.Total != forks {
			t.Fatalf("list_forks %v: %d forks of %d in structured content, cut %q", args, len(page.Forks), page.Total, page.Cut)
		}
		mustContain(t, "list_forks", got, fmt.Sprintf("%d forks of ", forks), "Shortened in structured content")
		for _, f := range page.Forks {
			if seen[f.Name] {
				t.Errorf("list_forks %v: %s again", args, f.Name)
			}
			seen[f.Name] = true
			if f.Description == "" || len(f.Tags) == 0 {
				t.Errorf("list_forks %v: %s without its description or tags", args, f.Name)
			}
			// Each fork on the page, and only those, is named as shortened there.
			mustContain(t, "list_forks", got, f.Name+"'s description (30,000 characters in all)", f.Name+"'s tags (")
		}
		if n := strings.Count(got, "'s description ("); n != len(page.Forks) {
			t.Errorf("list_forks %v: %d descriptions noted as shortened, %d forks on the page", args, n, len(page.Forks))
		}
		call, named := noteCall(t, got, "list_forks")
		if page.NextOffset == 0 {
			if named {
				t.Errorf("list_forks %v: the last page names a next call %v", args, call)
			}
			break
		}
		if !named || call["offset"] != float64(page.NextOffset) || call["app"] != "srcapp" {
			t.Fatalf("list_forks %v: next_offset %d, but the note names %v:\n%s", args, page.NextOffset, call, lastLines(got))
		}
		args = call
	}
	if len(seen) != forks || pages == 0 {
		t.Errorf("list_forks: %d forks seen in %d pages, want %d in more than one", len(seen), pages+1, forks)
	}
}
