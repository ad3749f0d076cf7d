package client

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// Methods of the current generation: organizations, clusters, limits, the /v1/projects family,
// the /v1/apps additions (deployment logs, metrics, rollback) and member get/patch. Every one
// acts in the organization of WithOrg(ctx, …), else Config.Org, else the credential's own.

// ListOrgs lists the organizations the caller belongs to, with its role in each (GET /v1/orgs).
func (c *Client) ListOrgs(ctx context.Context) ([]Org, error) {
	var out orgList
	err := c.do(ctx, call{op: api.ListOrgs, out: &out})
	return out.Orgs, err
}

// ListClusters lists the organization's dedicated clusters (GET /v1/clusters).
func (c *Client) ListClusters(ctx context.Context) ([]Cluster, error) {
	var out clusterList
	err := c.do(ctx, call{op: api.ListClusters, out: &out})
	return out.Clusters, err
}

// GetLimits returns the organization's plan limits (GET /v1/limits).
func (c *Client) GetLimits(ctx context.Context) (*Limits, error) {
	var out Limits
	return &out, c.do(ctx, call{op: api.GetLimits, out: &out})
}

// ListProjects lists the organization's projects (GET /v1/projects).
func (c *Client) ListProjects(ctx context.Context) ([]ProjectSummary, error) {
	var out projectList
	err := c.do(ctx, call{op: api.ListProjects, out: &out})
	return out.Projects, err
}

// CreateProject creates a project (POST /v1/projects), placed or standalone.
func (c *Client) CreateProject(ctx context.Context, req CreateProjectRequest) (*Project, error) {
	var out Project
	return &out, c.do(ctx, call{op: api.CreateProject, invalid: ValidateCreateProject(req), body: req, out: &out,
		same: []echo{sameNameFolded("name", &out.Name, req.Name)}})
}

// GetProject returns a project with its configuration (GET /v1/projects/{projectId}).
func (c *Client) GetProject(ctx context.Context, projectID int64) (*Project, error) {
	var out Project
	return &out, c.do(ctx, call{op: api.GetProject, pathArgs: ids(projectID), out: &out, same: []echo{sameID("id", &out.ID, projectID)}})
}

// UpdateProject changes the fields set in req (PUT /v1/projects/{projectId}, a partial update).
func (c *Client) UpdateProject(ctx context.Context, projectID int64, req UpdateProjectRequest) (*Project, error) {
	var out Project
	return &out, c.do(ctx, call{op: api.UpdateProject, pathArgs: ids(projectID), invalid: ValidateUpdateProject(req), body: req, out: &out,
		same: []echo{sameID("id", &out.ID, projectID)}})
}

// DeleteProject deletes a project and stops its deployments (DELETE /v1/projects/{projectId}).
// A retry that finds the project gone after an attempt whose answer was lost succeeds (Deleted).
func (c *Client) DeleteProject(ctx context.Context, projectID int64) (Deleted, error) {
	var d Deleted
	err := c.do(ctx, call{op: api.DeleteProject, pathArgs: ids(projectID), deleted: &d})
	return d, err
}

// GetProjectAPIKeys returns the project's two runtime keys in clear text
// (GET /v1/projects/{projectId}/api-keys).
func (c *Client) GetProjectAPIKeys(ctx context.Context, projectID int64) (*APIKeys, error) {
	var out APIKeys
	return &out, c.do(ctx, call{op: api.GetProjectAPIKeys, pathArgs: ids(projectID), out: &out})
}

// RegenerateProjectAPIKey replaces key keyNumber (KeyBoth, KeyPrimary or KeySecondary) and
// returns both current keys (POST /v1/projects/{projectId}/api-keys).
func (c *Client) RegenerateProjectAPIKey(ctx context.Context, projectID int64, keyNumber int) (*RegeneratedAPIKeys, error) {
	return c.regenerateAPIKey(ctx, api.RegenerateProjectAPIKey, projectID, keyNumber)
}

