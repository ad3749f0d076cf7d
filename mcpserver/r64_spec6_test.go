package mcpserver_test

import (
	"strings"
	"testing"
	"time"
)

// TestR64Spec6LogsPassOverAPodNeverScheduled: after a redeploy that could not be scheduled
// (insufficient_cpu), the emulator lists the new pod first, pending, and the serving one after it
// (api/README §7.5). A pending pod never ran and has no logs (409 instance_offline), so
// get_instance_logs without instance reads the newest instance that ran, and says which it passed
// over and why, in the text and in passed_over. With every instance pending it asks for the
// newest, and the refusal says the pod was never scheduled and where the reason is.
func TestR64Spec6LogsPassOverAPodNeverScheduled(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "sched-app", "spicepod": "version: v1\nkind: Spicepod\nname: sched-app\n"})
	if err := h.emu.FailNextDeployment("insufficient_cpu"); err != nil {
		t.Fatal(err)
	}
	h.ok(t, "create_deployment", map[string]any{"app": "sched-app"})
	h.clock.Advance(time.Minute)
	listed := h.ok(t, "list_instances", map[string]any{"app": "sched-app"})
	mustContain(t, "instances", listed, "pending (not scheduled)", "ready")

	res := h.call(t, "get_instance_logs", map[string]any{"app": "sched-app"})
	out := text(res)
	if res.IsError {
		t.Fatalf("logs of an app serving from a ready pod refused:\n%s", out)
	}
	mustContain(t, "logs", out, "was never scheduled", "Spice runtime is ready!")
	var got logsResult
	structured(t, res, &got)
	if got.PassedOver == nil || !strings.Contains(got.PassedOver.Reason, "never scheduled") || got.Status != "ready" ||
		got.Instance == got.PassedOver.Instance {
		t.Errorf("structured content does not name the pending pod passed over: %+v", got)
	}

	// Every instance pending: the newest is asked for, and the refusal says why it has no logs.
	if err := h.emu.FailNextDeployment("pod_exceeds_node_capacity"); err != nil {
		t.Fatal(err)
	}
	h.ok(t, "create_and_deploy_app", map[string]any{"name": "never-app", "spicepod": "version: v1\nkind: Spicepod\nname: never-app\n"})
	h.clock.Advance(time.Minute)
	res = h.call(t, "get_instance_logs", map[string]any{"app": "never-app"})
	if !res.IsError {
		t.Fatalf("logs of a pod never scheduled: %s", text(res))
	}
	mustContain(t, "refusal", text(res), "instance_offline", "never scheduled", "list_deployments")
}
