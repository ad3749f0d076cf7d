package tools

import (
	"cmp"
	"context"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

type forkAppArgs struct {
	App         AppRef     `json:"app"`
	Name        *ForkName  `json:"name,omitempty"`
	Region      RegionCode `json:"region,omitempty" jsonschema:"description=Default: the source's placement"`
	ClusterName Ident      `json:"cluster_name,omitempty" jsonschema:"description=See list_clusters"`
	// SchedulerStateLocation is the fork's own scheduler state, for a distributed source (the
	// API's scheduler_state_location_* codes say when it is needed or refused).
	SchedulerStateLocation SchedulerStateLocation `json:"scheduler_state_location,omitempty"`
	orgArg
}

// ForkName is the fork's name: an app name (AppName), without its description, to keep
// fork_app's listing short (left out, the API names the fork SOURCE-fork).
type ForkName string

// jsonSchema is the type's own schema (see schema.go).
func (ForkName) jsonSchema() *schema {
	s := AppName("").jsonSchema()
	s.Description = ""
	return s
}

// SchedulerStateLocation is where a fork of a distributed app keeps its scheduler state: an
// s3:// URI (rules.SchedulerStateLocation).
type SchedulerStateLocation string

// jsonSchema is the type's own schema (see schema.go).
func (SchedulerStateLocation) jsonSchema() *schema {
	return &schema{Type: "string", Pattern: rules.SchedulerStateLocationPattern}
}

// check refuses "" (omit it for a source without scheduler state) and what
// rules.SchedulerStateLocation refuses.
func (l SchedulerStateLocation) check() string {
	if l == "" {
		return present.ArgEmpty
	}
	return rules.SchedulerStateLocation(string(l))
}

func (a *forkAppArgs) request() client.ForkProjectRequest {
	req := client.ForkProjectRequest{Region: string(a.Region), ClusterName: string(a.ClusterName),
		SchedulerStateLocation: string(a.SchedulerStateLocation)}
	if a.Name != nil {
		req.Name = string(*a.Name)
	}
	return req
}

func (a *forkAppArgs) validate() rules.FieldErrors {
	fe := checkApp(a.App)
	if a.Name != nil && *a.Name == "" {
		fe.Check("name", present.ArgForkNameEmpty) // it would read as "not given"
	}
	for field, msgs := range client.ValidateForkProject(a.request()) {
		fe[field] = append(fe[field], msgs...)
	}
	return fe
}

// forkView is fork_app's result: the new app and its URL.
type forkView struct {
	URL string `json:"url"`
	client.ForkedProject
}

var forkApp = register(define[forkAppArgs, forkView](Tool{
	Name: "fork_app", Title: "Fork app", Toolset: ToolsetApps,
	Operations: []*api.Operation{api.ListProjects, api.ForkProject},
	// The source's configuration, to name what the fork does not copy of it.
	MayCall: []*api.Operation{api.GetProject},
	Examples: Examples{Valid: map[string]any{"app": "analytics-app", "name": "analytics-app-staging"},
		Invalid: map[string]any{"app": "analytics-app", "name": "Bad Name!"}},
	Description: "Fork (copy, clone, duplicate) an app (project) with its spicepod, configuration and secrets, e.g. " +
		"a staging copy.",
}, func(ctx context.Context, env *Env, c *client.Client, a forkAppArgs) (*Result, error) {
	target, err := resolveAppNamed(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	// The source as it is before the fork, to name what the fork lacks of it (image_tag,
	// node_group: forks do not copy them). Optional: without it the result names nothing.
	src, srcErr := c.GetProject(ctx, target.ID)
	if srcErr != nil {
		if ctx.Err() != nil {
			return nil, srcErr // cancelled or out of time: nothing was sent
		}
		src = nil
	}
	f, err := c.ForkProject(ctx, target.ID, a.request())
	if err != nil {
		return nil, err
	}
	// The fork carries the source's configuration, spicepod included: masked like get_app's,
	// and so are the settings it shares with the source (shared_state).
	f.Project = *present.MaskApp(&f.Project)
	f.SharedState = present.MaskSharedState(f.SharedState)
	text := present.AppForked(target.label(), src, f, string(a.Org))
	// The API's warning as the text shows it: shortened with its length (it has no bound).
	view := forkView{URL: f.URL(), ForkedProject: *f}
	view.Warning = present.APIWarning(f.Warning)
	return &Result{Text: text, Structured: view}, nil
}))

type forkList struct {
	Forks []appSummary `json:"forks"`
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
	return &Result{Text: present.Forks(target.label(), forks) + present.SummariesShortened(forks, env.usable(ctx, "get_app")),
		Structured: forkList{Forks: summaries(forks)}}, nil
}))

