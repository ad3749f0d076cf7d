package mcpserver_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r46FlowsHarness is the demo emulator with confirmation off.
func r46FlowsHarness(t *testing.T) *harness {
	return newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{Confirm: tools.ConfirmOff}})
}

// Two rotate_api_keys starts of one app at once, the first slowed at the API: the second is
// refused as busy, and the secondary was regenerated once, by the first.
func TestR46FlowsConcurrentStartsOneBusy(t *testing.T) {
	h := r46FlowsHarness(t)
	p0, s0 := emulatorKeys(t, h)
	h.emu.InjectFault(sandbox.Fault{Operation: api.RegenerateProjectAPIKey.ID, Latency: time.Second})
	var wg sync.WaitGroup
	var first *mcp.CallToolResult
	var firstErr error
	wg.Go(func() {
		var req mcp.CallToolRequest
		req.Params.Name, req.Params.Arguments = "rotate_api_keys", rotateStart
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		first, firstErr = h.mcp.CallTool(ctx, req)
	})
	untilCalled(t, h, api.RegenerateProjectAPIKey) // the first is in flight at the API
	second := h.call(t, "rotate_api_keys", rotateStart)
	wg.Wait()
	if firstErr != nil {
		t.Fatalf("first start: %v", firstErr)
	}
	t.Logf("first:\n%s\nsecond:\n%s", text(first), text(second))
	if first.IsError {
		t.Errorf("the first start failed: %s", text(first))
	}
	if !second.IsError || !strings.HasPrefix(text(second), "Another rotate_api_keys call for analytics-app") {
		t.Errorf("the second start, while the first ran, is not refused as busy:\n%s", text(second))
	}
	if n := h.emu.Calls(api.RegenerateProjectAPIKey.ID); n != 1 {
		t.Errorf("regenerated %d times, want 1", n)
	}
	if p, s := emulatorKeys(t, h); p != p0 || s == s0 {
		t.Error("want the secondary replaced once, the primary kept")
	}
}
