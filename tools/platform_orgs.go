package tools

import (
	"context"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

type orgList struct {
	Orgs  []client.Org `json:"orgs"`
	Total int          `json:"total"`
	// Offset is where the page starts; NextOffset where the next one does (absent on the last).
	Offset     int `json:"offset,omitempty"`
	NextOffset int `json:"next_offset,omitempty"`
}

// offsetArgs is a page of a list of the caller's, not an organization's (list_orgs).
type offsetArgs struct {
	Offset Offset `json:"offset,omitempty"`
}

func (a *offsetArgs) validate() rules.FieldErrors {
	fe := rules.FieldErrors{}
	checkOffset(fe, a.Offset)
	return fe
}

// list_orgs pages the organizations itself, as list_apps does its apps: the API returns them
// whole, and an account in hundreds of organizations would not fit one result.
var listOrgs = register(define[offsetArgs, orgList](Tool{
	Name: "list_orgs", Title: "List organizations", Toolset: ToolsetPlatform,
	Operations:  []*api.Operation{api.ListOrgs},
	Examples:    Examples{Valid: map[string]any{}, Invalid: map[string]any{"offset": -1}},
	Description: "List your orgs and your role in each; pass a name as org.",
	ReadOnly:    true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a offsetArgs) (*Result, error) {
	orgs, err := c.ListOrgs(ctx)
	if err != nil {
		return nil, err
	}
	claim := "" // the token's own organization, sent without X-Org-Name
	if id := c.Identity(ctx); id.Claims != nil {
		claim = id.Claims.Org
	}
	acting := present.ActingOrg(orgs, c.OrgFor(ctx), claim)
	return resumedPage(ctx, env, "list_orgs", "organization", "organizations", orgs, a.Offset,
		func(o client.Org) (string, string) { return o.Name, present.Code(o.Name) }, orgDense, shortOrg, func(page []client.Org, p present.Page) *Result {
			return &Result{Text: present.Paged(present.Orgs(page, p.Total, acting), present.PageNote("list_orgs", "organizations", p)),
				Structured: orgList{Orgs: page, Total: p.Total, Offset: p.Offset, NextOffset: p.Next}}
		}), nil
}))

// orgDense is the bytes of an organization's handle, display name and role: names people chose.
func orgDense(o client.Org) int { return len(o.Name) + len(o.DisplayName) + len(o.Role) }

// shortOrg is an organization whose handle, display name and role are clipped to limit bytes
// (densePageOf).
func shortOrg(o client.Org, limit int) client.Org {
	o.Name, o.DisplayName, o.Role = present.ClipItem(o.Name, limit), present.ClipItem(o.DisplayName, limit), present.ClipItem(o.Role, limit)
	return o
}

// limitsView is the plan's limits with their resources as the text bounds and masks them
// (present.LimitResources), and what was shortened there.
type limitsView struct {
	client.Limits
	Shortened map[string]int `json:"shortened,omitempty"`
}

var getLimits = register(define[orgArgs, limitsView](Tool{
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
	view := limitsView{Limits: *l}
	view.Resources, view.Shortened = present.LimitResources(l.Resources)
	return &Result{Text: present.Limits(l, actingOrg(ctx, c), env.usable(ctx, "list_orgs")), Structured: view}, nil
}))

// clusterList is the clusters that fit one result (list_clusters takes no offset: tools/list
// has no room for one, and an organization has few) and how many there are in all.
type clusterList struct {
	Clusters []clusterView `json:"clusters"`
	Total    int           `json:"total"`
}

// clusterView is a cluster as the API gives it (endpoint: the private host, VPC peering only)
// with what the text adds: the public endpoint and the clusters sharing its hardware.
type clusterView struct {
	client.Cluster
	PublicEndpoint     string   `json:"public_endpoint,omitempty"`
	SharesHardwareWith []string `json:"shares_hardware_with,omitempty"`
}

var listClusters = register(define[orgArgs, clusterList](Tool{
	Name: "list_clusters", Title: "List dedicated clusters", Toolset: ToolsetPlatform,
	Operations:  []*api.Operation{api.ListClusters},
	Examples:    Examples{Valid: map[string]any{}, Invalid: map[string]any{"region": "us-west-2"}},
	Description: "Dedicated (Enterprise) clusters to place apps on (cluster_name), with endpoints.",
	ReadOnly:    true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, _ orgArgs) (*Result, error) {
	clusters, err := c.ListClusters(ctx)
	if err != nil {
		return nil, err
	}
	views := make([]clusterView, len(clusters))
	for i, cl := range clusters {
		views[i] = clusterView{Cluster: cl, PublicEndpoint: present.ClusterPublicEndpoint(cl),
			SharesHardwareWith: present.ClusterHardwareMates(clusters, i)}
	}
	regionsHidden := len(unusableTools(ctx, env, "list_regions")) > 0
	// Cluster names and endpoints are the API's texts as it sends them: a token a byte at worst (denseWeight).
	return densePageOf(views, 0, clusterDense, shortCluster, func(page []clusterView, p present.Page) *Result {
		shown, public, mates := make([]client.Cluster, len(page)), make([]string, len(page)), make([][]string, len(page))
		for i, v := range page {
			shown[i], public[i], mates[i] = v.Cluster, v.PublicEndpoint, v.SharesHardwareWith
		}
		return &Result{Text: present.Paged(present.Clusters(shown, public, mates, p.Total, regionsHidden),
			present.LeftOut("clusters", p)),
			Structured: clusterList{Clusters: page, Total: p.Total}}
	}), nil
}))

// clusterDense is the bytes of a cluster's texts, the names of those sharing its hardware
// included, as the text (each name in a table row and the note) and structured content carry them.
func clusterDense(v clusterView) int {
	n := len(v.ClusterName) + len(v.InfraClusterName) + len(v.Region) + len(v.CloudProvider) + len(v.Endpoint) + len(v.PublicEndpoint)
	for _, m := range v.SharesHardwareWith {
		n += len(m)
	}
	return n
}

// shortCluster is a cluster whose texts are clipped to limit bytes, and the names of those
// sharing its hardware with them (densePageOf).
func shortCluster(v clusterView, limit int) clusterView {
	for _, s := range []*string{&v.ClusterName, &v.InfraClusterName, &v.Region, &v.CloudProvider, &v.Endpoint, &v.PublicEndpoint} {
		*s = present.ClipItem(*s, limit)
	}
	mates := make([]string, len(v.SharesHardwareWith))
	for i, m := range v.SharesHardwareWith {
		mates[i] = present.ClipItem(m, limit)
	}
	v.SharesHardwareWith = mates
	return v
}
