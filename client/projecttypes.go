package client

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Types of the current generation (/v1/projects, organizations, clusters, limits, instances,
// forks, repository connection), following openapi.json. Decoding is tolerant, as in types.go.

// Nullable is a field of a partial update that the API lets a client clear: the zero value is
// left out of the request, Clear() sends null, and Set(v) sends v.
type Nullable[T any] struct {
	value T
	state uint8 // 0 unset, 1 null, 2 value
}

// Set is a Nullable that sends v.
func Set[T any](v T) Nullable[T] { return Nullable[T]{value: v, state: 2} }

// Clear is a Nullable that sends null (clears the field).
func Clear[T any]() Nullable[T] { return Nullable[T]{state: 1} }

// IsZero reports an unset field (left out of the request with omitzero).
func (n Nullable[T]) IsZero() bool { return n.state == 0 }

// IsNull reports a field that clears the value.
func (n Nullable[T]) IsNull() bool { return n.state == 1 }

// Get returns the value and whether one is set (false for unset and null).
func (n Nullable[T]) Get() (T, bool) { return n.value, n.state == 2 }

// MarshalJSON writes null or the value.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if n.state != 2 {
		return []byte("null"), nil
	}
	return json.Marshal(n.value)
}

// UnmarshalJSON reads null (Clear) or a value (Set).
func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*n = Clear[T]()
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*n = Set(v)
	return nil
}

// Org is an organization the caller belongs to (GET /v1/orgs); Name is what X-Org-Name takes.
type Org struct {
	ID          int64  `json:"id,omitempty"`
	Name        string `json:"name"`
	DisplayName string `json:"displayName,omitempty"`
	Role        string `json:"role,omitempty"`
}