type connectRepositoryArgs struct {
	App              AppRef        `json:"app"`
	Repository       Repository    `json:"repository"`
	RootDirectory    RootDirectory `json:"root_directory,omitempty"`
	ProductionBranch Ident         `json:"production_branch,omitempty" jsonschema:"description=Repo's default"`
	orgArg
}

func (a *connectRepositoryArgs) request() client.ConnectRepositoryRequest {
	return client.ConnectRepositoryRequest{Repository: string(a.Repository), RootDirectory: string(a.RootDirectory),
		ProductionBranch: string(a.ProductionBranch)}
}

func (a *connectRepositoryArgs) validate() rules.FieldErrors {
	fe := checkApp(a.App)
	if a.Repository == "" {
		fe.Check("repository", present.ArgRepositoryRequired)
		return fe
	}
	for field, msgs := range client.ValidateConnectRepository(a.request()) {
		fe[field] = append(fe[field], msgs...)
	}
	return fe
}

// Repository is a GitHub repository, name or owner/name (rules.Repository).
type Repository string

// jsonSchema is the type's own schema (see schema.go).
func (Repository) jsonSchema() *schema {
	return &schema{Type: "string", Pattern: rules.RepositoryPattern, Description: "GitHub repository: name or owner/name"}
}

// RootDirectory is a directory inside a repository (rules.RootDirectory).
type RootDirectory string

// jsonSchema is the type's own schema (see schema.go).
func (RootDirectory) jsonSchema() *schema {
	return &schema{Type: "string", Pattern: rules.RootDirectoryPattern, Description: "Directory holding spicepod.yaml (default: root); no .."}
}

// check refuses "" (omit it for the root) and what rules.RootDirectory refuses.
func (d RootDirectory) check() string {
	if d == "" {
		return present.ArgEmpty
	}
	return rules.RootDirectory(string(d))
}

// repositoryView is connect_repository's result: the connection as the API answered it, and
// where the answer leaves a field out, as sent; has_spicepod only when the answer says.
type repositoryView struct {
	HasSpicepod      *bool  `json:"has_spicepod,omitempty"`
	Repository       string `json:"repository"`
	RootDirectory    string `json:"root_directory,omitempty"`
	ProductionBranch string `json:"production_branch,omitempty"`
}

var connectRepository = register(define[connectRepositoryArgs, repositoryView](Tool{
	Name: "connect_repository", Title: "Link GitHub repository", Toolset: ToolsetApps,
	Operations: []*api.Operation{api.ListProjects, api.ConnectProjectRepository},
	Examples: Examples{Valid: map[string]any{"app": "analytics-app", "repository": "analytics"},
		Invalid: map[string]any{"app": "analytics-app", "repository": ""}},
	Description: "Link an app (project) to a GitHub repository (git): its spicepod then comes from the " +
		"repository's branch instead of update_app.",
	// Destructive: it replaces what was there (a spicepod, a setting, a value), not only adds.
	Destructive: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a connectRepositoryArgs) (*Result, error) {
	target, err := resolveAppNamed(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	sent := a.request()
	conn, err := c.ConnectProjectRepository(ctx, target.ID, sent)
	if err != nil {
		return nil, err
	}
	v := repositoryView{HasSpicepod: conn.HasSpicepod, Repository: cmp.Or(conn.Repository, sent.Repository),
		RootDirectory: cmp.Or(conn.RootDirectory, sent.RootDirectory), ProductionBranch: cmp.Or(conn.ProductionBranch, sent.ProductionBranch)}
	return &Result{Text: present.RepositoryConnected(target.label(), v.Repository, v.ProductionBranch, v.RootDirectory, v.HasSpicepod),
		Structured: v}, nil
}))
