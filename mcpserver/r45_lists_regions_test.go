package mcpserver_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR45ListsRegionDefaultDisagrees: the API's list names default us-east-1 while its rows say
// isDefault on us-west-2 (and not on us-east-1): the list's default wins, in the table's Default
// column and in structured isDefault alike, so only one region is the default.
func TestR45ListsRegionDefaultDisagrees(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: cannedProxy(&[]canned{}, r42bRewrite("/regions", func(a map[string]any) {
			a["default"] = "us-east-1"
			for _, r := range a["regions"].([]any) {
				row := r.(map[string]any)
				row["isDefault"] = row["region"] == "us-west-2"
			}
		}))})
	res := h.call(t, "list_regions", nil)
	tx := text(res)
	var got struct {
		Regions []struct {
			Region    string `json:"region"`
			IsDefault bool   `json:"isDefault"`
		} `json:"regions"`
		Default string `json:"default"`
	}
	raw, _ := json.Marshal(res.StructuredContent)
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	if got.Default != "us-east-1" || len(got.Regions) < 2 {
		t.Fatalf("structured: %s", raw)
	}
	for _, r := range got.Regions {
		if r.IsDefault != (r.Region == "us-east-1") {
			t.Errorf("structured %s isDefault = %t; the list's default is us-east-1: %s", r.Region, r.IsDefault, raw)
		}
	}
	for _, line := range strings.Split(tx, "\n") {
		if !strings.HasPrefix(line, "| us-") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "| "), "|")
		marked := strings.Contains(cells[len(cells)-1], "yes")
		if marked != strings.HasPrefix(line, "| us-east-1 ") {
			t.Errorf("table row %q: Default %t; the list's default is us-east-1", line, marked)
		}
	}
}
