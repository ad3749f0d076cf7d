package mcpserver_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR40RotateKeysPromptFollowsMaskedKeys: with --mask-api-keys the start step's result holds
// only the new secondary key's last 4 characters and sends the user to the portal for it
// (RotationStartNextMasked), yet the rotate_keys prompt tells the agent to "Give me the new
// secondary key": the agent is steered to hand over a masked key as the one to move clients to.
// The prompt says what the result will hold, as every other text follows the masking.
func TestR40RotateKeysPromptFollowsMaskedKeys(t *testing.T) {
	var mu sync.Mutex
	asked := 0
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{MaskAPIKeys: true},
		elicit: answer(mcp.ElicitationResponseActionAccept, "analytics-app", &asked, &mu)})
	req := mcp.GetPromptRequest{}
	req.Params.Name = "rotate_keys"
	req.Params.Arguments = map[string]string{"app": "analytics-app"}
	p, err := h.mcp.GetPrompt(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	prompt := p.Messages[0].Content.(mcp.TextContent).Text
	res := h.call(t, "rotate_api_keys", map[string]any{"app": "analytics-app", "step": "start"})
	if res.IsError {
		t.Fatalf("start: %s", text(res))
	}
	mustContain(t, "start result", text(res), "shown masked here")
	if strings.Contains(prompt, "Give me the new secondary key") || !strings.Contains(prompt, "masked") || !strings.Contains(prompt, "Spice.ai portal") {
		t.Errorf("with --mask-api-keys the prompt still asks for the new secondary key the result does not hold:\n%s\n--- result:\n%s", prompt, text(res))
	}
	// Without the flag the prompt still asks for the key itself, with its storage warning.
	plain := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	p, err = plain.mcp.GetPrompt(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, "unmasked prompt", p.Messages[0].Content.(mcp.TextContent).Text, "Give me the new secondary key with the storage warning")
}
