package mcpserver_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR39CleanupWhilePagingReachesEveryApp: an agent walks list_apps and deletes the stale apps
// each page shows, then asks for the next page as the page's note says: its offset less the
// apps deleted. Every app it kept is reached once. Following the bare next offset would skip
// one unseen app per deletion (10 of 108 here), which the note is there to prevent.
func TestR39CleanupWhilePagingReachesEveryApp(t *testing.T) {
	t.Parallel() // one CPU of work on a harness of its own: beside another test, not alone
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Orgs: []sandbox.Org{{Slug: "sandbox", Name: "Sandbox", Owner: "alice"}}},
		safety: tools.Safety{Confirm: tools.ConfirmOff}})
	api, err := client.New(client.Config{BaseURL: "http://emulator.invalid", Tokens: client.StaticToken("sandbox"),
		HTTPClient: &http.Client{Transport: h.emu.Transport()}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 120 {
		name := fmt.Sprintf("keep-%03d", i)
		if i%10 == 0 {
			name = fmt.Sprintf("stale-%03d", i)
		}
		if _, err := api.CreateApp(context.Background(), client.CreateAppRequest{Name: name, Region: "us-west-2"}); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]int{}
	call := map[string]any{}
	for pages := 0; ; pages++ {
		if pages == 10 {
			t.Fatal("still paging after 10 pages")
		}
		res := h.call(t, "list_apps", call)
		var page struct {
			Apps []struct {
				Name string `json:"name"`
			} `json:"apps"`
			Next int `json:"next_offset"`
		}
		structured(t, res, &page)
		deleted := 0
		for _, a := range page.Apps {
			seen[a.Name]++
			if strings.HasPrefix(a.Name, "stale-") {
				h.ok(t, "delete_app", map[string]any{"app": a.Name})
				deleted++
			}
		}
		if page.Next == 0 {
			break
		}
		named, ok := noteCall(t, text(res), "list_apps")
		if !ok {
			t.Fatalf("no next call in:\n%s", lastLines(text(res)))
		}
		rule := fmt.Sprintf("If k of the apps shown are deleted first, use offset %d−k (offsets count the list as it stands).", page.Next)
		if !strings.Contains(text(res), rule) {
			t.Fatalf("the page does not say how deletions move the next offset (%q):\n%s", rule, lastLines(text(res)))
		}
		named["offset"] = page.Next - deleted
		call = named
	}
	for i := range 120 {
		name := fmt.Sprintf("keep-%03d", i)
		if i%10 == 0 {
			name = fmt.Sprintf("stale-%03d", i)
		}
		if seen[name] != 1 {
			t.Errorf("%s shown %d times", name, seen[name])
		}
	}
}
