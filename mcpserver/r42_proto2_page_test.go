package mcpserver_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// TestR42Proto2DeploymentsResumeLooksFurther: list_deployments with limit 1; between the first
// and the second page many deployments are started. Found within a few of the API's pages past
// the resume window, the page continues after the deployment the first page ended with; pushed
// back further than that, the page says so (never that the deployment is gone: it is not) and
// starts at the offset asked.
func TestR42Proto2DeploymentsResumeLooksFurther(t *testing.T) {
	for _, tc := range []struct {
		started int
		found   bool
	}{{150, true}, {320, false}} {
		t.Run(fmt.Sprint(tc.started), func(t *testing.T) {
			h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
			api := r42API(t, h)
			id := h.appID(t, "analytics-app")
			type page struct {
				Deployments []struct {
					ID int64 `json:"id"`
				} `json:"deployments"`
				Offset int `json:"offset"`
				Next   int `json:"next_offset"`
			}
			var first, second page
			structured(t, h.call(t, "list_deployments", map[string]any{"app": "analytics-app", "limit": 1}), &first)
			if first.Next != 1 || len(first.Deployments) != 1 {
				t.Fatalf("first page: %+v", first)
			}
			last := first.Deployments[0].ID
			for range tc.started {
				h.clock.Advance(time.Hour) // the one before is over
				if _, err := api.CreateProjectDeployment(context.Background(), id, client.CreateProjectDeploymentRequest{}); err != nil {
					t.Fatal(err)
				}
			}
			h.clock.Advance(time.Hour)
			res := h.call(t, "list_deployments", map[string]any{"app": "analytics-app", "limit": 1, "offset": first.Next})
			structured(t, res, &second)
			if strings.Contains(text(res), "is gone") {
				t.Errorf("the page says a deployment is gone; none is:\n%s", text(res))
			}
			if tc.found {
				mustContain(t, "second page", text(res), fmt.Sprintf("%d deployments were added since the last page; this page continues after deployment %d", tc.started, last))
				if second.Offset != 1+tc.started || len(second.Deployments) != 1 || second.Deployments[0].ID >= last {
					t.Errorf("the second page does not continue after deployment %d: %+v\n%s", last, second, text(res))
				}
				return
			}
			mustContain(t, "second page", text(res), fmt.Sprintf("At least 303 deployments were added since the last page: deployment %d, the item it ended with, is not among the 303 from where it was. This page starts at the offset asked, so items may repeat.", last))
			if second.Offset != 1 || len(second.Deployments) != 1 {
				t.Errorf("the second page does not start at the offset asked: %+v\n%s", second, text(res))
			}
		})
	}
}
