package mcpserver_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR34bListAppsTagsPassOverALongKey: list_apps' structured content kept an app's tags by key
// only up to the first that did not fit, so one long key first by name left the app with no
// tags at all though ten short ones followed. A tag too long to fit is passed over now: the
// short ones are kept, and the text says how many of all are shown.
func TestR34bListAppsTagsPassOverALongKey(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	id := h.appID(t, "analytics-app")
	tags := map[string]any{"a-" + strings.Repeat("long", 300): "x"}
	for i := range 10 {
		tags[fmt.Sprintf("team-%02d", i)] = "data"
	}
	emuSend(t, h, "sandbox", http.MethodPut, "/v1/projects/"+itoa(id), map[string]any{"tags": tags}, nil)
	res := h.call(t, "list_apps", nil)
	if res.IsError {
		t.Fatalf("list_apps: %s", text(res))
	}
	var v struct {
		Apps []struct {
			Name string            `json:"name"`
			Tags map[string]string `json:"tags"`
		} `json:"apps"`
	}
	structured(t, res, &v)
	found := false
	for _, a := range v.Apps {
		if a.Name != "analytics-app" {
			continue
		}
		found = true
		if len(a.Tags) != 10 || a.Tags["team-09"] != "data" {
			t.Errorf("analytics-app's tags in structured content: %v", a.Tags)
		}
	}
	if !found {
		t.Fatalf("list_apps: no analytics-app in %+v", v.Apps)
	}
	mustContain(t, "list_apps", text(res), "analytics-app's tags (10 of 11 shown)")
}
