package tools

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

type listDeploymentsArgs struct {
	App    AppRef           `json:"app"`
	Limit  Limit            `json:"limit,omitempty"`
	Offset Offset           `json:"offset,omitempty"`
	Status DeploymentStatus `json:"status,omitempty"`
	orgArg
}

func (a *listDeploymentsArgs) validate() rules.FieldErrors {
	fe := checkApp(a.App)
	checkOffset(fe, a.Offset) // limit: Limit.check
	if a.Status != "" {
		fe.Check("status", rules.Enum(string(a.Status), rules.DeploymentStatuses))
	}
	return fe
}

type deploymentList struct {
	ofApp
	Deployments []deploymentItem `json:"deployments"`
	Offset      int              `json:"offset,omitempty"`
	// NextOffset is set when older deployments may follow.
	NextOffset int `json:"next_offset,omitempty"`
}

var listDeployments = register(define[listDeploymentsArgs, deploymentList](Tool{
	Name: "list_deployments", Title: "List deployments", Toolset: ToolsetDeployments,
	Operations: []*api.Operation{api.ListProjects, api.ListProjectDeployments},
	When:       roleWhen(listedUnlessByID, "the app has no deployment"),
	MayCall:    []*api.Operation{api.ListDeployments, api.GetProject, api.ListOrgs}, // offset > 0; none yet (and the caller's role)
	Examples:   Examples{Valid: map[string]any{"app": "analytics-app"}, Invalid: map[string]any{"app": "analytics-app", "limit": 101}},
	Description: "An app's last deployments (pushes, what went out): rollout history, image versions, which failed; " +
		"older ones with offset.",
	ReadOnly: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a listDeploymentsArgs) (*Result, error) {
	target, err := resolveApp(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	limit := int(a.Limit)
	if limit == 0 {
		limit = rules.LimitDefault
	}
	offset := int(a.Offset)
	// The next page's call repeats the filters and limit as given (limit left out: the default).
	again := append(appAgain(string(a.App), a.orgArg), present.Arg{Name: "status", Value: string(a.Status)},
		present.Arg{Name: "limit", Value: int(a.Limit)})
	// A row's next step, where usable: wait_for_deployment for one still queued or in progress,
	// get_deployment for the newest failed one shown (whether they are usable asked once, and
	// only for a page with such a row).
	var unusable []present.UnavailableTool
	asked := false
	follow := func(deps []client.Deployment) string {
		if !asked && slices.ContainsFunc(deps, func(d client.Deployment) bool { return d.Status == client.StatusFailed || d.InFlight() }) {
			unusable, asked = unusableTools(ctx, env, "get_deployment", "wait_for_deployment"), true
		}
		again := appAgain(string(a.App), a.orgArg)
		return strings.TrimSpace(present.InFlightDeploymentNext(deps, unusable, again...) + "\n\n" +
			present.FailedDeploymentsNext(deps, unusable, again...))
	}
	// One more than the page, when the API allows it, tells whether older ones follow.
	opts := client.ListDeploymentsOptions{Limit: min(limit+1, rules.LimitMax), Status: string(a.Status)}
	list := "list_deployments\x00" + strconv.FormatInt(target.ID, 10) + "\x00" + string(a.Status)
	session := pageSession(ctx)
	// served remembers where the page ended (pagememo.go): the last deployment shown.
	served := func(res *Result) *Result {
		if l, ok := res.Structured.(deploymentList); ok {
			mark := pageMark{list: list, next: l.NextOffset}
			if n := len(l.Deployments); n > 0 {
				mark.last = strconv.FormatInt(l.Deployments[n-1].ID, 10)
				mark.name = present.DeploymentNamed(l.Deployments[n-1].ID)
			} else {
				mark.next = 0
			}
			env.pages.put(session, mark)
		}
		return res
	}
	if offset == 0 {
		deps, err := c.ListProjectDeployments(ctx, target.ID, opts)
		if err != nil {
			return nil, err
		}
		if len(deps) == 0 && a.Status != "" {
			return &Result{Text: present.NoDeploymentsWithStatus(target.label(), string(a.Status), appAgain(string(a.App), a.orgArg)...),
				Structured: deploymentList{ofApp: target.of(), Deployments: []deploymentItem{}}}, nil
		}
		if len(deps) == 0 { // the next step depends on whether a deployment has what it needs (a spicepod)
			ctx := withListedRole(ctx, env, c) // update_app and create_deployment are named only to a role that can use them
			return &Result{Text: present.NoDeployments(target.label(), deployable(ctx, c, target.ID, nil), unusableTools(ctx, env, deployTools...),
				appAgain(string(a.App), a.orgArg)...),
				Structured: deploymentList{ofApp: target.of(), Deployments: []deploymentItem{}}}, nil
		}
		return served(deploymentPage(target, deps, string(a.Status), limit, 0, 0, again, "", follow, env.Poll.withDefaults().Now())), nil
	}
	// Only the /v1/apps alias publishes offset (api/README.md §2, "Lists"), as optional: a
	// server that ignores it answers with the newest again, which must not pass for older ones.
	from := func(offset, n int) ([]client.Deployment, error) {
		o := client.ListDeploymentsOptions{Limit: n, Status: opts.Status, Offset: offset}
		if offset == 0 {
			return c.ListProjectDeployments(ctx, target.ID, o)
		}
		deps, err := c.ListDeployments(ctx, target.ID, o)
		if err != nil || len(deps) == 0 {
			return deps, err
		}
		newest, err := c.ListProjectDeployments(ctx, target.ID, client.ListDeploymentsOptions{Limit: 1, Status: opts.Status})
		if err != nil {
			return nil, err
		}
		if len(newest) > 0 && newest[0].ID == deps[0].ID {
			return nil, errors.New(present.OffsetIgnored)
		}
		return deps, nil
	}
	var deps []client.Deployment
	note := ""
	var shownBefore int64 // the deployment the session's last page ended with
	if mark, ok := env.pages.get(session, list); ok && offset == mark.next {
		shownBefore, _ = strconv.ParseInt(mark.last, 10, 64)
		// The next page of the session's last one: newer deployments started since push older
		// ones back, so look from the one before, and continue after the deployment it ended with.
		n := min(limit+2, rules.LimitMax)
		window, err := from(offset-1, n)
		if err != nil {
			return nil, err
		}
		last := func(d client.Deployment) bool { return strconv.FormatInt(d.ID, 10) == mark.last }
		at := slices.IndexFunc(window, last)
		// Not in the window: more deployments were started since than it holds (deployments are
		// not deleted), or, with a status filter, it left the list. Look further back, a few of
		// the API's pages at most.
		looked, ended := len(window), len(window) < n
		for range resumeLookups {
			if at >= 0 || ended {
				break
			}
			further, err := from(offset-1+looked, rules.LimitMax)
			if err != nil {
				return nil, err
			}
			if i := slices.IndexFunc(further, last); i >= 0 {
				at = looked + i
			}
			looked, ended = looked+len(further), len(further) < rules.LimitMax
		}
		switch {
		case at < 0 && ended:
			note = present.PageListChanged(mark.name)
		case at < 0:
			note = present.PageFarBehind("deployment", "deployments", looked, mark.name, a.Status != "")
		case at > 0:
			note = present.PageShifted("deployment", "deployments", at, mark.name)
			offset += at
		}
		if at <= 0 && n == limit+2 {
			deps = window[min(1, len(window)):]
		}
	}
	if deps == nil {
		var err error
		if deps, err = from(offset, opts.Limit); err != nil {
			return nil, err
		}
	}
	return served(deploymentPage(target, deps, string(a.Status), limit, offset, shownBefore, again, note, follow, env.Poll.withDefaults().Now())), nil
}))

// resumeLookups bounds the API pages read past list_deployments' resume window to find the
// deployment the session's last page ended with.
const resumeLookups = 3

// deploymentPage is a page of deployments, fewer when the whole page would exceed the result
// budget. The API gives no total: deps holds one more than limit when more follow (asked for
// when the API's maximum allows); a full page of the maximum may have more behind it. status is
// the filter the heading names ("": none); again are the arguments the next page's call repeats;
// follow says what to call next for the rows shown ("": nothing). shownBefore is the deployment
// the session's last page of this list ended with (0: none): listed again here, it is left out.
func deploymentPage(target appTarget, deps []client.Deployment, status string, limit, offset int, shownBefore int64, again []present.Arg, note string,
	follow func([]client.Deployment) string, now time.Time) *Result {
	more := len(deps) > limit || len(deps) == rules.LimitMax
	// A deployment the API lists again is shown once, the repeat said; at[i] is the API's
	// position of the i-th shown, so the next page starts after the entries this one used.
	var at []int
	var repeated []int64
	seen := map[int64]bool{}
	unique := deps[:0:0]
	listedAgain := false
	for i, d := range deps {
		if shownBefore != 0 && d.ID == shownBefore {
			listedAgain = listedAgain || i < limit
			continue
		}
		if seen[d.ID] {
			if i < limit && !slices.Contains(repeated, d.ID) {
				repeated = append(repeated, d.ID)
			}
			continue
		}
		seen[d.ID] = true
		unique, at = append(unique, d), append(at, i)
	}
	if len(repeated) > 0 {
		note = strings.TrimSpace(note + "\n\n" + present.DeploymentsRepeated(repeated))
	}
	if listedAgain {
		note = strings.TrimSpace(note + "\n\n" + present.DeploymentShownOnPageBefore(shownBefore))
	}
	deps = unique[:min(len(unique), limit)]
	return fitDense(len(deps), func(n int) *Result {
		p := present.Page{Offset: offset, Shown: n, Total: -1}
		if n < len(deps) || more {
			p.Next = offset + n
			if n > 0 {
				p.Next = offset + at[n-1] + 1
			}
		}
		text := present.DeploymentsWithStatus(target.label(), status, deps[:n])
		if odd := present.DeploymentsOdd(deps[:n], now); odd != "" {
			text += "\n\n" + odd
		}
		if n == 0 && offset > 0 {
			text = ""
		}
		items := make([]deploymentItem, n)
		for i, d := range deps[:n] {
			items[i].Deployment, items[i].Shortened = present.ShortenDeployment(d)
		}
		if next := follow(deps[:n]); next != "" {
			text += "\n\n" + next
		}
		if note != "" {
			text = note + "\n\n" + text
		}
		return &Result{Text: strings.TrimSpace(present.Paged(text, present.PageNote("list_deployments", "deployments", p, again...))),
			Structured: deploymentList{ofApp: target.of(), Deployments: items, Offset: offset, NextOffset: p.Next}}
	}, func(n int) int {
		d := 0
		for _, dep := range deps[:n] {
			d += deploymentDense(dep)
		}
		return d
	})
}

// deploymentDense is the bytes of a deployment's texts that the user wrote or the API passed
// through, as ShortenDeployment shortens them: they may be a token a byte (denseWeight).
func deploymentDense(d client.Deployment) int {
	s, _ := present.ShortenDeployment(d)
	return len(s.Branch) + len(s.CommitMessage) + len(s.ErrorMessage) + len(s.Image) + len(s.ImageTag) + len(s.CreatedBy.Name)
}

// deploymentItem is a deployment in structured content: the API's object with each text
// longer than its limit shortened (present.ShortenDeployment), and the full length of those.
type deploymentItem struct {
	client.Deployment
	// Shortened gives the full length in characters of each field shortened, by name.
	Shortened map[string]int `json:"shortened,omitempty"`
}

// appDeploymentItem is one deployment and its app, as create_deployment and
// rollback_deployment return it (a list names its app once, beside the items).
type appDeploymentItem struct {
	ofApp
	deploymentItem
}

// appDeployment is a deployment explained and its app, as get_deployment and
// wait_for_deployment return it (create_and_deploy_app and resume_app name the app beside it).
type appDeployment struct {
	ofApp
	deploymentResult
}

type getDeploymentArgs struct {
	App          AppRef       `json:"app"`
	DeploymentID DeploymentID `json:"deployment_id"`
	orgArg
}

func (a *getDeploymentArgs) validate() rules.FieldErrors {
	return checkApp(a.App) // deployment_id: DeploymentID's required and check
}

var getDeployment = register(define[getDeploymentArgs, appDeployment](Tool{
	Name: "get_deployment", Title: "Get deployment", Toolset: ToolsetDeployments,
	Operations: []*api.Operation{api.ListProjects, api.GetProjectDeployment},
	When: roleWhen(map[*api.Operation]string{api.ListProjects: whenNotOnlyID, api.ListProjectDeployments: whenDeploymentEnded,
		api.ListProjectInstances: whenDeploymentEnded}, whenDeploymentNamesAStep),
	// Whether a later deployment replaced a succeeded one, or the app is paused (standing).
	MayCall:  append([]*api.Operation{api.ListProjectDeployments}, failureLogOps...),
	Examples: Examples{Valid: map[string]any{"app": "analytics-app", "deployment_id": 1003}, Invalid: map[string]any{"app": "analytics-app", "deployment_id": 0}},
	Description: "One rollout's details by ID: status, image, commit, who triggered it; if failed (what went wrong): " +
		"error code, whether a retry helps, fix, failing instance's logs.",
	ReadOnly: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a getDeploymentArgs) (*Result, error) {
	target, err := resolveApp(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	d, err := c.GetProjectDeployment(ctx, target.ID, int64(a.DeploymentID))
	if err != nil {
		// A deployment the app does not have: the call that lists the ones it has, named.
		if text, ok := present.DeploymentNotFound(err, target.ID, target.Name, int64(a.DeploymentID), false, listingHidden(ctx, env), appAgain(string(a.App), a.orgArg)...); ok {
			return failedBy(text, err), nil
		}
		return nil, err
	}
	res, logs := explainDeployment(ctx, env, c, target, d, false)
	env.rollbacks.standing(target.ID, d.ID, &res.standing) // a rollback this server queued
	res.standing = failedRollbackStanding(ctx, c, target, d, res.standing)
	res.standing.URL = client.AppURL(target.Name)
	return &Result{Text: present.DeploymentIn(target.label(), d, res.standing, appAgain(string(a.App), a.orgArg)...) + logs, Structured: appDeployment{target.of(), *res}}, nil
}))

// deployTools are the tools the next step of an app that runs nothing names (present.DeployNext):
// the spicepod set with update_app, then create_deployment.
var deployTools = []string{"update_app", "create_deployment"}

// fixToolsUnavailable is, for a failed deployment, the tools its fix may name
// (present.FixTools) that the caller cannot use, with why: the fix names a tool as a call only
// where it works, as tools/list shows them (env.usable). A succeeded one's step names some of
// them too, on a paused app (resume_app, update_app); one in flight is followed with
// wait_for_deployment only where usable (present.FollowTools).
func fixToolsUnavailable(ctx context.Context, env *Env, d *client.Deployment) []present.UnavailableTool {
	if d != nil && d.InFlight() { // followed with wait_for_deployment only where usable
		if d.Status == client.StatusQueued { // a stuck one names what to check (present.StuckTools)
			return unusableTools(ctx, env, append(slices.Clone(present.FollowTools), present.StuckTools...)...)
		}
		return unusableTools(ctx, env, present.FollowTools...)
	}
	if d == nil || d.Status != client.StatusFailed && d.Status != client.StatusSucceeded {
		return nil
	}
	return unusableTools(ctx, env, present.FixTools...)
}

// failedRollbackStanding is st with, for a failed rollback this server queued (st.RollbackOf),
// where the app stands now (standingOf, as for a succeeded deployment): whether a later
// deployment succeeded or is in flight, and whether the app is paused, so the next step its
// text names works as written. Only the text uses it (the result's live and app_paused fields
// describe a succeeded deployment).
func failedRollbackStanding(ctx context.Context, c *client.Client, app appTarget, d *client.Deployment, st present.Standing) present.Standing {
	if st.RollbackOf == 0 || d.Status != client.StatusFailed {
		return st
	}
	// st.Latest: explainDeployment found d the newest, so it is not read again.
	found := standingOf(ctx, c, app, d, st.Latest)
	found.RollbackOf, found.RollbackByShape, found.Unavailable = st.RollbackOf, st.RollbackByShape, st.Unavailable // wait_for_deployment's, set before
	return found
}

// failureLogLines is how many of the failing instance's last log lines a failed deployment's
// result shows.
const failureLogLines = 20

// failureLogOps are the operations explainDeployment calls; tools declare them in MayCall (a
// refusal only leaves the lines out). GetProject: for a paused app, whether a resume has a
// spicepod to deploy (standingOf's resumable). GetHealth: the API's clock, for how long a
// queued deployment has waited (queuedFor). ListOrgs: for a failed one, and a succeeded one
// whose step names a change (a paused app's, a replaced one's, a rollback's), the caller's role
// when the token does not show it, so it names changes only to a role that can make them
// (withListedRole).
// whenDeploymentNamesAStep is when explainDeployment reads the caller's role (withListedRole).
const whenDeploymentNamesAStep = "the deployment failed, or a step after it is named (a paused app, a replaced deployment, a rollback)"

// whenDeploymentEnded is when get_deployment reads a deployment's standing: newer ones, and the
// instances (explainDeployment).
const whenDeploymentEnded = "unless the deployment is queued or in progress"

var failureLogOps = []*api.Operation{api.ListProjectInstances, api.GetProjectInstanceLogs, api.GetProject, api.GetHealth, api.ListOrgs}

// deploymentResult is a deployment as get_deployment, wait_for_deployment and
// create_and_deploy_app return it: the API's object and, when it failed, whether deploying
// again can help and the failing instance's last log lines (masked).
type deploymentResult struct {
	deploymentItem
	Retriable   *bool            `json:"retriable,omitempty" jsonschema:"description=Absent when not known"`
	FailureLogs *failureLogsView `json:"failure_logs,omitempty"`
	// FailureLogsGone: the failed instances listed now are another deployment's (they started
	// outside this one's window), so this one's log lines are no longer available.
	FailureLogsGone bool `json:"failure_logs_unavailable,omitempty" jsonschema:"description=Absent when false"`
	// Live says whether the app runs a succeeded deployment now (absent when not known);
	// ReplacedBy is a later succeeded deployment that took its place, AppPaused that the app
	// is paused, NoInstanceReady that none of its instances is ready (nothing runs it), Newer a
	// later deployment that has not succeeded (what runs is then not known).
	Live            *bool            `json:"live,omitempty" jsonschema:"description=Absent when not known"`
	ReplacedBy      int64            `json:"replaced_by,omitempty"`
	AppPaused       bool             `json:"app_paused,omitempty" jsonschema:"description=Absent when false"`
	NoInstanceReady bool             `json:"no_instance_ready,omitempty" jsonschema:"description=Absent when false"`
	Newer           *newerDeployment `json:"newer_deployment,omitempty"`
	// QueuedForSeconds is how long a queued deployment has been queued at least, when known;
	// Stuck that this is present.QueuedTooLong or more (the text names what to check).
	QueuedForSeconds int64 `json:"queued_for_seconds,omitempty"`
	Stuck            bool  `json:"stuck,omitempty" jsonschema:"description=Absent when false"`

	standing present.Standing // what the text says of the same
}

// setQueuedFor records how long the deployment has been queued, as the text says it.
func (r *deploymentResult) setQueuedFor(queued time.Duration) {
	r.standing.QueuedFor = queued
	r.QueuedForSeconds, r.Stuck = int64(queued/time.Second), queued >= present.QueuedTooLong
}

// instanceReady is the status of an instance that serves (the API documents only this one).
const instanceReady = "ready"

// newerDeployment is a later deployment than a succeeded one that has not succeeded itself.
type newerDeployment struct {
	ID     int64  `json:"id"`
	Status string `json:"status"`
}

// failureLogsView is the last log lines of the instance that failed to start.
type failureLogsView struct {
	Instance string   `json:"instance"`
	Status   string   `json:"status"`
	Lines    []string `json:"lines"` // masked, each shortened to present.LogLineBytes at most
	// Older is how many older lines the API returned beyond the failureLogLines asked for,
	// left out.
	Older int `json:"older_left_out,omitempty"`
}

// newDeploymentResult is d as a result, its long texts shortened.
func newDeploymentResult(d *client.Deployment) *deploymentResult {
	res := &deploymentResult{}
	res.Deployment, res.Shortened = present.ShortenDeployment(*d)
	return res
}

// standingOf finds out where a succeeded deployment d stands, with at most three requests (and,
// for a paused app, resumable's: one or two). Unless
// latest (the tool found d as the app's newest deployment), the newest deployment of any
// status: a later succeeded one replaced d; a later one that has not succeeded (failed, in
// flight) leaves open what runs, unless asking for the newest succeeded one finds one later
// than d; when a later one replaced d and a rollback to d is offered, whether the app is paused
// (a rollback is refused then: resume_app comes first). When d is the newest, the app's instances: 409 project_paused says it is paused, a
// ready instance that it runs d, none ready that nothing runs it. A request that fails leaves
// that part unknown; nothing is claimed then.
func standingOf(ctx context.Context, c *client.Client, app appTarget, d *client.Deployment, latest bool) present.Standing {
	st := present.Standing{Latest: latest}
	if !latest {
		newest, err := c.ListProjectDeployments(ctx, app.ID, client.ListDeploymentsOptions{Limit: 1})
		if err != nil || len(newest) == 0 {
			return st
		}
		n := newest[0]
		if n.ID != d.ID {
			if n.CreatedAt.Before(d.CreatedAt.Time) {
				return st // not the newest-first order the API documents: nothing is claimed
			}
			if n.Status == client.StatusSucceeded {
				st.ReplacedBy = n.ID
				st.Paused = paused(ctx, c, app) // a rollback to d is refused while paused
				st.Resumable = resumable(ctx, c, app, st.Paused)
				return st
			}
			st.Newer, st.NewerStatus = n.ID, n.Status
			later, err := c.ListProjectDeployments(ctx, app.ID, client.ListDeploymentsOptions{Limit: 1, Status: client.StatusSucceeded})
			if err == nil && len(later) > 0 && later[0].ID != d.ID && later[0].CreatedAt.After(d.CreatedAt.Time) {
				st.ReplacedBy = later[0].ID // and n, newer still, is said too (a rollback in flight)
				if !n.InFlight() {
					st.Paused = paused(ctx, c, app) // a rollback to d is offered: refused while paused
					st.Resumable = resumable(ctx, c, app, st.Paused)
				}
			}
			return st
		}
		st.Latest = true
	}
	instances, err := c.ListProjectInstances(ctx, app.ID)
	if instancesStanding(&st, instances, err); st.Paused {
		st.Resumable = resumable(ctx, c, app, true)
	}
	return st
}

// resumable is, for a paused app, whether resume_app has what it deploys (deployable: one
// getProject more, optional); for any other, nothing is read (DeployableYes).
func resumable(ctx context.Context, c *client.Client, app appTarget, paused bool) present.Deployable {
	if !paused {
		return present.DeployableYes
	}
	return deployable(ctx, c, app.ID, nil)
}

// paused reports whether the app is known to be paused (its instances answer 409
// project_paused); a failed request says nothing.
func paused(ctx context.Context, c *client.Client, app appTarget) bool {
	_, err := c.ListProjectInstances(ctx, app.ID)
	var apiErr *client.APIError
	return errors.As(err, &apiErr) && apiErr.Code == "project_paused"
}

// setStanding records st in the result, as the text says it.
func (r *deploymentResult) setStanding(st present.Standing) {
	r.standing, r.Live, r.ReplacedBy, r.AppPaused = st, st.Live(), st.ReplacedBy, st.Paused
	r.NoInstanceReady = st.Latest && st.NoneReady
	if st.Newer != 0 {
		r.Newer = &newerDeployment{ID: st.Newer, Status: st.NewerStatus}
	}
}

// failedStanding is whether a deployment newer than the failed d exists (one request unless
// latest): a succeeded one replaced d, so nothing is left to fix; one in flight may fix it. A
// failed request leaves it unknown and the fix is given as for the newest. The request lists the
// newest deployments first, as many as one request gives (laterListed), so it also names the
// ones created after d: later is those, newest first (nil when none or unknown); their instances
// are not d's, and the last of them, the one created right after d, ends d's window.
func failedStanding(ctx context.Context, c *client.Client, app appTarget, d *client.Deployment, latest bool) (st present.Standing, later []client.Deployment) {
	st = present.Standing{Latest: latest}
	if latest {
		return st, nil
	}
	listed, err := c.ListProjectDeployments(ctx, app.ID, client.ListDeploymentsOptions{Limit: laterListed})
	switch {
	case err != nil || len(listed) == 0 || listed[0].CreatedAt.Before(d.CreatedAt.Time):
		return st, nil
	case listed[0].ID == d.ID:
		st.Latest = true
		return st, nil
	case listed[0].Status == client.StatusSucceeded:
		st.ReplacedBy = listed[0].ID
	default:
		st.Newer, st.NewerStatus = listed[0].ID, listed[0].Status
	}
	for _, l := range listed {
		if l.ID == d.ID || l.CreatedAt.Before(d.CreatedAt.Time) {
			break
		}
		later = append(later, l)
	}
	return st, later
}

// laterListed is how many deployments failedStanding's one request lists, newest first: the
// most one request gives, so the one created right after a failed deployment is almost always
// among them. When it is not, the oldest listed (created no earlier) ends the window instead.
const laterListed = 100

// instanceOf reports whether inst can be attributed to the failed d: it started within d's
// window — not before d was created, not after d ended (finished_at, or, as not every server
// version emits it, updated_at: for a terminal deployment, when it finished), and before the next
// deployment (the last of later, created right after d) was created. An instance with no start
// time (pending: never scheduled) is d's only while no later deployment has started: the API
// lists the newest started rollout's pods.
func instanceOf(inst client.Instance, d *client.Deployment, later []client.Deployment) bool {
	if inst.StartedAt == nil {
		for _, l := range later {
			if l.StartedAt != nil {
				return false
			}
		}
		return true
	}
	at := inst.StartedAt.Time
	switch end := deploymentEnd(d); {
	case at.Before(d.CreatedAt.Time):
		return false
	case end != nil && at.After(end.Time):
		return false
	case len(later) > 0 && !at.Before(later[len(later)-1].CreatedAt.Time):
		return false
	}
	return true
}

// deploymentEnd is when d ended: finished_at, else for a terminal deployment updated_at (the
// spec: "for a terminal deployment, when it finished"); nil while it is not known.
func deploymentEnd(d *client.Deployment) *client.Timestamp {
	switch {
	case d.FinishedAt != nil:
		return d.FinishedAt
	case d.Terminal():
		return d.UpdatedAt
	}
	return nil
}

// instanceOwner is the later deployment an instance not d's belongs to: the newest of later
// created no later than it started, or, for one with no start time, the newest of later that
// started (the API lists the newest started rollout's pods); 0 when none is.
func instanceOwner(inst client.Instance, later []client.Deployment) int64 {
	if inst.StartedAt == nil {
		for _, l := range later {
			if l.StartedAt != nil {
				return l.ID
			}
		}
		return 0
	}
	for _, l := range later {
		if !inst.StartedAt.Time.Before(l.CreatedAt.Time) {
			return l.ID
		}
	}
	return 0
}

// setFailedStanding records a failed deployment's st in the result: replaced_by,
// newer_deployment and app_paused as the text says them (live is a succeeded one's).
func (r *deploymentResult) setFailedStanding(st present.Standing) {
	r.standing, r.ReplacedBy, r.AppPaused = st, st.ReplacedBy, st.Paused
	if st.Newer != 0 {
		r.Newer = &newerDeployment{ID: st.Newer, Status: st.NewerStatus}
	}
}

// explainDeployment returns d as a result and, when it failed, the text to show below it: the
// last log lines of the instance that failed to start (masked, fenced), so the cause is in the
// same result. Anything that stops it from finding them (no failed instance of this
// deployment, a refusal, a paused app) leaves them out.
// A succeeded deployment gets its standing (standingOf; latest as there), a failed one whether a
// later deployment replaced it or is in flight (failedStanding).
func explainDeployment(ctx context.Context, env *Env, c *client.Client, app appTarget, d *client.Deployment, latest bool) (*deploymentResult, string) {
	if d == nil {
		return nil, ""
	}
	res := newDeploymentResult(d)
	if d.Status == client.StatusFailed { // its fix names changes: named only to a role that can make them
		ctx = withListedRole(ctx, env, c)
	}
	// The tools its text may name, those the caller cannot use: set here, so no caller forgets.
	defer func() {
		res.standing.Unavailable, res.standing.Sandbox = fixToolsUnavailable(ctx, env, d), env.Sandbox
		res.standing.Now = env.Poll.withDefaults().Now()
	}()
	if d.Status == client.StatusSucceeded {
		res.setStanding(standingOf(ctx, c, app, d, latest))
		// Its step names resume_app (a paused app), rollback_deployment (a replaced one) or, for
		// a rollback this server queued, create_deployment: only to a role that can use them.
		if _, rollback := env.rollbacks.target(app.ID, d.ID); res.standing.Paused || res.standing.ReplacedBy != 0 || rollback {
			ctx = withListedRole(ctx, env, c)
		}
	}
	res.setQueuedFor(queuedFor(ctx, c, d)) // a queued one stuck long: what to check
	if d.Status != client.StatusFailed {
		return res, ""
	}
	if d.ErrorCode != "" {
		retriable := d.Retriable()
		res.Retriable = &retriable
	}
	st, later := failedStanding(ctx, c, app, d, latest)
	instances, err := c.ListProjectInstances(ctx, app.ID)
	// Whether the app runs the deployment that replaced d, or (d stopped by a pause or delete)
	// whether it is paused now: the same read.
	if st.ReplacedBy != 0 || d.ErrorCode == client.CodeStopped {
		instancesStanding(&st, instances, err)
	}
	res.setFailedStanding(st)
	if err != nil {
		return res, ""
	}
	othersFailed, owner := false, int64(0)
	for _, inst := range instances {
		if inst.Status != "failed" {
			continue
		}
		// A failed instance started outside this deployment's window belongs to another one:
		// its log lines are not this deployment's cause.
		if !instanceOf(inst, d, later) {
			if !othersFailed {
				owner = instanceOwner(inst, later)
			} else if instanceOwner(inst, later) != owner {
				owner = 0
			}
			othersFailed = true
			continue
		}
		lines, err := c.GetProjectInstanceLogs(ctx, app.ID, inst.Name, failureLogLines)
		if err != nil || len(lines) == 0 {
			return res, ""
		}
		// The newest failureLogLines (the last ones): an API or proxy that ignores tail may
		// return more, which are left out and counted. All are masked first, so a credential
		// wrapped across the first line kept and the one before it is masked as in the whole log.
		older := max(0, len(lines)-failureLogLines)
		masked := present.MaskLogLines(lines)[older:]
		res.FailureLogs = &failureLogsView{Instance: inst.Name, Status: inst.Status, Older: older}
		// Each line is bounded, and more tightly while the result would still exceed the budget
		// (lines of characters JSON escapes six-fold): the diagnosis always fits.
		limit := present.LogLineBytes
		for {
			res.FailureLogs.Lines = present.ClipLogLines(masked, limit)
			if raw, err := json.Marshal(res); err != nil || len(raw) <= present.ResultBytes*9/10 || limit <= 16 {
				break
			}
			limit /= 2
		}
		return res, "\n\n" + present.FailedDeploymentLogs(app.label(), inst.Name, inst.Status, res.FailureLogs.Lines, older)
	}
	if othersFailed {
		res.FailureLogsGone = true
		return res, "\n\n" + present.FailedDeploymentLogsGone(owner)
	}
	return res, ""
}

type createDeploymentArgs struct {
	App           AppRef            `json:"app"`
	ImageTag      Ident             `json:"image_tag,omitempty" jsonschema:"description=Enterprise: runtime image for this deployment"`
	Channel       DeploymentChannel `json:"channel,omitempty"`
	Replicas      *Replicas         `json:"replicas,omitempty"`
	Branch        Ident             `json:"branch,omitempty"`
	CommitSHA     Ident             `json:"commit_sha,omitempty"`
	CommitMessage Text              `json:"commit_message,omitempty"`
	Debug         *bool             `json:"debug,omitempty"`
	orgArg
}

func (a *createDeploymentArgs) request() client.CreateProjectDeploymentRequest {
	req := client.CreateDeploymentRequest{ImageTag: string(a.ImageTag), Channel: string(a.Channel), Branch: string(a.Branch),
		CommitSHA: string(a.CommitSHA), CommitMessage: string(a.CommitMessage), Debug: a.Debug}
	if a.Replicas != nil {
		n := int(*a.Replicas)
		req.Replicas = &n
	}
	return client.CreateProjectDeploymentRequest{CreateDeploymentRequest: req}
}

// repeat is the call's arguments, as given, for the call that deploys again.
func (a *createDeploymentArgs) repeat() []present.Arg {
	args := append(appAgain(string(a.App), a.orgArg), present.Arg{Name: "image_tag", Value: string(a.ImageTag)},
		present.Arg{Name: "channel", Value: string(a.Channel)})
	if a.Replicas != nil {
		args = append(args, present.Arg{Name: "replicas", Value: int(*a.Replicas)})
	}
	args = append(args, present.Arg{Name: "branch", Value: string(a.Branch)}, present.Arg{Name: "commit_sha", Value: string(a.CommitSHA)},
		present.Arg{Name: "commit_message", Value: string(a.CommitMessage)})
	if a.Debug != nil {
		args = append(args, present.Arg{Name: "debug", Value: a.Debug}) // debug false, as given, too
	}
	return args
}

func (a *createDeploymentArgs) validate() rules.FieldErrors {
	fe := checkApp(a.App)
	for field, msgs := range client.ValidateCreateDeployment(a.request().CreateDeploymentRequest) {
		fe[field] = append(fe[field], msgs...)
	}
	return fe
}

var createDeployment = register(define[createDeploymentArgs, queuedDeployment](Tool{
	Name: "create_deployment", Title: "Deploy app", Toolset: ToolsetDeployments,
	Operations: []*api.Operation{api.ListProjects, api.CreateProjectDeployment},
	When:       map[*api.Operation]string{api.ListProjects: whenNotOnlyID, api.GetProject: "once queued, unless the token visibly lacks `secrets:read`"},
	// A paused app's configuration (and deployments): whether resume_app, the way out, has a
	// spicepod to deploy (pausedDeployable). Once queued: the secrets its spicepod references
	// that the app does not have (unsetSecretRefs).
	MayCall:  []*api.Operation{api.GetProject, api.ListProjectDeployments, api.ListProjectSecrets},
	Examples: Examples{Valid: map[string]any{"app": "analytics-app"}, Invalid: map[string]any{"app": "analytics-app", "replicas": 0}},
	Description: "Deploy (kick off, trigger, ship), redeploy or release an app: a new deployment rolls out its latest " +
		"spicepod, secrets and runtime image, to push changes live or restart it. Returns at once, queued.",
}, func(ctx context.Context, env *Env, c *client.Client, a createDeploymentArgs) (*Result, error) {
	target, err := resolveApp(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	d, err := c.CreateProjectDeployment(ctx, target.ID, a.request())
	if err != nil {
		// What to do is a call with these arguments (resume instead, or wait, then deploy again): named.
		// A deployment in flight (409) that is a rollback this server queued: deploying after it undoes it.
		// One only taken for a rollback (byShape) may be another caller's: said with that hedge.
		var rollback rollbackOf
		if apiErr := (*client.APIError)(nil); errors.As(err, &apiErr) && apiErr.ActiveDeploymentID != 0 {
			rollback, _ = env.rollbacks.target(target.ID, apiErr.ActiveDeploymentID)
		}
		if text, ok := present.CreateDeploymentFailed(err, appAgain(string(a.App), a.orgArg), a.repeat(), pausedDeployable(ctx, c, target.ID, err), rollback.to, rollback.byShape,
			unusableTools(ctx, env, append(append(slices.Clone(resumeTools), present.FollowTools...), "list_deployments")...)); ok {
			return failedBy(text, err), nil
		}
		return nil, err
	}
	queued := queuedDeployment{appDeploymentItem: appDeploymentItem{target.of(), newDeploymentResult(d).deploymentItem}}
	if d.CreationSource != "github" { // a connected repository's spicepod is read from GitHub, not stored
		queued.UnsetSecrets = unsetSecretRefs(ctx, env, c, target.ID, d.CreatedAt.Time)
	}
	hidden := fixToolsUnavailable(ctx, env, d) // followed with wait_for_deployment only where usable
	text := present.DeploymentQueued(target.label(), d, hidden, env.Sandbox, appAgain(string(a.App), a.orgArg)...)
	if len(queued.UnsetSecrets) > 0 {
		hidden = append(hidden, unusableTools(ctx, env, "set_secret", "list_secrets")...)
		text = present.DeploymentQueuedWithoutSecrets(target.label(), d, queued.UnsetSecrets, a.repeat(), hidden, env.Sandbox, appAgain(string(a.App), a.orgArg)...)
	}
	return &Result{Text: text, Structured: queued}, nil
}))

// queuedDeployment is create_deployment's result: the deployment queued and the secrets its
// spicepod references that the app does not have (it is then likely to fail to start).
type queuedDeployment struct {
	appDeploymentItem
	UnsetSecrets []string `json:"unset_secrets,omitempty"`
}

// unsetSecretRefs are the secrets the app's stored spicepod references that are not set on
// it, read once a deployment of it is queued (one getProject, and one listProjectSecrets when
// it references any): a deployment gets only the secrets set before it was created, so it is
// likely to fail to start without them. The reads are optional: a token that visibly lacks
// their scopes skips them, and a read that fails (a token without secrets:read) says nothing;
// an app without a stored spicepod (one deployed from a connected repository) is not checked.
// A secret created after the deployment (at deployedAt) is not one it has: a deployment starts
// with the secrets set when it was created.
func unsetSecretRefs(ctx context.Context, env *Env, c *client.Client, appID int64, deployedAt time.Time) []string {
	if granted := env.grantedScopes(ctx); granted != nil &&
		len(missingScopes([]*api.Operation{api.GetProject, api.ListProjectSecrets}, granted)) > 0 {
		return nil
	}
	p, err := c.GetProject(ctx, appID)
	if err != nil || p.Config.Spicepod == nil {
		return nil
	}
	// Not ${secrets:KEY} when the spicepod declares another store, which it searches too: KEY
	// may be there, and the warning would be false (rules.SpicepodAppOnlySecretRefs).
	refs := rules.SpicepodAppOnlySecretRefs(p.Config.Spicepod)
	if len(refs) == 0 {
		return nil
	}
	set, err := c.ListProjectSecrets(ctx, appID)
	if err != nil {
		return nil
	}
	if !deployedAt.IsZero() {
		set = slices.DeleteFunc(set, func(s client.Secret) bool { return s.CreatedAt.After(deployedAt) })
	}
	return missingSecrets(refs, nil, set)
}

// instancesStanding notes in st what the app's instances (the read's answer, or its error) say:
// whether one is ready, or that the app is paused.
func instancesStanding(st *present.Standing, instances []client.Instance, err error) {
	var apiErr *client.APIError
	switch {
	case err == nil:
		st.Running = slices.ContainsFunc(instances, func(in client.Instance) bool { return in.Status == instanceReady })
		st.NoneReady = !st.Running
	case errors.As(err, &apiErr) && apiErr.Code == "project_paused":
		st.Paused = true
	}
}

// listingHidden is why the caller cannot use list_deployments, "" when it can.
func listingHidden(ctx context.Context, env *Env) []present.UnavailableTool {
	return unusableTools(ctx, env, "list_deployments")
}
