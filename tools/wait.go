package tools

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

const (
	defaultWaitSeconds = 600
	maxWaitSeconds     = 1800
)

// TimeoutSeconds bounds a wait.
type TimeoutSeconds int

// check refuses a timeout outside 1 to maxWaitSeconds, 0 included (omit it for the default).
func (t TimeoutSeconds) check() string {
	if t < 1 || t > maxWaitSeconds {
		return present.ArgTimeout(maxWaitSeconds)
	}
	return ""
}

// waitOutcome is where a wait ended.
type waitOutcome struct {
	Deployment *client.Deployment
	TimedOut   bool
	Elapsed    time.Duration
	// Unanswered: the checks after the last answer got none before the call's time limit
	// ended (the API or its token endpoint stalled), so Deployment is as of Elapsed only.
	Unanswered bool
	// Already: the first check found the deployment ended; nothing was waited for.
	Already bool
	// NotInFlight: the deployment stayed created, not in flight, for createdWait (or the whole
	// timeout when shorter); the wait ended there, not at the timeout.
	NotInFlight bool
	// unavailable: the tools its text may name that the caller cannot use (fixToolsUnavailable).
	unavailable []present.UnavailableTool
	// requeued: a check before the last run of queued ones saw the deployment past queued (the
	// API sent its status backwards), so it is known queued only since queuedFrom, that run's
	// first check, not since it was created nor for the whole wait.
	requeued   bool
	queuedFrom time.Duration
}

// queuedSince is how long the wait saw its queued deployment queued, when a status that went
// backwards makes that all it knows (ok false: not so).
func (w *waitOutcome) queuedSince() (time.Duration, bool) {
	if !w.requeued || w.Deployment.Status != client.StatusQueued {
		return 0, false
	}
	return w.Elapsed - w.queuedFrom, true
}

// createdWait bounds a wait on a deployment of status created: not in flight, a superseded
// record by the current API's documents, but one not yet queued by older ones, so it is
// watched this long in case it moves on to queued.
const createdWait = 30 * time.Second

// waitGrace is what a waiting tool's time limit adds to its timeout_seconds: room for the last
// poll, which starts at the timeout at the latest.
const waitGrace = time.Second

// timeLimit: waiting is the point of the call, so its limit is the wait's timeout plus grace.
func (a *waitArgs) timeLimit(time.Duration) time.Duration {
	return timeoutOf(a.TimeoutSeconds) + waitGrace
}

// timeLimit: the steps before the wait get the default limit (base), the wait its timeout,
// and the person entering secret values on a page their time (personTime).
func (a *createAndDeployArgs) timeLimit(base time.Duration) time.Duration {
	if a.Wait != nil && !*a.Wait {
		return base + a.personTime()
	}
	return base + timeoutOf(a.TimeoutSeconds) + waitGrace + a.personTime()
}

// awaitDeployment polls a deployment until it is terminal or the timeout passes, reporting
// each poll; one still created after createdWait (NotInFlight) ends it sooner. The last wait
// is cut to end at the timeout, where one more poll tells the state then. When the call's time limit ends a poll, the state of the one before is the answer.
// Cancellation of ctx stops it at once. With an error, the outcome is the last state seen
// (nil if none).
func awaitDeployment(ctx context.Context, env *Env, c *client.Client, app appTarget, id int64, timeout time.Duration) (*waitOutcome, error) {
	poll := env.Poll.withDefaults()
	start := poll.Now()
	delay := poll.First
	var last *waitOutcome
	pastQueued, queuedFrom := false, time.Duration(-1) // queuedFrom: the current run of queued checks' first
	for first := true; ; first = false {
		d, err := c.GetProjectDeployment(ctx, app.ID, id)
		if err != nil {
			if last != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
				last.Unanswered = true
				return last, nil
			}
			return last, err // last (nil before the first answer): what was seen before it failed
		}
		elapsed := poll.Now().Sub(start)
		report(ctx, present.DeploymentProgress(id, app.label(), d.Status, elapsed))
		if d.Terminal() {
			return &waitOutcome{Deployment: d, Elapsed: elapsed, Already: first, unavailable: fixToolsUnavailable(ctx, env, d)}, nil
		}
		switch {
		case d.Status != client.StatusQueued:
			pastQueued, queuedFrom = pastQueued || d.Status != client.StatusCreated, -1
		case queuedFrom < 0:
			queuedFrom = elapsed
		}
		// Its unusable tools now, while ctx is live: a stuck queued one names what to check only where usable.
		last = &waitOutcome{Deployment: d, TimedOut: true, Elapsed: elapsed, unavailable: fixToolsUnavailable(ctx, env, d),
			requeued: pastQueued && queuedFrom >= 0, queuedFrom: max(queuedFrom, 0)}
		left := timeout - elapsed
		if d.Status == client.StatusCreated {
			if left = min(timeout, createdWait) - elapsed; left <= 0 {
				return &waitOutcome{Deployment: d, Elapsed: elapsed, NotInFlight: true}, nil
			}
		}
		if left <= 0 {
			return last, nil
		}
		if err := poll.Sleep(ctx, min(delay, left)); err != nil {
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return last, nil
			}
			return last, err
		}
		delay = min(delay*2, poll.Max)
	}
}

