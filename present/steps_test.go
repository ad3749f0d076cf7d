package present

import (
	"strings"
	"testing"
)

// TestStepCellsAreEscapedOnce: the step table's cells take plain text; a step text that held
// text rendered already (an app's label) showed its escapes doubled.
func TestStepCellsAreEscapedOnce(t *testing.T) {
	table := StepTable([][]string{
		{StepCreateApp, StepAppCreated(PlainAppLabel(7, "-edge-app-"), "us-west-2")},
	})
	for _, want := range []string{
		"| created -edge-app- (7) in us-west-2 |",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("no %q in\n%s", want, table)
		}
	}
	if strings.Contains(table, `\\`) {
		t.Errorf("a cell is escaped twice:\n%s", table)
	}
}
