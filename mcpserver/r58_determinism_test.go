package mcpserver_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR58DeterminismPromptUnknownArgumentsNamedAlike: a prompts/get with two arguments the
// prompt does not take is refused naming the same one every time (the first in name order);
// it named either, in the order a map's keys came.
func TestR58DeterminismPromptUnknownArgumentsNamedAlike(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}})
	var req mcp.GetPromptRequest
	req.Params.Name = "deploy_app"
	req.Params.Arguments = map[string]string{"name": "abcd", "r58_zeta": "1", "r58_alpha": "2", "r58_mu": "3"}
	var first string
	for i := range 20 {
		_, err := h.mcp.GetPrompt(context.Background(), req)
		if err == nil {
			t.Fatal("unknown arguments taken")
		}
		if i == 0 {
			first = err.Error()
		} else if err.Error() != first {
			t.Fatalf("the same prompts/get was refused two ways:\n%s\n%s", first, err)
		}
	}
	if !strings.Contains(first, `takes no argument "r58_alpha"`) {
		t.Errorf("refusal: %s; want it to name r58_alpha, the first unknown argument by name", first)
	}
}
