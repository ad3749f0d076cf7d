package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR64Hostile8APITextMaskedSaysWhy: README shows every masked quote "with why"; the API's
// 404 quoting an instance name that holds a credential read "Instance '`********`' not found",
// a run of asterisks the agent could take for the name.
func TestR64Hostile8APITextMaskedSaysWhy(t *testing.T) {
	for _, msg := range []string{
		"Instance 'ghp_R64hostile8AbCdEfGhIjKlMnOpQrStUvWxYz01' not found",
		"Instance 'sk-proj-R64hostile8abcdefghijklmnopq' not found",
	} {
		got := Error(&client.APIError{Operation: "getProjectInstanceLogs", StatusCode: 404, Code: "instance_not_found", Message: msg})
		if strings.Contains(strings.ToUpper(got), "R64HOSTILE8") || !strings.Contains(got, "not found"+maskedWhy) {
			t.Errorf("%.30s: want the name masked, with why: %s", msg, got)
		}
	}
	// An answer with nothing masked carries no note.
	got := Error(&client.APIError{Operation: "getProjectInstanceLogs", StatusCode: 404, Code: "instance_not_found", Message: "Instance 'spiced-0' not found"})
	if strings.Contains(got, "masked") || !strings.Contains(got, "Instance 'spiced-0' not found") {
		t.Errorf("an ordinary name: %s", got)
	}
}
