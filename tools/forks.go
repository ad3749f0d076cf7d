package tools

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strconv"

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

// forkView is fork_app's result: the new app and its URL, shortened as get_app's view is
// (forkResult). A spicepod too long for one result is left out of config.spicepod for a
// window of its first lines (spicepod_lines), as get_app shows one.
type forkView struct {
	URL string `json:"url"`
	client.ForkedProject
	SpicepodLines *present.SpicepodWindow `json:"spicepod_lines,omitempty"`
	// Shortened gives, by name or path, what each field shortened held in all
	// (present.ShortenApp, present.ShortSharedState): characters for texts, tags for tags,
	// keys for a resource group, items for shared_state.
	Shortened map[string]int `json:"shortened,omitempty"`
}

// forkResult is fork_app's result for the (masked) fork: text (text(shown): with the first shown
// of its shared_state items), then what its structured content shortened
// (present.ForkShortened). Structured content holds the fork as get_app's holds an app: its
// texts, tags and settings shortened (present.ShortenApp), the warning as the text shows it,
// the shared_state items the text lists, shortened as it shows them (present.ShortSharedState),
// and a spicepod too long for one result by its first lines, with the get_app call (again: the
// fork and organization) that shows the next.
func forkResult(text func(shown int) string, f *client.ForkedProject, again []present.Arg, getApp bool) *Result {
	short, full := present.ShortenApp(&f.Project)
	fork := *f
	fork.Project = *short
	fork.ProjectSummary = urlEndpoint(fork.ProjectSummary)
	fork.Warning = present.APIWarning(f.Warning) // as the text shows it
	pod := fork.Config.Spicepod
	podYAML := ""
	if pod != nil {
		podYAML = present.SpicepodPage(pod, 0, present.ResultBytes*16).YAML
	}
	// build renders the fork with its first shown shared_state items and its spicepod whole
	// (withPod), by the lines of window, or left out; excess is how far the larger form is over
	// the budget. The fork's texts (viewDense), the items and the spicepod's lines may be a token
	// a byte (denseWeight): each form holds their extra weight free.
	var excess, extra int
	build := func(shown int, window *present.SpicepodWindow, withPod bool) *Result {
		v := forkView{URL: f.URL(), ForkedProject: fork}
		v.SharedState, v.Shortened = present.ShortSharedState(f.SharedState, shown, full)
		yaml := podYAML
		if window != nil || !withPod {
			v.Config.Spicepod, yaml = nil, ""
		}
		if window != nil {
			v.SpicepodLines, yaml = window, window.YAML
		}
		res := fitPage(1, func(int) *Result {
			return &Result{Text: text(shown) + present.ForkShortened(short, full, window, getApp, again...), Structured: v}
		})
		state, _ := json.Marshal(v.SharedState)
		dense := viewDense(&f.Project) + len(state) + len(yaml)
		extra = denseWeight(dense) - dense
		excess = max(len(res.Text)+extra-textBudget, len(res.structuredJSON)+extra-present.ResultBytes)
		return res
	}
	items := len(f.SharedState)
	if whole := build(items, nil, true); excess <= 0 {
		return whole
	}
	// As many shared_state items as fit, with room for the spicepod's first lines: no tool shows
	// the items again, and get_app shows the spicepod.
	reserve := 0
	if pod != nil {
		reserve = spicepodRoom
	}
	shown := max(sort.Search(items+1, func(n int) bool { build(n, nil, false); return excess+reserve > 0 })-1, 0)
	if res := build(shown, nil, true); pod == nil || excess <= 0 {
		return res
	}
	bare := build(shown, nil, false)
	// The window's lines travel once, as a JSON string: room for the rest of the fork and notes.
	var w *present.SpicepodWindow // the last window rendered
	render := func(budget int) *Result {
		w = present.SpicepodPage(pod, 0, budget)
		w.Again = again
		return build(shown, w, false)
	}
	return fillWindow((present.ResultBytes-len(bare.structuredJSON)-500-extra)*2/3, render,
		func(*Result) (int, *present.SpicepodWindow) { return excess, w })
}

var forkApp = register(define[forkAppArgs, forkView](Tool{
	Name: "fork_app", Title: "Fork app", Toolset: ToolsetApps,
	Operations: []*api.Operation{api.ListProjects, api.ForkProject},
	// The source's configuration, to name what the fork does not copy of it.
	MayCall:  []*api.Operation{api.GetProject},
	Optional: []*api.Operation{api.GetProject},
	Examples: Examples{Valid: map[string]any{"app": "analytics-app", "name": "analytics-app-staging"},
		Invalid: map[string]any{"app": "analytics-app", "name": "Bad Name!"}},
	Description: "Fork (copy, clone, duplicate, branch off) an app: make a copy with its configuration and " +
		"secrets, e.g. a staging, dev or sandbox app for tests.",
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
	hidden := unusableTools(ctx, env, "create_deployment", "update_app", "get_app") // named only as not available
	text := func(shown int) string {
		return present.AppForked(target.label(), src, f, string(a.Org), shown, hidden, env.Sandbox)
	}
	return forkResult(text, f, appAgain(f.Name, a.orgArg), env.usable(ctx, "get_app")), nil
}))