// stoppedBy is the error that stopped a wait, as the call would report it had it failed with
// it: the call's time limit (limit, the arguments' timeLimit) named in a deadline error
// (timedOut), since the result is rendered before the call returns.
func stoppedBy(ctx context.Context, err error, limit time.Duration) error {
	return timedOut(context.Background(), ctx, limit, err)
}

// waitText renders a wait's end: the final status with error and remedy, or how to resume
// (again: the app and organization as the caller named them; appAgain).
// st is where a succeeded deployment stands (explainDeployment); without it nothing is claimed.
// app is the app's label, "" under a line that names the app already (present.DeploymentIn).
func waitText(app string, w *waitOutcome, again []present.Arg, follow []present.UnavailableTool, st ...present.Standing) string {
	if w.Unanswered {
		return present.WaitUnanswered(app, w.Deployment, w.Elapsed, follow, again...)
	}
	var standing present.Standing
	if len(st) > 0 {
		standing = st[0]
	}
	if w.TimedOut {
		queued := standing.QueuedFor
		if since, ok := w.queuedSince(); ok {
			queued = since
		} else if w.Deployment.Status == client.StatusQueued {
			// Still queued at the end, never seen past it: queued for the whole wait too.
			queued = max(queued, w.Elapsed)
		}
		// The standing's unusable tools too (once each): a stuck one names what to check only where usable.
		unavailable := slices.Clip(follow)
		for _, t := range standing.Unavailable {
			if !slices.ContainsFunc(unavailable, func(u present.UnavailableTool) bool { return u.Name == t.Name }) {
				unavailable = append(unavailable, t)
			}
		}
		return present.WaitTimedOut(app, w.Deployment, w.Elapsed, queued, unavailable, again...)
	}
	return present.WaitFinishedIn(app, w.Deployment, w.Elapsed, w.Already, standing, again...)
}

// explainWaited is explainDeployment of a wait's end (w, not Unanswered): a deployment still
// queued when the wait timed out was queued for the whole wait too, unless a check saw it past
// queued (requeued), so its queued_for_seconds and stuck say what waitText says.
func explainWaited(ctx context.Context, env *Env, c *client.Client, app appTarget, w *waitOutcome, latest bool) (*deploymentResult, string) {
	res, logs := explainDeployment(ctx, env, c, app, w.Deployment, latest)
	if res != nil {
		// Those read during the wait, while ctx was live, and those explainDeployment read with
		// the caller's role (a succeeded deployment's step, a failed one's fix): each once.
		unavailable := slices.Clip(w.unavailable)
		for _, t := range res.standing.Unavailable {
			if !slices.ContainsFunc(unavailable, func(u present.UnavailableTool) bool { return u.Name == t.Name }) {
				unavailable = append(unavailable, t)
			}
		}
		res.standing.Unavailable = unavailable
	}
	if since, ok := w.queuedSince(); ok && res != nil {
		res.setQueuedFor(since) // not created_at's count: it was seen past queued since
	} else if res != nil && w.TimedOut && !w.Unanswered && w.Deployment.Status == client.StatusQueued {
		res.setQueuedFor(max(res.standing.QueuedFor, w.Elapsed))
	}
	return res, logs
}

// queuedFor is how long a queued deployment d has been queued at least (0 for any other, or
// not known): the API's clock (serverNow, less the skew allowed for it) against d's created_at,
// both the API's; this server's clock with its larger slack when the API's cannot be read, or
// not within healthWait (the reading only adds a remark, so a slow /v1/health must not hold
// the call).
func queuedFor(ctx context.Context, c *client.Client, d *client.Deployment) time.Duration {
	if d.Status != client.StatusQueued || d.CreatedAt.IsZero() {
		return 0
	}
	now := serverNow(ctx, c, time.Now)
	return max(now.at.Sub(d.CreatedAt.Time)-now.slack, 0)
}

