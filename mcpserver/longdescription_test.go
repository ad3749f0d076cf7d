package mcpserver_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestLongDescriptionLeavesTheRestOfTheView: an app with a 6,000-word description (one the API
// accepts) was cut in get_app, describe_app and its resource after some 11,700 bytes of it, and
// spicepod_offset gave the same cut: its runtime, spicepod and next calls could be reached by no
// call. The description is shortened in the view, with its full length, and the rest shows, in
// the text and in structured content.
func TestLongDescriptionLeavesTheRestOfTheView(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	long := strings.Repeat("word ", 6000)
	for _, tc := range []struct{ app, org, uri string }{
		{"analytics-app", "", "spice://apps/analytics-app"},
		{"fraud-scoring", "acme-labs", "spice://orgs/acme-labs/apps/fraud-scoring"},
	} {
		args := map[string]any{"app": tc.app}
		if tc.org != "" {
			args["org"] = tc.org
		}
		update := map[string]any{"description": long}
		for k, v := range args {
			update[k] = v
		}
		if res := h.call(t, "update_app", update); res.IsError {
			t.Fatalf("update_app %s: %s", tc.app, text(res))
		}
		views := map[string]string{"resources/read " + tc.uri: readResource(t, h, tc.uri)}
		for _, tool := range []string{"get_app", "describe_app"} {
			res := h.call(t, tool, args)
			if res.IsError {
				t.Fatalf("%s %v: %s", tool, args, text(res))
			}
			views[tool] = text(res)
			var view struct {
				Cut       string         `json:"cut"`
				Shortened map[string]int `json:"shortened"`
			}
			structured(t, res, &view)
			if view.Cut != "" || view.Shortened["description"] != len(long) {
				t.Errorf("%s %v: structured content is cut or does not give the description's length: %+v", tool, args, view)
			}
		}
		for what, got := range views {
			if len(got) > present.ResultBytes || strings.Contains(got, "⚠️ Cut") {
				t.Errorf("%s: cut (%d bytes):\n%s", what, len(got), got[max(0, len(got)-600):])
			}
			mustContain(t, what, got, "- Description: word word", "(shortened; 30,000 characters in all)", "- Runtime:", "- Spicepod:", "```yaml")
		}
	}

	// With a spicepod too long for one result as well, its parts still add up to all of it.
	var pod strings.Builder
	pod.WriteString("version: v1\nkind: Spicepod\nname: analytics-app\ndatasets:\n")
	for i := range 400 {
		fmt.Fprintf(&pod, "  - from: postgres:public.orders_%03d\n    name: orders_%03d\n", i, i)
	}
	if res := h.call(t, "update_app", map[string]any{"app": "analytics-app", "spicepod": pod.String(), "description": long}); res.IsError {
		t.Fatalf("update_app: %s", text(res))
	}
	var lines []string
	for offset := 0; ; {
		res := h.call(t, "get_app", map[string]any{"app": "analytics-app", "spicepod_offset": offset})
		var view struct {
			Lines *present.SpicepodWindow `json:"spicepod_lines"`
		}
		structured(t, res, &view)
		got := text(res)
		if len(got) > present.ResultBytes || strings.Contains(got, "⚠️ Cut") || view.Lines == nil || view.Lines.FromLine != offset+1 {
			t.Fatalf("get_app spicepod_offset %d: cut, or no lines from %d (%d bytes):\n%s", offset, offset+1, len(got), got[max(0, len(got)-600):])
		}
		mustContain(t, fmt.Sprint("get_app spicepod_offset ", offset), got, "(shortened; 30,000 characters in all)", "- Runtime:")
		lines = append(lines, strings.Split(strings.TrimSuffix(view.Lines.YAML, "\n"), "\n")...)
		if view.Lines.NextOffset == 0 {
			if len(lines) != view.Lines.TotalLines || len(lines) != 804 {
				t.Errorf("the spicepod's parts hold %d of %d lines", len(lines), view.Lines.TotalLines)
			}
			break
		}
		offset = view.Lines.NextOffset
	}
}
