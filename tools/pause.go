package tools

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

type pauseAppArgs struct {
	App     AppRef     `json:"app"`
	Confirm ConfirmArg `json:"confirm,omitempty"`
	orgArg
}

func (a *pauseAppArgs) validate() rules.FieldErrors { return checkApp(a.App) }

type pausedApp struct {
	ofApp
	Name   string `json:"name"`
	Paused bool   `json:"paused"`
}

var pauseApp = register(define[pauseAppArgs, pausedApp](Tool{
	Name: "pause_app", Title: "Pause app", Toolset: ToolsetApps,
	Operations: []*api.Operation{api.ListProjects, api.PauseProject},
	When:       map[*api.Operation]string{api.PauseProject: "unless the app is paused already"},
	// The instance list tells whether the app is paused already (409 project_paused): an
	// optional check, so its scope neither hides nor refuses the tool.
	// The app's configuration and deployments, when it serves nothing: whether a resume has a
	// spicepod (or a repository it deployed from) to deploy; its newest deployment: whether the
	// pause ends one still queued or in progress, and, read again after the pause, what became of it.
	MayCall:  []*api.Operation{api.ListProjectInstances, api.GetProject, api.ListProjectDeployments, api.GetProjectDeployment, api.ListOrgs},
	Optional: []*api.Operation{api.ListProjectInstances},
	Examples: Examples{Valid: map[string]any{"app": "analytics-app"}, Invalid: map[string]any{"app": ""}},
	Description: "Pause (temporarily stop, switch or shut off, turn off, park, freeze, suspend, put to sleep, " +
		"scale down to zero, take offline) an app (project), e.g. overnight or holidays. " +
		"Configuration, secrets and keys are kept. A person approves first.",
	Destructive: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a pauseAppArgs) (*Result, error) {
	target, err := resolveAppNamed(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	// A paused app has no runtime to stop (409 project_paused; the pause itself answers alike
	// either way): nothing is asked or sent. The check is optional: any other failure of it
	// (a server error, no answer, a missing scope) goes on with the approval and the pause.
	instances, checkErr := c.ListProjectInstances(ctx, target.ID)
	if err := checkErr; err != nil {
		if apiErr := (*client.APIError)(nil); errors.As(err, &apiErr) && apiErr.Code == "project_paused" {
			ctx := withListedRole(ctx, env, c) // resume_app is named only to a role that can use it
			return &Result{Text: present.AppAlreadyPaused(target.named(), deployable(ctx, c, target.ID, nil), unusableTools(ctx, env, resumeTools...),
				appAgain(string(a.App), a.orgArg)...),
				Structured: pausedApp{ofApp: target.of(), Name: target.Name, Paused: true}}, nil
		}
		if ctx.Err() != nil {
			return nil, err // cancelled or out of time: nothing was asked or sent
		}
	}
	url := client.AppURL(target.Name)
	if r := env.confirm(ctx, confirmation{tool: "pause_app", args: a, targetID: fmt.Sprintf("app:%d", target.ID),
		target: target.Name, fold: true, typed: string(a.Confirm), effects: []string{present.EffectPauseResumable},
		action: present.PauseAppAction(target.shown(), url)}); r != nil {
		return r, nil
	}
	// A deployment still queued or in progress is ended by the pause (failed, error_code
	// stopped; api/README §7.6): its newest, read first. The read is optional: when it fails,
	// the text does not claim nothing was stopped.
	ended, newest, err := inFlight(ctx, c, target.ID)
	if err != nil {
		return nil, err // cancelled or out of time: nothing was sent
	}
	if err := c.PauseProject(ctx, target.ID); err != nil {
		// Its answer lost: pause_app again tells (it checks first), and the deployment it may have ended.
		if text, ok := present.PauseFailed(err, ended, client.MayStillApply(err), unusableTools(ctx, env, "get_deployment", "list_deployments", "wait_for_deployment"),
			appAgain(string(a.App), a.orgArg)...); ok {
			return failedBy(text, err), nil
		}
		return nil, err
	}
	// What the pause did to it is the API's to say (api/README §7.6 assumes failed, error_code
	// stopped): one read of it again; when that fails, the text says what was assumed.
	switch {
	case ended.ID != 0:
		if now, err := c.GetProjectDeployment(ctx, target.ID, ended.ID); err == nil {
			ended.Now = now
		}
	case !ended.Unknown:
		// None was in flight when read, but another call may have started one since, which the
		// pause ended: the newest deployment, read once after the pause, tells.
		// One created before the newest read then was started by no call in between.
		if latest, err := c.ListProjectDeployments(ctx, target.ID, client.ListDeploymentsOptions{Limit: 1}); err == nil &&
			len(latest) > 0 && (newest == nil || latest[0].ID != newest.ID && !latest[0].CreatedAt.Before(newest.CreatedAt.Time)) {
			ended = present.Ended{ID: latest[0].ID, Meanwhile: true, Now: &latest[0]}
		}
	}
	// What ran: an instance ready serves (api/README §7.5); an app with none served nothing.
	ran := present.RanServing
	switch {
	case checkErr != nil:
	case len(instances) == 0:
		ran = present.RanNothing
	case !serving(instances):
		ran = present.RanNotReady
	}
	// Never deployed, nothing serving, or not known to have run: a resume deploys the app's
	// spicepod (or its connected repository's), and is refused without one (400, the app stays
	// paused). An app that was serving has a source to deploy again.
	d := present.DeployableYes
	if ran != present.RanServing || checkErr != nil {
		d = deployable(ctx, c, target.ID, nil)
	}
	return &Result{Text: present.AppPaused(target.named(), url, checkErr == nil, ran, ended, d, unusableTools(ctx, env, resumeTools...),
		appAgain(string(a.App), a.orgArg)...),
		Structured: pausedApp{ofApp: target.of(), Name: target.Name, Paused: true}}, nil
}))

type resumeAppArgs struct {
	App            AppRef         `json:"app"`
	Wait           bool           `json:"wait,omitempty" jsonschema:"description=Until the deployment it starts ends"`
	TimeoutSeconds TimeoutSeconds `json:"timeout_seconds,omitempty" jsonschema:"minimum=1,maximum=1800"`
	orgArg
}

func (a *resumeAppArgs) validate() rules.FieldErrors {
	fe := checkApp(a.App)
	if msg := checkTimeout(a.TimeoutSeconds); msg != "" {
		fe.Check("timeout_seconds", msg)
	} else if a.TimeoutSeconds != 0 && !a.Wait { // it would be ignored: the caller expects a wait
		fe.Check("timeout_seconds", present.ArgTimeoutWithoutWait)
	}
	return fe
}

// conditionalOps: waiting polls the deployment.
func (a *resumeAppArgs) conditionalOps() []*api.Operation {
	if a.Wait {
		return []*api.Operation{api.GetProjectDeployment}
	}
	return nil
}

// timeLimit: a resume that waits gets its timeout on top of the default limit.
func (a *resumeAppArgs) timeLimit(base time.Duration) time.Duration {
	if !a.Wait {
		return base
	}
	return base + timeoutOf(a.TimeoutSeconds) + waitGrace
}

type resumedApp struct {
	ofApp
	Name         string            `json:"name"`
	Resumed      bool              `json:"resumed"`
	DeploymentID int64             `json:"deployment_id,omitempty"`
	Deployment   *deploymentResult `json:"deployment,omitempty"`
}

var resumeApp = register(define[resumeAppArgs, resumedApp](Tool{
	Name: "resume_app", Title: "Resume app", Toolset: ToolsetApps,
	// The instance list tells whether the app is paused (409 project_paused) before anything
	// is started.
	Operations: []*api.Operation{api.ListProjects, api.ListProjectInstances, api.ResumeProject},
	When:       map[*api.Operation]string{api.ResumeProject: "when the app is paused"},
	// With wait: the deployment, then what explainDeployment reads. An app not paused: its
	// newest deployment and configuration, for what starts it again (deployNext).
	MayCall:  append([]*api.Operation{api.GetProjectDeployment, api.ListProjectDeployments}, failureLogOps...),
	Examples: Examples{Valid: map[string]any{"app": "analytics-app"}, Invalid: map[string]any{"app": "analytics-app", "timeout_seconds": 5000}},
	Description: "Resume (unpause, unsuspend, wake, start again, turn back on) a paused app: a deployment gets it running and " +
		"online again.",
}, func(ctx context.Context, env *Env, c *client.Client, a resumeAppArgs) (*Result, error) {
	target, err := resolveAppNamed(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	again := appAgain(string(a.App), a.orgArg)
	// Every text names the call that follows the deployment: wait_for_deployment only where usable.
	follow := unusableTools(ctx, env, present.FollowTools...)
	if _, err := c.ListProjectInstances(ctx, target.ID); err == nil {
		busy, d := deployNext(ctx, c, target.ID, nil)
		ctx := withListedRole(ctx, env, c) // create_deployment is named only to a role that can use it
		hidden := append(unusableTools(ctx, env, "update_app", "create_deployment"), follow...)
		return &Result{Text: present.AppNotPaused(target.label(), busy, d, hidden, again...),
			Structured: resumedApp{ofApp: target.of(), Name: target.Name}}, nil
	} else if apiErr := (*client.APIError)(nil); !errors.As(err, &apiErr) || apiErr.Code != "project_paused" {
		return nil, err
	}
	// A role that cannot resume is refused here, as pause_app's is, saying who may resume it and
	// who may grant the role, not with the API's 403 (one listOrgs when the token does not show it).
	if r := env.refuseByRole(ctx, c, "resume_app"); r != nil {
		return r, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err // cancelled or out of time: nothing was asked or sent
	}
	// An unknown outcome is found out with list_deployments, named only where usable: read
	// before the resume, as a cancelled call may not read the token's scopes after it.
	unknown := append(unusableTools(ctx, env, "list_deployments"), follow...)
	sent := env.Poll.withDefaults().Now()
	res, err := c.ResumeProject(ctx, target.ID)
	if err != nil {
		if text, ok := present.ResumeFailed(err, unknown, again...); ok { // the outcome is unknown: how to find out
			return failedBy(text, err), nil
		}
		return nil, err
	}
	out := resumedApp{ofApp: target.of(), Name: target.Name, Resumed: true, DeploymentID: res.DeploymentID}
	if !a.Wait {
		return &Result{Text: present.AppResumed(target.label(), res.DeploymentID, follow, again...), Structured: out}, nil
	}
	w, err := awaitDeployment(ctx, env, c, target, res.DeploymentID, timeoutOf(a.TimeoutSeconds))
	if err != nil {
		// The resume went through: every outcome says so, with what is known of its deployment.
		err = stoppedBy(ctx, err, limitOf(&a, env.callTimeout()))
		var last *client.Deployment
		if w != nil {
			last = w.Deployment
			out.Deployment = newDeploymentResult(last)
		}
		return &Result{Text: present.AppResumedWaitStopped(target.label(), res.DeploymentID, last, err, append(slices.Clip(follow), listingHidden(ctx, env)...), again...),
			Structured: out, IsError: true, cause: err}, nil
	}
	// A deployment ended at the first read and created before the resume was sent (beyond the
	// clocks' skew) is not one the resume started: the answer named another.
	if d := w.Deployment; w.Already && d != nil && d.CreatedAt.Before(sent.Add(-clockSkew)) {
		return &Result{Text: present.ResumeAnsweredWithOld(target.label(), d, unknown, again...),
			Structured: resumedApp{ofApp: target.of(), Name: target.Name}, IsError: true}, nil
	}
	// The resume's deployment is the app's newest: where it stands, as wait_for_deployment says.
	var logs string
	out.Deployment, logs = explainWaited(ctx, env, c, target, w, true)
	var st present.Standing
	if out.Deployment != nil {
		st = out.Deployment.standing
	}
	// "Resumed <app> with deployment <id>" names the app: the deployment's line below need not.
	shown := target.label()
	if w.Deployment != nil && w.Deployment.ID == res.DeploymentID {
		shown = ""
	}
	return &Result{Text: present.AppResumedAndWaited(target.label(), res.DeploymentID, waitText(shown, w, again, follow, st)) + logs,
		Structured: out}, nil
}))

// resumeTools are the tools a paused app's texts name to start it again.
var resumeTools = []string{"resume_app", "update_app"}

// unusableTools are those of names the caller cannot use, with why (as fixToolsUnavailable):
// a text names them only as not available.
func unusableTools(ctx context.Context, env *Env, names ...string) []present.UnavailableTool {
	var out []present.UnavailableTool
	// The token is read once for all of them (as Hidden does), not twice per tool; ctx is a
	// running call's, already within its time limit.
	granted := env.grantedScopes(ctx)
	for _, name := range names {
		if t, ok := ByName(name); ok {
			reason, ask := env.hiddenReason(ctx, t, granted), present.RoleAsk{}
			if reason == "" {
				reason, ask = env.roleStop(ctx, t)
			}
			if reason != "" {
				out = append(out, present.UnavailableTool{Name: name, Reason: reason, Ask: ask, Sandbox: env.Sandbox})
			}
		}
	}
	return out
}

// deployableOf tells whether a deployment of p (create_deployment, resume_app) has what the API
// needs: a spicepod, or a connected repository to read one from. The API shows no repository
// link, only production_branch, which it also stores on an app with none connected: an app
// with a branch and no spicepod deploys only if one is connected.
func deployableOf(p *client.Project) present.Deployable {
	switch {
	case p.Config.Spicepod != nil:
		return present.DeployableYes
	case p.ProductionBranch != "":
		return present.DeployableIfConnected
	}
	return present.DeployableNo
}

// deployable is deployableOf the app (p, or read when nil). What it stores decides, not its
// history alone: an app deleted and created again keeps its deployment history, not its
// spicepod, branch or repository (api/README §7.1). One piece of history counts: a connected
// app stores no spicepod (the API refuses one, 409 github_connected) and shows no connection,
// only its production branch; when its newest succeeded deployment read that branch from
// GitHub (creation_source github, api/README §7.3, §7.6), a repository is connected and it
// deploys. The reads are optional: when reading the app fails, nothing is claimed
// (DeployableYes: the texts say what they said before); when reading its deployments fails,
// deployableOf says it.
func deployable(ctx context.Context, c *client.Client, id int64, p *client.Project) present.Deployable {
	if p == nil {
		var err error
		if p, err = c.GetProject(ctx, id); err != nil {
			return present.DeployableYes
		}
	}
	d := deployableOf(p)
	if d != present.DeployableIfConnected {
		return d
	}
	ok, err := c.ListProjectDeployments(ctx, id, client.ListDeploymentsOptions{Limit: 1, Status: client.StatusSucceeded})
	if err == nil && len(ok) > 0 && ok[0].CreationSource == "github" && ok[0].Branch == p.ProductionBranch {
		return present.DeployableYes
	}
	return d
}

// deployNext is what a text naming the next deployment of an app that runs nothing needs: its
// newest deployment when still queued or in progress (busy; a new one is refused, 409, until
// it ends; present.BusyUnknown when its deployments could not be read) and, with none in
// flight, whether a deployment has what it needs (deployable; p as there).
func deployNext(ctx context.Context, c *client.Client, id int64, p *client.Project) (busy int64, d present.Deployable) {
	latest, err := c.ListProjectDeployments(ctx, id, client.ListDeploymentsOptions{Limit: 1})
	switch {
	case err != nil:
		busy = present.BusyUnknown
	case len(latest) > 0 && latest[0].InFlight():
		return latest[0].ID, present.DeployableYes // one is in flight: it had a source to deploy
	}
	return busy, deployable(ctx, c, id, p)
}

// serving reports whether one of the instances is ready: "ready" means serving (api/README
// §7.5); a starting, failed or pending one serves nothing.
func serving(instances []client.Instance) bool {
	return slices.ContainsFunc(instances, func(in client.Instance) bool { return in.Status == "ready" })
}

// deployFree are update_app's settings that no deployment carries: they take effect as stored.
var deployFree = []string{"description", "visibility", "tags"}

// updateReach tells how update_app's changes reach the app's runtime: not at all (only
// settings no deployment carries), with the next deployment, or, on a paused app (whose
// deployments are refused), with resume_app. The check is optional: when it fails, both are
// offered. runs: an instance is ready (serving); an app with none runs nothing.
func updateReach(ctx context.Context, c *client.Client, target appTarget, changed []string) (reach present.UpdateReach, runs bool) {
	if !slices.ContainsFunc(changed, func(f string) bool { return !slices.Contains(deployFree, f) }) {
		return present.ReachNone, false
	}
	instances, err := c.ListProjectInstances(ctx, target.ID)
	var apiErr *client.APIError
	switch {
	case err == nil && !serving(instances): // never deployed, its deployments failed, or not started yet
		return present.ReachNotRunning, false
	case err == nil:
		return present.ReachDeploy, true
	case errors.As(err, &apiErr) && apiErr.Code == "project_paused":
		return present.ReachPaused, false
	case errors.As(err, &apiErr) && apiErr.Code == "project_not_deployed":
		return present.ReachNotRunning, false
	}
	return present.ReachUnknown, false
}

// updateDeploy tells what update_app's text says of a deployment that carries the changes:
// whether the app has what one needs (an app that runs, or has a deployment in flight, has a
// source to deploy; else see deployable), and the deployment still queued or in progress that
// a new one must wait for (0: none; present.BusyUnknown: the check failed). app is the update's answer.
func updateDeploy(ctx context.Context, c *client.Client, id int64, app *client.Project, reach present.UpdateReach, runs bool) (present.Deployable, int64) {
	var busy int64
	if reach == present.ReachDeploy || reach == present.ReachNotRunning {
		latest, err := c.ListProjectDeployments(ctx, id, client.ListDeploymentsOptions{Limit: 1})
		switch {
		case err != nil: // not checked: one may be queued (a new one is refused, 409)
			busy = present.BusyUnknown
		case len(latest) > 0 && latest[0].InFlight():
			busy = latest[0].ID
		}
	}
	switch {
	case reach == present.ReachNone:
		return present.DeployableYes, 0
	case runs || busy > 0:
		return present.DeployableYes, busy
	}
	return deployable(ctx, c, id, app), busy
}

// inFlight is the app's newest deployment when it is still queued or in progress: what a pause
// or a delete ends. The read is optional: when it fails, Unknown is set so no text claims
// nothing was stopped; err is only the call's own end (cancelled or out of time). newest is the
// newest deployment (nil: none, or not read), to tell one started after the read.
func inFlight(ctx context.Context, c *client.Client, appID int64) (present.Ended, *client.Deployment, error) {
	latest, err := c.ListProjectDeployments(ctx, appID, client.ListDeploymentsOptions{Limit: 1})
	switch {
	case err != nil && ctx.Err() != nil:
		return present.Ended{}, nil, err
	case err != nil:
		return present.Ended{Unknown: true}, nil, nil
	case len(latest) == 0:
		return present.Ended{}, nil, nil
	case latest[0].InFlight():
		return present.Ended{ID: latest[0].ID, Status: latest[0].Status}, &latest[0], nil
	}
	return present.Ended{}, &latest[0], nil
}

// clockSkew is how far the API's clock may run behind this machine's before a deployment's
// created_at before a write was sent shows it is not one that write started.
const clockSkew = 5 * time.Minute
