package tools

import (
	"context"
	"errors"
	"net/http"
	"slices"

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
	// NotServed: the API answered 404 on GET /v1/orgs, which Spice's CLI reads as "not served
	// here" (api/README §7.10); orgs is then unknown, not empty.
	NotServed bool `json:"not_served,omitempty" jsonschema:"description=Absent when false"`
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
	Operations:  []*api.Operation{api.ListOrgs, api.GetHealth},
	When:        map[*api.Operation]string{api.GetHealth: "when `GET /v1/orgs` answers 404"},
	Examples:    Examples{Valid: map[string]any{}, Invalid: map[string]any{"offset": -1}},
	Description: "List orgs (workspaces) you belong to, are part of, can get into or manage, and your role in each.",
	ReadOnly:    true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a offsetArgs) (*Result, error) {
	orgs, err := c.ListOrgs(ctx)
	if apiErr := (*client.APIError)(nil); errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound && servesHealth(ctx, c) {
		// Not served here (as Spice's CLI reads it): say what the person can still do, not a raw 404.
		// An address that answers health too is the API; one that does not keeps the 404's remedy
		// (check the address).
		claim := ""
		if id := c.Identity(ctx); id.Claims != nil {
			claim = id.Claims.Org
		}
		view := present.OrgsNotServedView{Header: c.OrgFor(ctx), Claim: claim, HTTPCaller: client.HTTPCaller(ctx),
			Lent: client.LentCredentials(ctx), Sandbox: env.Sandbox}
		return &Result{Text: present.OrgsNotServed(view), Structured: orgList{Orgs: []client.Org{}, NotServed: true}}, nil
	}
	if err != nil {
		return nil, err
	}
	listed := orgs
	orgs, twoRoles := orgsOnce(orgs) // one listed again as it was is shown once, the repeat said
	note := ""
	if again := orgsListedAgain(listed, orgs); len(again) > 0 {
		note = "\n\n" + present.ListedRepeated("organization", "organizations", again)
	}
	if len(twoRoles) > 0 {
		note += "\n\n" + present.OrgsWithTwoRoles(twoRoles)
	}
	note += pagingNote(ctx, api.ListOrgs, "organization", "organizations")
	claim := "" // the token's own organization, sent without X-Org-Name
	if id := c.Identity(ctx); id.Claims != nil {
		claim = id.Claims.Org
	}
	acting := present.ActingOrg(orgs, c.OrgFor(ctx), claim)
	return resumedPage(ctx, env, "list_orgs", "organization", "organizations", orgs, a.Offset,
		func(o client.Org) (string, string) { return o.Name, o.Name }, orgDense, shortOrg, func(page []client.Org, p present.Page) *Result {
			return &Result{Text: present.Paged(present.Orgs(page, p.Total, acting)+note, present.PageNote("list_orgs", "organizations", p)),
				Structured: orgList{Orgs: page, Total: p.Total, Offset: p.Offset, NextOffset: p.Next}}
		}), nil
}))

// servesHealth reports whether the API answers GET /v1/health: list_orgs tells an API that does
// not serve GET /v1/orgs from an address that is no Spice.ai API at all (404 everywhere).
func servesHealth(ctx context.Context, c *client.Client) bool {
	_, err := c.Health(ctx)
	return err == nil
}

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
	Name: "get_limits", Title: "Billing plan limits", Toolset: ToolsetPlatform,
	Operations:  []*api.Operation{api.GetLimits},
	Examples:    Examples{Valid: map[string]any{}, Invalid: map[string]any{"plan": "pro"}},
	Description: "Billing plan (tier) limits: the most apps, replicas per app, members, CPU and memory allowed (quotas, caps).",
	ReadOnly:    true, Idempotent: true,
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
// has no room for one, and an organization has few) and how many there are in all, with the
// clusters that share hardware named once per hardware (as the text's one note does), not
// once per cluster: N clusters on one hardware would repeat N² names.
type clusterList struct {
	Clusters       []clusterView   `json:"clusters"`
	Total          int             `json:"total"`
	SharedHardware []hardwareGroup `json:"shared_hardware,omitempty"`
	// Flight is where Arrow Flight clients connect, as the text says it once (present.ClusterFlight).
	Flight string `json:"flight,omitempty"`
}

// clusterView is a cluster as the API gives it (endpoint: the private host, VPC peering only)
// with what the text adds: the public endpoints (HTTP and Arrow Flight). mates, the clusters sharing its hardware, and
// first, whether it is the first of them, stay out of the JSON (clusterList's shared_hardware
// names them).
type clusterView struct {
	client.Cluster
	PublicEndpoint string `json:"public_endpoint,omitempty"`
	// PublicFlightEndpoint is the public endpoint for Arrow Flight clients (api/README §7.11):
	// clusterList's flight says it once.
	PublicFlightEndpoint string   `json:"-"`
	mates                []string // the other clusters on its hardware, in the whole list
	first                bool     // the first cluster of the list on its hardware
}

