package client_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// Contract tests of the current generation: organizations, /v1/projects, runtime instances,
// pause/resume, forks, repository connection, metrics, rollback and member roles, each through
// the client against the emulator (TestMain checks every declared status was produced).

// wantCode asserts err is an *APIError with the status and the API's machine code.
func wantCode(t *testing.T, err error, status int, code string) *client.APIError {
	t.Helper()
	apiErr := wantAPIError(t, err, status, "")
	if apiErr.Code != code {
		t.Fatalf("want code %q, got %q (%v)", code, apiErr.Code, apiErr)
	}
	return apiErr
}

// projectNamed finds a project by name in the organization of ctx.
func projectNamed(t *testing.T, ctx context.Context, c *client.Client, name string) client.ProjectSummary {
	t.Helper()
	projects, err := c.ListProjects(ctx)
	mustNoErr(t, err)
	for _, p := range projects {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("no project %q in %+v", name, projects)
	return client.ProjectSummary{}
}

func TestOrganizations(t *testing.T) {
	env := newEnv(t, sandbox.Config{Demo: true})
	ctx := context.Background()
	acme := client.WithOrg(ctx, "acme-labs")

	orgs, err := env.client.ListOrgs(ctx)
	mustNoErr(t, err)
	roles := map[string]string{}
	for _, o := range orgs {
		roles[o.Name] = o.Role
	}
	if roles["sandbox"] != "owner" || roles["acme-labs"] != "admin" {
		t.Errorf("orgs = %+v", orgs)
	}

	// Clusters and limits differ by plan.
	clusters, err := env.client.ListClusters(ctx)
	mustNoErr(t, err)
	if len(clusters) != 0 {
		t.Errorf("standard plan clusters = %+v", clusters)
	}
	clusters, err = env.client.ListClusters(acme)
	mustNoErr(t, err)
	if len(clusters) == 0 || clusters[0].ClusterName == "" || clusters[0].Endpoint == "" || clusters[0].Region == "" {
		t.Errorf("enterprise clusters = %+v", clusters)
	}
	limits, err := env.client.GetLimits(ctx)
	mustNoErr(t, err)
	enterprise, err := env.client.GetLimits(acme)
	mustNoErr(t, err)
	if limits.Replicas < 1 || limits.Resources != nil || enterprise.Resources == nil || enterprise.Replicas <= limits.Replicas {
		t.Errorf("limits = %+v / %+v", limits, enterprise)
	}

	// The organization of a request: the context's, else the configured default.
	fraud := projectNamed(t, acme, env.client, "fraud-scoring")
	if fraud.ClusterName == "" || !strings.HasPrefix(fraud.Endpoint, "https://") {
		t.Errorf("project on a dedicated cluster = %+v", fraud)
	}
	acmeByDefault, err := client.New(client.Config{BaseURL: env.srv.URL, Tokens: client.StaticToken("sandbox"), Org: "acme-labs", Retry: fastRetry})
	mustNoErr(t, err)
	projectNamed(t, ctx, acmeByDefault, "nightly-etl")
	projectNamed(t, client.WithOrg(ctx, "sandbox"), acmeByDefault, "analytics-app")
	wantCode(t, errOf(env.client.ListProjects(client.WithOrg(ctx, "not-mine"))), http.StatusForbidden, "org_forbidden")
	// A project of another organization is missing, not forbidden.
	wantAPIError(t, errOf(env.client.GetProject(ctx, fraud.ID)), http.StatusNotFound, "Project not found")
}

func TestProjectOperations(t *testing.T) {
	env := newEnv(t, sandbox.Config{Demo: true})
	ctx := context.Background()
	acme := client.WithOrg(ctx, "acme-labs")

	// Created without placement: standalone, no endpoint.
	standalone, err := env.client.CreateProject(ctx, client.CreateProjectRequest{Name: "standalone-one"})
	mustNoErr(t, err)
	if standalone.Region != "" || standalone.Endpoint != "" || standalone.CName != "" || standalone.ID == 0 {
		t.Errorf("standalone = %+v", standalone)
	}
	placed, err := env.client.CreateProject(ctx, client.CreateProjectRequest{Name: "placed-one", Region: "us-east-1",
		Replicas: ptr(1), UpdateChannel: "stable", Tags: map[string]string{"team": "data"}})
	mustNoErr(t, err)
	if placed.Region != "us-east-1" || placed.CName == "" || placed.CName == "us-east-1" || !strings.HasPrefix(placed.Endpoint, "https://") {
		t.Errorf("placed = %+v", placed)
	}
	wantAPIError(t, errOf(env.client.CreateProject(ctx, client.CreateProjectRequest{Name: "PLACED-one", Region: "us-west-2"})), http.StatusConflict, "already exists")
	bad := wantAPIError(t, errOf(env.client.CreateProject(ctx, client.CreateProjectRequest{Name: "clustered", ClusterName: "nope"})), http.StatusBadRequest, "")
	if len(bad.FieldErrors["cluster_name"]) == 0 {
		t.Errorf("unknown cluster = %+v", bad)
	}
	onCluster, err := env.client.CreateProject(acme, client.CreateProjectRequest{Name: "on-cluster", ClusterName: "acme-labs-prod-sandbox"})
	mustNoErr(t, err)
	if onCluster.ClusterName != "acme-labs-prod-sandbox" || onCluster.Region == "" {
		t.Errorf("on a cluster = %+v", onCluster)
	}

	got, err := env.client.GetProject(ctx, placed.ID)
	mustNoErr(t, err)
	if got.Name != "placed-one" || got.Tags["team"] != "data" || got.Config.Replicas == nil || *got.Config.Replicas != 1 {
		t.Errorf("get = %+v", got)
	}
	updated, err := env.client.UpdateProject(ctx, placed.ID, client.UpdateProjectRequest{Description: ptr("placed"), Spicepod: spicepodYAML, Version: ptr("2.x")})
	mustNoErr(t, err)
	if updated.Description != "placed" || updated.Config.Spicepod == nil || updated.Config.Version != "2.x" {
		t.Errorf("updated = %+v", updated)
	}

	// Pinning a runtime is for Enterprise; an Enterprise pin must be published; null unpins.
	_, err = env.client.UpdateProject(ctx, placed.ID, client.UpdateProjectRequest{ImageTag: client.Set("2.3.2")})
	if apiErr := wantCode(t, err, http.StatusForbidden, "image_tag_requires_enterprise"); apiErr.RequiredScope != "" {
		t.Errorf("an Enterprise gate is not a scope: %+v", apiErr)
	}
	fraud := projectNamed(t, acme, env.client, "fraud-scoring")
	wantCode(t, errOf(env.client.UpdateProject(acme, fraud.ID, client.UpdateProjectRequest{ImageTag: client.Set("9.9.9")})), http.StatusBadRequest, "invalid_stable_image_tag")
	unpinned, err := env.client.UpdateProject(acme, fraud.ID, client.UpdateProjectRequest{ImageTag: client.Clear[string]()})
	mustNoErr(t, err)
	if unpinned.Config.ImageTag != "" {
		t.Errorf("image_tag after null = %q", unpinned.Config.ImageTag)
	}

	// API keys and secrets on project routes.
	keys, err := env.client.GetProjectAPIKeys(ctx, placed.ID)
	mustNoErr(t, err)
	regenerated, err := env.client.RegenerateProjectAPIKey(ctx, placed.ID, client.KeySecondary)
	mustNoErr(t, err)
	if keys.APIKey == "" || regenerated.RegeneratedKey != client.KeySecondary || regenerated.APIKey != keys.APIKey || regenerated.APIKey2 == keys.APIKey2 {
		t.Errorf("keys = %+v, regenerated = %+v", keys, regenerated)
	}
	_, err = env.client.UpsertProjectSecret(ctx, placed.ID, "PG_PASS", "pw")
	mustNoErr(t, err)
	secrets, err := env.client.ListProjectSecrets(ctx, placed.ID)
	mustNoErr(t, err)
	secret, err := env.client.GetProjectSecret(ctx, placed.ID, "PG_PASS")
	mustNoErr(t, err)
	if len(secrets) != 1 || secret.Name != "PG_PASS" {
		t.Errorf("secrets = %+v, secret = %+v", secrets, secret)
	}
	mustNoErr(t, errOf(env.client.DeleteProjectSecret(ctx, placed.ID, "PG_PASS")))
	wantAPIError(t, errOf(env.client.GetProjectSecret(ctx, placed.ID, "PG_PASS")), http.StatusNotFound, "Secret not found")

	// Repository connection; afterwards the spicepod comes from the repository.
	// What the API would answer 400 invalid_repository / invalid_root_directory is refused
	// before sending (rules.Repository, rules.RootDirectory; the emulator's tests cover the 400s).
	for _, repo := range []string{"not a repo", "a/b/c/d", "../analytics", "a/"} {
		wantValidationError(t, errOf(env.client.ConnectProjectRepository(ctx, placed.ID, client.ConnectRepositoryRequest{Repository: repo})),
			"repository", "'name' or 'owner/name'")
	}
	for _, dir := range []string{"../etc", "a/../../b", "/etc", "a b", "spice/.."} {
		wantValidationError(t, errOf(env.client.ConnectProjectRepository(ctx, placed.ID, client.ConnectRepositoryRequest{Repository: "analytics", RootDirectory: dir})),
			"root_directory", rules.RootDirectory(dir))
	}
	wantCode(t, errOf(env.client.ConnectProjectRepository(ctx, placed.ID, client.ConnectRepositoryRequest{Repository: "someone-else/analytics"})), http.StatusNotFound, "repository_not_found")
	wantCode(t, errOf(env.client.ConnectProjectRepository(ctx, placed.ID, client.ConnectRepositoryRequest{Repository: "analytics", ProductionBranch: "release-missing"})), http.StatusUnprocessableEntity, "branch_not_found")
	wantCode(t, errOf(env.client.ConnectProjectRepository(ctx, placed.ID, client.ConnectRepositoryRequest{Repository: "analytics", RootDirectory: "spice-empty"})), http.StatusUnprocessableEntity, "spicepod_missing")
	wantCode(t, errOf(env.client.ConnectProjectRepository(ctx, placed.ID, client.ConnectRepositoryRequest{Repository: "analytics-unavailable"})), http.StatusServiceUnavailable, "github_unavailable")
	conn, err := env.client.ConnectProjectRepository(ctx, placed.ID, client.ConnectRepositoryRequest{Repository: "analytics", RootDirectory: "spice"})
	mustNoErr(t, err)
	if conn.Repository != "sandbox/analytics" || conn.HasSpicepod == nil || !*conn.HasSpicepod || conn.RootDirectory != "spice" || conn.ProductionBranch != "main" {
		t.Errorf("connection = %+v", conn)
	}
	wantCode(t, errOf(env.client.UpdateProject(ctx, placed.ID, client.UpdateProjectRequest{Spicepod: spicepodYAML})), http.StatusConflict, "github_connected")
	// Another project cannot deploy the same directory.
	wantCode(t, errOf(env.client.ConnectProjectRepository(ctx, standalone.ID, client.ConnectRepositoryRequest{Repository: "sandbox/analytics", RootDirectory: "spice/"})), http.StatusConflict, "root_directory_conflict")

	mustNoErr(t, errOf(env.client.DeleteProject(ctx, standalone.ID)))
	wantAPIError(t, errOf(env.client.GetProject(ctx, standalone.ID)), http.StatusNotFound, "Project not found")
}

func TestProjectDeploymentsAndRuntime(t *testing.T) {
	env := newEnv(t, sandbox.Config{Demo: true, QueuedFor: time.Second, RunsFor: 4 * time.Second})
	ctx := context.Background()
	analytics := projectNamed(t, ctx, env.client, "analytics-app")

	// History: the demo's failed deployment carries a terminal error_code.
	deps, err := env.client.ListProjectDeployments(ctx, analytics.ID, client.ListDeploymentsOptions{Limit: 10})
	mustNoErr(t, err)
	i := slices.IndexFunc(deps, func(d client.Deployment) bool { return d.Status == client.StatusFailed })
	if i < 0 || deps[i].ErrorCode == "" || deps[i].Retriable() {
		t.Fatalf("deployments = %+v", deps)
	}
	failed := deps[i]
	succeeded := deps[slices.IndexFunc(deps, func(d client.Deployment) bool { return d.Status == client.StatusSucceeded })]
	got, err := env.client.GetProjectDeployment(ctx, analytics.ID, failed.ID)
	mustNoErr(t, err)
	if got.ErrorCode != failed.ErrorCode || got.Image == "" {
		t.Errorf("get = %+v", got)
	}
	logs, err := env.client.GetProjectDeploymentLogs(ctx, analytics.ID, failed.ID, client.DeploymentLogsOptions{Limit: 5})
	mustNoErr(t, err)
	if len(logs) == 0 || !strings.Contains(logs[len(logs)-1].Message, failed.ErrorCode) {
		t.Errorf("deployment logs = %+v", logs)
	}
	appLogs, err := env.client.GetDeploymentLogs(ctx, analytics.ID, failed.ID, client.DeploymentLogsOptions{})
	mustNoErr(t, err)
	if len(appLogs) < len(logs) {
		t.Errorf("/v1/apps logs = %+v", appLogs)
	}
	_, err = env.client.ListProjectDeployments(ctx, analytics.ID, client.ListDeploymentsOptions{Offset: 5})
	if err == nil {
		t.Error("offset on /v1/projects accepted")
	}

	// Instances of the serving deployment, and their logs.
	instances, err := env.client.ListProjectInstances(ctx, analytics.ID)
	mustNoErr(t, err)
	if len(instances) == 0 || instances[0].Status != "ready" || instances[0].StartedAt == nil {
		t.Fatalf("instances = %+v", instances)
	}
	lines, err := env.client.GetProjectInstanceLogs(ctx, analytics.ID, instances[0].Name, 50)
	mustNoErr(t, err)
	if len(lines) == 0 || len(lines) > 50 || !strings.Contains(lines[len(lines)-1], "Spice runtime is ready") {
		t.Errorf("instance logs = %q", lines)
	}
	if tooMany := wantCode(t, errOf(env.client.GetProjectInstanceLogs(ctx, analytics.ID, instances[0].Name, 100000)), http.StatusForbidden, "plan_limit"); tooMany.MaxTail < 1 {
		t.Errorf("plan_limit without max_tail: %+v", tooMany)
	}
	wantCode(t, errOf(env.client.GetProjectInstanceLogs(ctx, analytics.ID, "analytics-app-gone-0", 0)), http.StatusNotFound, "instance_not_found")
	if _, err := env.client.GetProjectInstanceLogs(ctx, analytics.ID, "../x", 0); err == nil {
		t.Error("an instance name outside the rule was sent")
	}

	// Metrics on both routes.
	metrics, err := env.client.GetProjectMetrics(ctx, analytics.ID, "5m")
	mustNoErr(t, err)
	appMetrics, err := env.client.GetAppMetrics(ctx, analytics.ID, "")
	mustNoErr(t, err)
	if len(metrics.Metrics) == 0 || len(appMetrics.Metrics) == 0 {
		t.Errorf("metrics = %+v / %+v", metrics, appMetrics)
	}
	if _, err := env.client.GetProjectMetrics(ctx, analytics.ID, "5 minutes"); err == nil {
		t.Error("bad window accepted")
	}
	for _, op := range []*api.Operation{api.GetProjectMetrics, api.GetAppMetrics} {
		env.emu.InjectFault(sandbox.Fault{Operation: op.ID, Status: http.StatusServiceUnavailable, Times: fastRetry.MaxAttempts})
	}
	wantAPIError(t, errOf(env.client.GetProjectMetrics(ctx, analytics.ID, "")), http.StatusServiceUnavailable, "")
	wantAPIError(t, errOf(env.client.GetAppMetrics(ctx, analytics.ID, "")), http.StatusServiceUnavailable, "")

	// A deployment in flight blocks another one and a rollback on either route.
	dep, err := env.client.CreateProjectDeployment(ctx, analytics.ID, client.CreateProjectDeploymentRequest{
		CreateDeploymentRequest: client.CreateDeploymentRequest{CommitMessage: "redeploy"}})
	mustNoErr(t, err)
	if dep.Status != client.StatusQueued {
		t.Errorf("deployment = %+v", dep)
	}
	conflict := wantAPIError(t, errOf(env.client.CreateProjectDeployment(ctx, analytics.ID, client.CreateProjectDeploymentRequest{})), http.StatusConflict, "")
	if conflict.ActiveDeploymentID != dep.ID {
		t.Errorf("409 = %+v", conflict)
	}
	wantAPIError(t, errOf(env.client.RollbackProject(ctx, analytics.ID, succeeded.ID)), http.StatusConflict, "")
	wantAPIError(t, errOf(env.client.RollbackApp(ctx, analytics.ID, succeeded.ID)), http.StatusConflict, "")
	env.clock.Advance(10 * time.Second)
	back, err := env.client.RollbackProject(ctx, analytics.ID, succeeded.ID)
	mustNoErr(t, err)
	if back.Status != client.StatusQueued || back.ImageTag != succeeded.ImageTag {
		t.Errorf("rollback = %+v", back)
	}
	env.clock.Advance(10 * time.Second)
	mustNoErr(t, errOf(env.client.RollbackApp(ctx, analytics.ID, succeeded.ID)))
	env.clock.Advance(10 * time.Second)
	wantAPIError(t, errOf(env.client.RollbackApp(ctx, analytics.ID, failed.ID)), http.StatusConflict, "")
	env.emu.InjectFault(sandbox.Fault{Operation: api.CreateProjectDeployment.ID, Status: http.StatusBadGateway})
	if apiErr := wantAPIError(t, errOf(env.client.CreateProjectDeployment(ctx, analytics.ID, client.CreateProjectDeploymentRequest{})), http.StatusBadGateway, ""); !apiErr.OutcomeUnknown {
		t.Errorf("502 of a POST: %+v", apiErr)
	}

	// Pause and resume.
	mustNoErr(t, env.client.PauseProject(ctx, analytics.ID))
	wantCode(t, errOf(env.client.ListProjectInstances(ctx, analytics.ID)), http.StatusConflict, "project_paused")
	wantCode(t, errOf(env.client.GetProjectInstanceLogs(ctx, analytics.ID, instances[0].Name, 0)), http.StatusConflict, "project_paused")
	wantCode(t, errOf(env.client.CreateProjectDeployment(ctx, analytics.ID, client.CreateProjectDeploymentRequest{})), http.StatusBadRequest, "spicepod_paused")
	resumed, err := env.client.ResumeProject(ctx, analytics.ID)
	mustNoErr(t, err)
	started, err := env.client.GetProjectDeployment(ctx, analytics.ID, resumed.DeploymentID)
	mustNoErr(t, err)
	if !started.InFlight() {
		t.Errorf("resume started %+v", started)
	}
	wantAPIError(t, errOf(env.client.ResumeProject(ctx, analytics.ID)), http.StatusBadRequest, "")

	// A project never deployed has no instances; one without a spicepod cannot deploy.
	fresh, err := env.client.CreateProject(ctx, client.CreateProjectRequest{Name: "fresh-project", Region: "us-west-2"})
	mustNoErr(t, err)
	wantCode(t, errOf(env.client.GetProjectInstanceLogs(ctx, fresh.ID, "fresh-project-0", 0)), http.StatusConflict, "project_not_deployed")
	wantAPIError(t, errOf(env.client.CreateProjectDeployment(ctx, fresh.ID, client.CreateProjectDeploymentRequest{})), http.StatusBadRequest, "spicepod")
}

func TestProjectsInAnOrganizationNotConfigured(t *testing.T) {
	env := newEnv(t, sandbox.Config{Orgs: []sandbox.Org{{ID: 1, Slug: "sandbox", Name: "Sandbox", Owner: "alice", NotConfigured: true}}})
	ctx := context.Background()
	p, err := env.client.CreateProject(ctx, client.CreateProjectRequest{Name: "half-set-up", Region: "us-west-2"})
	mustNoErr(t, err)
	_, err = env.client.UpdateProject(ctx, p.ID, client.UpdateProjectRequest{Spicepod: spicepodYAML})
	mustNoErr(t, err)
	wantAPIError(t, errOf(env.client.CreateProjectDeployment(ctx, p.ID, client.CreateProjectDeploymentRequest{})), http.StatusUnprocessableEntity, "not fully configured")
	wantAPIError(t, errOf(env.client.GetProjectMetrics(ctx, p.ID, "")), http.StatusUnprocessableEntity, "not fully configured")
	wantAPIError(t, errOf(env.client.GetAppMetrics(ctx, p.ID, "")), http.StatusUnprocessableEntity, "not fully configured")
	// A resume that cannot deploy answers as the deployment would, and the project stays paused.
	mustNoErr(t, env.client.PauseProject(ctx, p.ID))
	wantAPIError(t, errOf(env.client.ResumeProject(ctx, p.ID)), http.StatusUnprocessableEntity, "not fully configured")
	wantCode(t, errOf(env.client.ListProjectInstances(ctx, p.ID)), http.StatusConflict, "project_paused")
}

func TestForks(t *testing.T) {
	env := newEnv(t, sandbox.Config{Demo: true})
	ctx := context.Background()
	analytics := projectNamed(t, ctx, env.client, "analytics-app")

	fork, err := env.client.ForkProject(ctx, analytics.ID, client.ForkProjectRequest{})
	mustNoErr(t, err)
	if fork.Name != "analytics-app-fork" || fork.ForkedFrom == nil || fork.ForkedFrom.ID != analytics.ID || fork.SharedState == nil || fork.Config.Spicepod == nil {
		t.Errorf("fork = %+v", fork)
	}
	forks, err := env.client.ListProjectForks(ctx, analytics.ID)
	mustNoErr(t, err)
	if len(forks) != 1 || forks[0].ID != fork.ID || forks[0].ForkedFrom == nil {
		t.Errorf("forks = %+v", forks)
	}
	wantAPIError(t, errOf(env.client.ForkProject(ctx, analytics.ID, client.ForkProjectRequest{Name: "analytics-app-fork"})), http.StatusConflict, "already exists")
	wantCode(t, errOf(env.client.ForkProject(ctx, analytics.ID, client.ForkProjectRequest{SchedulerStateLocation: "s3://bucket/state"})), http.StatusBadRequest, "scheduler_state_location_not_applicable")

	standalone, err := env.client.CreateProject(ctx, client.CreateProjectRequest{Name: "standalone-src"})
	mustNoErr(t, err)
	wantCode(t, errOf(env.client.ForkProject(ctx, standalone.ID, client.ForkProjectRequest{})), http.StatusBadRequest, "fork_placement_required")
	empty, err := env.client.CreateProject(ctx, client.CreateProjectRequest{Name: "empty-src", Region: "us-west-2"})
	mustNoErr(t, err)
	wantCode(t, errOf(env.client.ForkProject(ctx, empty.ID, client.ForkProjectRequest{})), http.StatusUnprocessableEntity, "fork_source_has_no_spicepod")

	env.emu.InjectFault(sandbox.Fault{Operation: api.ForkProject.ID, Status: http.StatusBadGateway})
	if apiErr := wantAPIError(t, errOf(env.client.ForkProject(ctx, analytics.ID, client.ForkProjectRequest{})), http.StatusBadGateway, ""); !apiErr.OutcomeUnknown {
		t.Errorf("502 of a fork: %+v", apiErr)
	}
}

func TestForkWithoutAICredits(t *testing.T) {
	env := newEnv(t, sandbox.Config{Orgs: []sandbox.Org{{ID: 1, Slug: "sandbox", Owner: "alice", AICreditsExhausted: true}}})
	ctx := context.Background()
	p, err := env.client.CreateProject(ctx, client.CreateProjectRequest{Name: "model-app", Region: "us-west-2"})
	mustNoErr(t, err)
	_, err = env.client.UpdateProject(ctx, p.ID, client.UpdateProjectRequest{
		Spicepod: "version: v1\nkind: Spicepod\nname: model-app\nmodels:\n  - from: openai:gpt-4o\n    name: gpt\n"})
	mustNoErr(t, err)
	wantCode(t, errOf(env.client.ForkProject(ctx, p.ID, client.ForkProjectRequest{})), http.StatusPaymentRequired, "ai_credits_exhausted")
}

func TestMemberRoles(t *testing.T) {
	env := newEnv(t, sandbox.Config{Demo: true, Tokens: []sandbox.Token{
		{Value: "sandbox", Org: "sandbox", Scopes: []string{"*"}},
		{Value: "bob-token", Org: "acme-labs", User: "bob", Scopes: []string{"*"}},
	}})
	ctx := context.Background()
	acme := client.WithOrg(ctx, "acme-labs")
	members, err := env.client.ListMembers(ctx)
	mustNoErr(t, err)
	byName := map[string]client.Member{}
	for _, m := range members {
		byName[m.Username] = m
	}
	alice, bob := byName["alice"], byName["bob"]

	got, err := env.client.GetMember(ctx, bob.UserID)
	mustNoErr(t, err)
	if got.Username != "bob" || !slices.Equal(got.Roles, []string{"member"}) {
		t.Errorf("bob = %+v", got)
	}
	viewer, err := env.client.UpdateMemberRoles(ctx, bob.UserID, []string{"viewer"})
	mustNoErr(t, err)
	if !slices.Equal(viewer.Roles, []string{"viewer"}) {
		t.Errorf("bob after patch = %+v", viewer)
	}
	wantAPIError(t, errOf(env.client.GetMember(ctx, 999999)), http.StatusNotFound, "Member not found")
	wantAPIError(t, errOf(env.client.UpdateMemberRoles(ctx, 999999, []string{"member"})), http.StatusNotFound, "Member not found")
	// The owner is immutable: 403 without a code, as the spec's ownerImmutable example.
	wantCode(t, errOf(env.client.UpdateMemberRoles(ctx, alice.UserID, []string{"member"})), http.StatusForbidden, "")
	if _, err := env.client.UpdateMemberRoles(ctx, bob.UserID, []string{"superuser"}); err == nil {
		t.Error("unknown role sent")
	}

	// alice is an admin of acme-labs: she cannot grant admin there.
	acmeMembers, err := env.client.ListMembers(acme)
	mustNoErr(t, err)
	for _, m := range acmeMembers {
		if m.Username == "bob" {
			wantCode(t, errOf(env.client.UpdateMemberRoles(acme, m.UserID, []string{"admin"})), http.StatusForbidden, "forbidden")
		}
	}

	// bob is a viewer of acme-labs: he reads, and is refused changes by role, not by scope.
	bobClient := env.withToken(t, "bob-token")
	projectNamed(t, ctx, bobClient, "fraud-scoring")
	refused := wantCode(t, errOf(bobClient.CreateProject(ctx, client.CreateProjectRequest{Name: "viewer-made"})), http.StatusForbidden, "forbidden")
	if refused.RequiredScope != "" {
		t.Errorf("a role refusal named a scope: %+v", refused)
	}
}
