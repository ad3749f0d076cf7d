package client_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// invocation calls one operation with valid arguments on app (and, for deployments, dep).
type invocation func(ctx context.Context, c *client.Client, app, dep int64) error

// operations has one valid call per operation in openapi.json.
var operations = map[*api.Operation]invocation{
	api.GetHealth: func(ctx context.Context, c *client.Client, _, _ int64) error { _, err := c.Health(ctx); return err },
	api.ListRegions: func(ctx context.Context, c *client.Client, _, _ int64) error {
		_, err := c.ListRegions(ctx, "")
		return err
	},
	api.ListContainerImages: func(ctx context.Context, c *client.Client, _, _ int64) error {
		_, err := c.ListContainerImages(ctx, "")
		return err
	},
	api.ListApps: func(ctx context.Context, c *client.Client, _, _ int64) error { _, err := c.ListApps(ctx); return err },
	api.CreateApp: func(ctx context.Context, c *client.Client, _, _ int64) error {
		_, err := c.CreateApp(ctx, client.CreateAppRequest{Name: "matrix-new", Region: "us-east-1"})
		return err
	},
	api.GetApp: func(ctx context.Context, c *client.Client, app, _ int64) error {
		_, err := c.GetApp(ctx, app)
		return err
	},
	api.UpdateApp: func(ctx context.Context, c *client.Client, app, _ int64) error {
		_, err := c.UpdateApp(ctx, app, client.UpdateAppRequest{Description: ptr("matrix")})
		return err
	},
	api.DeleteApp: func(ctx context.Context, c *client.Client, app, _ int64) error { return errOf(c.DeleteApp(ctx, app)) },
	api.ListDeployments: func(ctx context.Context, c *client.Client, app, _ int64) error {
		_, err := c.ListDeployments(ctx, app, client.ListDeploymentsOptions{Limit: 5})
		return err
	},
	api.CreateDeployment: func(ctx context.Context, c *client.Client, app, _ int64) error {
		_, err := c.CreateDeployment(ctx, app, client.CreateDeploymentRequest{})
		return err
	},
	api.GetDeployment: func(ctx context.Context, c *client.Client, app, dep int64) error {
		_, err := c.GetDeployment(ctx, app, dep)
		return err
	},
	api.ListSecrets: func(ctx context.Context, c *client.Client, app, _ int64) error {
		_, err := c.ListSecrets(ctx, app)
		return err
	},
	api.UpsertSecret: func(ctx context.Context, c *client.Client, app, _ int64) error {
		_, err := c.UpsertSecret(ctx, app, "MATRIX", "value")
		return err
	},
	api.GetSecret: func(ctx context.Context, c *client.Client, app, _ int64) error {
		_, err := c.GetSecret(ctx, app, "PG_PASS")
		return err
	},
	api.DeleteSecret: func(ctx context.Context, c *client.Client, app, _ int64) error {
		return errOf(c.DeleteSecret(ctx, app, "PG_PASS"))
	},
	api.GetAPIKeys: func(ctx context.Context, c *client.Client, app, _ int64) error {
		_, err := c.GetAPIKeys(ctx, app)
		return err
	},
	api.RegenerateAPIKey: func(ctx context.Context, c *client.Client, app, _ int64) error {
		_, err := c.RegenerateAPIKey(ctx, app, client.KeySecondary)
		return err
	},
	api.ListMembers: func(ctx context.Context, c *client.Client, _, _ int64) error {
		_, err := c.ListMembers(ctx)
		return err
	},
	api.AddMember: func(ctx context.Context, c *client.Client, _, _ int64) error {
		_, err := c.AddMember(ctx, client.AddMemberRequest{Username: "asmith"})
		return err
	},
	api.RemoveMember: func(ctx context.Context, c *client.Client, _, _ int64) error { return errOf(c.RemoveMember(ctx, 2)) },

	// The current generation.
	api.ListOrgs:     func(ctx context.Context, c *client.Client, _, _ int64) error { return errOf(c.ListOrgs(ctx)) },
	api.ListClusters: func(ctx context.Context, c *client.Client, _, _ int64) error { return errOf(c.ListClusters(ctx)) },
	api.GetLimits:    func(ctx context.Context, c *client.Client, _, _ int64) error { return errOf(c.GetLimits(ctx)) },
	api.ListProjects: func(ctx context.Context, c *client.Client, _, _ int64) error { return errOf(c.ListProjects(ctx)) },
	api.CreateProject: func(ctx context.Context, c *client.Client, _, _ int64) error {
		return errOf(c.CreateProject(ctx, client.CreateProjectRequest{Name: "matrix-project"}))
	},
	api.GetProject: func(ctx context.Context, c *client.Client, app, _ int64) error { return errOf(c.GetProject(ctx, app)) },
	api.UpdateProject: func(ctx context.Context, c *client.Client, app, _ int64) error {
		return errOf(c.UpdateProject(ctx, app, client.UpdateProjectRequest{Description: ptr("matrix")}))
	},
	api.DeleteProject: func(ctx context.Context, c *client.Client, app, _ int64) error {
		return errOf(c.DeleteProject(ctx, app))
	},
	api.GetProjectAPIKeys: func(ctx context.Context, c *client.Client, app, _ int64) error {
		return errOf(c.GetProjectAPIKeys(ctx, app))
	},
	api.RegenerateProjectAPIKey: func(ctx context.Context, c *client.Client, app, _ int64) error {
		return errOf(c.RegenerateProjectAPIKey(ctx, app, client.KeyPrimary))
	},
	api.ListProjectDeployments: func(ctx context.Context, c *client.Client, app, _ int64) error {
		return errOf(c.ListProjectDeployments(ctx, app, client.ListDeploymentsOptions{Limit: 5}))
	},
	api.CreateProjectDeployment: func(ctx context.Context, c *client.Client, app, _ int64) error {
		return errOf(c.CreateProjectDeployment(ctx, app, client.CreateProjectDeploymentRequest{}))
	},
	api.GetProjectDeployment: func(ctx context.Context, c *client.Client, app, dep int64) error {
		return errOf(c.GetProjectDeployment(ctx, app, dep))
	},
	api.GetProjectDeploymentLogs: func(ctx context.Context, c *client.Client, app, dep int64) error {
		return errOf(c.GetProjectDeploymentLogs(ctx, app, dep, client.DeploymentLogsOptions{Limit: 10}))
	},
	api.ForkProject: func(ctx context.Context, c *client.Client, app, _ int64) error {
		return errOf(c.ForkProject(ctx, app, client.ForkProjectRequest{Name: "matrix-fork", Region: "us-west-2"}))
	},
	api.ListProjectForks: func(ctx context.Context, c *client.Client, app, _ int64) error {
		return errOf(c.ListProjectForks(ctx, app))
	},
	api.ListProjectInstances: func(ctx context.Context, c *client.Client, app, _ int64) error {
		return errOf(c.ListProjectInstances(ctx, app))
	},
	api.GetProjectInstanceLogs: func(ctx context.Context, c *client.Client, app, _ int64) error {
		return errOf(c.GetProjectInstanceLogs(ctx, app, matrixInstance, 10))
	},
	api.GetProjectMetrics: func(ctx context.Context, c *client.Client, app, _ int64) error {
		return errOf(c.GetProjectMetrics(ctx, app, "1h"))
	},
	api.PauseProject: func(ctx context.Context, c *client.Client, app, _ int64) error { return c.PauseProject(ctx, app) },
	api.ConnectProjectRepository: func(ctx context.Context, c *client.Client, app, _ int64) error {
		return errOf(c.ConnectProjectRepository(ctx, app, client.ConnectRepositoryRequest{Repository: "acme/analytics"}))
	},
	api.ResumeProject: func(ctx context.Context, c *client.Client, app, _ int64) error {
		return errOf(c.ResumeProject(ctx, app))
	},
	api.RollbackProject: func(ctx context.Context, c *client.Client, app, dep int64) error {
		return errOf(c.RollbackProject(ctx, app, dep))
	},
	api.ListProjectSecrets: func(ctx context.Context, c *client.Client, app, _ int64) error {
		return errOf(c.ListProjectSecrets(ctx, app))
	},
	api.UpsertProjectSecret: func(ctx context.Context, c *client.Client, app, _ int64) error {
		return errOf(c.UpsertProjectSecret(ctx, app, "MATRIX", "value"))
	},
	api.GetProjectSecret: func(ctx context.Context, c *client.Client, app, _ int64) error {
		return errOf(c.GetProjectSecret(ctx, app, "PG_PASS"))
	},
	api.DeleteProjectSecret: func(ctx context.Context, c *client.Client, app, _ int64) error {
		return errOf(c.DeleteProjectSecret(ctx, app, "PG_PASS"))
	},
	api.GetDeploymentLogs: func(ctx context.Context, c *client.Client, app, dep int64) error {
		return errOf(c.GetDeploymentLogs(ctx, app, dep, client.DeploymentLogsOptions{}))
	},
	api.GetAppMetrics: func(ctx context.Context, c *client.Client, app, _ int64) error {
		return errOf(c.GetAppMetrics(ctx, app, ""))
	},
	api.RollbackApp: func(ctx context.Context, c *client.Client, app, dep int64) error {
		return errOf(c.RollbackApp(ctx, app, dep))
	},
	api.GetMember: func(ctx context.Context, c *client.Client, _, _ int64) error { return errOf(c.GetMember(ctx, 2)) },
	api.UpdateMemberRoles: func(ctx context.Context, c *client.Client, _, _ int64) error {
		return errOf(c.UpdateMemberRoles(ctx, 2, []string{"viewer"}))
	},
}