// hardwareGroup is the clusters a page shows on one hardware (infra_cluster_name), and how many
// of those on it the page leaves out (present.ClusterMatesShown).
type hardwareGroup struct {
	Hardware string   `json:"infra_cluster_name"`
	Clusters []string `json:"clusters"`
	NotShown int      `json:"not_shown,omitempty"`
}

var listClusters = register(define[orgArgs, clusterList](Tool{
	Name: "list_clusters", Title: "List clusters", Toolset: ToolsetPlatform,
	Operations:  []*api.Operation{api.ListClusters},
	Examples:    Examples{Valid: map[string]any{}, Invalid: map[string]any{"region": "us-west-2"}},
	Description: "Dedicated (private, Enterprise) clusters, own machines to place apps on, with names and endpoints.",
	ReadOnly:    true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, _ orgArgs) (*Result, error) {
	clusters, err := c.ListClusters(ctx)
	if err != nil {
		return nil, err
	}
	// A cluster the API lists again (by name, what cluster_name takes) is shown and counted once,
	// the repeat said: listed twice, it was its own hardware mate.
	clusters, repeated := withoutRepeats(clusters, func(cl client.Cluster) string { return cl.ClusterName })
	note := ""
	if len(repeated) > 0 {
		note = "\n\n" + present.ListedRepeated("cluster", "clusters", repeated)
	}
	note += pagingNote(ctx, api.ListClusters, "cluster", "clusters")
	views := make([]clusterView, len(clusters))
	for i, cl := range clusters {
		views[i] = clusterView{Cluster: cl, PublicEndpoint: present.ClusterPublicEndpoint(cl),
			PublicFlightEndpoint: present.ClusterFlightEndpoint(cl), mates: present.ClusterHardwareMates(clusters, i),
			first: firstOnHardware(clusters[:i], cl)}
	}
	regionsHidden := len(unusableTools(ctx, env, "list_regions")) > 0
	// Cluster names and endpoints are the API's texts as it sends them: a token a byte at worst (denseWeight).
	return denseListOf(views, clusterDense, shortCluster, func(page []clusterView, p present.Page) *Result {
		shown, public, flight, mates := make([]client.Cluster, len(page)), make([]string, len(page)), make([]string, len(page)), make([][]string, len(page))
		var groups []hardwareGroup
		for i, v := range page {
			shown[i], public[i], flight[i], mates[i] = v.Cluster, v.PublicEndpoint, v.PublicFlightEndpoint, v.mates
		}
		for i, v := range page {
			if len(v.mates) > 0 && firstOnHardware(shown[:i], v.Cluster) {
				onPage, notShown := present.ClusterMatesShown(shown, v.mates)
				groups = append(groups, hardwareGroup{Hardware: v.InfraClusterName, Clusters: append([]string{v.ClusterName}, onPage...), NotShown: notShown})
			}
		}
		return &Result{Text: present.Paged(present.Clusters(shown, public, flight, mates, p.Total, regionsHidden)+note,
			present.LeftOut("clusters", p)),
			Structured: clusterList{Clusters: page, Total: p.Total, SharedHardware: groups, Flight: present.ClusterFlight(shown, flight, "", "")}}
	}), nil
}))

// firstOnHardware reports whether no cluster of before is on c's hardware (infra_cluster_name).
func firstOnHardware(before []client.Cluster, c client.Cluster) bool {
	return !slices.ContainsFunc(before, func(p client.Cluster) bool { return p.InfraClusterName == c.InfraClusterName })
}

// clusterDense is the bytes of a cluster's texts as the text (a table row) and structured
// content carry them — of its public endpoints only the API's parts — and, on a shared
// hardware, what its hardware's one note (and shared_hardware) writes of it: its name, and at
// the first cluster on the hardware, the hardware's. The note names only the clusters a page
// shows (the others it counts), so each shown cluster weighs its own name there, not its mates':
// a page of the list starts at its first cluster, so the first on a hardware is shown first.
func clusterDense(v clusterView) int {
	n := len(v.ClusterName) + len(v.InfraClusterName) + len(v.Region) + len(v.CloudProvider) + len(v.Endpoint)
	if v.PublicEndpoint != "" {
		n += len(v.InfraClusterName) + len(v.Region)
	}
	if len(v.mates) > 0 {
		n += len(v.ClusterName)
		if v.first {
			n += len(v.InfraClusterName)
		}
	}
	return n
}

// shortCluster is a cluster whose texts are clipped to limit bytes, and the names of those
// sharing its hardware with them (densePageOf).
func shortCluster(v clusterView, limit int) clusterView {
	for _, s := range []*string{&v.ClusterName, &v.InfraClusterName, &v.Region, &v.CloudProvider, &v.Endpoint, &v.PublicEndpoint, &v.PublicFlightEndpoint} {
		*s = present.ClipItem(*s, limit)
	}
	mates := make([]string, len(v.mates))
	for i, m := range v.mates {
		mates[i] = present.ClipItem(m, limit)
	}
	v.mates = mates
	return v
}