// healthWait bounds serverNow's read of the API's clock.
const healthWait = 2 * time.Second

func timeoutOf(seconds TimeoutSeconds) time.Duration {
	if seconds == 0 {
		seconds = defaultWaitSeconds
	}
	return time.Duration(seconds) * time.Second
}

func checkTimeout(seconds TimeoutSeconds) string {
	if seconds < 0 || seconds > maxWaitSeconds {
		return present.ArgTimeout(maxWaitSeconds)
	}
	return ""
}

type waitArgs struct {
	App            AppRef         `json:"app"`
	DeploymentID   DeploymentID   `json:"deployment_id,omitempty" jsonschema:"description=Default: the latest"`
	TimeoutSeconds TimeoutSeconds `json:"timeout_seconds,omitempty" jsonschema:"minimum=1,maximum=1800,default=600"`
	orgArg
}

func (a *waitArgs) validate() rules.FieldErrors {
	fe := checkApp(a.App)
	fe.Check("timeout_seconds", checkTimeout(a.TimeoutSeconds))
	return fe
}

var waitForDeployment = register(define[waitArgs, appDeployment](Tool{
	Name: "wait_for_deployment", Title: "Wait for deployment to finish", Toolset: ToolsetWorkflows,
	Operations: []*api.Operation{api.ListProjects, api.ListProjectDeployments, api.GetProjectDeployment},
	When:       roleWhen(listedUnlessByID, whenDeploymentNamesAStep),
	// An app with no deployments: its configuration, for the call that starts one (deployable).
	MayCall:  append(slices.Clip(failureLogOps), api.GetProject),
	Optional: []*api.Operation{api.ListProjectInstances}, // once it ended: its standing or failure
	Examples: Examples{Valid: map[string]any{"app": "analytics-app"}, Invalid: map[string]any{"app": "analytics-app", "timeout_seconds": 5000}},
	Description: "Wait for (watch, keep an eye on) a deployment, release or rollout until it completes (done, finished: " +
		"live, succeeded or failed); " +
		"if failed: the error, fix and last log lines. Use instead of polling.",
	ReadOnly: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a waitArgs) (*Result, error) {
	app, err := resolveApp(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	id := int64(a.DeploymentID)
	// found: the deployment as the list that found it read it (deployment_id not given; 0
	// sent is refused).
	var found *client.Deployment
	if id == 0 {
		latest, err := c.ListProjectDeployments(ctx, app.ID, client.ListDeploymentsOptions{Limit: 1})
		if err != nil {
			return nil, err
		}
		if len(latest) == 0 {
			ctx := withListedRole(ctx, env, c) // update_app and create_deployment are named only to a role that can use them
			return nil, &NotFoundError{Message: present.NoDeploymentsYet(app.label(), deployable(ctx, c, app.ID, nil), unusableTools(ctx, env, deployTools...),
				appAgain(string(a.App), a.orgArg)...)}
		}
		id, found = latest[0].ID, &latest[0]
	}
	w, err := awaitDeployment(ctx, env, c, app, id, timeoutOf(a.TimeoutSeconds))
	if err != nil {
		// A status read failed: what is known of the deployment, and the call that picks up
		// (nothing to add to the error when the caller named it and it was never read).
		if w != nil {
			found = w.Deployment
		}
		if found == nil {
			// A deployment the app does not have: the calls that list or wait for its own, named.
			if text, ok := present.DeploymentNotFound(err, app.ID, app.Name, id, true, listingHidden(ctx, env), appAgain(string(a.App), a.orgArg)...); ok {
				return failedBy(text, err), nil
			}
			return nil, err
		}
		err = stoppedBy(ctx, err, limitOf(&a, env.callTimeout()))
		return &Result{Text: present.WaitStopped(app.label(), id, found, err, listingHidden(ctx, env), appAgain(string(a.App), a.orgArg)...), // this tool: usable; the list, where not
			Structured: appDeployment{app.of(), *newDeploymentResult(found)}, IsError: true, cause: err}, nil
	}
	// Found as the newest deployment, a succeeded one is the newest succeeded.
	res, logs := explainWaited(ctx, env, c, app, w, a.DeploymentID == 0)
	env.rollbacks.standing(app.ID, w.Deployment.ID, &res.standing) // a rollback this server queued
	res.standing = failedRollbackStanding(ctx, c, app, w.Deployment, res.standing)
	res.standing.URL = client.AppURL(app.Name)
	return &Result{Text: waitText(app.label(), w, appAgain(string(a.App), a.orgArg), nil, res.standing) + logs, Structured: appDeployment{app.of(), *res}}, nil
}))