// matrixInstance is a runtime instance of the matrix's app, found when the matrix starts.
var matrixInstance = "analytics-app-0"

// unreachable400 lists the operations whose only 400s are inputs the client refuses before
// sending (a non-numeric ID, an out-of-range value, an unknown enum): the client cannot
// produce them, and the emulator's own tests cover them.
var unreachable400 = map[*api.Operation]bool{
	api.ListRegions: true, api.ListContainerImages: true, api.GetApp: true, api.UpdateApp: true, api.DeleteApp: true,
	api.ListDeployments: true, api.GetDeployment: true, api.ListSecrets: true, api.UpsertSecret: true, api.GetSecret: true,
	api.DeleteSecret: true, api.GetAPIKeys: true, api.RegenerateAPIKey: true, api.AddMember: true, api.RemoveMember: true,
	// The current generation adds a 400 for a present but empty X-Org-Name, which the client
	// never sends (an empty organization means "the credential's own"); their other 400s are
	// refused inputs too.
	api.ListOrgs: true, api.ListClusters: true, api.GetLimits: true, api.ListProjects: true,
	api.GetProject: true, api.DeleteProject: true, api.GetProjectAPIKeys: true, api.RegenerateProjectAPIKey: true,
	api.ListProjectDeployments: true, api.GetProjectDeployment: true, api.GetProjectDeploymentLogs: true,
	api.ListProjectForks: true, api.ListProjectInstances: true, api.GetProjectInstanceLogs: true,
	api.GetProjectMetrics: true, api.PauseProject: true, api.ResumeProject: true, api.RollbackProject: true,
	api.ListProjectSecrets: true, api.UpsertProjectSecret: true, api.GetProjectSecret: true, api.DeleteProjectSecret: true,
	api.GetDeploymentLogs: true, api.GetAppMetrics: true, api.RollbackApp: true, api.ListMembers: true,
	api.GetMember: true, api.UpdateMemberRoles: true, api.ListApps: true,
	// Its 400s (invalid_repository, invalid_root_directory) are rules.Repository and
	// rules.RootDirectory, which the client applies.
	api.ConnectProjectRepository: true,
}