type forkList struct {
	ofApp
	Forks []appSummary `json:"forks"`
	Total int          `json:"total"`
	// Offset is where the page starts; NextOffset where the next one does (absent on the last).
	Offset     int `json:"offset,omitempty"`
	NextOffset int `json:"next_offset,omitempty"`
}

var listForks = register(define[appPageArgs, forkList](Tool{
	Name: "list_forks", Title: "List forks", Toolset: ToolsetApps,
	Operations:  []*api.Operation{api.ListProjects, api.ListProjectForks},
	Examples:    Examples{Valid: map[string]any{"app": "analytics-app"}, Invalid: map[string]any{"app": ""}},
	Description: "Show which forks (copies, clones) of an app exist already: name, endpoint, created.",
	ReadOnly:    true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a appPageArgs) (*Result, error) {
	target, err := resolveAppNamed(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	forks, err := c.ListProjectForks(ctx, target.ID)
	if err != nil {
		return nil, err
	}
	// A page at a time, as list_apps: a fork's description and tags make it long, and both forms
	// of each page fit the budget, so the shortening noted is in structured content sent.
	forks, note := summariesOnce(forks, "fork")
	note += futureNote(datedSummaries(forks, "fork"), env) + pagingNote(ctx, api.ListProjectForks, "fork", "forks")
	short := shortSummaries{}
	return resumedSummaryPage(ctx, env, "list_forks\x00"+strconv.FormatInt(target.ID, 10), "fork", "forks", forks, a.Offset, short, func(page []client.ProjectSummary, p present.Page) *Result {
		text := present.ForksPage(target.label(), page, p.Total, env.usable(ctx, "fork_app")) + present.SummariesShortened(page, env.usable(ctx, "get_app")) + note
		return &Result{Text: present.Paged(text, present.PageNote("list_forks", "forks", deletable(p), appAgain(string(a.App), a.orgArg)...)),
			Structured: forkList{ofApp: target.of(), Forks: summaries(page, short), Total: p.Total, Offset: p.Offset, NextOffset: p.Next}}
	}), nil
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
	return &schema{Type: "string", Pattern: rules.RepositoryPattern, Description: "repo or owner/repo"}
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
	ofApp
	HasSpicepod      *bool  `json:"has_spicepod,omitempty" jsonschema:"description=Absent when not known"`
	Repository       string `json:"repository"`
	RootDirectory    string `json:"root_directory,omitempty"`
	ProductionBranch string `json:"production_branch,omitempty"`
}

var connectRepository = register(define[connectRepositoryArgs, repositoryView](Tool{
	Name: "connect_repository", Title: "Link GitHub repository", Toolset: ToolsetApps,
	Operations: []*api.Operation{api.ListProjects, api.ConnectProjectRepository},
	// The app read back: connecting replaces its description with the repository's (api/README
	// §7.3), which the result says. Its instances: a paused app (409 project_paused) runs
	// nothing from the repository until resume_app (§7.4), which the result says.
	MayCall:  []*api.Operation{api.GetProject, api.ListProjectInstances},
	Optional: []*api.Operation{api.GetProject, api.ListProjectInstances},
	Examples: Examples{Valid: map[string]any{"app": "analytics-app", "repository": "analytics"},
		Invalid: map[string]any{"app": "analytics-app", "repository": ""}},
	Description: "Link (hook up) an app to a GitHub repository (git, GitOps): its spicepod then comes from a branch " +
		"there, not update_app.",
	// Destructive: it replaces what was there (a spicepod, a setting, a value), not only adds.
	Destructive: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a connectRepositoryArgs) (*Result, error) {
	apps, err := c.ListProjects(ctx)
	if err != nil {
		return nil, err
	}
	target, err := matchApp(apps, a.App)
	if err != nil {
		return nil, err
	}
	before := ""
	if i := slices.IndexFunc(apps, func(p client.ProjectSummary) bool { return p.ID == target.ID }); i >= 0 {
		before = apps[i].Description
	}
	sent := a.request()
	conn, err := c.ConnectProjectRepository(ctx, target.ID, sent)
	if err != nil {
		return nil, err
	}
	// Connected: a failed read back only leaves the new description unsaid.
	after, known := "", false
	if p, err := c.GetProject(ctx, target.ID); err == nil {
		after, known = p.Description, true
	}
	v := repositoryView{ofApp: target.of(), HasSpicepod: conn.HasSpicepod, Repository: cmp.Or(conn.Repository, sent.Repository),
		RootDirectory: cmp.Or(conn.RootDirectory, sent.RootDirectory), ProductionBranch: cmp.Or(conn.ProductionBranch, sent.ProductionBranch)}
	text := present.RepositoryConnected(target.label(), v.Repository, v.ProductionBranch, v.RootDirectory, v.HasSpicepod, env.usable(ctx, "update_app"))
	if paused(ctx, c, target) { // a failed check says nothing
		text += present.RepositoryConnectedWhilePaused(v.ProductionBranch, unusableTools(ctx, env, "resume_app"), appAgain(string(a.App), a.orgArg)...)
	}
	return &Result{Text: text + present.RepositoryDescriptionCopied(before, after, known),
		Structured: v}, nil
}))
