package mcpserver_test

import (
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR39NoWaitRemedyNamesWaitTrue: with wait false, create_and_deploy_app still waits for a
// deployment in flight before it deploys, within the call's time limit. When that runs out, the
// advice to pass a larger timeout_seconds must say wait true with it: with wait false,
// timeout_seconds is refused ("Applies only with wait true"), so "the same arguments (a larger
// timeout_seconds …)" named a call that is refused. The advice it gives is then accepted.
func TestR39NoWaitRemedyNamesWaitTrue(t *testing.T) {
	t.Parallel() // waits on real time; runs beside the other waiting tests
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{RunsFor: time.Hour}, realClock: true, callTimeout: 3 * time.Second,
		safety: tools.Safety{Confirm: tools.ConfirmOff}})
	args := map[string]any{"name": "behind", "spicepod": podA, "wait": false}
	h.ok(t, "create_and_deploy_app", args) // 1001, in flight for an hour
	args["spicepod"] = podB
	out := text(h.call(t, "create_and_deploy_app", args))
	mustContain(t, "behind another", out, "none started: time ran out while deployment 1001",
		"call create_and_deploy_app again with the same arguments (with wait true, a larger timeout_seconds covers the wait for 1001 too)")
	args["wait"], args["timeout_seconds"] = true, 1
	if res := h.call(t, "create_and_deploy_app", args); !res.IsError {
		t.Fatalf("the run behind 1001 with timeout_seconds 1 ended without error:\n%.400s", text(res))
	} else {
		mustContain(t, "wait true and timeout_seconds", text(res), "none started: time ran out while deployment 1001")
	}
}
