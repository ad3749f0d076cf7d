package client_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// invocation calls one operation with valid arguments on app (and, for deployments, dep).
type invocation func(ctx context.Context, c *client.Client, app, dep int64) error

// operations has one valid call per operation in openapi.json, keyed by operationId.
var operations = map[string]invocation{
	"getHealth": func(ctx context.Context, c *client.Client, _, _ int64) error { _, err := c.Health(ctx); return err },
	"listRegions": func(ctx context.Context, c *client.Client, _, _ int64) error {
		_, err := c.ListRegions(ctx, "")
		return err
	},
	"listContainerImages": func(ctx context.Context, c *client.Client, _, _ int64) error {
		_, err := c.ListContainerImages(ctx, "")
		return err
	},
	"listApps": func(ctx context.Context, c *client.Client, _, _ int64) error { _, err := c.ListApps(ctx); return err },
	"createApp": func(ctx context.Context, c *client.Client, _, _ int64) error {
		_, err := c.CreateApp(ctx, client.CreateAppRequest{Name: "matrix-new", Region: "us-east-1"})
		return err
	},
	"getApp": func(ctx context.Context, c *client.Client, app, _ int64) error {
		_, err := c.GetApp(ctx, app)
		return err
	},
	"updateApp": func(ctx context.Context, c *client.Client, app, _ int64) error {
		_, err := c.UpdateApp(ctx, app, client.UpdateAppRequest{Description: ptr("matrix")})
		return err
	},
	"deleteApp": func(ctx context.Context, c *client.Client, app, _ int64) error { return c.DeleteApp(ctx, app) },
	"listDeployments": func(ctx context.Context, c *client.Client, app, _ int64) error {
		_, err := c.ListDeployments(ctx, app, client.ListDeploymentsOptions{Limit: 5})
		return err
	},
	"createDeployment": func(ctx context.Context, c *client.Client, app, _ int64) error {
		_, err := c.CreateDeployment(ctx, app, client.CreateDeploymentRequest{})
		return err
	},
	"getDeployment": func(ctx context.Context, c *client.Client, app, dep int64) error {
		_, err := c.GetDeployment(ctx, app, dep)
		return err
	},
	"listSecrets": func(ctx context.Context, c *client.Client, app, _ int64) error {
		_, err := c.ListSecrets(ctx, app)
		return err
	},
	"upsertSecret": func(ctx context.Context, c *client.Client, app, _ int64) error {
		_, err := c.UpsertSecret(ctx, app, "MATRIX", "value")
		return err
	},
	"getSecret": func(ctx context.Context, c *client.Client, app, _ int64) error {
		_, err := c.GetSecret(ctx, app, "PG_PASS")
		return err
	},
	"deleteSecret": func(ctx context.Context, c *client.Client, app, _ int64) error {
		return c.DeleteSecret(ctx, app, "PG_PASS")
	},
	"getApiKeys": func(ctx context.Context, c *client.Client, app, _ int64) error {
		_, err := c.GetAPIKeys(ctx, app)
		return err
	},
	"regenerateApiKey": func(ctx context.Context, c *client.Client, app, _ int64) error {
		_, err := c.RegenerateAPIKey(ctx, app, client.KeySecondary)
		return err
	},
	"listMembers": func(ctx context.Context, c *client.Client, _, _ int64) error {
		_, err := c.ListMembers(ctx)
		return err
	},
	"addMember": func(ctx context.Context, c *client.Client, _, _ int64) error {
		_, err := c.AddMember(ctx, client.AddMemberRequest{Username: "asmith"})
		return err
	},
	"removeMember": func(ctx context.Context, c *client.Client, _, _ int64) error { return c.RemoveMember(ctx, 2) },
}

// unreachable400 lists the operations whose only 400s are inputs the client refuses before
// sending (a non-numeric ID, an out-of-range value, an unknown enum): the client cannot
// produce them, and the emulator's own tests cover them.
var unreachable400 = map[string]bool{
	"listRegions": true, "listContainerImages": true, "getApp": true, "updateApp": true, "deleteApp": true,
	"listDeployments": true, "getDeployment": true, "listSecrets": true, "upsertSecret": true, "getSecret": true,
	"deleteSecret": true, "getApiKeys": true, "regenerateApiKey": true, "addMember": true, "removeMember": true,
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
	appScoped := map[string]bool{}

	for op, invoke := range operations {
		t.Run(op, func(t *testing.T) {
			declared := map[int]bool{}
			for _, code := range spec.Declared(op) {
				declared[code] = true
			}
			if declared[http.StatusUnauthorized] {
				wantAPIError(t, invoke(ctx, unauthorized, app, dep), http.StatusUnauthorized, "Invalid token format")
				wantAPIError(t, invoke(ctx, noScope, app, dep), http.StatusForbidden, "Insufficient scope. Required: ")
			}
			if declared[http.StatusNotFound] && op != "addMember" && op != "removeMember" {
				appScoped[op] = true
				wantAPIError(t, invoke(ctx, env.client, 999999, dep), http.StatusNotFound, "not found")
			}
			if declared[http.StatusTooManyRequests] {
				env.emu.InjectFault(sandbox.Fault{Operation: op, Status: http.StatusTooManyRequests, RetryAfter: "3600"})
				wantAPIError(t, invoke(ctx, env.client, app, dep), http.StatusTooManyRequests, "Too many requests")
			}
			env.emu.InjectFault(sandbox.Fault{Operation: op, Status: http.StatusInternalServerError})
			wantAPIError(t, invoke(ctx, env.client, app, dep), http.StatusInternalServerError, "Internal server error")
		})
	}
	if len(operations) != len(spec.Operations()) || len(appScoped) != 12 {
		t.Errorf("table covers %d of %d operations, %d app-scoped", len(operations), len(spec.Operations()), len(appScoped))
	}
}