// ListProjectDeployments lists a project's deployments, newest first
// (GET /v1/projects/{projectId}/deployments). The current routes take no offset.
func (c *Client) ListProjectDeployments(ctx context.Context, projectID int64, opts ListDeploymentsOptions) ([]Deployment, error) {
	fe, query := opts.query()
	if opts.Offset != 0 {
		fe.Check("offset", "Not supported on /v1/projects")
	}
	var out deploymentList
	err := c.do(ctx, call{op: api.ListProjectDeployments, pathArgs: ids(projectID), invalid: fe, query: query, out: &out})
	return out.Deployments, err
}

// CreateProjectDeployment queues a rollout of the project's current configuration
// (POST /v1/projects/{projectId}/deployments). Never retried after a server error.
func (c *Client) CreateProjectDeployment(ctx context.Context, projectID int64, req CreateProjectDeploymentRequest) (*Deployment, error) {
	var out Deployment
	return &out, c.do(ctx, call{op: api.CreateProjectDeployment, pathArgs: ids(projectID),
		invalid: ValidateCreateDeployment(req.CreateDeploymentRequest), body: req, out: &out, starts: true})
}

// GetProjectDeployment returns one deployment (GET /v1/projects/{projectId}/deployments/{deploymentId}).
func (c *Client) GetProjectDeployment(ctx context.Context, projectID, deploymentID int64) (*Deployment, error) {
	var out Deployment
	return &out, c.do(ctx, call{op: api.GetProjectDeployment, pathArgs: ids(projectID, deploymentID), out: &out,
		same: []echo{sameID("id", &out.ID, deploymentID)}})
}

// GetProjectDeploymentLogs returns a deployment's log lines
// (GET /v1/projects/{projectId}/deployments/{deploymentId}/logs).
func (c *Client) GetProjectDeploymentLogs(ctx context.Context, projectID, deploymentID int64, opts DeploymentLogsOptions) ([]DeploymentLogEntry, error) {
	fe, query := opts.query()
	var out deploymentLogs
	err := c.do(ctx, call{op: api.GetProjectDeploymentLogs, pathArgs: ids(projectID, deploymentID), invalid: fe, query: query, out: &out})
	return out.Logs, err
}

// ForkProject copies a project (POST /v1/projects/{projectId}/forks). Never retried after a
// server error: the fork may exist.
func (c *Client) ForkProject(ctx context.Context, projectID int64, req ForkProjectRequest) (*ForkedProject, error) {
	var out ForkedProject
	var same []echo
	if req.Name != "" { // else the API names the fork
		same = []echo{sameNameFolded("name", &out.Name, req.Name)}
	}
	return &out, c.do(ctx, call{op: api.ForkProject, pathArgs: ids(projectID), invalid: ValidateForkProject(req), body: req, out: &out, same: same})
}

// ListProjectForks lists the forks made from a project (GET /v1/projects/{projectId}/forks).
func (c *Client) ListProjectForks(ctx context.Context, projectID int64) ([]ProjectSummary, error) {
	var out forkList
	// A fork that names its source names this project: one of another is not this list's.
	from := func() []echo {
		var same []echo
		for i, f := range out.Forks {
			if f.ForkedFrom != nil && f.ForkedFrom.ID != 0 {
				same = append(same, sameID(fmt.Sprintf("forks[%d].forked_from.id", i), &out.Forks[i].ForkedFrom.ID, projectID))
			}
		}
		return same
	}
	err := c.do(ctx, call{op: api.ListProjectForks, pathArgs: ids(projectID), out: &out, sameIn: from})
	return out.Forks, err
}

// ListProjectInstances lists a deployed project's runtime instances, newest first
// (GET /v1/projects/{projectId}/instances); a paused project answers 409 project_paused.
func (c *Client) ListProjectInstances(ctx context.Context, projectID int64) ([]Instance, error) {
	var out instanceList
	err := c.do(ctx, call{op: api.ListProjectInstances, pathArgs: ids(projectID), out: &out})
	return out.Instances, err
}

