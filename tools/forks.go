package tools

import (
	"context"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

type forkAppArgs struct {
	App         AppRef  `json:"app"`
	Name        AppName `json:"name,omitempty" jsonschema:"description=The fork's name (default: chosen by the API)"`
	Region      string  `json:"region,omitempty" jsonschema:"description=Default: the source's placement"`
	ClusterName string  `json:"cluster_name,omitempty" jsonschema:"description=A dedicated cluster (list_clusters)"`
	orgArg
}

func (a *forkAppArgs) request() client.ForkProjectRequest {
	return client.ForkProjectRequest{Name: strings.TrimSpace(string(a.Name)), Region: string(a.Region),
		ClusterName: strings.TrimSpace(a.ClusterName)}
}

func (a *forkAppArgs) validate() rules.FieldErrors {
	fe := checkApp(a.App)
	for field, msgs := range client.ValidateForkProject(a.request()) {
		fe[field] = append(fe[field], msgs...)
	}
	return fe
}

var forkApp = register(define[forkAppArgs, client.ForkedProject](Tool{
	Name: "fork_app", Title: "Fork app", Toolset: ToolsetApps,
	Operations: []*api.Operation{api.ListProjects, api.ForkProject},
	Examples: Examples{Valid: map[string]any{"app": "analytics-app", "name": "analytics-app-staging"},
		Invalid: map[string]any{"app": "analytics-app", "name": "Bad Name!"}},
	Description: "Fork (copy, clone, duplicate) an app (project) with its spicepod, configuration and secrets into a " +
		"new one, e.g. a staging copy to experiment with.",
}, func(ctx context.Context, env *Env, c *client.Client, a forkAppArgs) (*Result, error) {
	target, err := resolveAppNamed(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	f, err := c.ForkProject(ctx, target.ID, a.request())
	if err != nil {
		return nil, err
	}
	return &Result{Text: present.AppForked(target.label(), f), Structured: f}, nil
}))

type forkList struct {
	Forks []client.ProjectSummary `json:"forks"`
}

var listForks = register(define[appArgs, forkList](Tool{
	Name: "list_forks", Title: "List forks", Toolset: ToolsetApps,
	Operations: []*api.Operation{api.ListProjects, api.ListProjectForks},
	Examples:   Examples{Valid: map[string]any{"app": "analytics-app"}, Invalid: map[string]any{"app": ""}},
	Description: "Show the forks of an app (project): the copies forked from it, each with its name, endpoint and " +
		"creation date.",
	ReadOnly: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a appArgs) (*Result, error) {
	target, err := resolveAppNamed(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	forks, err := c.ListProjectForks(ctx, target.ID)
	if err != nil {
		return nil, err
	}
	return &Result{Text: present.Forks(target.label(), forks), Structured: forkList{Forks: forks}}, nil
}))

type connectRepositoryArgs struct {
	App              AppRef `json:"app"`
	Repository       string `json:"repository" jsonschema:"minLength=1,description=GitHub repository: name or owner/name"`
	RootDirectory    string `json:"root_directory,omitempty" jsonschema:"description=Directory holding spicepod.yaml (default: the root)"`
	ProductionBranch string `json:"production_branch,omitempty" jsonschema:"description=Default main"`
	orgArg
}

func (a *connectRepositoryArgs) validate() rules.FieldErrors {
	fe := checkApp(a.App)
	if strings.TrimSpace(a.Repository) == "" {
		fe.Check("repository", present.ArgRepositoryRequired)
	}
	return fe
}

var connectRepository = register(define[connectRepositoryArgs, client.RepositoryConnection](Tool{
	Name: "connect_repository", Title: "Link GitHub repository", Toolset: ToolsetApps,
	Operations: []*api.Operation{api.ListProjects, api.ConnectProjectRepository},
	Examples: Examples{Valid: map[string]any{"app": "analytics-app", "repository": "analytics"},
		Invalid: map[string]any{"app": "analytics-app", "repository": ""}},
	Description: "Link an app (project) to a GitHub repository (git): its spicepod then comes from the " +
		"repository's branch instead of update_app.",
	Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a connectRepositoryArgs) (*Result, error) {
	target, err := resolveAppNamed(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	conn, err := c.ConnectProjectRepository(ctx, target.ID, client.ConnectRepositoryRequest{
		Repository: strings.TrimSpace(a.Repository), RootDirectory: strings.TrimSpace(a.RootDirectory),
		ProductionBranch: strings.TrimSpace(a.ProductionBranch)})
	if err != nil {
		return nil, err
	}
	return &Result{Text: present.RepositoryConnected(target.label(), conn), Structured: conn}, nil
}))
