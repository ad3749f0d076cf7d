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
		upstream: cannedProxy(&[]canned{}, okGETAnswerEdited("/regions", func(a map[string]any) {
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
	// The default is named once, in the heading (TestR52TokensRegionsSayTheDefaultAndProviderOnce).
	if !strings.Contains(tx, "the default is `us-east-1`") || strings.Contains(tx, "the default is `us-west-2`") {
		t.Errorf("the text does not name us-east-1, the list's default:\n%s", tx)
	}
}
