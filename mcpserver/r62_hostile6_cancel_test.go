package mcpserver_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR62Hostile6CancelledDeployWaitListsWhatChanged (held): README says a run that stops lists
// what it changed. TestR41ProtocolCancelledDeployRunSaysWhatItChanged cancels
// create_and_deploy_app while a secret page waits; here notifications/cancelled arrives while
// it waits on its deployment, after it created the app, set its spicepod and started deploying:
// the result names all three and the deployment to follow.
func TestR62Hostile6CancelledDeployWaitListsWhatChanged(t *testing.T) {
	w := r41cStdioInit(t, mcpserver.Options{}, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"0"}}}`)
	w.send(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"create_and_deploy_app","arguments":{"name":"r62cancel","spicepod":"version: v1\nkind: Spicepod\nname: r62cancel\n"},"_meta":{"progressToken":"p2"}}}`)
	r52DeterminismAwaitLine(t, w, "of r62cancel (105): queued")
	w.send(`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":2}}`)
	res := w.await(`2`, 10*time.Second)
	for _, part := range []string{`"isError":true`, "This run changed: created r62cancel (105); set spicepod; started deployment 1008.",
		"deployment 1008 was last queued, not failed (wait_for_deployment follows it)"} {
		if !strings.Contains(res, part) {
			t.Errorf("the cancelled run's result lacks %q:\n%s", part, res)
		}
	}
}

// TestR62Hostile6CancelledRotationStepSaysTheKeyMayHaveChanged (held): rotate_api_keys' start
// step reaches the API, which replaces the secondary key, and the call is cancelled before the
// answer arrives. The result does not say nothing changed: it says the secondary may have been
// replaced, that the primary was not touched, and not to start again.
func TestR62Hostile6CancelledRotationStepSaysTheKeyMayHaveChanged(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	var sent atomic.Bool
	hold := func(r *http.Response) error { // the first key regeneration lands; its answer waits for the cancellation
		if r.Request.Method == http.MethodPost && strings.HasSuffix(r.Request.URL.Path, "/api-keys") && sent.CompareAndSwap(false, true) {
			cancel()
			<-r.Request.Context().Done()
			return r.Request.Context().Err()
		}
		return nil
	}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmAgent}, upstream: cannedProxy(&[]canned{}, hold)})
	before := h.ok(t, "get_api_keys", map[string]any{"app": "analytics-app"})
	var req mcp.CallToolRequest
	req.Params.Name = "rotate_api_keys"
	req.Params.Arguments = map[string]any{"app": "analytics-app", "step": "start", "confirm": "analytics-app"}
	res, err := h.mcp.CallTool(ctx, req)
	if err != nil {
		t.Fatalf("rotate_api_keys: %v", err)
	}
	if after := h.ok(t, "get_api_keys", map[string]any{"app": "analytics-app"}); after == before {
		t.Fatalf("the start step did not reach the API")
	}
	got := text(res)
	mustContain(t, "cancelled start", got, "got no clear answer: the call was cancelled", "The API may have replaced the secondary key",
		"The primary key was not touched", "Do not start again")
	if !res.IsError {
		t.Errorf("a cancelled step reported as done: %s", got)
	}
}

// TestR62Hostile6AnswerFromBeforeARestartIsRefused (held): README says a question's state is
// signed with a key random per process when SPICE_MCP_CONFIRM_KEY is unset. The state of a
// question a server asked over 2026-07-28, with the typed name, is replayed to the server
// started after it (a restart): refused as not this server's, and nothing is deleted.
func TestR62Hostile6AnswerFromBeforeARestartIsRefused(t *testing.T) {
	elicit := r47SafetyModernMeta(`{"elicitation":{}}`)
	_, _, asked := r47SafetyCall(t, serveStdio(t, mcpserver.Options{}), 10, "delete_app", `{"app":"analytics-app"}`, elicit)
	state := r47SafetyRequestState(t, asked)
	restarted := serveStdio(t, mcpserver.Options{})
	answer := fmt.Sprintf(`"inputResponses":{"confirm":{"action":"accept","content":{"name":"analytics-app"}}},"requestState":%q,%s`, state, elicit)
	if isErr, text, raw := r47SafetyCall(t, restarted, 11, "delete_app", `{"app":"analytics-app"}`, answer); !isErr || !strings.Contains(text, present.ConfirmStateInvalid) {
		t.Errorf("the answer from before the restart: %s", raw)
	}
	if isErr, _, raw := r47SafetyCall(t, restarted, 12, "get_app", `{"app":"analytics-app"}`, ""); isErr {
		t.Errorf("analytics-app is gone: %s", raw)
	}
}
