package present

import (
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// RollbackQueued confirms rollback_deployment: a new deployment that runs an earlier one's
// configuration again (again: as Deployment's).
func RollbackQueued(app string, from int64, d *client.Deployment, again ...Arg) string {
	return fmt.Sprintf("Queued a rollback of %s to deployment %d: deployment %d runs its configuration again.\n\n%s",
		app, from, d.ID, Deployment(app, d, again...))
}

// RollbackFailed renders rollback_deployment's failure when what to do is a call only the
// tool's arguments can name (again: the app and organization as the caller named them; to:
// the deployment to roll back to): a paused app (resume first, then the rollback: resuming
// deploys the current configuration, not to's), a deployment in flight (wait for it, then the
// rollback), a deployment the app does not have (list the ones to choose from). ok is false
// for any other failure: Error's remedy stands.
func RollbackFailed(err error, to int64, again ...Arg) (text string, ok bool) {
	var apiErr *client.APIError
	f, known := failureOf(err)
	if !known || !errors.As(err, &apiErr) {
		return "", false
	}
	back := Call("rollback_deployment", append(slices.Clip(again), Arg{"deployment_id", to})...)
	i, _ := remedyFor(f)
	if i < 0 {
		return "", false
	}
	var remedy string
	switch remedies[i].Text {
	case remedyPaused:
		remedy = fmt.Sprintf("The app (project) is paused, and resuming it deploys its current configuration, not deployment %d's: "+
			"first %s (it waits for that deployment), then %s", to,
			Call("resume_app", append(slices.Clip(again), Arg{"wait", true})...), back)
	case remedyInFlightID:
		remedy = fmt.Sprintf("Deployment %d is still queued or in progress: wait for it with %s, then %s", f.ActiveDeploymentID,
			Call("wait_for_deployment", append(slices.Clip(again), Arg{"deployment_id", f.ActiveDeploymentID})...), back)
	case remedyInFlight:
		remedy = fmt.Sprintf("Another deployment is still queued or in progress: %s shows it (newest first); wait for it with "+
			"wait_for_deployment (the app and its deployment_id), then %s", Call("list_deployments", again...), back)
	case remedyNoDeployment:
		if f.Status != http.StatusNotFound {
			return "", false
		}
		remedy = "List the app's deployments to get the right deployment ID: " +
			Call("list_deployments", append(slices.Clip(again), Arg{"status", "succeeded"})...) +
			" lists the ones it can roll back to (they must have succeeded)"
	default:
		return "", false
	}
	return apiErrorText(apiErr, remedy), true
}
