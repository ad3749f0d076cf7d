package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// In sandbox mode an error is the emulator's: its heading and a spent time limit's text never
// name the Spice.ai API; outside it they stay as they were.
func TestR43SandboxErrorTexts(t *testing.T) {
	dl := &client.DeadlineError{Operation: "listProjects", Method: "GET", Path: "/v1/projects"}
	if got := deadlineText(dl); !strings.Contains(got, "Spice.ai API is slow or busy") {
		t.Errorf("not sandbox: %s", got)
	}
	dl.Sandbox = true
	if got := deadlineText(dl); strings.Contains(got, "Spice.ai API") || !strings.Contains(got, "--tool-timeout") {
		t.Errorf("sandbox: %s", got)
	}
	if got := deadlineText(&client.DeadlineError{Sandbox: true}); strings.Contains(got, "Spice.ai API") {
		t.Errorf("sandbox, outside a request: %s", got)
	}
	if apiErrorHead(true) == apiErrorHead(false) || strings.Contains(apiErrorHead(true), "Spice.ai") {
		t.Errorf("heads: %q %q", apiErrorHead(true), apiErrorHead(false))
	}
}

// The users RemedySandboxUnknownUser names are the emulator's own (sandbox.DefaultUsers), and the
// text sends nobody to sign in to Spice.ai.
func TestR43SandboxUnknownUserNamesEmulatorUsers(t *testing.T) {
	known := map[string]bool{}
	for _, u := range sandbox.DefaultUsers() {
		known[u.Username] = true
	}
	for _, name := range []string{"jdoe", "asmith"} {
		if !known[name] || !strings.Contains(RemedySandboxUnknownUser, "`"+name+"`") {
			t.Errorf("%s: known %v, text %q", name, known[name], RemedySandboxUnknownUser)
		}
	}
	if strings.Contains(RemedySandboxUnknownUser, "sign in") {
		t.Errorf("%q", RemedySandboxUnknownUser)
	}
}