// TestErrorStatusMatrix drives every operation through the client into the generic error
// statuses: 401 (unknown token), 403 (no scope), 404 (missing app), 429 and 500 (injected).
func TestErrorStatusMatrix(t *testing.T) {
	env := newEnv(t, sandbox.Config{Demo: true})
	ctx := context.Background()
	apps, err := env.client.ListApps(ctx)
	mustNoErr(t, err)
	var app int64
	for _, a := range apps {
		if a.Name == "analytics-app" {
			app = a.ID
		}
	}
	deps, err := env.client.ListDeployments(ctx, app, client.ListDeploymentsOptions{Limit: 1})
	mustNoErr(t, err)
	dep := deps[0].ID
	if insts, err := env.client.ListProjectInstances(ctx, app); err == nil && len(insts) > 0 {
		matrixInstance = insts[0].Name
	}
	unauthorized := env.withToken(t, "unknown-token")
	noScope := env.scoped(t, "config:read")
	for _, op := range api.Operations {
		invoke := operations[op]
		if invoke == nil {
			t.Errorf("%s: no invocation in the matrix", op.ID)
			continue
		}
		t.Run(op.ID, func(t *testing.T) {
			declared := map[int]bool{}
			for _, code := range op.Statuses {
				declared[code] = true
			}
			if declared[http.StatusUnauthorized] {
				wantAPIError(t, invoke(ctx, unauthorized, app, dep), http.StatusUnauthorized, "Invalid token format")
				wantAPIError(t, invoke(ctx, noScope, app, dep), http.StatusForbidden, "Insufficient scope. Required: ")
			}
			if strings.Contains(op.Path, "{appId}") || strings.Contains(op.Path, "{projectId}") {
				wantAPIError(t, invoke(ctx, env.client, 999999, dep), http.StatusNotFound, "not found")
			}
			if declared[http.StatusTooManyRequests] {
				env.emu.InjectFault(sandbox.Fault{Operation: op.ID, Status: http.StatusTooManyRequests, RetryAfter: "3600"})
				wantAPIError(t, invoke(ctx, env.client, app, dep), http.StatusTooManyRequests, "Too many requests")
			}
			env.emu.InjectFault(sandbox.Fault{Operation: op.ID, Status: http.StatusInternalServerError})
			wantAPIError(t, invoke(ctx, env.client, app, dep), http.StatusInternalServerError, "Internal server error")
		})
	}
}
