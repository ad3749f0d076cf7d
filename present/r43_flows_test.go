package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR43FlowsByShapeFailedRollbackHedged: a failed (or stopped) deployment only taken for a
// lost rollback by its shape (RollbackByShape) is hedged, and its what-to-do does not then name
// it "this rollback" or "a rollback" as a fact, whichever way it ended.
func TestR43FlowsByShapeFailedRollbackHedged(t *testing.T) {
	again := []Arg{{"app", "analytics-app"}}
	for _, tc := range []struct {
		name string
		d    client.Deployment
		st   Standing
	}{
		{"terminal", client.Deployment{ID: 1008, Status: client.StatusFailed, ErrorCode: client.CodeUnableToStart,
			ErrorMessage: "The Spice runtime failed to start"}, Standing{Latest: true}},
		{"retriable", client.Deployment{ID: 1008, Status: client.StatusFailed, ErrorCode: client.CodeInsufficientCPU}, Standing{Latest: true}},
		{"stopped", client.Deployment{ID: 1008, Status: client.StatusFailed, ErrorCode: client.CodeStopped,
			ErrorMessage: "Stopped by a pause"}, Standing{Paused: true}},
		{"newer in flight", client.Deployment{ID: 1008, Status: client.StatusFailed, ErrorCode: client.CodeUnableToStart},
			Standing{Newer: 1009, NewerStatus: client.StatusQueued}},
	} {
		for _, byShape := range []bool{false, true} {
			st := tc.st
			st.RollbackOf, st.RollbackByShape = 1001, byShape
			got := DeploymentIn("analytics-app (101)", &tc.d, st, again...)
			certain := []string{"This was a rollback to deployment 1001", "this was a rollback to deployment 1001", "this rollback to deployment 1001",
				"Rolling back to it again fails the same way"}
			if !byShape {
				if !strings.Contains(got, "rollback to deployment 1001") {
					t.Errorf("%s: a known rollback is not called one:\n%s", tc.name, got)
				}
				continue
			}
			if !strings.Contains(got, "Taken for the rollback to deployment 1001 whose answer this server lost") {
				t.Errorf("%s, by shape: not hedged:\n%s", tc.name, got)
			}
			for _, c := range certain {
				if strings.Contains(got, c) {
					t.Errorf("%s, by shape: says %q as a fact:\n%s", tc.name, c, got)
				}
			}
		}
	}
}
