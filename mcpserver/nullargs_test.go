package mcpserver_test

import (
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// nullMeans lists the optional arguments of update_app where null means something (README,
// Tools: image_tag and resources: clear; org: the default organization); every other one is
// refused naming it, since null there could be read as "clear it".
var nullMeans = map[string]bool{"image_tag": true, "resources": true, "org": true}

// TestNullOptionalArgumentsAreNeverDropped (audit r23): for every tool in tools/list and each
// optional argument, null is either refused naming the argument before any request (update_app,
// but where null clears) or means what README says it means, "not given": the call answers
// exactly as it does without the argument. update_app {"spicepod":null,"replicas":1} used to
// update the replicas and drop the spicepod without a word.
func TestNullOptionalArgumentsAreNeverDropped(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	list := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}}).listTools(t)
	valid := map[string]map[string]any{}
	for _, def := range tools.All() {
		valid[def.Name] = def.Examples.Valid
	}
	// What differs between two harnesses: approval and secret links, API keys, and deployment
	// marks (keyed per process).
	random := regexp.MustCompile(humanweb.URLPattern.String() + `|\b[0-9a-f]{32}\b|configuration [0-9a-f]{16}\b`)
	checked := 0
	for _, tool := range list {
		raw, err := json.Marshal(tool.InputSchema)
		if err != nil {
			t.Fatal(err)
		}
		var schema struct {
			Properties map[string]json.RawMessage `json:"properties"`
			Required   []string                   `json:"required"`
		}
		if err := json.Unmarshal(raw, &schema); err != nil {
			t.Fatal(err)
		}
		for _, name := range slices.Sorted(maps.Keys(schema.Properties)) {
			if slices.Contains(schema.Required, name) {
				continue
			}
			checked++
			withNull := maps.Clone(valid[tool.Name])
			withNull[name] = nil
			without := maps.Clone(valid[tool.Name])
			delete(without, name)
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, inProcess: true})
			before := apiCalls(h)
			got := h.call(t, tool.Name, withNull)
			if tool.Name == "update_app" && !nullMeans[name] {
				if !got.IsError {
					t.Errorf("update_app %s: null was taken: %s", name, text(got))
					continue
				}
				mustContain(t, "update_app "+name, text(got), "nothing was sent", name+": null is not a value here")
				wantNoNewCalls(t, h, before)
				continue
			}
			if tool.Name == "update_app" && name != "org" {
				// null clears (its effect: TestUpdateAppResourcesRemove, TestUpdateAppUnpinsImageTag):
				// it is taken, and the result names it.
				if got.IsError || !strings.Contains(text(got), name) {
					t.Errorf("update_app %s: null is not taken as clearing it: %s", name, text(got))
				}
				continue
			}
			want := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, inProcess: true}).call(t, tool.Name, without)
			g, w := random.ReplaceAllString(text(got), "RANDOM"), random.ReplaceAllString(text(want), "RANDOM")
			if g != w || got.IsError != want.IsError {
				t.Errorf("%s %s: null answers otherwise than the argument left out:\n%s\n--- left out:\n%s", tool.Name, name, g, w)
			}
		}
	}
	if checked < 50 {
		t.Errorf("only %d optional arguments checked", checked)
	}
}

// TestUpdateAppRefusesNullSpicepod (audit r23): spicepod null is refused naming it, next to
// another field or alone, and says that a spicepod cannot be cleared; nothing is sent.
func TestUpdateAppRefusesNullSpicepod(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	before := apiCalls(h)
	for _, args := range []string{`{"app":"analytics-app","spicepod":null,"replicas":1}`, `{"app":"analytics-app","spicepod":null}`} {
		res := h.callRaw(t, "update_app", args)
		if !res.IsError {
			t.Errorf("%s: taken: %s", args, text(res))
			continue
		}
		mustContain(t, args, text(res), "nothing was sent", "spicepod: null is not a value here: a spicepod cannot be cleared")
	}
	wantNoNewCalls(t, h, before)
}
