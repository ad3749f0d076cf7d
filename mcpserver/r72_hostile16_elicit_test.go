package mcpserver_test

import (
	"context"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR72Hostile16ElicitationAnswersEchoNoToken: the client's answer to a confirmation question
// (mcp-go's client answering elicitation/create) carrying a token of each sampled family, in
// each form — typed as the name, as the answer's action, as the name's key, as a name of
// another kind — is refused without showing it, in the result or the debug log.
func TestR72Hostile16ElicitationAnswersEchoNoToken(t *testing.T) {
	t.Parallel()
	var answer *mcp.ElicitationResult
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmHuman},
		elicit: func(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) { return answer, nil }})
	n := 0
	for _, k := range r71Hostile15Sample() {
		for _, f := range r71Hostile15Forms {
			tok := f.of(k.Value)
			for _, a := range []*mcp.ElicitationResult{
				{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept, Content: map[string]any{"name": tok}}},
				{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseAction(tok)}},
				{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept, Content: map[string]any{tok: "PG_PASS"}}},
				{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept, Content: map[string]any{"name": map[string]any{"x": tok}}}},
				{ElicitationResponse: mcp.ElicitationResponse{Action: mcp.ElicitationResponseActionAccept, Content: tok}},
			} {
				answer = a
				n++
				if got := r71Hostile15Everything(h.call(t, "delete_secret", map[string]any{"app": "analytics-app", "name": "PG_PASS"})); r71Hostile15Shows(k, got) {
					t.Errorf("%s, %s, answered %+v: shown: %.500s", k.Family, f.name, a.ElicitationResponse, got)
				}
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d answers", n)
	}
	for _, k := range r71Hostile15Sample() {
		if r71Hostile15Shows(k, h.logs.String()) {
			t.Errorf("%s: the debug log shows it: %s", k.Family, r66H10Around(h.logs.String(), k.Value[len(k.Value)-12:]))
		}
	}
}
