package tools

import (
	"context"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

type rollbackArgs struct {
	App          AppRef       `json:"app"`
	DeploymentID DeploymentID `json:"deployment_id" jsonschema:"description=The previous good one"`
	orgArg
}

func (a *rollbackArgs) validate() rules.FieldErrors {
	fe := checkApp(a.App)
	if a.DeploymentID < 1 {
		fe.Check("deployment_id", present.ArgDeploymentIDRequired)
	}
	return fe
}

// rollbackDeployment starts a deployment that runs an earlier one's configuration again: the
// API's own rollback, so nothing of the app's current configuration is rewritten.
var rollbackDeployment = register(define[rollbackArgs, deploymentItem](Tool{
	Name: "rollback_deployment", Title: "Roll back app", Toolset: ToolsetDeployments,
	Operations: []*api.Operation{api.ListProjects, api.RollbackProject},
	Examples:   Examples{Valid: map[string]any{"app": "analytics-app", "deployment_id": 1003}, Invalid: map[string]any{"app": "analytics-app"}},
	Description: "Roll back (revert, undo, restore) an app to a previous good deployment after a bad one broke it. " +
		"Returns at once, queued.",
}, func(ctx context.Context, env *Env, c *client.Client, a rollbackArgs) (*Result, error) {
	target, err := resolveApp(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	d, err := c.RollbackProject(ctx, target.ID, int64(a.DeploymentID))
	if err != nil {
		// What to do is a call with these arguments (resume first, wait, pick another): named.
		if text, ok := present.RollbackFailed(err, int64(a.DeploymentID), appAgain(string(a.App), a.orgArg)...); ok {
			return failedBy(text, err), nil
		}
		return nil, err
	}
	return &Result{Text: present.RollbackQueued(target.label(), int64(a.DeploymentID), d, appAgain(string(a.App), a.orgArg)...),
		Structured: newDeploymentResult(d).deploymentItem}, nil // masked and shortened as the text shows it
}))
