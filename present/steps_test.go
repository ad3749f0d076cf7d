package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestStepCellsAreEscapedOnce: the step table's cells take plain text; a step text that held
// text rendered already (an app's label, an API error) showed its escapes doubled.
func TestStepCellsAreEscapedOnce(t *testing.T) {
	err := &client.APIError{Operation: "listProjectSecrets", StatusCode: 502, Message: `upstream <b>down</b> [x](y) a|b password: hunter2`}
	table := StepTable([][]string{
		{StepCreateApp, StepAppCreated(PlainAppLabel(7, "-edge-app-"), "us-west-2")},
		{StepSecretsOnPage, StepSecretsUnchecked(err)},
	})
	for _, want := range []string{
		"| created -edge-app- (7) in us-west-2 |",
		`Spice.ai API error 502 Bad Gateway: upstream \<b>down\</b> [x\](y) a\|b password: ` + "`" + Masked + "`",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("no %q in\n%s", want, table)
		}
	}
	if strings.Contains(table, `\\`) {
		t.Errorf("a cell is escaped twice:\n%s", table)
	}
}
