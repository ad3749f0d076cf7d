package selection

import (
	"encoding/json"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/tokens"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// Round 54's margin under its figures after tuning (whole corpus 80.5 % / 95.0 % of 821, MRR
// 0.875, round 54's requests alone 79.0 % / 91.4 % of 105, MRR 0.851; on main's descriptions
// 79.3 % / 93.8 % and 68.6 % / 82.9 %): a reworded description that loses four first places or
// three top-3 places of the whole, or four first or three top-3 places of round 54's, fails.
// tools/list costs 139.6 tokens a tool (5,305; 5,599 before: the app parameter's text, which the
// instructions already give, and words no request used, taken out); the ceiling leaves seven
// tokens.
const (
	r54MinTop1          = 80.1
	r54MinTop3          = 94.7
	r54NewMinTop1       = 76.0
	r54NewMinTop3       = 89.0
	r54MaxTokensPerTool = r56MaxTokensPerTool // round 56 raised it to its own (140.9: users' words; under 150)
	// Under --confirm=agent tools/list costs 95 tokens more (the confirm argument and its
	// sentence): 142.1 a tool (5,400), almost eight under issue 13's 150 (149.8 before).
	r54MaxAgentTokensPerTool = r56MaxAgentTokensPerTool // round 56: 143.4, 6.6 under 150
)

// TestR54SelectionMargin holds the margin on the whole corpus and on round 54's requests alone
// (written before round 54 tuned the descriptions), and tools/list's cost. It prints the figures
// of every part:
//
//	go test ./bench/selection -v -run TestR54SelectionMargin
func TestR54SelectionMargin(t *testing.T) {
	selectionMargin{
		round:   54,
		minTop1: r54MinTop1, minTop3: r54MinTop3,
		newMinTop1: r54NewMinTop1, newMinTop3: r54NewMinTop3,
		minNewRequests:   100,
		maxTokensPerTool: r54MaxTokensPerTool,
	}.hold(t)
}

// TestR54SelectionToolsListUnderConfirmAgent: issue 13's 150 tokens a tool holds under
// --confirm=agent too, where destructive tools list the confirm argument and ask for the
// target's name in it; before round 54 that catalogue cost 149.8 a tool, 0.2 under. The
// catalogue is built as mcpserver lists it (server.go); built the same way for the default
// mode it must cost what the golden catalogue costs, so the two cannot drift apart.
func TestR54SelectionToolsListUnderConfirmAgent(t *testing.T) {
	listedIn := func(mode tools.ConfirmMode) int {
		hints := tools.Policy{}.ListedHints()
		var listed []mcp.Tool
		for _, tool := range tools.All() {
			l := tool.MCPTool(tools.Listing{})
			l.RawInputSchema = tools.ListedSchema(l.RawInputSchema, mode)
			l.Description = tools.ListedDescription(l.Description, l.RawInputSchema, mode)
			l.Description = present.WithoutListHints(l.Description, hints)
			l.RawInputSchema = json.RawMessage(present.WithoutListHints(string(l.RawInputSchema), hints))
			listed = append(listed, l)
		}
		// As a client receives them (the golden catalogue is the harness's decoded list).
		raw, err := json.Marshal(listed)
		if err != nil {
			t.Fatal(err)
		}
		var received []mcp.Tool
		if err := json.Unmarshal(raw, &received); err != nil {
			t.Fatal(err)
		}
		raw, err = json.Marshal(map[string]any{"tools": received})
		if err != nil {
			t.Fatal(err)
		}
		return tokens.Count(string(raw))
	}
	n := float64(len(tools.All()))
	if human, golden := listedIn(tools.ConfirmHuman), toolsListTokens(t); human != golden {
		t.Fatalf("the default mode's catalogue built here costs %d tokens, the golden one %d: the build differs from mcpserver's", human, golden)
	}
	agent := listedIn(tools.ConfirmAgent)
	t.Logf("tools/list under --confirm=agent: %d o200k tokens, %.1f per tool", agent, float64(agent)/n)
	if perTool := float64(agent) / n; perTool > r54MaxAgentTokensPerTool {
		t.Errorf("under --confirm=agent tools/list costs %.1f tokens per tool, over %.1f", perTool, r54MaxAgentTokensPerTool)
	}
}
