package mcpserver_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR34bDenseTagsWithinBudget: get_app's tag listing filled its room by bytes, as if every
// text were 1.5 bytes a token or more, but values the API accepts such as "@-@-…" or "a1a1…"
// are a token a byte: 60 of them made a text of 8,469 tokens. The listing now weighs as the
// densest text, so both forms stay within the budget — with the demo app's short spicepod, and with one
// long enough that its lines fill the rest of the result.
func TestR34bDenseTagsWithinBudget(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	var pod strings.Builder
	pod.WriteString("version: v1\nkind: Spicepod\nname: analytics-app\ndatasets:\n")
	for i := range 400 {
		fmt.Fprintf(&pod, "  - from: postgres:public.orders_%03d\n    name: orders_%03d\n    params:\n      pg_db: sales\n", i, i)
	}
	for _, tc := range []struct {
		name     string
		unit     string
		tags     int
		spicepod string
	}{
		{"60 values of @-", "@-", 60, ""},
		{"60 values of a1", "a1", 60, ""},
		{"150 values of a1 and a long spicepod", "a1", 150, pod.String()},
		{"40 values of @- and a long spicepod", "@-", 40, pod.String()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
			id := h.appID(t, "analytics-app")
			tags := map[string]any{}
			for i := range tc.tags {
				tags[fmt.Sprintf("k%03d", i)] = strings.Repeat(tc.unit, 128)
			}
			emuSend(t, h, "sandbox", http.MethodPut, "/v1/projects/"+itoa(id), map[string]any{"tags": tags}, nil)
			if tc.spicepod != "" {
				h.ok(t, "update_app", map[string]any{"app": "analytics-app", "spicepod": tc.spicepod})
			}
			res := h.call(t, "get_app", map[string]any{"app": "analytics-app"})
			got := text(res)
			if res.IsError || strings.Contains(got, "⚠️ Cut") {
				t.Fatalf("get_app: error or cut:\n%s", got)
			}
			tt, st := resultTokens(res)
			t.Logf("%d bytes, %d text and %d structured tokens", len(got), tt, st)
			withinBudget(t, tc.name, res)
			var v struct {
				Cut  string            `json:"cut"`
				Tags map[string]string `json:"tags"`
			}
			structured(t, res, &v)
			if v.Cut != "" || len(v.Tags) == 0 {
				t.Fatalf("structured content: %d tags, cut %q", len(v.Tags), v.Cut)
			}
			mustContain(t, "get_app", got, fmt.Sprintf("%d tags (by key)", tc.tags))
			if tc.spicepod != "" {
				mustContain(t, "get_app", got, "- Spicepod:", `"spicepod_offset":`)
			}
		})
	}
}
