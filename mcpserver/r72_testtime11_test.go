package mcpserver_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r72Testtime11Requests is how many requests the emulator has had, every operation's and the
// token endpoint's.
func r72Testtime11Requests(emu *sandbox.Emulator) int {
	n := emu.Calls("oauthToken")
	for _, op := range api.Operations {
		n += emu.Calls(op.ID)
	}
	return n
}

// TestR72Testtime11ListAppsReadsTheListOncePerCall: list_apps fits each page to the budget
// from the one list it read: in an organization of 1,000 apps (250 under the race detector),
// each page, the first, the middle ones and the last, costs the user one GET /v1/projects and
// no other request, however many times the page is rendered while it is fitted. (The API
// documents no paging for the list, so each call reads it whole, which keeps a page as current
// as the call; the pages resume by ID when the list changed between them.)
func TestR72Testtime11ListAppsReadsTheListOncePerCall(t *testing.T) {
	t.Parallel()
	n := 1000
	if raceDetector {
		n = 250
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Orgs: []sandbox.Org{{Slug: "sandbox", Name: "Sandbox", Owner: "alice"}}}})
	seed, err := client.New(client.Config{BaseURL: "http://emulator.invalid", Tokens: client.StaticToken("sandbox"),
		HTTPClient: &http.Client{Transport: h.emu.Transport()}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if _, err := seed.CreateApp(context.Background(), client.CreateAppRequest{Name: fmt.Sprintf("many-%04d", i), Region: "us-west-2",
			Description: "Analytics with forecasts and dashboards.", Tags: map[string]string{"team": fmt.Sprint(i % 13)}}); err != nil {
			t.Fatal(err)
		}
	}
	before, lists := r72Testtime11Requests(h.emu), h.emu.Calls(api.ListProjects.ID)
	apps, pages := walk(t, h, "list_apps", nil, "apps", "id")
	distinct(t, "list_apps", apps, n)
	requests, listed := r72Testtime11Requests(h.emu)-before, h.emu.Calls(api.ListProjects.ID)-lists
	if pages < 3 || listed != pages || requests != pages {
		t.Errorf("%d apps in %d pages: %d requests, %d of them GET /v1/projects; want one GET /v1/projects a page and no other request", n, pages, requests, listed)
	}
	t.Logf("%d apps in %d pages: %d requests to the API, one a page", n, pages, requests)
}
