package tools

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

type rollbackArgs struct {
	App          AppRef       `json:"app"`
	DeploymentID DeploymentID `json:"deployment_id" jsonschema:"description=The previous good one"`
	orgArg
}

func (a *rollbackArgs) validate() rules.FieldErrors {
	return checkApp(a.App) // deployment_id: DeploymentID's required and check
}

// pausedDeployable is, when err is a deployment refused because the app is paused
// (spicepod_paused), whether resume_app has what it deploys (deployable: a spicepod, or a
// connected repository); without one it is refused too, and the text names update_app first.
// For any other err nothing is read (DeployableYes).
func pausedDeployable(ctx context.Context, c *client.Client, id int64, err error) present.Deployable {
	if apiErr := (*client.APIError)(nil); !errors.As(err, &apiErr) || apiErr.Code != "spicepod_paused" {
		return present.DeployableYes
	}
	return deployable(ctx, c, id, nil)
}

// rollbackDeployment starts a deployment that runs an earlier one's configuration again: the
// API's own rollback, so nothing of the app's current configuration is rewritten.
var rollbackDeployment = register(define[rollbackArgs, appDeploymentItem](Tool{
	Name: "rollback_deployment", Title: "Roll back app", Toolset: ToolsetDeployments,
	Operations: []*api.Operation{api.ListProjects, api.RollbackProject},
	When:       map[*api.Operation]string{api.ListProjects: whenNotOnlyID, api.ListProjectInstances: "when the deployment it returns to is the newest succeeded one"},
	// A paused app's configuration (and deployments): whether resume_app, which comes first,
	// has a spicepod to deploy (pausedDeployable).
	// After the rollback is queued: its target's standing (rollbackStanding).
	MayCall:  []*api.Operation{api.GetProject, api.ListProjectDeployments, api.ListProjectInstances},
	Optional: []*api.Operation{api.ListProjectDeployments},
	Examples: Examples{Valid: map[string]any{"app": "analytics-app", "deployment_id": 1003}, Invalid: map[string]any{"app": "analytics-app"}},
	Description: "Roll back (revert, undo, go back) an app to a previous good deployment (release, version) " +
		"after a bad one. Returns at once, queued.",
}, func(ctx context.Context, env *Env, c *client.Client, a rollbackArgs) (*Result, error) {
	target, err := resolveApp(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	to := int64(a.DeploymentID)
	// The newest deployment before the request: should its answer be lost, only a deployment
	// listed after this one can be the rollback (a deploy of the same image and commit a minute
	// earlier is not). 0 when the read fails: a lost answer then stays unsettled.
	prior := newestDeploymentID(ctx, c, target.ID)
	sent := env.Poll.withDefaults().Now()
	d, err := c.RollbackProject(ctx, target.ID, to)
	if err != nil && client.MayHaveApplied(err) {
		// The answer was lost: the app's newest deployment tells whether the rollback was queued.
		// Checked against the earliest unsettled one of a retry's lost rollbacks: an earlier
		// attempt may be the one the API queued.
		first := env.rollbacks.lost(target.ID, to, lostRollback{sent: sent, prior: prior, late: client.MayStillApply(err)})
		d, none := queuedRollback(ctx, c, target.ID, to, 0, first)
		if d != nil {
			env.rollbacks.add(target.ID, d.ID, to, true)
			return &Result{Text: present.RollbackAnswerLost(target.label(), to, d, rollbackStanding(ctx, c, target.ID, to, d.ID),
				unusableTools(ctx, env, append(append(slices.Clone(present.FollowTools), "create_deployment"), resumeTools...)...), appAgain(string(a.App), a.orgArg)...),
				Structured: appDeploymentItem{target.of(), newDeploymentResult(d).deploymentItem}}, nil
		}
		if none {
			// Nothing was deployed since: the rollback was not applied, and its record, unless
			// it may still land (a gateway that gave up waiting, no answer), is not kept for a
			// later deployment of the same image to be taken for it.
			env.rollbacks.notApplied(target.ID, to)
		}
	}
	if err != nil && client.MayStillApply(err) {
		// Nothing found since, but it may still be queued: said, with what to watch for.
		if text, ok := present.RollbackMayStillLand(err, to, unusableTools(ctx, env, "list_deployments"), appAgain(string(a.App), a.orgArg)...); ok {
			return failedBy(text, err), nil
		}
	}
	if err != nil {
		// Is the deployment in flight the rollback asked for, queued already by this server (its
		// answer maybe lost, and the read after it failed)?
		same := present.SameRollbackNo
		if apiErr := (*client.APIError)(nil); errors.As(err, &apiErr) && apiErr.ActiveDeploymentID != 0 {
			got, ok := env.rollbacks.target(target.ID, apiErr.ActiveDeploymentID)
			switch {
			case ok && got.to == to && got.byShape:
				same = present.SameRollbackByShape
			case ok && got.to == to:
				same = present.SameRollbackQueued
			}
			if since, tried := env.rollbacks.lostAt(target.ID, to, sent); !ok && tried {
				if d, _ := queuedRollback(ctx, c, target.ID, to, apiErr.ActiveDeploymentID, since); d != nil {
					env.rollbacks.add(target.ID, d.ID, to, true)
					same = present.SameRollbackByShape
				}
			}
		}
		// What to do is a call with these arguments (resume first, wait, pick another): named.
		if text, ok := present.RollbackFailed(err, to, target.ID, pausedDeployable(ctx, c, target.ID, err), same,
			unusableTools(ctx, env, append(append(slices.Clone(resumeTools), "create_deployment", "list_deployments"), present.FollowTools...)...), appAgain(string(a.App), a.orgArg)...); ok {
			return failedBy(text, err), nil
		}
		return nil, err
	}
	env.rollbacks.add(target.ID, d.ID, to, false)
	standing := rollbackStanding(ctx, c, target.ID, to, d.ID)
	standing.Sandbox = env.Sandbox
	return &Result{Text: present.RollbackQueued(target.label(), to, d, standing,
		unusableTools(ctx, env, append(append(slices.Clone(present.FollowTools), "create_deployment"), resumeTools...)...), appAgain(string(a.App), a.orgArg)...),
		Structured: appDeploymentItem{target.of(), newDeploymentResult(d).deploymentItem}}, nil // masked and shortened as the text shows it
}))

// rollbackStanding reads the app's deployments once (newest first) after a rollback to to was
// queued as deployment queued: whether to is the one already running and whether an earlier
// one succeeded. Running is claimed only when what was read shows it: to is the newest
// deployment but queued (none of any status came after it: a later failed one, such as a
// failed resume, leaves open what runs), it succeeded, and, one listProjectInstances more, an
// instance of the app is ready (a pause, a delete, or a runtime torn down otherwise leaves
// none). The reads are optional: when one fails, nothing is said.
func rollbackStanding(ctx context.Context, c *client.Client, appID, to, queued int64) present.RollbackStanding {
	const limit = 100
	list, err := c.ListProjectDeployments(ctx, appID, client.ListDeploymentsOptions{Limit: limit})
	at := slices.IndexFunc(list, func(d client.Deployment) bool { return d.ID == to })
	if err != nil || at < 0 {
		return present.RollbackStanding{}
	}
	s := present.RollbackStanding{Known: true}
	newest := list[at].Status == client.StatusSucceeded
	for i, d := range list {
		switch {
		case d.ID == queued || d.ID == to:
		case i < at:
			newest = false // a later one, of any status: what runs is not read from the list
		case d.Status == client.StatusSucceeded:
			s.Earlier = true
		}
	}
	if !s.Earlier && len(list) >= limit {
		s.Earlier = true // not all were read: an earlier one may exist, so none is said missing
	}
	if newest {
		instances, err := c.ListProjectInstances(ctx, appID)
		s.Live = err == nil && serving(instances)
	}
	return s
}

// newestDeploymentID is the ID of app's newest deployment, from one read; 0 when it has none or
// the read fails.
func newestDeploymentID(ctx context.Context, c *client.Client, appID int64) int64 {
	list, err := c.ListProjectDeployments(ctx, appID, client.ListDeploymentsOptions{Limit: 1})
	if err != nil || len(list) == 0 {
		return 0
	}
	return list[0].ID
}

// lostRollback is a rollback request whose answer was lost: when it was sent, and the app's
// newest deployment read just before (prior; 0 when not read), and whether it may still be
// applied after the read that follows it (late: client.MayStillApply), so a read that shows
// nothing new does not settle it.
type lostRollback struct {
	sent  time.Time
	prior int64
	late  bool
}

// queuedRollback is, from one read of the app's deployments (newest first), the rollback to to
// that the request r queued: deployment id (0: the newest), when it is listed after (newer than)
// the deployment that was newest before r, was created since r was sent (less localClockSlack:
// the API's clock may differ) and has to's image tag and commit. nil when it is not, when the
// read fails or does not reach to or the deployment newest before r, or when that was not read:
// a deploy of the same configuration made before r is never taken for the rollback. none: the
// read shows that nothing was deployed since r (the deployment newest before it still is).
func queuedRollback(ctx context.Context, c *client.Client, appID, to, id int64, r lostRollback) (d *client.Deployment, none bool) {
	if r.prior == 0 {
		return nil, false
	}
	list, err := c.ListProjectDeployments(ctx, appID, client.ListDeploymentsOptions{Limit: 100})
	if err == nil && len(list) > 0 && list[0].ID == r.prior {
		return nil, true
	}
	at := slices.IndexFunc(list, func(d client.Deployment) bool { return d.ID == to })
	before := slices.IndexFunc(list, func(d client.Deployment) bool { return d.ID == r.prior })
	if err != nil || at <= 0 || before <= 0 { // at or before 0: nothing came after it
		return nil, false
	}
	got := &list[0]
	if id != 0 {
		i := slices.IndexFunc(list[:before], func(d client.Deployment) bool { return d.ID == id })
		if i < 0 {
			return nil, false
		}
		got = &list[i]
	}
	target := list[at]
	if got.ImageTag != target.ImageTag || got.CommitSHA != target.CommitSHA || got.Replicas != target.Replicas ||
		got.CreatedAt.Before(r.sent.Add(-localClockSlack)) {
		return nil, false
	}
	return got, false
}

// lostRetryWindow is how long after a rollback whose answer was lost a retry's lost answer is
// checked against that earlier attempt too: the API queues a rollback at once, and an agent
// retries within minutes; an older record would take a later deploy of the same image for it.
const lostRetryWindow = 15 * time.Minute

// rollbackMemo remembers, in this process's memory only, the rollbacks rollback_deployment
// queued (per app, the new deployment and its target): a rollback refused because one is in
// flight can then say that it is the same rollback.
type rollbackMemo struct {
	mu sync.Mutex
	to map[[2]int64]rollbackOf
	// lostAnswers are the rollbacks whose answer was lost, the last per app and target.
	lostAnswers map[[2]int64]lostRollback
}

// lost records that a rollback of app to to, r, got no answer that tells its outcome, and
// returns the earliest unsettled one of this run of retries (r, or one lost within
// lostRetryWindow before it whose newest deployment before it was read): the one whose prior
// deployment the rollback must be newer than.
func (m *rollbackMemo) lost(app, to int64, r lostRollback) lostRollback {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.lostAnswers == nil || len(m.lostAnswers) >= 4096 {
		m.lostAnswers = map[[2]int64]lostRollback{}
	}
	key := [2]int64{app, to}
	if first, ok := m.lostAnswers[key]; ok && first.prior != 0 && r.sent.Sub(first.sent) <= lostRetryWindow {
		if r.late && !first.late { // this retry may land late: not settled by a read that shows nothing
			first.late = true
			m.lostAnswers[key] = first
		}
		return first
	}
	m.lostAnswers[key] = r
	return r
}

// lostAt is the last unsettled rollback of app to to whose answer was lost, when it was sent
// within lostRetryWindow before now (as lost checks a retry): an older one would take a later
// deploy of the same image for it.
func (m *rollbackMemo) lostAt(app, to int64, now time.Time) (lostRollback, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.lostAnswers[[2]int64{app, to}]
	if !ok || now.Sub(r.sent) > lostRetryWindow {
		return lostRollback{}, false
	}
	return r, true
}

// notApplied settles the lost answers of rollbacks of app to to as not applied (a read after
// them showed nothing deployed since): their record is dropped, unless one of them may still
// land (late).
func (m *rollbackMemo) notApplied(app, to int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if r, ok := m.lostAnswers[[2]int64{app, to}]; ok && !r.late {
		delete(m.lostAnswers, [2]int64{app, to})
	}
}

// rollbackOf is what this server knows of a deployment it takes for a rollback: its target, and
// byShape when it was only matched by its image tag, commit and replicas (the rollback's answer
// was lost): another caller's deployment of the same would look the same.
type rollbackOf struct {
	to      int64
	byShape bool
}

// add records that deployment d of app rolls back to to (byShape: as rollbackOf's); a lost
// answer of a rollback to to is settled by it.
func (m *rollbackMemo) add(app, d, to int64, byShape bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.lostAnswers, [2]int64{app, to})
	if m.to == nil || len(m.to) >= 4096 { // bounded: the oldest are the least likely to be in flight
		m.to = map[[2]int64]rollbackOf{}
	}
	m.to[[2]int64{app, d}] = rollbackOf{to: to, byShape: byShape}
}

// target is what deployment d of app rolls back to, when this server queued it (or took it for
// a rollback whose answer was lost).
func (m *rollbackMemo) target(app, d int64) (rollbackOf, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.to[[2]int64{app, d}]
	return r, ok
}

// standing sets st's RollbackOf and RollbackByShape for deployment d of app, when this server
// queued it as a rollback (or took it for one).
func (m *rollbackMemo) standing(app, d int64, st *present.Standing) {
	r, _ := m.target(app, d)
	st.RollbackOf, st.RollbackByShape = r.to, r.byShape
}