// GetProjectInstanceLogs returns the last tail lines of an instance's log
// (GET /v1/projects/{projectId}/instances/{instanceName}/logs); tail 0 means the API default
// (100). A tail above the plan's limit answers 403 plan_limit with APIError.MaxTail.
func (c *Client) GetProjectInstanceLogs(ctx context.Context, projectID int64, instance string, tail int) ([]string, error) {
	fe := rules.FieldErrors{}
	query := url.Values{}
	if tail != 0 {
		if tail < 1 {
			fe.Check("tail", "must be at least 1")
		}
		query.Set("tail", strconv.Itoa(tail))
	}
	var out instanceLogs
	err := c.do(ctx, call{op: api.GetProjectInstanceLogs, pathArgs: []string{id(projectID), instance}, invalid: fe, query: query, out: &out})
	return out.Lines, err
}

// GetProjectMetrics returns a project's metrics over window (e.g. "1h"; "" = the API default)
// (GET /v1/projects/{projectId}/metrics). A paused project has no pods: no error, empty Metrics
// (api/README §7.4, Assumed).
func (c *Client) GetProjectMetrics(ctx context.Context, projectID int64, window string) (*ProjectMetrics, error) {
	fe, query := metricsQuery(api.GetProjectMetrics, window)
	var out ProjectMetrics
	return &out, c.do(ctx, call{op: api.GetProjectMetrics, pathArgs: ids(projectID), invalid: fe, query: query, out: &out})
}

// PauseProject stops a project's runtime until it is resumed (POST /v1/projects/{projectId}/pause).
func (c *Client) PauseProject(ctx context.Context, projectID int64) error {
	return c.do(ctx, call{op: api.PauseProject, pathArgs: ids(projectID)})
}

// ConnectProjectRepository connects a GitHub repository to a project
// (PUT /v1/projects/{projectId}/repository); afterwards its spicepod comes from the repository.
// A paused project is connected too and stays paused: its resume deploys from the repository
// (api/README §7.4, Assumed).
func (c *Client) ConnectProjectRepository(ctx context.Context, projectID int64, req ConnectRepositoryRequest) (*RepositoryConnection, error) {
	var out RepositoryConnection
	return &out, c.do(ctx, call{op: api.ConnectProjectRepository, pathArgs: ids(projectID), invalid: ValidateConnectRepository(req), body: req, out: &out})
}

// ResumeProject resumes a paused project and returns the deployment it started
// (POST /v1/projects/{projectId}/resume).
func (c *Client) ResumeProject(ctx context.Context, projectID int64) (*ResumeResult, error) {
	var out ResumeResult
	return &out, c.do(ctx, call{op: api.ResumeProject, pathArgs: ids(projectID), out: &out})
}

// RollbackProject redeploys an earlier deployment's configuration
// (POST /v1/projects/{projectId}/rollback) and returns the new deployment.
func (c *Client) RollbackProject(ctx context.Context, projectID, targetDeploymentID int64) (*Deployment, error) {
	return c.rollback(ctx, api.RollbackProject, projectID, targetDeploymentID)
}

// ListProjectSecrets lists a project's secrets, names and timestamps only
// (GET /v1/projects/{projectId}/secrets).
func (c *Client) ListProjectSecrets(ctx context.Context, projectID int64) ([]Secret, error) {
	var out secretList
	err := c.do(ctx, call{op: api.ListProjectSecrets, pathArgs: ids(projectID), out: &out})
	return out.Secrets, err
}

// UpsertProjectSecret creates or replaces a secret (POST /v1/projects/{projectId}/secrets). The
// value never appears in an error or a log line.
func (c *Client) UpsertProjectSecret(ctx context.Context, projectID int64, name, value string) (*Secret, error) {
	return c.upsertSecret(ctx, api.UpsertProjectSecret, projectID, name, value)
}

// GetProjectSecret returns a secret's metadata (GET /v1/projects/{projectId}/secrets/{secretName}).
func (c *Client) GetProjectSecret(ctx context.Context, projectID int64, name string) (*Secret, error) {
	var out Secret
	return &out, c.do(ctx, call{op: api.GetProjectSecret, pathArgs: []string{id(projectID), name}, out: &out,
		asSent: map[*string]string{&out.Name: name}, same: []echo{sameName("name", &out.Name, name)}})
}

