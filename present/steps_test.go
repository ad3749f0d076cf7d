package present

import (
	"strings"
	"testing"
)

// TestStepCellsAreEscapedOnce: the step table's cells take plain text; a step text that held
// text rendered already (an app's label) showed its escapes doubled.
func TestStepCellsAreEscapedOnce(t *testing.T) {
	table := StepTable([][]string{
		{StepCreateApp, StepAppReused(PlainAppLabel(7, "-edge-app-"))},
	})
	for _, want := range []string{
		"| reused -edge-app- (7), tagged",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("no %q in\n%s", want, table)
		}
	}
	if strings.Contains(table, `\\`) {
		t.Errorf("a cell is escaped twice:\n%s", table)
	}
}
