package present

import (
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR58WordsApprovalFooterSaysNothingChangedOnce: the approval text ends on "Nothing was
// changed yet." alone; "If they decline, nothing happens." said it again (a declined page's
// next call says so itself, ApprovalDeclined).
func TestR58WordsApprovalFooterSaysNothingChangedOnce(t *testing.T) {
	expires := time.Date(2026, 12, 5, 12, 10, 0, 0, time.UTC)
	for name, out := range map[string]string{
		"needed": ApprovalNeeded("Pause app analytics-app (101)", nil, "pause_app", "http://127.0.0.1:8765/human/x", expires),
		"opened": ApprovalOpened("Pause app analytics-app (101)", nil, "pause_app", expires),
	} {
		if strings.Contains(out, "If they decline") {
			t.Errorf("%s: the approval text says nothing changes twice:\n%s", name, out)
		}
		if !strings.HasSuffix(out, "that call does it, once. Nothing was changed yet.") &&
			!strings.HasSuffix(out, "opens the page again. Nothing was changed yet.") {
			t.Errorf("%s: the approval text does not end saying nothing was changed:\n%s", name, out)
		}
	}
}

// TestR58WordsRollbackParentheticalShort: the rollback says why the stored spicepod is not
// written back without naming the deployment a second time in the same sentence.
func TestR58WordsRollbackParentheticalShort(t *testing.T) {
	d := &client.Deployment{ID: 1008, Status: "queued"}
	out := RollbackQueued("analytics-app", 1003, d, RollbackStanding{}, nil)
	if strings.Contains(out, "deployment 1003's spicepod") {
		t.Errorf("the rollback names deployment 1003 again in its parenthetical:\n%s", out)
	}
	want := "deploys it and undoes this rollback (the API does not return a deployment's spicepod)."
	if !strings.Contains(out, want) {
		t.Errorf("the rollback lacks %q:\n%s", want, out)
	}
}

// TestR58WordsCallerTokenRefusedNamesTheSession: the 401's text names the session by the header
// a client developer sees (Mcp-Session-Id), not by this project's "2025-era" shorthand.
func TestR58WordsCallerTokenRefusedNamesTheSession(t *testing.T) {
	for _, meta := range []string{"", "https://mcp.example/.well-known/oauth-protected-resource"} {
		out := CallerTokenRefused(meta)
		if strings.Contains(out, "2025-era") {
			t.Errorf("the 401 text uses the project's shorthand:\n%s", out)
		}
		if !strings.Contains(out, "(an MCP session, Mcp-Session-Id, belongs to the token that opened it: initialize again with the new one)") {
			t.Errorf("the 401 text does not say the session belongs to the old token:\n%s", out)
		}
	}
}
