package mcpserver_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR42Budget2InstancesPastFifty: list_instances takes no offset, so it shows every instance
// that fits the budget: 60 short ones are all shown (a page cap of 50 left 10 out, saying their
// texts were too long), with no "left out" note.
func TestR42Budget2InstancesPastFifty(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true},
		upstream: cannedProxy(&[]canned{}, r42bInstances(60, 20, 5))})
	res := h.call(t, "list_instances", map[string]any{"app": "analytics-app"})
	var p struct {
		Instances []json.RawMessage `json:"instances"`
	}
	_ = json.Unmarshal(r42bJSON(res.StructuredContent), &p)
	tx := text(res)
	if len(p.Instances) != 60 || strings.Contains(tx, "left out") {
		t.Errorf("list_instances shows %d of 60 short instances: %s", len(p.Instances), tx[max(0, strings.Index(tx, "Showing")):])
	}
	withinBudget(t, "list_instances", res)
}
