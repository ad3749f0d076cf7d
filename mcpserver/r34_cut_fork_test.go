package mcpserver_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR34CutForkShortenedAsGetApp: fork_app's structured content carried the fork's
// description, tags and spicepod whole (copied from the source: a 30,000-character description,
// 300 tags, a spicepod of 20,000 bytes), so the guard replaced it with a cut note. It holds the
// fork as get_app holds an app: the description and tags shortened with their length and number
// in shortened, a long spicepod by its first lines (spicepod_lines) with the get_app call that
// shows the next ones; the text names each of them.
func TestR34CutForkShortenedAsGetApp(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	var pod strings.Builder
	pod.WriteString("version: v1\nkind: Spicepod\nname: long-source\ndatasets:\n")
	for i := range 400 {
		fmt.Fprintf(&pod, "  - from: s3://bucket/orders/%03d/\n    name: orders_%03d\n", i, i)
	}
	tags := map[string]any{}
	for i := range 300 {
		tags[fmt.Sprintf("label-%03d", i)] = strings.Repeat("v", 60)
	}
	description := strings.Repeat("Long notes on the forecasting pipeline. ", 750) // 30,000 characters
	h.ok(t, "create_app", map[string]any{"name": "long-source", "description": description, "tags": tags})
	h.ok(t, "update_app", map[string]any{"app": "long-source", "spicepod": pod.String()})

	res := h.call(t, "fork_app", map[string]any{"app": "long-source", "name": "long-fork"})
	got := text(res)
	if res.IsError {
		t.Fatalf("fork_app: %s", got)
	}
	withinBudget(t, "fork_app of a long source", res)
	var v struct {
		Cut         string            `json:"cut"`
		Name        string            `json:"name"`
		Description string            `json:"description"`
		Tags        map[string]string `json:"tags"`
		Config      struct {
			Spicepod any `json:"spicepod"`
		} `json:"config"`
		Lines     *present.SpicepodWindow `json:"spicepod_lines"`
		Shortened map[string]int          `json:"shortened"`
	}
	structured(t, res, &v)
	if v.Cut != "" || v.Name != "long-fork" {
		t.Fatalf("fork_app: structured content cut %q, name %q:\n%s", v.Cut, v.Name, got)
	}
	if !strings.HasSuffix(v.Description, "…") || len(v.Description) > present.DescriptionBytes+3 || v.Shortened["description"] != 30000 {
		t.Errorf("structured description of %d bytes, shortened %v", len(v.Description), v.Shortened)
	}
	if len(v.Tags) == 0 || len(v.Tags) >= 300 || v.Shortened["tags"] != 300 {
		t.Errorf("structured tags: %d, shortened %v", len(v.Tags), v.Shortened)
	}
	for k, val := range v.Tags {
		if tags[k] != val {
			t.Errorf("structured tag %s=%q is not the source's", k, val)
		}
	}
	if v.Config.Spicepod != nil || v.Lines == nil || v.Lines.FromLine != 1 || v.Lines.ToLine < 10 || v.Lines.TotalLines < 800 ||
		v.Lines.NextOffset != v.Lines.ToLine || !strings.Contains(v.Lines.YAML, "name: orders_000") {
		t.Fatalf("structured spicepod: config.spicepod %v, lines %+v", v.Config.Spicepod != nil, v.Lines)
	}
	mustContain(t, "fork_app", got,
		fmt.Sprintf("Shortened in structured content as get_app's view shortens them: `description` (30,000 characters in all); tags (%d of 300 shown; get_app lists more of them).", len(v.Tags)),
		"Structured content holds the fork's spicepod by lines (spicepod_lines), not whole in config.spicepod: ",
		fmt.Sprintf("Spicepod lines 1–%d of %s shown", v.Lines.ToLine, plain.Number(v.Lines.TotalLines)))
	// The call the text names shows the next lines.
	call, ok := noteCall(t, got, "get_app")
	if !ok || call["app"] != "long-fork" || call["spicepod_offset"] != float64(v.Lines.NextOffset) {
		t.Fatalf("fork_app names no get_app call for the next lines: %v\n%s", call, got)
	}
	next := h.call(t, "get_app", call)
	var w struct {
		Lines *present.SpicepodWindow `json:"spicepod_lines"`
	}
	structured(t, next, &w)
	if w.Lines == nil || w.Lines.FromLine != v.Lines.NextOffset+1 {
		t.Errorf("get_app %v: lines %+v", call, w.Lines)
	}

	// A fork of a usual app keeps its spicepod whole and says nothing more.
	plain := h.call(t, "fork_app", map[string]any{"app": "analytics-app", "name": "analytics-plain"})
	var p struct {
		Config struct {
			Spicepod map[string]any `json:"spicepod"`
		} `json:"config"`
		Lines     *present.SpicepodWindow `json:"spicepod_lines"`
		Shortened map[string]int          `json:"shortened"`
	}
	structured(t, plain, &p)
	if len(p.Config.Spicepod) == 0 || p.Lines != nil || p.Shortened != nil || strings.Contains(text(plain), "Shortened in structured content") {
		t.Errorf("fork of analytics-app: spicepod %d keys, lines %v, shortened %v:\n%s", len(p.Config.Spicepod), p.Lines, p.Shortened, text(plain))
	}
}
