package client_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR65Spec7CreateProjectDeployment502IsNotRetried: the route the tools deploy through
// (createProjectDeployment) documents a 502 upstream failure (api/README §5); the API may have
// queued the deployment, so the client sends it once, waits no backoff and says the outcome is
// unknown, while a GET's 502 is retried (README, The client, Retries). TestCreateDeployment502IsNotRetried
// holds the deprecated alias.
func TestR65Spec7CreateProjectDeployment502IsNotRetried(t *testing.T) {
	env := newEnv(t, sandbox.Config{})
	sleeps := recordSleeps(env.client)
	ctx := context.Background()
	app := createApp(t, env.client, "no-retry-projects")
	_, err := env.client.UpdateApp(ctx, app.ID, client.UpdateAppRequest{Spicepod: spicepodYAML})
	mustNoErr(t, err)

	env.emu.InjectFault(sandbox.Fault{Operation: api.CreateProjectDeployment.ID, Status: http.StatusBadGateway, AfterApply: true})
	_, err = env.client.CreateProjectDeployment(ctx, app.ID, client.CreateProjectDeploymentRequest{})
	if apiErr := wantAPIError(t, err, http.StatusBadGateway, ""); !apiErr.OutcomeUnknown {
		t.Errorf("502 on createProjectDeployment: outcome not unknown: %v", err)
	}
	if n := env.emu.Calls(api.CreateProjectDeployment.ID); n != 1 {
		t.Errorf("createProjectDeployment sent %d times, want once", n)
	}
	if n := env.emu.DeploymentCount("sandbox", app.ID); n != 1 {
		t.Errorf("deployments = %d, want the 1 the API queued", n)
	}
	if w := sleeps(); len(w) != 0 {
		t.Errorf("waited %v before a retry of a POST", w)
	}

	// The same status on a GET is retried, and the retry answers.
	env.emu.InjectFault(sandbox.Fault{Operation: api.ListProjectDeployments.ID, Status: http.StatusBadGateway})
	deps, err := env.client.ListProjectDeployments(ctx, app.ID, client.ListDeploymentsOptions{})
	mustNoErr(t, err)
	if n := env.emu.Calls(api.ListProjectDeployments.ID); n != 2 || len(deps) != 1 || len(sleeps()) != 1 {
		t.Errorf("a GET's 502: %d calls, %d deployments, waits %v; want 2 calls, 1 deployment, 1 wait", n, len(deps), sleeps())
	}
}
