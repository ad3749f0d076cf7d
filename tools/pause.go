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
	AppID  int64  `json:"app_id"`
	Name   string `json:"name"`
	Paused bool   `json:"paused"`
}

var pauseApp = register(define[pauseAppArgs, pausedApp](Tool{
	Name: "pause_app", Title: "Pause app", Toolset: ToolsetApps,
	Operations: []*api.Operation{api.ListProjects, api.PauseProject},
	// The instance list tells whether the app is paused already (409 project_paused): an
	// optional check, so its scope neither hides nor refuses the tool.
	// The app's configuration, when it runs nothing: whether a resume has a spicepod to deploy.
	MayCall:  []*api.Operation{api.ListProjectInstances, api.GetProject},
	Examples: Examples{Valid: map[string]any{"app": "analytics-app"}, Invalid: map[string]any{"app": ""}},
	Description: "Pause (stop, suspend, scale to zero, take offline) an app's (project's) runtime until it is resumed; " +
		"its configuration, secrets and keys stay for later. A person approves first.",
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
			return &Result{Text: present.AppAlreadyPaused(target.label(), deployable(ctx, c, target.ID), appAgain(string(a.App), a.orgArg)...),
				Structured: pausedApp{AppID: target.ID, Name: target.Name, Paused: true}}, nil
		}
		if ctx.Err() != nil {
			return nil, err // cancelled or out of time: nothing was asked or sent
		}
	}
	url := client.AppURL(target.Name)
	if r := env.confirm(ctx, confirmation{tool: "pause_app", args: a, targetID: fmt.Sprintf("app:%d", target.ID),
		target: target.Name, fold: true, typed: string(a.Confirm), effects: []string{present.EffectPauseResumable},
		action: present.PauseAppAction(target.label(), url)}); r != nil {
		return r, nil
	}
	if err := c.PauseProject(ctx, target.ID); err != nil {
		return nil, err
	}
	idle := checkErr == nil && len(instances) == 0
	// Never deployed, nothing running, or not known to have run: a resume deploys the app's
	// spicepod (or its connected repository's), and is refused without one (400, the app stays
	// paused). An app that was running has a source to deploy again.
	d := present.DeployableYes
	if idle || checkErr != nil {
		d = deployable(ctx, c, target.ID)
	}
	return &Result{Text: present.AppPaused(target.label(), url, checkErr == nil, idle, d, appAgain(string(a.App), a.orgArg)...),
		Structured: pausedApp{AppID: target.ID, Name: target.Name, Paused: true}}, nil
}))

type resumeAppArgs struct {
	App            AppRef         `json:"app"`
	Wait           bool           `json:"wait,omitempty" jsonschema:"description=Until the deployment it starts ends"`
	TimeoutSeconds TimeoutSeconds `json:"timeout_seconds,omitempty" jsonschema:"minimum=1,maximum=1800,default=600"`
	orgArg
}

func (a *resumeAppArgs) validate() rules.FieldErrors {
	fe := checkApp(a.App)
	fe.Check("timeout_seconds", checkTimeout(a.TimeoutSeconds))
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
	AppID        int64             `json:"app_id"`
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
	// After a wait: the failing instance's log lines (explainDeployment).
	MayCall:  []*api.Operation{api.GetProjectInstanceLogs},
	Examples: Examples{Valid: map[string]any{"app": "analytics-app"}, Invalid: map[string]any{"app": "analytics-app", "timeout_seconds": 5000}},
	Description: "Resume (unpause) a paused app (project): starts a deployment that puts it online again, and " +
		"can wait for it.",
}, func(ctx context.Context, env *Env, c *client.Client, a resumeAppArgs) (*Result, error) {
	target, err := resolveAppNamed(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	if _, err := c.ListProjectInstances(ctx, target.ID); err == nil {
		return &Result{Text: present.AppNotPaused(target.label()),
			Structured: resumedApp{AppID: target.ID, Name: target.Name}}, nil
	} else if apiErr := (*client.APIError)(nil); !errors.As(err, &apiErr) || apiErr.Code != "project_paused" {
		return nil, err
	}
	res, err := c.ResumeProject(ctx, target.ID)
	if err != nil {
		return nil, err
	}
	out := resumedApp{AppID: target.ID, Name: target.Name, Resumed: true, DeploymentID: res.DeploymentID}
	if !a.Wait {
		return &Result{Text: present.AppResumed(target.label(), res.DeploymentID, appAgain(string(a.App), a.orgArg)...), Structured: out}, nil
	}
	w, err := awaitDeployment(ctx, env, c, target, res.DeploymentID, timeoutOf(a.TimeoutSeconds))
	if err != nil {
		// The resume went through: every outcome says so, with what is known of its deployment.
		err = stoppedBy(ctx, err, a.timeLimit(env.callTimeout()))
		var last *client.Deployment
		if w != nil {
			last = w.Deployment
			out.Deployment = newDeploymentResult(last)
		}
		return &Result{Text: present.AppResumedWaitStopped(target.label(), res.DeploymentID, last, err, appAgain(string(a.App), a.orgArg)...),
			Structured: out, IsError: true, cause: err}, nil
	}
	// The resume's deployment is the app's newest: where it stands, as wait_for_deployment says.
	var logs string
	out.Deployment, logs = explainDeployment(ctx, c, target, w.Deployment, true)
	var st present.Standing
	if out.Deployment != nil {
		st = out.Deployment.standing
	}
	return &Result{Text: present.AppResumedAndWaited(target.label(), res.DeploymentID, waitText(target, w, appAgain(string(a.App), a.orgArg), st)) + logs,
		Structured: out}, nil
}))

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

// deployable reads the app for deployableOf. The check is optional: when it fails, nothing is
// claimed (DeployableYes: the texts say what they said before).
func deployable(ctx context.Context, c *client.Client, id int64) present.Deployable {
	p, err := c.GetProject(ctx, id)
	if err != nil {
		return present.DeployableYes
	}
	return deployableOf(p)
}

// deployFree are update_app's settings that no deployment carries: they take effect as stored.
var deployFree = []string{"description", "visibility", "tags"}

// updateReach tells how update_app's changes reach the app's runtime: not at all (only
// settings no deployment carries), with the next deployment, or, on a paused app (whose
// deployments are refused), with resume_app. The check is optional: when it fails, both are
// offered.
func updateReach(ctx context.Context, c *client.Client, target appTarget, changed []string) present.UpdateReach {
	if !slices.ContainsFunc(changed, func(f string) bool { return !slices.Contains(deployFree, f) }) {
		return present.ReachNone
	}
	instances, err := c.ListProjectInstances(ctx, target.ID)
	var apiErr *client.APIError
	switch {
	case err == nil && len(instances) == 0: // never deployed, or its deployments failed
		return present.ReachNotRunning
	case err == nil:
		return present.ReachDeploy
	case errors.As(err, &apiErr) && apiErr.Code == "project_paused":
		return present.ReachPaused
	case errors.As(err, &apiErr) && apiErr.Code == "project_not_deployed":
		return present.ReachNotRunning
	}
	return present.ReachUnknown
}
