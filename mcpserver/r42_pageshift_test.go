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

// r42API is an API client straight to h's emulator: "another call" that changes a list
// between two pages.
func r42API(t *testing.T, h *harness) *client.Client {
	t.Helper()
	api, err := client.New(client.Config{BaseURL: "http://emulator.invalid", Tokens: client.StaticToken("sandbox"),
		HTTPClient: &http.Client{Transport: h.emu.Transport()}})
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// TestR42PageAfterAnAddedSecretRepeatsNothing: list_secrets pages a list sorted by name. Between
// its first and second page another call adds a secret that sorts first: the offset the first
// page named now points one item back, so the second page began with the first page's last
// secret again, silently. The server remembers where the page it served ended and, asked for
// exactly that page's next offset, continues after that secret, saying so in one line.
func TestR42PageAfterAnAddedSecretRepeatsNothing(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	api := r42API(t, h)
	id := h.appID(t, "analytics-app")
	for i := range 60 {
		if _, err := api.UpsertProjectSecret(context.Background(), id, fmt.Sprintf("S_%03d", i), "v"); err != nil {
			t.Fatal(err)
		}
	}
	type page struct {
		Secrets []struct {
			Name string `json:"name"`
		} `json:"secrets"`
		Offset int `json:"offset"`
		Next   int `json:"next_offset"`
	}
	var first, second page
	structured(t, h.call(t, "list_secrets", map[string]any{"app": "analytics-app"}), &first)
	if first.Next == 0 {
		t.Fatalf("one page holds every secret: %+v", first)
	}
	last := first.Secrets[len(first.Secrets)-1].Name
	h.ok(t, "set_secret", map[string]any{"app": "analytics-app", "name": "AAA_NEW", "value": "v"})
	res := h.call(t, "list_secrets", map[string]any{"app": "analytics-app", "offset": first.Next})
	structured(t, res, &second)
	seen := map[string]bool{}
	for _, s := range first.Secrets {
		seen[s.Name] = true
	}
	for _, s := range second.Secrets {
		if seen[s.Name] {
			t.Errorf("the second page repeats %s, shown on the first:\n%s", s.Name, text(res))
		}
	}
	if want := "1 secret was added since the last page; this page continues after `" + last + "`"; !strings.Contains(text(res), want) {
		t.Errorf("the second page does not say %q:\n%s", want, text(res))
	}
	if second.Offset != first.Next+1 {
		t.Errorf("the second page's offset is %d, want %d (where it now starts)", second.Offset, first.Next+1)
	}
}

// TestR42PageAfterANewDeploymentRepeatsNothing: list_deployments is newest first, paged by the
// API. A deployment started between two pages pushed every older one back, so the second page
// began with the first page's last deployment again. Now it continues after it and says so.
func TestR42PageAfterANewDeploymentRepeatsNothing(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	api := r42API(t, h)
	id := h.appID(t, "analytics-app")
	type page struct {
		Deployments []struct {
			ID int64 `json:"id"`
		} `json:"deployments"`
		Next int `json:"next_offset"`
	}
	var first, second page
	structured(t, h.call(t, "list_deployments", map[string]any{"app": "analytics-app", "limit": 2}), &first)
	if first.Next != 2 || len(first.Deployments) != 2 {
		t.Fatalf("first page: %+v", first)
	}
	if _, err := api.CreateProjectDeployment(context.Background(), id, client.CreateProjectDeploymentRequest{}); err != nil {
		t.Fatal(err)
	}
	res := h.call(t, "list_deployments", map[string]any{"app": "analytics-app", "limit": 2, "offset": first.Next})
	structured(t, res, &second)
	for _, d := range second.Deployments {
		for _, s := range first.Deployments {
			if d.ID == s.ID {
				t.Errorf("the second page repeats deployment %d, shown on the first:\n%s", d.ID, text(res))
			}
		}
	}
	if len(second.Deployments) == 0 || second.Deployments[0].ID >= first.Deployments[1].ID {
		t.Errorf("the second page does not continue after deployment %d: %+v", first.Deployments[1].ID, second)
	}
	if want := fmt.Sprintf("1 deployment was added since the last page; this page continues after deployment %d", first.Deployments[1].ID); !strings.Contains(text(res), want) {
		t.Errorf("the second page does not say %q:\n%s", want, text(res))
	}
}

// TestR42PageAfterItsLastItemIsGoneSaysSo: when the app the first page ended with is gone (another
// call deleted it), where the next page starts is unknown: the page says the list changed and
// items may repeat or be missed, rather than nothing.
func TestR42PageAfterItsLastItemIsGoneSaysSo(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Orgs: []sandbox.Org{{Slug: "sandbox", Name: "Sandbox", Owner: "alice"}}},
		safety: tools.Safety{NoConfirm: true}})
	api := r42API(t, h)
	for i := range 60 {
		if _, err := api.CreateApp(context.Background(), client.CreateAppRequest{Name: fmt.Sprintf("app-%03d", i), Region: "us-west-2"}); err != nil {
			t.Fatal(err)
		}
	}
	var first struct {
		Apps []client.ProjectSummary `json:"apps"`
		Next int                     `json:"next_offset"`
	}
	structured(t, h.call(t, "list_apps", nil), &first)
	if first.Next == 0 {
		t.Fatal("one page holds every app")
	}
	for _, a := range first.Apps[len(first.Apps)-2:] {
		if _, err := api.DeleteApp(context.Background(), a.ID); err != nil {
			t.Fatal(err)
		}
	}
	res := h.call(t, "list_apps", map[string]any{"offset": first.Next})
	if !strings.Contains(text(res), "The list changed since the last page") || !strings.Contains(text(res), "may repeat or be missing") {
		t.Errorf("the page after its last app was deleted says nothing of it:\n%s", text(res))
	}
}