// UnmarshalJSON reads displayName and, as Spice's CLI does (openapi.json's Org), display_name
// when displayName is absent or null.
func (o *Org) UnmarshalJSON(b []byte) error {
	type plain Org
	var v struct {
		plain
		SnakeDisplayName *string `json:"display_name"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*o = Org(v.plain)
	if o.DisplayName == "" && v.SnakeDisplayName != nil {
		o.DisplayName = *v.SnakeDisplayName
	}
	return nil
}

type orgList struct {
	Orgs []Org `json:"orgs"`
	bare bool  // the answer was a bare array (readBare)
}

func (l *orgList) wasBare() bool { return l.bare }

// UnmarshalJSON reads the {"orgs": [...]} envelope and, as Spice's CLI does (openapi.json's
// OrgList), a bare array.
func (l *orgList) UnmarshalJSON(b []byte) error {
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '[' {
		l.bare = true
		return json.Unmarshal(t, &l.Orgs)
	}
	type plain struct {
		Orgs []Org `json:"orgs"`
	}
	var v plain
	err := json.Unmarshal(b, &v)
	l.Orgs = v.Orgs
	return err
}

// Cluster is a dedicated cluster of the organization (GET /v1/clusters). Endpoint is the private
// HTTP data endpoint (VPC peering only); no private Flight endpoint is published, so none is read
// or derived (api/README §7.11, Assumed).
type Cluster struct {
	ClusterName      string    `json:"cluster_name"`
	InfraClusterName string    `json:"infra_cluster_name,omitempty"`
	Region           string    `json:"region,omitempty"`
	CloudProvider    string    `json:"cloud_provider,omitempty"`
	Endpoint         string    `json:"endpoint,omitempty"`
	CreatedAt        Timestamp `json:"created_at,omitzero"`
	UpdatedAt        Timestamp `json:"updated_at,omitzero"`
}

type clusterList struct {
	Clusters []Cluster `json:"clusters"`
}

// Limits are the organization's plan limits (GET /v1/limits); 0 means not reported.
type Limits struct {
	Apps                 int            `json:"apps,omitempty"`
	Replicas             int            `json:"replicas,omitempty"`
	Spicepods            int            `json:"spicepods,omitempty"`
	Users                int            `json:"users,omitempty"`
	APIRPS               int            `json:"api_rps,omitempty"`
	RequestTimeoutSecs   int            `json:"request_timeout_secs,omitempty"`
	SQLQueryTimeoutSecs  int            `json:"sql_query_timeout_secs,omitempty"`
	SQLConcurrentQueries int            `json:"sql_concurrent_queries,omitempty"`
	Resources            map[string]any `json:"resources,omitempty"`
}

// ResourceSpec is Kubernetes-style resource limits and requests ("cpu", "memory", ...).
type ResourceSpec struct {
	Limits   map[string]any `json:"limits,omitempty"`
	Requests map[string]any `json:"requests,omitempty"`
}

// ExecutorSpec sizes a project's executors.
type ExecutorSpec struct {
	Replicas      *int          `json:"replicas,omitempty"`
	Resources     *ResourceSpec `json:"resources,omitempty"`
	StorageSizeGB *float64      `json:"storage_size_gb,omitempty"`
}

// ForkedFrom names the project a fork was made from.
type ForkedFrom struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// ProjectSummary is a project as listed. The deprecated `api_key` field is deliberately not
// decoded, so it can never be surfaced. A standalone project has no Region, CName or Endpoint.
type ProjectSummary struct {
	ID          int64             `json:"id"`
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	Visibility  string            `json:"visibility"`
	CreatedAt   Timestamp         `json:"created_at"`
	CName       string            `json:"cname,omitempty"`
	Region      string            `json:"region,omitempty"`
	ClusterID   string            `json:"cluster_id,omitempty"`
	ClusterName string            `json:"cluster_name,omitempty"`
	Endpoint    string            `json:"endpoint,omitempty" jsonschema:"description=Data endpoint as a URL (https:// added to a bare host)"`
	Tags        map[string]string `json:"tags,omitempty"`
	ForkedFrom  *ForkedFrom       `json:"forked_from,omitempty"`
	Org         string            `json:"org,omitempty"`
}

// Project is a project with its configuration (create, get, update).
type Project struct {
	ProjectSummary
	ProductionBranch string        `json:"production_branch,omitempty"`
	Warning          string        `json:"warning,omitempty"`
	Config           ProjectConfig `json:"config"`
}

// ProjectConfig is a project's runtime configuration. Spicepod is nil until one is set.
type ProjectConfig struct {
	Spicepod           map[string]any `json:"spicepod,omitempty"`
	Registry           string         `json:"registry,omitempty"`
	Image              string         `json:"image,omitempty"`
	ImageTag           string         `json:"image_tag,omitempty"`
	UpdateChannel      string         `json:"update_channel,omitempty"`
	Version            string         `json:"version,omitempty"`
	Replicas           *int           `json:"replicas,omitempty"`
	Resources          *ResourceSpec  `json:"resources,omitempty"`
	Executor           *ExecutorSpec  `json:"executor,omitempty"`
	Region             string         `json:"region,omitempty"`
	NodeGroup          string         `json:"node_group,omitempty"`
	StorageSizeGB      *float64       `json:"storage_size_gb,omitempty"`
	StorageClaimSizeGB *float64       `json:"storage_claim_size_gb,omitempty"`
	// Other keeps the keys this client does not know (a newer server's), as sent, so that a
	// configuration can be compared whole (create_and_deploy_app's mark). Never encoded.
	Other map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes the known keys as usual and keeps every other key in Other.
func (c *ProjectConfig) UnmarshalJSON(b []byte) error {
	type plain ProjectConfig
	var p plain
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber() // as the client decodes every answer: a spicepod's numbers stay as sent
	if err := dec.Decode(&p); err != nil {
		return err
	}
	var all map[string]json.RawMessage
	if json.Unmarshal(b, &all) == nil {
		known := reflect.TypeFor[plain]()
		for i := range known.NumField() {
			name, _, _ := strings.Cut(known.Field(i).Tag.Get("json"), ",")
			for k := range all {
				if strings.EqualFold(k, name) {
					delete(all, k)
				}
			}
		}
	}
	if len(all) > 0 {
		p.Other = all
	}
	*c = ProjectConfig(p)
	return nil
}

// ForkedProject is the result of a fork: the new project and what it shares with its source.
type ForkedProject struct {
	Project
	SharedState []any `json:"shared_state"`
}

// URL is the project's public address.
func (p ProjectSummary) URL() string { return AppURL(p.Name) }

type projectList struct {
	Projects []ProjectSummary `json:"projects"`
}

// pagingFields are the paging fields a list's answer may carry though the API documents none
// for it (api/README.md: GET /v1/projects is not paginated): read only to tell, never followed.
// Raw, so a value of any type is no reason to refuse the answer.
type pagingFields struct {
	Total         json.RawMessage `json:"total,omitempty"`
	Count         json.RawMessage `json:"count,omitempty"`
	TotalCount    json.RawMessage `json:"total_count,omitempty"`
	HasMore       json.RawMessage `json:"has_more,omitempty"`
	Next          json.RawMessage `json:"next,omitempty"`
	NextCursor    json.RawMessage `json:"next_cursor,omitempty"`
	NextPageToken json.RawMessage `json:"next_page_token,omitempty"`
	NextOffset    json.RawMessage `json:"next_offset,omitempty"`
}

// PagingHint is an undocumented paging field of a list's answer that says more items may exist
// than it lists, or counts other than it lists: Field as the API named it, Value its JSON
// (numbers and true as written, a string quoted).
type PagingHint struct{ Field, Value string }

// hints are f's fields that disagree with a list of n items: a count other than n, has_more
// true, a next page named (not null, "", 0 or false).
func (f *pagingFields) hints(n int) []PagingHint {
	var out []PagingHint
	for _, c := range []struct {
		name  string
		raw   json.RawMessage
		count bool
	}{{"total", f.Total, true}, {"count", f.Count, true}, {"total_count", f.TotalCount, true}, {"has_more", f.HasMore, false},
		{"next", f.Next, false}, {"next_cursor", f.NextCursor, false}, {"next_page_token", f.NextPageToken, false}, {"next_offset", f.NextOffset, false}} {
		v := string(bytes.TrimSpace(c.raw))
		switch {
		case v == "" || v == "null" || v == `""` || v == "false" || v == "0" && !c.count:
		case c.count && v == strconv.Itoa(n):
		default:
			out = append(out, PagingHint{Field: c.name, Value: v})
		}
	}
	return out
}

type forkList struct {
	Forks []ProjectSummary `json:"forks"`
}

// CreateProjectRequest is POST /v1/projects. Placement is optional: Region, ClusterName or
// CName place the project; with none it is created standalone (deploy it later).
type CreateProjectRequest struct {
	Name          string            `json:"name"`
	Region        string            `json:"region,omitempty"`
	ClusterName   string            `json:"cluster_name,omitempty"`
	CName         string            `json:"cname,omitempty"`
	Description   string            `json:"description,omitempty"`
	Visibility    string            `json:"visibility,omitempty"`
	Tags          map[string]string `json:"tags,omitempty"`
	UpdateChannel string            `json:"update_channel,omitempty"`
	Replicas      *int              `json:"replicas,omitempty"`
	Resources     *ResourceSpec     `json:"resources,omitempty"`
	Executor      *ExecutorSpec     `json:"executor,omitempty"`
	StorageSizeGB *float64          `json:"storage_size_gb,omitempty"`
	DefaultAlerts *bool             `json:"default_alerts,omitempty"`
}

// UpdateProjectRequest is PUT /v1/projects/{projectId}, a partial update: only set fields are
// sent. ImageTag can be cleared (Clear) to unpin the runtime version; pinning one needs
// Enterprise. Spicepod is YAML text or a map; Tags, when non-nil, replaces the whole map.
type UpdateProjectRequest struct {
	Description        *string                `json:"description,omitempty"`
	Visibility         *string                `json:"visibility,omitempty"`
	ProductionBranch   *string                `json:"production_branch,omitempty"`
	Tags               map[string]string      `json:"tags,omitzero"` // an empty map clears every tag
	Spicepod           any                    `json:"spicepod,omitempty"`
	UpdateChannel      *string                `json:"update_channel,omitempty"`
	Version            *string                `json:"version,omitempty"`
	ImageTag           Nullable[string]       `json:"image_tag,omitzero"`
	Image              *string                `json:"image,omitempty"`
	Registry           *string                `json:"registry,omitempty"`
	Replicas           *int                   `json:"replicas,omitempty"`
	Resources          Nullable[ResourceSpec] `json:"resources,omitzero"` // replaced whole; null = none
	Executor           *ExecutorSpec          `json:"executor,omitempty"`
	Region             *string                `json:"region,omitempty"`
	ClusterName        *string                `json:"cluster_name,omitempty"`
	NodeGroup          *string                `json:"node_group,omitempty"`
	StorageSizeGB      *float64               `json:"storage_size_gb,omitempty"`
	StorageClaimSizeGB *float64               `json:"storage_claim_size_gb,omitempty"`
}

// CreateProjectDeploymentRequest is POST /v1/projects/{projectId}/deployments; every field is
// optional. Pinning ImageTag needs Enterprise (403 image_tag_requires_enterprise otherwise).
type CreateProjectDeploymentRequest struct {
	CreateDeploymentRequest
	Image string `json:"image,omitempty"`
}

// Deployment error codes (Deployment.ErrorCode) and whether a retry may succeed.
const (
	CodeInsufficientCPU        = "insufficient_cpu"
	CodeInsufficientMemory     = "insufficient_memory"
	CodeInsufficientStorage    = "insufficient_storage"
	CodeInsufficientInstances  = "insufficient_instances"
	CodePodExceedsNodeCapacity = "pod_exceeds_node_capacity"
	CodeUnableToStart          = "unable_to_start"
	CodeInternalError          = "internal_error"
	// CodeStopped: a pause or delete ended the deployment before it finished; nothing failed,
	// so it is neither retriable nor terminal (api/README.md §7.6, Assumed).
	CodeStopped = "stopped"
)

// retriableCodes are the failures caused by capacity at the time (api/README.md §7.6).
var retriableCodes = []string{CodeInsufficientCPU, CodeInsufficientMemory, CodeInsufficientStorage, CodeInsufficientInstances}

// Retriable reports whether a failed deployment's error_code says a retry may succeed; false
// for terminal codes and for failures without a code.
func (d Deployment) Retriable() bool { return slices.Contains(retriableCodes, d.ErrorCode) }

// DeploymentLogEntry is one line of a deployment's logs.
type DeploymentLogEntry struct {
	Timestamp Timestamp `json:"timestamp,omitzero"`
	Level     string    `json:"level,omitempty"`
	Message   string    `json:"message"`
	Source    string    `json:"source,omitempty"`
}

type deploymentLogs struct {
	Logs []DeploymentLogEntry `json:"logs"`
}

// DeploymentLogsOptions filters deployment logs; zero values mean the API default.
type DeploymentLogsOptions struct {
	Limit int    // lines, 1 or more
	Since string // a timestamp or duration the API understands
}

// Instance is a runtime instance (pod) of a deployed project; Status "ready" means serving.
type Instance struct {
	Name      string     `json:"name"`
	Status    string     `json:"status"`
	StartedAt *Timestamp `json:"started_at,omitempty"`
}

type instanceList struct {
	Instances []Instance `json:"instances"`
}

type instanceLogs struct {
	Lines []string `json:"lines"`
}

// ProjectMetrics is GET .../metrics: free-form metric groups.
type ProjectMetrics struct {
	Metrics   map[string]any `json:"metrics"`
	Ingestion map[string]any `json:"ingestion,omitempty"`
	Cluster   map[string]any `json:"cluster,omitempty"`
}

// ConnectRepositoryRequest is PUT /v1/projects/{projectId}/repository.
type ConnectRepositoryRequest struct {
	Repository       string `json:"repository"`
	RootDirectory    string `json:"root_directory,omitempty"`
	ProductionBranch string `json:"production_branch,omitempty"`
}

// RepositoryConnection is a project's GitHub connection; HasSpicepod says whether the
// repository has a spicepod where the project looks (nil when the answer does not say).
type RepositoryConnection struct {
	HasSpicepod      *bool  `json:"has_spicepod"`
	Repository       string `json:"repository,omitempty"`
	RootDirectory    string `json:"root_directory,omitempty"`
	ProductionBranch string `json:"production_branch,omitempty"`
}

// ForkProjectRequest is POST /v1/projects/{projectId}/forks; every field is optional.
type ForkProjectRequest struct {
	Name                   string `json:"name,omitempty"`
	Region                 string `json:"region,omitempty"`
	ClusterName            string `json:"cluster_name,omitempty"`
	SchedulerStateLocation string `json:"scheduler_state_location,omitempty"`
}

// ResumeResult is POST .../resume: the deployment the resume started.
type ResumeResult struct {
	DeploymentID int64 `json:"deployment_id"`
}

type rollbackRequest struct {
	TargetDeploymentID int64 `json:"target_deployment_id"`
}

type memberRolesRequest struct {
	Roles []string `json:"roles"`
}
