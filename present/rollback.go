package present

import (
	"fmt"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// RollbackQueued confirms rollback_deployment: a new deployment that runs an earlier one's
// configuration again (again: as Deployment's).
func RollbackQueued(app string, from int64, d *client.Deployment, again ...Arg) string {
	return fmt.Sprintf("Queued a rollback of %s to deployment %d: deployment %d runs its configuration again.\n\n%s",
		app, from, d.ID, Deployment(app, d, again...))
}
