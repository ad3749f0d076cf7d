package present

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestCancelledCalls: a cancelled call says whether a change may have gone through and how to
// find out, never just "context canceled".
func TestCancelledCalls(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want []string
	}{
		{&client.CancelledError{Operation: api.CreateProject.ID, Method: "POST", Path: "/v1/projects", OutcomeUnknown: true},
			[]string{"Cancelled while the Spice.ai API was handling POST /v1/projects: it may have been applied.", "List apps (projects) and look for the name before creating it again."}},
		{&client.CancelledError{Operation: api.ListProjects.ID, Method: "GET", Path: "/v1/projects"},
			[]string{"Cancelled during GET /v1/projects; nothing more was sent."}},
		{fmt.Errorf("waiting: %w", context.Canceled), []string{"Cancelled; nothing more was sent."}},
	} {
		got := Error(tc.err)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%v: %q lacks %q", tc.err, got, w)
			}
		}
		if strings.Contains(got, "context canceled") {
			t.Errorf("raw error text: %q", got)
		}
	}
}
