package sandbox

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// orgJSON is an item of GET /v1/orgs (README §7.10).
type orgJSON struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	DisplayName string `json:"displayName"`
	Role        string `json:"role"`
}

var _ = serves(api.ListOrgs, (*Emulator).listOrgs)

// listOrgs lists the organizations the caller can act in, with its role in each: every
// organization its user belongs to, or only its own for an OAuth client or an organization token.
func (e *Emulator) listOrgs(c *call) reply {
	grant := c.grant
	items := []orgJSON{}
	for _, o := range e.orgs {
		if o != grant.org && (grant.pinned || grant.user == "") {
			continue
		}
		if role := o.roleOf(grant.user); role != "" {
			items = append(items, orgJSON{ID: o.id, Name: o.slug, DisplayName: o.name, Role: role})
		}
	}
	slices.SortFunc(items, func(x, y orgJSON) int { return cmp.Compare(x.ID, y.ID) })
	return jsonReply(http.StatusOK, map[string][]orgJSON{"orgs": items})
}

// clusterJSON is a dedicated cluster (README §7.11); endpoint is the private host.
type clusterJSON struct {
	ClusterName      string `json:"cluster_name"`
	InfraClusterName string `json:"infra_cluster_name"`
	Region           string `json:"region"`
	CloudProvider    string `json:"cloud_provider"`
	Endpoint         string `json:"endpoint"`
	CreatedAt        string `json:"created_at"`
	UpdatedAt        string `json:"updated_at"`
}

