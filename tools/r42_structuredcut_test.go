package tools

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestR42StructuredCutOffersOnlyWaysTheToolHas: structured content over the budget is replaced
// by {"cut": note}, and the note said "the text shows what fits and how to ask for less" for
// every tool, create_and_deploy_app and set_secret too, which take no argument that asks for
// less. A tool without one is told it cannot show the rest in parts; a tool with some is
// pointed at those, named.
func TestR42StructuredCutOffersOnlyWaysTheToolHas(t *testing.T) {
	huge := map[string]string{"x": strings.Repeat("y", 2*present.ResultBytes)}
	without, with := 0, 0
	for _, tool := range All() {
		_, raw := bound(tool.Name, "short", &Result{Structured: huge}, 0)
		var cut map[string]string
		if err := json.Unmarshal(raw, &cut); err != nil || cut[cutField] == "" {
			t.Fatalf("%s: structured content over the budget not replaced by a note: %.200s", tool.Name, raw)
		}
		note, less := cut[cutField], cutArgs(tool.Name)
		if len(less) == 0 {
			without++
			if strings.Contains(note, "ask for less") {
				t.Errorf("%s takes no argument that asks for less, yet its note offers one: %s", tool.Name, note)
			}
			continue
		}
		with++
		for _, arg := range less {
			if !strings.Contains(note, "`"+arg+"`") {
				t.Errorf("%s takes %s; its note does not name it: %s", tool.Name, arg, note)
			}
		}
	}
	if without == 0 || with < 5 {
		t.Errorf("%d tools without a way to ask for less, %d with", without, with)
	}
}
