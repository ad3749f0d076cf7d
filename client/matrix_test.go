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
}

// unreachable400 lists the operations whose only 400s are inputs the client refuses before
// sending (a non-numeric ID, an out-of-range value, an unknown enum): the client cannot
// produce them, and the emulator's own tests cover them.
var unreachable400 = map[*api.Operation]bool{
	api.ListRegions: true, api.ListContainerImages: true, api.GetApp: true, api.UpdateApp: true, api.DeleteApp: true,
	api.ListDeployments: true, api.GetDeployment: true, api.ListSecrets: true, api.UpsertSecret: true, api.GetSecret: true,
	api.DeleteSecret: true, api.GetAPIKeys: true, api.RegenerateAPIKey: true, api.AddMember: true, api.RemoveMember: true,
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
			if strings.Contains(op.Path, "{appId}") {
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
