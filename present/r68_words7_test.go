package present

import (
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR68Words7RemediesSayWhoActsAndWith: a remedy names who acts and with what. A fork of an
// app without a spicepod said "set one first" (with what, on which app?), now the source and
// update_app, marked where the caller lacks it; an organization not set up for deployments said
// "finish its setup in the Spice.ai portal", which the agent cannot: it asks the user to.
func TestR68Words7RemediesSayWhoActsAndWith(t *testing.T) {
	fork := &client.APIError{Operation: "forkProject", StatusCode: http.StatusUnprocessableEntity, Code: "fork_source_has_no_spicepod",
		Message: "The source project has no spicepod to fork"}
	if got := ToolErrorFor("fork_app", nil, fork, nil); !strings.Contains(got, "set one on it with update_app first") {
		t.Errorf("fork of an app without a spicepod: %s", got)
	}
	hidden := ToolErrorFor("fork_app", nil, fork, []UnavailableTool{{Name: "update_app", Reason: HiddenReadOnly}})
	if !strings.Contains(hidden, "update_app (not available here)") || !strings.Contains(hidden, "update_app is not available here (") {
		t.Errorf("fork of an app without a spicepod, update_app hidden: %s", hidden)
	}
	org := &client.APIError{Operation: "createProjectDeployment", StatusCode: http.StatusUnprocessableEntity, Message: "Organization is not fully configured"}
	if got := ToolErrorFor("create_deployment", nil, org, nil); !strings.Contains(got, "ask the user to finish its setup in the Spice.ai portal") {
		t.Errorf("organization not set up: %s", got)
	}
}
