package tools

import (
	"context"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// A cancelled workflow step reads as cancelled, a write cancelled in flight as of unknown
// outcome (and a possible change), and a cancelled wait names the deployment's last status.
func TestStepLogCancelled(t *testing.T) {
	var progress []string
	ctx := context.WithValue(context.Background(), progressKey{}, Progress(func(m string) { progress = append(progress, m) }))

	l := &stepLog{ctx: ctx}
	res, _ := l.failed(present.StepDeploy, &client.CancelledError{Operation: "createProjectDeployment", Method: "POST", Path: "/v1/projects/1/deployments", OutcomeUnknown: true})
	if got := l.steps[0].Result; got != present.StepOutcomeUnknown(present.StepDeploy) {
		t.Errorf("deploy cancelled in flight: %q", got)
	}
	if !strings.Contains(res.Text, present.ChangeOutcomeUnknown(present.StepDeploy)) {
		t.Errorf("changes leave out the possible deployment:\n%s", res.Text)
	}

	l = &stepLog{ctx: ctx}
	_, _ = l.failed(present.StepConfigure, &client.CancelledError{Operation: "updateProject", Method: "PATCH", Path: "/v1/projects/1"})
	if got := l.steps[0].Result; got != present.StepCancelled {
		t.Errorf("configure cancelled: %q", got)
	}

	l = &stepLog{ctx: ctx}
	dep := &client.Deployment{ID: 7, Status: "queued"}
	_, _ = l.waitStopped(dep, &waitOutcome{Deployment: &client.Deployment{ID: 7, Status: "in_progress"}}, context.Canceled)
	want := present.StepWaitStopped(7, "in_progress", true)
	if got := l.steps[0].Result; got != want || !strings.Contains(got, "cancelled") {
		t.Errorf("wait cancelled: %q, want %q", got, want)
	}
	if last := progress[len(progress)-1]; last != present.StepProgress(present.StepWait, want) {
		t.Errorf("progress %q", last)
	}
}
