package mcpserver_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR34CutTagKeysSharingTheirBeginning: get_app cuts listed tag keys to 100 bytes when they
// do not fit whole, and two keys sharing their first 100 bytes became one entry of structured
// content's tags (a map): a tag lost unseen, and two lines alike in the text. Each shortened key
// that would be another's ends in "…#2", "…#3", in the text and structured content alike.
func TestR34CutTagKeysSharingTheirBeginning(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	shared := "shared-" + strings.Repeat("s", 5000)
	alpha, beta, gamma := shared+"-alpha", shared+"-beta", shared+"-gamma"
	h.ok(t, "update_app", map[string]any{"app": "analytics-app", "tags": map[string]any{alpha: "one", beta: "two", gamma: "three", "team": "data"}})
	res := h.call(t, "get_app", map[string]any{"app": "analytics-app"})
	got := text(res)
	if res.IsError || strings.Contains(got, "⚠️ Cut") {
		t.Fatalf("get_app: error or cut:\n%s", got)
	}
	withinBudget(t, "get_app with keys sharing 5,000 bytes", res)
	head := shared[:100] + "…"
	mustContain(t, "get_app", got+"\n",
		"All 4 tags (by key), 3 of them shortened to fit one result (a key to its first 100 bytes; ending in …; a key shortened to the same as one before it by key ends in …#2, …#3); no tool shows more of them:",
		"\n- "+present.Inline(head+"=one")+"\n", "\n- "+present.Inline(head+"#2=two")+"\n", "\n- "+present.Inline(head+"#3=three")+"\n", "\n- team=data\n")
	var v struct {
		Cut       string            `json:"cut"`
		Tags      map[string]string `json:"tags"`
		Shortened map[string]int    `json:"shortened"`
	}
	structured(t, res, &v)
	want := map[string]string{head: "one", head + "#2": "two", head + "#3": "three", "team": "data"}
	if v.Cut != "" || len(v.Tags) != len(want) || v.Shortened["tags"] != 4 {
		t.Fatalf("structured content: %d tags, shortened %v, cut %q", len(v.Tags), v.Shortened, v.Cut)
	}
	for k, val := range want {
		if v.Tags[k] != val {
			t.Errorf("structured tag %.20q…: %q, want %q", k, v.Tags[k], val)
		}
	}

	// list_apps and list_forks keep the tags a view's line shows with their keys whole: two keys
	// that share all but their end are two entries.
	near := strings.Repeat("n", 250)
	tags := map[string]any{near + "-a": "one", near + "-b": "two"}
	h.ok(t, "create_app", map[string]any{"name": "near-keys", "tags": tags})
	var page struct {
		Apps []struct {
			Name string            `json:"name"`
			Tags map[string]string `json:"tags"`
		} `json:"apps"`
	}
	structured(t, h.call(t, "list_apps", nil), &page)
	for _, a := range page.Apps {
		if a.Name == "near-keys" && (len(a.Tags) != 2 || a.Tags[near+"-a"] != "one" || a.Tags[near+"-b"] != "two") {
			t.Errorf("list_apps: near-keys' tags %d, want both whole", len(a.Tags))
		}
	}
}
