package mcpserver_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestLongTagsAndBranchKeepTheStructuredView: 60 tags of 200 characters (12 KB) or a production
// branch of 30,000 characters (both accepted by the API) made get_app, describe_app and
// update_app replace their whole structured content with a cut note. They are shortened like
// the description, with what they held in all; and an update_app whose tags (which replace them
// all) leave out tags the app had names them, so tags an agent did not see are not lost unseen.
func TestLongTagsAndBranchKeepTheStructuredView(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	tags := map[string]any{}
	for i := range 60 {
		tags[fmt.Sprintf("k%03d", i)] = strings.Repeat("v", 200)
	}
	type view struct {
		Cut              string            `json:"cut"`
		ID               int64             `json:"id"`
		Tags             map[string]string `json:"tags"`
		ProductionBranch string            `json:"production_branch"`
		RemovedTags      map[string]string `json:"removed_tags"`
		Shortened        map[string]int    `json:"shortened"`
		App              *struct {
			Tags             map[string]string `json:"tags"`
			ProductionBranch string            `json:"production_branch"`
		} `json:"app"`
	}
	app := map[string]any{"app": "analytics-app"}
	for _, tc := range []struct {
		update map[string]any
		field  string
		want   int
		text   string
	}{
		{map[string]any{"app": "analytics-app", "tags": tags}, "tags", 60, "(shortened; 4 of 60 tags shown)"},
		{map[string]any{"app": "analytics-app", "production_branch": strings.Repeat("b", 30000)}, "production_branch", 30000, "(shortened; 30,000 characters in all)"},
	} {
		for _, call := range []struct {
			tool string
			args map[string]any
		}{{"update_app", tc.update}, {"get_app", app}, {"describe_app", app}} {
			res := h.call(t, call.tool, call.args)
			if res.IsError {
				t.Fatalf("%s %s: %s", call.tool, tc.field, text(res))
			}
			var v view
			structured(t, res, &v)
			got, branch := v.Tags, v.ProductionBranch
			if v.App != nil { // describe_app
				got, branch = v.App.Tags, v.App.ProductionBranch
			}
			if v.Cut != "" || v.Shortened[tc.field] != tc.want {
				t.Errorf("%s after a long %s: structured content cut or without its size: cut %q, shortened %v", call.tool, tc.field, v.Cut, v.Shortened)
			}
			if tc.field == "tags" && call.tool != "get_app" && (len(got) != 4 || got["k000"] != strings.Repeat("v", 200) || got["k004"] != "") {
				t.Errorf("%s: structured tags are not the first 4 whole: %d tags", call.tool, len(got))
			}
			if tc.field == "production_branch" && (len(branch) > 404 || !strings.HasSuffix(branch, "…")) {
				t.Errorf("%s: structured production_branch is %d bytes", call.tool, len(branch))
			}
			if got := text(res); len(got) > present.ResultBytes || strings.Contains(got, "⚠️ Cut") || !strings.Contains(got, tc.text) {
				t.Errorf("%s after a long %s: want %q in the text, uncut (%d bytes):\n%s", call.tool, tc.field, tc.text, len(got), got[:min(len(got), 3000)])
			}
		}
	}

	// "Add a tag" to the tags an agent saw: the other 56 are removed, and the result names them.
	res := h.call(t, "update_app", map[string]any{"app": "analytics-app", "tags": map[string]any{
		"k000": strings.Repeat("v", 200), "k001": strings.Repeat("v", 200), "k002": strings.Repeat("v", 200), "k003": strings.Repeat("v", 200), "team": "data"}})
	if res.IsError {
		t.Fatalf("update_app tags: %s", text(res))
	}
	var v view
	structured(t, res, &v)
	got := text(res)
	names := make([]string, 0, 56)
	for i := 4; i < 60; i++ {
		names = append(names, fmt.Sprintf("k%03d", i))
	}
	mustContain(t, "update_app dropping tags", got, "Tags removed (tags replaces them all; pass one again with the others to restore it), as read just before the update: "+strings.Join(names, ", ")+".")
	if v.Cut != "" || v.Shortened["removed_tags"] != 56 || len(v.RemovedTags) != 4 || v.RemovedTags["k004"] != strings.Repeat("v", 200) {
		t.Errorf("update_app dropping tags: structured removed_tags %d, shortened %v, cut %q", len(v.RemovedTags), v.Shortened, v.Cut)
	}
	// Tags given that keep every tag the app has remove none, and say nothing of it.
	if got := h.ok(t, "update_app", map[string]any{"app": "analytics-app", "tags": map[string]any{"k000": "x", "k001": "v", "k002": "v", "k003": "v", "team": "data", "new": "y"}}); strings.Contains(got, "Tags removed") {
		t.Errorf("update_app keeping every tag says some were removed:\n%s", got)
	}
}

// TestReuseRefusalQuotesLongValuesShort: create_and_deploy_app's refusal of a re-run whose
// description and tags differ from the app's quoted the app's 30,000-character description
// whole, so the result was cut before the tags refusal and any way out. Each value is quoted
// shortened, with its length, after the way out.
func TestReuseRefusalQuotesLongValuesShort(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	tags := map[string]any{}
	for i := range 100 {
		tags[fmt.Sprintf("t%03d", i)] = strings.Repeat("x", 200)
	}
	pod := "version: v1\nkind: Spicepod\nname: wf-app\n"
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "wf-app", "spicepod": pod, "description": strings.Repeat("d", 30000), "tags": tags, "wait": false})
	got := h.fail(t, "create_and_deploy_app", map[string]any{"name": "wf-app", "spicepod": pod, "description": "e", "tags": map[string]any{"a": "b"}, "wait": false})
	if len(got) > present.ResultBytes/2 || strings.Contains(got, "⚠️ Cut") {
		t.Errorf("the refusal is %d bytes or cut:\n%s", len(got), got[max(0, len(got)-1500):])
	}
	mustContain(t, "re-run with another description and tags", got,
		"differs in description: leave description out to keep the app's, or change it with update_app (description). The app's: ddd",
		"(shortened; 30,000 characters in all); given: e",
		"differs in tags: leave tags out to keep the app's, or change it with update_app (tags). The app's: ",
		"given: a=b")
}

// TestUnchangedNoResourcesSaysTheAppHasNone: update_app resources: null on an app without
// resources sends nothing, so its result speaks of the app, not of an answer of the API.
func TestUnchangedNoResourcesSaysTheAppHasNone(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	got := h.ok(t, "update_app", map[string]any{"app": "analytics-app", "resources": nil})
	mustContain(t, "resources: null, none set", got, "no update was sent", "The app has no resources.")
	if strings.Contains(got, "API's answer") {
		t.Errorf("no request was sent, yet the result speaks of the API's answer:\n%s", got)
	}
}
