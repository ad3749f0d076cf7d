package tools

import (
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestCutNoticeNamesOnlyArgumentsTheToolTakes: a cut result's notice said "ask for less … (a
// page of a list with offset, …)" for every tool, and list_orgs and whoami, cut, named an offset
// neither takes. For every tool, its cut notice (of a result or an error) names as an argument
// only one the tool's schema has: every inline-code span, and every paging argument any tool
// takes (offset, limit, spicepod_offset, tail, skip_newest …) as a word.
func TestCutNoticeNamesOnlyArgumentsTheToolTakes(t *testing.T) {
	props := func(tool Tool) map[string]bool {
		var s struct {
			Properties map[string]json.RawMessage `json:"properties"`
		}
		if err := json.Unmarshal(tool.InputSchema(), &s); err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for name := range s.Properties {
			out[name] = true
		}
		return out
	}
	paging := map[string]bool{}
	for _, tool := range All() {
		for name := range props(tool) {
			if strings.Contains(name, "offset") || strings.Contains(name, "limit") || name == "tail" || strings.HasPrefix(name, "skip") {
				paging[name] = true
			}
		}
	}
	if !paging["offset"] || !paging["spicepod_offset"] {
		t.Fatalf("no paging arguments found: %v", slices.Sorted(maps.Keys(paging)))
	}
	span := regexp.MustCompile("`([^`]*)`")
	long := strings.Repeat("a line of a long result\n", 2*present.ResultBytes/24)
	offered := 0
	for _, tool := range All() {
		has := props(tool)
		text, _ := bound(tool.Name, long, &Result{}, 0)
		_, notice, ok := strings.Cut(text, "⚠️ Cut")
		if !ok || len(text) > present.ResultBytes {
			t.Fatalf("%s: not cut (%d bytes)", tool.Name, len(text))
		}
		for _, m := range span.FindAllStringSubmatch(notice, -1) {
			if !has[m[1]] {
				t.Errorf("%s: its cut notice names `%s`, which it does not take: %s", tool.Name, m[1], notice)
			}
		}
		words := strings.FieldsFunc(notice, func(r rune) bool { return !(r == '_' || r >= 'a' && r <= 'z') })
		for _, w := range words {
			if paging[w] && !has[w] && w != tool.Name {
				t.Errorf("%s: its cut notice names %s, which it does not take: %s", tool.Name, w, notice)
			}
		}
		if has["offset"] {
			offered++
			if !strings.Contains(notice, "`offset`") {
				t.Errorf("%s takes offset; its cut notice does not offer it: %s", tool.Name, notice)
			}
		}
	}
	if offered < 5 {
		t.Errorf("only %d tools take offset", offered)
	}
}
