package tools

import (
	"context"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

type orgList struct {
	Orgs []client.Org `json:"orgs"`
}

var listOrgs = register(define[noArgs, orgList](Tool{
	Name: "list_orgs", Title: "List organizations", Toolset: ToolsetPlatform,
	Operations:  []*api.Operation{api.ListOrgs},
	Examples:    Examples{Valid: map[string]any{}, Invalid: map[string]any{"name": "acme"}},
	Description: "List the orgs you can act in, with your role in each; pass its name as org.",
	ReadOnly:    true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, _ noArgs) (*Result, error) {
	orgs, err := c.ListOrgs(ctx)
	if err != nil {
		return nil, err
	}
	return &Result{Text: present.Orgs(orgs, actingOrg(ctx, c)), Structured: orgList{Orgs: orgs}}, nil
}))

var getLimits = register(define[orgArgs, client.Limits](Tool{
	Name: "get_limits", Title: "Plan limits", Toolset: ToolsetPlatform,
	Operations: []*api.Operation{api.GetLimits},
	Examples:   Examples{Valid: map[string]any{}, Invalid: map[string]any{"plan": "pro"}},
	Description: "Show the plan's limits (quotas, maximums): apps, replicas per app, members, request rate, " +
		"timeouts, CPU and memory.",
	ReadOnly: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, _ orgArgs) (*Result, error) {
	l, err := c.GetLimits(ctx)
	if err != nil {
		return nil, err
	}
	return &Result{Text: present.Limits(l, actingOrg(ctx, c)), Structured: l}, nil
}))

type clusterList struct {
	Clusters []client.Cluster `json:"clusters"`
}

var listClusters = register(define[orgArgs, clusterList](Tool{
	Name: "list_clusters", Title: "List dedicated clusters", Toolset: ToolsetPlatform,
	Operations:  []*api.Operation{api.ListClusters},
	Examples:    Examples{Valid: map[string]any{}, Invalid: map[string]any{"region": "us-west-2"}},
	Description: "Your dedicated (Enterprise) clusters to place apps on (cluster_name), with their endpoints.",
	ReadOnly:    true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, _ orgArgs) (*Result, error) {
	clusters, err := c.ListClusters(ctx)
	if err != nil {
		return nil, err
	}
	return &Result{Text: present.Clusters(clusters), Structured: clusterList{Clusters: clusters}}, nil
}))