// DeleteProjectSecret deletes a secret permanently
// (DELETE /v1/projects/{projectId}/secrets/{secretName}).
func (c *Client) DeleteProjectSecret(ctx context.Context, projectID int64, name string) (Deleted, error) {
	var d Deleted
	err := c.do(ctx, call{op: api.DeleteProjectSecret, pathArgs: []string{id(projectID), name}, deleted: &d})
	return d, err
}

// GetDeploymentLogs returns a deployment's log lines (GET /v1/apps/{appId}/deployments/{deploymentId}/logs).
func (c *Client) GetDeploymentLogs(ctx context.Context, appID, deploymentID int64, opts DeploymentLogsOptions) ([]DeploymentLogEntry, error) {
	fe, query := opts.query()
	var out deploymentLogs
	err := c.do(ctx, call{op: api.GetDeploymentLogs, pathArgs: ids(appID, deploymentID), invalid: fe, query: query, out: &out})
	return out.Logs, err
}

// GetAppMetrics returns an app's metrics over window (GET /v1/apps/{appId}/metrics).
func (c *Client) GetAppMetrics(ctx context.Context, appID int64, window string) (*ProjectMetrics, error) {
	fe, query := metricsQuery(api.GetAppMetrics, window)
	var out ProjectMetrics
	return &out, c.do(ctx, call{op: api.GetAppMetrics, pathArgs: ids(appID), invalid: fe, query: query, out: &out})
}

// RollbackApp redeploys an earlier deployment's configuration (POST /v1/apps/{appId}/rollback).
func (c *Client) RollbackApp(ctx context.Context, appID, targetDeploymentID int64) (*Deployment, error) {
	return c.rollback(ctx, api.RollbackApp, appID, targetDeploymentID)
}

// GetMember returns one member of the organization (GET /v1/members/{memberId}).
func (c *Client) GetMember(ctx context.Context, userID int64) (*Member, error) {
	var out Member
	return &out, c.do(ctx, call{op: api.GetMember, pathArgs: ids(userID), out: &out, same: []echo{sameID("user_id", &out.UserID, userID)}})
}

// UpdateMemberRoles replaces a member's roles (PATCH /v1/members/{memberId}). Only owners may
// grant or change admin and owner; an owner cannot be modified.
func (c *Client) UpdateMemberRoles(ctx context.Context, userID int64, roles []string) (*Member, error) {
	fe := rules.FieldErrors{}
	if len(roles) == 0 { // as add member's roles: [] and the emulator (rules.Roles)
		fe.Check("roles", rules.Roles(roles))
	}
	for _, role := range roles {
		fe.Check("roles", rules.Enum(role, rules.MemberRoles))
	}
	var out Member
	return &out, c.do(ctx, call{op: api.UpdateMemberRoles, pathArgs: ids(userID), invalid: fe,
		body: memberRolesRequest{Roles: roles}, out: &out, same: []echo{sameID("user_id", &out.UserID, userID)}})
}

func (c *Client) rollback(ctx context.Context, op *api.Operation, projectID, target int64) (*Deployment, error) {
	fe := rules.FieldErrors{}
	if target < 1 {
		fe.Check("target_deployment_id", "must be a deployment ID (1 or more)")
	}
	var out Deployment
	return &out, c.do(ctx, call{op: op, pathArgs: ids(projectID), invalid: fe,
		body: rollbackRequest{TargetDeploymentID: target}, out: &out, starts: true})
}

func (o DeploymentLogsOptions) query() (rules.FieldErrors, url.Values) {
	fe := rules.FieldErrors{}
	query := url.Values{}
	if o.Limit != 0 {
		if o.Limit < 1 {
			fe.Check("limit", "must be at least 1")
		}
		query.Set("limit", strconv.Itoa(o.Limit))
	}
	if o.Since != "" {
		query.Set("since", o.Since)
	}
	return fe, query
}

func metricsQuery(op *api.Operation, window string) (rules.FieldErrors, url.Values) {
	fe := rules.FieldErrors{}
	query := url.Values{}
	if window != "" {
		p, _ := op.Param("window")
		fe.Check("window", p.Rule.Check(window))
		query.Set("window", window)
	}
	return fe, query
}
