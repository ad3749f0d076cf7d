package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// A failed (or stopped) deployment only taken for a lost rollback by shape, after which a later
// deployment succeeded (Standing.ReplacedBy): the what-to-do is hedged ("if this was the
// rollback ...", "this deployment (taken for the rollback ...)"), yet the sentence on the later
// deployment still says as a fact that it "succeeded after this rollback"
// (present/deployments.go rollbackFailedStep, case st.ReplacedBy != 0), which 6e83379 hedged
// everywhere else.
func TestR43ReviewflowsByShapeReplacedSaysThisRollback(t *testing.T) {
	for _, d := range []client.Deployment{
		{ID: 1008, Status: client.StatusFailed, ErrorCode: client.CodeUnableToStart, ErrorMessage: "The Spice runtime failed to start"},
		{ID: 1008, Status: client.StatusFailed, ErrorCode: client.CodeStopped, ErrorMessage: "Stopped by a pause"},
	} {
		st := Standing{ReplacedBy: 1009, Newer: 1009, NewerStatus: client.StatusSucceeded, RollbackOf: 1001, RollbackByShape: true}
		got := DeploymentIn("analytics-app (101)", &d, st, Arg{"app", "analytics-app"})
		t.Logf("%s:\n%s", d.ErrorCode, got)
		if strings.Contains(got, "after this rollback") {
			t.Errorf("%s, by shape: says %q as a fact", d.ErrorCode, "succeeded after this rollback")
		}
	}
}
