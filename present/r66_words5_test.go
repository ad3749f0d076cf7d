package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR66Words5PlanLimitWithSeparators: the plan's limit on log lines is written as results
// write every quantity of 1,000 or more, with separators, in the API's refusal's remedy as in
// get_instance_logs' note (the remedy said "at most 1000 log lines").
func TestR66Words5PlanLimitWithSeparators(t *testing.T) {
	err := &client.APIError{Operation: "getProjectInstanceLogs", StatusCode: 403, Code: "plan_limit", Message: "tail exceeds the plan limit", MaxTail: 1000}
	if got := Remedy(err); !strings.Contains(got, "at most 1,000 log lines") {
		t.Errorf("remedy: %q", got)
	}
}
