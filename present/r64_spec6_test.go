package present

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR64Spec6InstanceOfflineRemedyFitsAPodNeverScheduled: the emulator answers 409
// instance_offline for the logs of a pod that was never scheduled (api/README §7.5: pending after
// an insufficient_* or pod_exceeds_node_capacity failure). Its remedy must not say the instance
// "is no longer running" (it never ran): it says the pod may never have been scheduled, that
// it has no logs, and where the reason is (the deployment's error, list_deployments).
func TestR64Spec6InstanceOfflineRemedyFitsAPodNeverScheduled(t *testing.T) {
	ctx := context.Background()
	clock := sandbox.NewManualClock(time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC))
	c, emu := r45SandboxClient(t, sandbox.Config{Clock: clock}, "")
	id := r45SandboxAppID(t, c, "analytics-app")
	for _, code := range []string{"insufficient_cpu", "pod_exceeds_node_capacity"} {
		if err := emu.FailNextDeployment(code); err != nil {
			t.Fatal(err)
		}
		if _, err := c.CreateProjectDeployment(ctx, id, client.CreateProjectDeploymentRequest{}); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Hour)
		instances, err := c.ListProjectInstances(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		pending := ""
		for _, in := range instances {
			if in.Status == "pending" {
				pending = in.Name
			}
		}
		if pending == "" {
			t.Fatalf("%s: no pending instance in %+v", code, instances)
		}
		_, err = c.GetProjectInstanceLogs(ctx, id, pending, 0)
		got := Remedy(err)
		var apiErr *client.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 409 || apiErr.Code != "instance_offline" {
			t.Fatalf("%s: want 409 instance_offline, got %v", code, err)
		}
		for _, want := range []string{"never scheduled", "no logs", "list_deployments", "list_instances"} {
			if !strings.Contains(got, want) {
				t.Errorf("%s: remedy %q lacks %q", code, got, want)
			}
		}
		if strings.Contains(got, "no longer running") {
			t.Errorf("%s: remedy %q says a never-scheduled pod is no longer running", code, got)
		}
	}
	// The uncoded 409 of the same operation names the never-scheduled pod among its causes too.
	uncoded := Remedy(&client.APIError{Operation: "getProjectInstanceLogs", StatusCode: 409, Message: "Instance is not running"})
	if !strings.Contains(uncoded, "never scheduled") || !strings.Contains(uncoded, "list_instances") {
		t.Errorf("uncoded 409: %q", uncoded)
	}
}
