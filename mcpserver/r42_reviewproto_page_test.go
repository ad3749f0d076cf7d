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

// TestR42ReviewprotoManyNewDeploymentsNoteDoesNotLie: list_deployments with limit 1; between the
// first and the second page three deployments are started. The deployment the first page ended
// with still exists (deployments are never deleted), only pushed back 3 places. The resume
// window (tools/deployments.go: from(offset-1, limit+2)) holds limit+2 = 3 deployments, so it
// does not see it and the page says "The list changed since the last page, and deployment N,
// the item it ended with, is gone" — untrue — and then repeats deployments already shown.
func TestR42ReviewprotoManyNewDeploymentsNoteDoesNotLie(t *testing.T) {
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, safety: tools.Safety{NoConfirm: true}})
	api := r42API(t, h)
	id := h.appID(t, "analytics-app")
	type page struct {
		Deployments []struct {
			ID int64 `json:"id"`
		} `json:"deployments"`
		Next int `json:"next_offset"`
	}
	var first, second page
	structured(t, h.call(t, "list_deployments", map[string]any{"app": "analytics-app", "limit": 1}), &first)
	if first.Next != 1 || len(first.Deployments) != 1 {
		t.Fatalf("first page: %+v", first)
	}
	last := first.Deployments[0].ID
	for range 3 {
		h.clock.Advance(time.Hour) // the one before is over
		if _, err := api.CreateProjectDeployment(context.Background(), id, client.CreateProjectDeploymentRequest{}); err != nil {
			t.Fatal(err)
		}
	}
	h.clock.Advance(time.Hour)
	res := h.call(t, "list_deployments", map[string]any{"app": "analytics-app", "limit": 1, "offset": first.Next})
	structured(t, res, &second)
	if strings.Contains(text(res), fmt.Sprintf("deployment %d, the item it ended with, is gone", last)) {
		t.Errorf("the page says deployment %d is gone; it still exists, pushed back by 3 new ones:\n%s", last, text(res))
	}
	for _, d := range second.Deployments {
		if d.ID >= last {
			t.Errorf("the second page shows deployment %d, not older than %d the first page ended with:\n%s", d.ID, last, text(res))
		}
	}
}
