package mcpserver_test

import (
	"maps"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR70Claims7UpdateAppReplacesAllTags: update_app's "tags: Replaces all tags", read as an
// agent adding one tag to an app that has others: after the call the API holds exactly the
// tags given, none of the earlier ones kept or merged, over either spelling of a key the app
// had; an empty map leaves the app with none.
func TestR70Claims7UpdateAppReplacesAllTags(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	id := h.appID(t, "analytics-app")
	tags := func() map[string]string {
		var p struct{ Tags map[string]string }
		emuSend(t, h, "sandbox", "GET", "/v1/projects/"+itoa(id), nil, &p)
		return p.Tags
	}
	if len(tags()) < 2 {
		t.Fatalf("analytics-app has tags %v: the test needs two or more", tags())
	}
	for _, given := range []map[string]string{{"team": "data"}, {"Team": "x", "environment": "staging"}, {}} {
		args := map[string]any{}
		for k, v := range given {
			args[k] = v
		}
		h.ok(t, "update_app", map[string]any{"app": "analytics-app", "tags": args})
		if got := tags(); !maps.Equal(got, given) && !(len(got) == 0 && len(given) == 0) {
			t.Errorf("update_app tags %v: the app has %v", given, got)
		}
	}
}
