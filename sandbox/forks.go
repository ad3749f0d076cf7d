package sandbox

import (
	"fmt"
	"maps"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// ---- forks (README §7.2) ----

type forkedProjectJSON struct {
	appWithConfigJSON
	SharedState []any `json:"shared_state"`
}

var forkFields = []string{"name", "region", "cluster_name", "scheduler_state_location"}

var _ = serves(api.ForkProject, (*Emulator).forkProject)

// forkProject copies a project, undeployed and private: spicepod, secrets, update channel,
// version, replica and executor counts, storage, description and tags; new API keys; no
// deployments, repository link or instance size (resources).
func (e *Emulator) forkProject(c *call) reply {
	src, rep := c.lookupApp(appNotFound)
	if rep != nil {
		return *rep
	}
	b, formErr := c.jsonBody()
	if formErr != "" {
		return invalid(validationError, nil, formErr)
	}
	for key := range b.fields {
		if !slices.Contains(forkFields, key) {
			b.errs.Check(key, "Unrecognized key: "+key)
		}
	}
	name, named := b.str("name")
	if named {
		b.errs.Check("name", rules.AppName(name))
	}
	stateLocation, hasStateLocation := b.str("scheduler_state_location")
	region, clusterName := e.placement(c.org, b, placementRules{})
	if len(b.errs) > 0 {
		return invalid(validationError, b.errs)
	}
	if region == "" {
		if src.region == "" {
			return codedError(http.StatusBadRequest, "fork_placement_required",
				"The source project has no managed placement; choose a region or cluster_name for the fork")
		}
		region, clusterName = src.region, src.clusterName
	}
	if src.repository != nil && src.productionBranch != nil && branchUnreadable(*src.productionBranch) != nil {
		// A GitHub source's spicepod is read from the head of its production branch; one that
		// cannot be read is an unreadable repository (api/README §7.2, §7.3).
		return codedError(http.StatusBadGateway, "fork_source_repository_unreadable", "Could not read the source repository")
	}
	srcPod := src.sourceSpicepod()
	if srcPod == nil {
		return codedError(http.StatusUnprocessableEntity, "fork_source_has_no_spicepod", "The source project has no spicepod to fork")
	}
	if spicepodInvalid(srcPod) {
		// The check a deployment of the source makes (startDeployment): a spicepod that could
		// not deploy there is not forked either (FORKS-REF).
		return codedError(http.StatusUnprocessableEntity, "fork_source_spicepod_invalid", "The source project's spicepod is invalid")
	}
	if rep := checkSchedulerState(srcPod, stateLocation, hasStateLocation); rep != nil {
		return *rep
	}
	if c.org.aiExhausted && len(spicepodItems(srcPod, "models")) > 0 {
		return codedError(http.StatusPaymentRequired, "ai_credits_exhausted",
			"Hosted AI credits are exhausted; the fork's models could not run. Add credits, then fork again")
	}
	if src.repository != nil && loadsFiles(srcPod) {
		return codedError(http.StatusUnprocessableEntity, "fork_source_loads_repository_files",
			"The source spicepod loads other files of its repository; forks cannot copy them")
	}
	taken := func(n string) bool {
		return slices.ContainsFunc(c.org.apps, func(a *app) bool { return !a.deleted() && strings.EqualFold(a.name, n) })
	}
	if named && taken(name) {
		return errorReply(http.StatusConflict, fmt.Sprintf("App %q already exists in this organization", name))
	}
	if !named {
		name = ""
		for i := 1; i <= 20 && name == ""; i++ {
			candidate := src.name + "-fork"
			if i > 1 {
				candidate = fmt.Sprintf("%s-fork-%d", src.name, i)
			}
			if len(candidate) <= 38 && !taken(candidate) {
				name = candidate
			}
		}
		if name == "" {
			return codedError(http.StatusConflict, "fork_name_unavailable", "No default fork name is free; pass a name")
		}
	}
	if max := c.org.limits().Apps; max >= 0 && c.org.activeAppCount() >= max {
		return errorReply(http.StatusForbidden, "Organization has reached the maximum app limit")
	}
	cfg := src.config
	cfg.spicepod = maps.Clone(srcPod)
	if hasStateLocation {
		setSchedulerStateLocation(cfg.spicepod, stateLocation)
	}
	cfg.region = ptr(region)
	// The instance size is not copied ("the fork starts on the default instance", FORKS-REF):
	// the per-instance resources (and the legacy node group), the executors' too, while the
	// replica and executor counts and storage sizes are (api/README §7.2).
	cfg.imageTag, cfg.nodeGroup, cfg.resources = nil, nil, nil
	if cfg.executor != nil {
		cfg.executor = maps.Clone(cfg.executor)
		delete(cfg.executor, "resources")
	}
	fork := e.addApp(c.org, newApp{
		name: name, region: region, clusterName: clusterName, description: src.description,
		visibility: "private", tags: maps.Clone(src.tags),
		config: func(c *appConfig) { *c = cfg },
	}, c.now)
	fork.forkedFrom = &forkedFromJSON{ID: src.id, Name: src.name}
	// In name order, not the map's: the fork's secret IDs are then the same from run to run
	// (a ManualClock and a seeded Random promise repeatable output).
	for _, key := range slices.Sorted(maps.Keys(src.secrets)) {
		s := src.secrets[key]
		e.putSecret(fork, s.name, s.value, c.now)
	}
	return jsonReply(http.StatusCreated, forkedProjectJSON{appWithConfigJSON: fork.full(true), SharedState: []any{}})
}

var _ = serves(api.ListProjectForks, (*Emulator).listProjectForks)

func (e *Emulator) listProjectForks(c *call) reply {
	src, rep := c.lookupApp(appNotFound)
	if rep != nil {
		return *rep
	}
	forks := []appJSON{}
	for _, a := range c.org.apps {
		if !a.deleted() && a.forkedFrom != nil && a.forkedFrom.ID == src.id {
			forks = append(forks, a.summary(true))
		}
	}
	return jsonReply(http.StatusOK, map[string][]appJSON{"forks": forks})
}

// ---- GitHub repository connection (README §7.3) ----

// repositoryJSON is the connect-repository answer. Its production_branch is the project's
// (app.productionBranch): one place for the branch that deployments read, which
// PUT production_branch changes too (api/README §7.3).
type repositoryJSON struct {
	HasSpicepod      bool    `json:"has_spicepod"`
	Repository       string  `json:"repository"`
	RootDirectory    *string `json:"root_directory"`
	ProductionBranch string  `json:"production_branch"`
}

// repoConnection is a project's GitHub connection; the branch it deploys from is the
// project's production_branch, not stored here.
type repoConnection struct {
	repository    string  // owner/name
	rootDirectory *string // as sent; nil = the repository root

	// spicepod is the emulated spicepod.yaml at the head of the production branch: the
	// spicepod the project had when it was connected (pushed to the repository), else a
	// minimal one named after the project.
	spicepod map[string]any
}

// schedulerStateLocation is a spicepod's runtime.scheduler.state_location: where a distributed
// project keeps its scheduler state ("" for a project that is not distributed).
func schedulerStateLocation(pod map[string]any) string {
	runtime, _ := pod["runtime"].(map[string]any)
	scheduler, _ := runtime["scheduler"].(map[string]any)
	loc, _ := scheduler["state_location"].(string)
	return loc
}

// setSchedulerStateLocation points a fork's spicepod (a shallow copy of its source's) at its own
// scheduler state, copying the maps on the way rather than writing into the source's.
func setSchedulerStateLocation(pod map[string]any, loc string) {
	runtime, _ := pod["runtime"].(map[string]any)
	runtime = maps.Clone(runtime)
	scheduler, _ := runtime["scheduler"].(map[string]any)
	scheduler = maps.Clone(scheduler)
	scheduler["state_location"] = loc
	runtime["scheduler"] = scheduler
	pod["runtime"] = runtime
}

// checkSchedulerState applies the fork's scheduler-state rules (FORKS-REF, openapi.json's
// ForkProjectRequest): a distributed source — one whose spicepod sets
// runtime.scheduler.state_location (Assumed: how the API tells one) — needs the fork's own
// location, an s3:// URI that does not overlap the source's; any other source takes none.
func checkSchedulerState(srcPod map[string]any, loc string, given bool) *reply {
	srcLoc := schedulerStateLocation(srcPod)
	var code, msg string
	switch {
	case srcLoc == "" && given:
		code, msg = "scheduler_state_location_not_applicable", "scheduler_state_location applies only to distributed projects"
	case srcLoc == "":
		return nil
	case !given:
		code, msg = "scheduler_state_location_required", "scheduler_state_location is required for a distributed source"
	case rules.SchedulerStateLocation(loc) != "":
		code, msg = "scheduler_state_location_unsupported", rules.SchedulerStateLocationMessage
	case rules.SchedulerStateOverlaps(loc, srcLoc):
		code, msg = "scheduler_state_location_overlaps_source", "scheduler_state_location must not overlap the source's runtime.scheduler.state_location"
	default:
		return nil
	}
	return codedErrorPtr(http.StatusBadRequest, code, msg)
}

// sourceSpicepod is the spicepod a deployment (or fork) of a reads now: spicepod.yaml of its
// connected repository (README §7.3), else its stored configuration; nil when it has none.
func (a *app) sourceSpicepod() map[string]any {
	if a.repository != nil && a.repository.spicepod != nil {
		return a.repository.spicepod
	}
	return a.config.spicepod
}

var _ = serves(api.ConnectProjectRepository, (*Emulator).connectProjectRepository)

// connectProjectRepository connects a repository of the organization's GitHub account (named
// after the organization; an organization with GitHubNotConnected has none: 409). The emulated
// GitHub answers by name: repositories ending in -missing do not exist and ones ending in
// -unavailable time out (503); branches ending in -missing do not exist; root directories
// ending in -empty hold no spicepod.yaml (422), every other one holds one (sourceSpicepod);
// repositories ending in -undescribed have no description, every other one has one
// (repositoryDescription), which connecting copies onto the project. Two projects cannot deploy
// the same directory of one repository (409 root_directory_conflict).
func (e *Emulator) connectProjectRepository(c *call) reply {
	a, rep := c.lookupApp(appNotFound)
	if rep != nil {
		return *rep
	}
	b, formErr := c.jsonBody()
	if formErr != "" {
		return invalid(validationError, nil, formErr)
	}
	repo, ok := b.str("repository")
	if !b.has("repository") {
		b.errs.Check("repository", "Required")
	}
	root, hasRoot := b.str("root_directory")
	branch, hasBranch := b.str("production_branch")
	if hasBranch {
		b.errs.Check("production_branch", rules.ProductionBranch(branch))
	}
	if len(b.errs) > 0 || !ok {
		return invalid(validationError, b.errs)
	}
	if msg := rules.Repository(repo); msg != "" {
		return codedError(http.StatusBadRequest, "invalid_repository", msg)
	}
	if msg := rules.RootDirectory(root); hasRoot && msg != "" {
		return codedError(http.StatusBadRequest, "invalid_root_directory", msg)
	}
	if c.org.noGitHub { // no account to look the repository up in: GitHub is not asked
		return codedError(http.StatusConflict, "github_not_connected",
			"GitHub is not connected to this organization; connect it in the Spice Cloud portal, then connect the repository")
	}
	owner, name, hasOwner := strings.Cut(repo, "/")
	if !hasOwner {
		owner, name = c.org.slug, repo
	}
	if strings.HasSuffix(name, "-unavailable") {
		return codedError(http.StatusServiceUnavailable, "github_unavailable", "GitHub did not answer; try again later")
	}
	if !strings.EqualFold(owner, c.org.slug) || strings.HasSuffix(name, "-missing") {
		return codedError(http.StatusNotFound, "repository_not_found",
			fmt.Sprintf("Repository '%s/%s' not found or not readable by the Spice Cloud GitHub App", owner, name))
	}
	if !hasBranch {
		branch = "main"
	}
	if rep := branchUnreadable(branch); rep != nil {
		return *rep
	}
	if hasRoot && strings.HasSuffix(root, "-empty") {
		return codedError(http.StatusUnprocessableEntity, "spicepod_missing",
			fmt.Sprintf("No spicepod.yaml in '%s' on branch '%s'", root, branch))
	}
	pod := a.sourceSpicepod()
	if pod == nil {
		pod = map[string]any{"version": "v1", "kind": "Spicepod", "name": a.name}
	}
	conn := &repoConnection{repository: c.org.slug + "/" + name, spicepod: pod}
	if hasRoot {
		conn.rootDirectory = &root
	}
	for _, other := range c.org.apps {
		if other != a && !other.deleted() && other.repository != nil &&
			strings.EqualFold(other.repository.repository, conn.repository) && other.repository.dir() == conn.dir() {
			return codedError(http.StatusConflict, "root_directory_conflict",
				fmt.Sprintf("Project %q already deploys this directory of %s; choose another root_directory", other.name, conn.repository))
		}
	}
	a.repository = conn
	a.productionBranch = ptr(branch)
	// Connecting copies the repository's description onto the project (api/README §7.3,
	// Documented); a repository without one leaves the project without one (Assumed).
	a.description = repositoryDescription(name)
	return jsonReply(http.StatusOK, repositoryJSON{HasSpicepod: true, Repository: conn.repository,
		RootDirectory: conn.rootDirectory, ProductionBranch: branch})
}

// repositoryDescription is the emulated GitHub repository's description: none for a
// repository whose name ends in -undescribed, else "Spicepod for <name>".
func repositoryDescription(name string) *string {
	if strings.HasSuffix(name, "-undescribed") {
		return nil
	}
	return ptr("Spicepod for " + name)
}

// branchUnreadable is GitHub's answer when a branch cannot be read: branches ending in
// -missing do not exist (422 branch_not_found), on connect and whenever a deployment of a
// connected project reads spicepod.yaml from the head of its production branch.
func branchUnreadable(branch string) *reply {
	if strings.HasSuffix(branch, "-missing") {
		return codedErrorPtr(http.StatusUnprocessableEntity, "branch_not_found", fmt.Sprintf("Branch '%s' not found", branch))
	}
	return nil
}

// dir is the directory the connection deploys, cleaned (path.Clean) so that spellings of one
// directory compare equal: "data", "./data", "data/." and "data/" are "data"; "", "." and
// "./" are the root (""). The stored root_directory stays as sent.
func (r *repoConnection) dir() string {
	if r.rootDirectory == nil {
		return ""
	}
	return strings.TrimPrefix(path.Clean("/"+*r.rootDirectory), "/")
}

// loadsFiles reports whether a spicepod loads other files of its repository (FORKS-REF):
// component `ref`s (an entry of any component list that names a file with `ref` instead of
// defining the component inline), view `sql_ref`s, model or embedding `files`, or relative
// `file:` sources. An absolute `file:` path (file:/data/x.parquet, file:///data/x.parquet)
// reads the runtime's file system, not the repository, so it is not one of them.
func loadsFiles(pod map[string]any) bool {
	for section, raw := range pod {
		for _, entry := range anyList(raw) {
			m, _ := entry.(map[string]any)
			if m == nil {
				continue
			}
			if _, ok := m["ref"]; ok {
				return true
			}
			if _, ok := m["sql_ref"]; ok && section == "views" {
				return true
			}
			if _, ok := m["files"]; ok && (section == "models" || section == "embeddings") {
				return true
			}
			if from, _ := m["from"].(string); relativeFileSource(from) {
				return true
			}
		}
	}
	return false
}

// relativeFileSource reports a `file:` source whose path is relative to the spicepod
// (file:data/x.csv, file:./data/x.csv, file:../x.csv): one that reads the repository.
func relativeFileSource(from string) bool {
	p, ok := strings.CutPrefix(from, "file:")
	if !ok {
		return false
	}
	p = strings.TrimPrefix(p, "//") // file://path: the path is what follows
	return p != "" && !strings.HasPrefix(p, "/")
}