// clusters are an Enterprise organization's dedicated clusters: two deployment targets on one
// piece of hardware, named after the organization. endpoint is the private HTTP data host, as
// the docs show it; no private Flight endpoint is published, so none is served (api/README §7.11).
func (o *orgState) clusters() []clusterJSON {
	if !o.enterprise {
		return []clusterJSON{}
	}
	infra := o.slug + "-prod"
	created := formatTime(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	var out []clusterJSON
	for _, env := range []string{"production", "sandbox"} {
		name := infra + "-" + env
		out = append(out, clusterJSON{
			ClusterName: name, InfraClusterName: infra, Region: defaultRegion, CloudProvider: "aws",
			Endpoint:  fmt.Sprintf("private-%s-%s-prod-data.spiceai.io", name, defaultRegion),
			CreatedAt: created, UpdatedAt: created,
		})
	}
	return out
}

func (o *orgState) cluster(name string) *clusterJSON {
	for _, cl := range o.clusters() {
		if cl.ClusterName == name {
			return &cl
		}
	}
	return nil
}

// unknownCluster is why name, which is not a deployment target, cannot be assigned: the
// infrastructure cluster that hosts the organization's targets is named as such (api/README
// §10, the second of the observed messages), any other name is not found.
func (o *orgState) unknownCluster(name string) string {
	for _, cl := range o.clusters() {
		if cl.InfraClusterName == name {
			return fmt.Sprintf("'%s' is a cluster, not a deployment target; assign one of its nodegroups", name)
		}
	}
	return fmt.Sprintf("Cluster '%s' not found", name)
}

var _ = serves(api.ListClusters, (*Emulator).listClusters)

func (e *Emulator) listClusters(c *call) reply {
	return jsonReply(http.StatusOK, map[string][]clusterJSON{"clusters": c.org.clusters()})
}

// Limits are a plan's figures as get_limits reports them (README §7.12); -1 means unlimited.
// The remedies of --sandbox quote them (PlanLimits).
type Limits struct {
	Apps                 int             `json:"apps"`
	Replicas             int             `json:"replicas"`
	Spicepods            int             `json:"spicepods"`
	Users                int             `json:"users"`
	APIRPS               int             `json:"api_rps"`
	RequestTimeoutSecs   int             `json:"request_timeout_secs"`
	SQLQueryTimeoutSecs  int             `json:"sql_query_timeout_secs"`
	SQLConcurrentQueries int             `json:"sql_concurrent_queries"`
	Resources            *ResourceLimits `json:"resources"`
}

// ResourceLimits are the private compute a plan allows; nil in Limits when it allows none.
type ResourceLimits struct {
	MaxCPU      int `json:"max_cpu"`
	MaxMemoryGi int `json:"max_memory_gi"`
}

// maxTail is the most instance log lines one request may ask for, per plan.
func (o *orgState) maxTail() int {
	if o.enterprise {
		return 5000
	}
	return 1000
}

// PlanLimits are the standard plan's limits, or the Enterprise plan's (enterprise), before an
// organization's own app limit (Org.MaxApps). Each call returns a fresh copy.
func PlanLimits(enterprise bool) Limits {
	if enterprise {
		return Limits{Apps: -1, Replicas: 10, Spicepods: 100, Users: -1, APIRPS: 1000,
			RequestTimeoutSecs: 300, SQLQueryTimeoutSecs: 3600, SQLConcurrentQueries: 100,
			Resources: &ResourceLimits{MaxCPU: 16, MaxMemoryGi: 64}}
	}
	return Limits{Apps: -1, Replicas: 5, Spicepods: 10, Users: 10, APIRPS: 100,
		RequestTimeoutSecs: 60, SQLQueryTimeoutSecs: 300, SQLConcurrentQueries: 10}
}

func (o *orgState) limits() Limits {
	l := PlanLimits(o.enterprise)
	if o.maxApps > 0 {
		l.Apps = o.maxApps
	}
	return l
}

var _ = serves(api.GetLimits, (*Emulator).getLimits)

func (e *Emulator) getLimits(c *call) reply {
	return jsonReply(http.StatusOK, c.org.limits())
}

// checkPlan refuses replicas and resources above the plan (403, README §7.1). The 403 has no
// code: the spec reserves plan_limit for instance logs (README §5), and its example of this
// refusal is {"error":"Requested replicas exceed plan limits"}.
func (o *orgState) checkPlan(replicas int, resources map[string]any) *reply {
	l := o.limits()
	if replicas > l.Replicas {
		return errorReplyPtr(http.StatusForbidden, fmt.Sprintf("Requested replicas exceed plan limits: your plan allows %d", l.Replicas))
	}
	if resources == nil {
		return nil
	}
	if l.Resources == nil {
		return errorReplyPtr(http.StatusForbidden, "Custom resources exceed plan limits: the private compute addon is required")
	}
	// resources has passed rules.ResourceSpec: the quantities are well-formed strings (cores, bytes).
	for _, group := range []string{"limits", "requests"} {
		m, _ := resources[group].(map[string]any)
		cpuText, _ := m["cpu"].(string)
		if cpu, ok := rules.Quantity(cpuText); ok && cpu > float64(l.Resources.MaxCPU) {
			return errorReplyPtr(http.StatusForbidden,
				fmt.Sprintf("Requested CPU %s exceeds plan limits: your plan allows %d", cpuText, l.Resources.MaxCPU))
		}
		memText, _ := m["memory"].(string)
		if mem, ok := rules.Quantity(memText); ok && mem > float64(l.Resources.MaxMemoryGi)*(1<<30) {
			return errorReplyPtr(http.StatusForbidden,
				fmt.Sprintf("Requested memory %s exceeds plan limits: your plan allows %dGi", memText, l.Resources.MaxMemoryGi))
		}
	}
	return nil
}

// checkImageTag is the Enterprise gate for pinning a runtime image (README §7.1, §7.14).
func (o *orgState) checkImageTag(tag string) *reply {
	if !o.enterprise {
		return codedErrorPtr(http.StatusForbidden, "image_tag_requires_enterprise",
			"Pinning image_tag requires an Enterprise plan; choose the runtime with update_channel and version")
	}
	if !publishedImage(tag) {
		return codedErrorPtr(http.StatusBadRequest, "invalid_stable_image_tag",
			fmt.Sprintf("Image tag '%s' is not a published runtime version", tag))
	}
	return nil
}
