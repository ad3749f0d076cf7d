package tools

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// SecretValues maps secret names to values; values are write-only. A null value is kept as
// nil so that validate refuses it by name: decoded as a string it would be stored as "".
type SecretValues map[string]*string

// UnmarshalJSON decodes the map, refusing a value that is not a string and a name given twice.
func (v *SecretValues) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return nil
	}
	m, err := stringMap(b, true)
	*v = m
	return err
}

// jsonSchema is the type's own schema (see schema.go).
func (SecretValues) jsonSchema() *schema {
	return &schema{Type: "object", PropertyNames: &schema{Pattern: rules.SecretNamePattern},
		AdditionalProperties: &schema{Type: "string"}, Description: "Name → value, e.g. a model provider key; values are never shown"}
}

// managedTag marks apps created by create_and_deploy_app, so a re-run after a partial failure
// reuses that app but never takes over an unrelated app that happens to have the name. A
// caller's own value for the key is refused (validate), never replaced.
var managedTag = present.ManagedTag

type createAndDeployArgs struct {
	Name           AppName        `json:"name"`
	Region         RegionCode     `json:"region,omitempty"`
	CName          Ident          `json:"cname,omitempty" jsonschema:"description=Legacy"`
	ClusterName    Ident          `json:"cluster_name,omitempty"`
	Description    FreeText       `json:"description,omitempty"`
	Visibility     Visibility     `json:"visibility,omitempty"`
	Tags           Tags           `json:"tags,omitempty"`
	Spicepod       *Spicepod      `json:"spicepod,omitempty" jsonschema:"description=YAML text or object; required for a new app"`
	Secrets        SecretValues   `json:"secrets,omitempty"`
	ImageTag       Ident          `json:"image_tag,omitempty" jsonschema:"description=Published runtime tag"`
	Replicas       *Replicas      `json:"replicas,omitempty"`
	Wait           *bool          `json:"wait,omitempty" jsonschema:"default=true"`
	TimeoutSeconds TimeoutSeconds `json:"timeout_seconds,omitempty" jsonschema:"minimum=1,maximum=1800"`
	orgArg
}

// conditionalOps: secrets are stored with upsertSecret, so their scope is checked up front; a
// spicepod that references secrets needs the app's secrets listed (which are set, whether one
// changed since a deployment). Storing the referenced ones that are missing needs
// secrets:write only when some are: the "check inputs" step knows, and refuses there
// (checkSecrets), as it does for the stored spicepod's references when spicepod is omitted.
func (a *createAndDeployArgs) conditionalOps() []*api.Operation {
	// The spicepod's secret references need scopes only the checks can name (checkSecrets:
	// reading an existing app's secrets, storing the missing ones), so they add none here.
	var ops []*api.Operation
	if len(a.Secrets) > 0 {
		ops = append(ops, api.UpsertProjectSecret)
	}
	return ops
}

func (a *createAndDeployArgs) createRequest() client.CreateProjectRequest {
	tags := maps.Clone(a.Tags)
	if tags == nil {
		tags = map[string]string{}
	}
	tags[managedTag[0]] = managedTag[1]
	return client.CreateProjectRequest{Name: string(a.Name), Region: string(a.Region), CName: string(a.CName), ClusterName: string(a.ClusterName),
		Description: string(a.Description), Visibility: string(a.Visibility), Tags: tags}
}

func (a *createAndDeployArgs) validate() rules.FieldErrors {
	fe := a.Name.explainEmpty(client.ValidateCreateProject(a.createRequest()))
	if v, ok := a.Tags[managedTag[0]]; ok && v != managedTag[1] {
		fe.Check("tags."+managedTag[0], present.ArgManagedTag(managedTag[1]))
	}
	for _, name := range slices.Sorted(maps.Keys(a.Secrets)) {
		if msg := SecretName(name).check(); msg != "" {
			fe.Check("secrets", prefixed(present.ArgMapKey(name), msg))
		} else if present.ArgCredential(name, false, "") != "" {
			fe.Check("secrets", prefixed(present.ArgMapKey(name), present.KeptSecretName))
		}
		switch v := a.Secrets[name]; {
		case v == nil:
			fe.Check("secrets."+present.ArgSecretKey(name), present.ArgSecretNull)
		case *v == "":
			fe.Check("secrets."+present.ArgSecretKey(name), present.ArgSecretEmpty)
		default:
			fe.Check("secrets."+present.ArgSecretKey(name), secretValueRefused(*v))
		}
	}
	if a.Spicepod != nil {
		fe.Check("spicepod", deployableSpicepod(a.Spicepod.Value))
		fe.Check("spicepod", maskedSpicepod(a.Spicepod.Value))
	}
	if a.Replicas != nil {
		fe.Check("replicas", rules.Replicas(int(*a.Replicas)))
	}
	// timeout_seconds bounds the wait for this run's deployment, which wait false skips: refused
	// then, as resume_app's is, not dropped. So its schema has no default (600 applies), which a
	// client filling in defaults would send with wait false.
	if msg := checkTimeout(a.TimeoutSeconds); msg != "" {
		fe.Check("timeout_seconds", msg)
	} else if a.TimeoutSeconds != 0 && a.Wait != nil && !*a.Wait {
		fe.Check("timeout_seconds", present.ArgTimeoutWithoutWait)
	}
	a.checkRequests(fe)
	return fe
}

// checkRequests holds the requests the run will send with the user's values to the rules those
// requests meet, so that what the client would refuse mid-run (after the app was created) is
// refused here, before anything is: each secret's set-secret request against the body limit
// (rules.BodySize), named as given (secrets.NAME), and the configuration update (spicepod,
// image_tag, replicas) as the client checks it. The create request is checked in full above
// (ValidateCreateProject); the deployment's carries no user text but image_tag and replicas.
func (a *createAndDeployArgs) checkRequests(fe rules.FieldErrors) {
	for _, name := range slices.Sorted(maps.Keys(a.Secrets)) {
		v := a.Secrets[name]
		if v == nil || *v == "" || rules.SecretName(name) != "" {
			continue // refused above
		}
		body, err := rules.EncodeJSON(client.SecretRequestBody(name, *v))
		if _, msg := rules.BodySize(body); err == nil && msg != "" {
			// BodySize names the request's fields (value, name), not the argument: the message
			// says the same in the argument's terms, without the value.
			fe.Check("secrets."+name, present.ArgSecretTooLarge(len(body), rules.BodyMaxBytes))
		}
	}
	if len(fe) > 0 {
		return // the update's own checks would repeat what is refused above
	}
	update, _, _ := a.configUpdate(nil)
	for field, msgs := range client.ValidateUpdateProject(update) {
		for _, msg := range msgs {
			fe.Check(field, msg)
		}
	}
}

func prefixed(name, msg string) string {
	if msg == "" {
		return ""
	}
	return name + ": " + msg
}

// step is one row of the workflow's report.
type step struct {
	Step   string `json:"step"`
	Result string `json:"result"`
	// secret is the secret a per-secret step stores, keeps or restores ("" for other steps):
	// a long run of such steps is shown as one row (stepLog.rows).
	secret string
}

// secretRowsMax is how many per-secret steps with the same result the steps show one a row;
// more are shown as one row naming them in brief (a spicepod may reference hundreds).
const secretRowsMax = 5

type stepLog struct {
	ctx   context.Context
	steps []step
	// changes names what this run changed so far (app created, spicepod set, secret stored,
	// deployment started): a failure reports them, and a run that changed nothing does not
	// deploy again over a deployment that succeeded or is in flight.
	changes []string
	// storedAt is the index in changes of the secrets this run stored (-1 before the first),
	// stored those secrets: one change names them all, in brief.
	storedAt int
	stored   []string
	// again is the app and organization, once known, for a call a failure names (resume_app).
	again []present.Arg
	// hidden are resume_app and the FollowTools when the caller cannot use them: the run's
	// texts name them then only as not available (or another way to follow a deployment).
	hidden []present.UnavailableTool
	// listedAs, once the run has its app, finds the app's name listed under another ID: a 404
	// for the app is then no proof it was deleted (nil: not looked for).
	listedAs func() (client.ProjectSummary, bool)
	appID    int64 // the run's app, once it has one
	// getAppHidden says why get_app is not available ("": it is), for a text that names it.
	getAppHidden string
	// listing is list_deployments when the caller cannot use it, with why (empty: it can).
	listing []present.UnavailableTool
}

// changed records one change this run made.
func (l *stepLog) changed(what string) { l.changes = append(l.changes, what) }

func (l *stepLog) done(name, result string) {
	l.steps = append(l.steps, step{Step: name, Result: result})
	report(l.ctx, present.StepProgress(name, result))
}

// secretDone records the step of one secret (stored, kept, restored).
func (l *stepLog) secretDone(name, result string) {
	l.steps = append(l.steps, step{Step: present.StepSecret(name), Result: result, secret: name})
	report(l.ctx, present.StepProgress(present.StepSecret(name), result))
}

// secretStored records the change of a secret stored: the run's secrets stored are one change.
func (l *stepLog) secretStored(name string) {
	l.stored = append(l.stored, name)
	if len(l.stored) == 1 {
		l.storedAt = len(l.changes)
		l.changes = append(l.changes, "")
	}
	l.changes[l.storedAt] = present.ChangeSecretsStored(l.stored)
}

// rows are the steps as the result shows them (text and structured): more than secretRowsMax
// per-secret steps with the same result, in any order (kept, stored, kept, stored… when a
// re-run finds every other secret set), are one row naming the secrets in brief, where the
// first of them was, so hundreds of secrets never push the result over the budget.
func (l *stepLog) rows() []step {
	names := map[string][]string{} // the secrets of each per-secret result
	for _, s := range l.steps {
		if s.secret != "" {
			names[s.Result] = append(names[s.Result], s.secret)
		}
	}
	var out []step
	folded := map[string]bool{}
	for _, s := range l.steps {
		switch all := names[s.Result]; {
		case s.secret == "" || len(all) <= secretRowsMax:
			out = append(out, s)
		case !folded[s.Result]:
			folded[s.Result] = true
			out = append(out, step{Step: present.StepSecrets(len(all)), Result: present.StepSecretsResult(s.Result, all)})
		}
	}
	return out
}

func (l *stepLog) table() string {
	shown := l.rows()
	rows := make([][]string, len(shown))
	for i, s := range shown {
		rows[i] = []string{s.Step, s.Result}
	}
	return present.StepTable(rows)
}

// failed turns an error in the middle of the workflow into a result that shows what was
// done, what failed and that re-running the same call resumes.
func (l *stepLog) failed(stepName string, err error) (*Result, error) {
	result := present.StepFailed
	switch {
	case client.MayHaveApplied(err): // the step's answer was lost: not a failure, and maybe a change
		result = present.StepOutcomeUnknown(stepName)
		l.changed(present.ChangeOutcomeUnknown(stepName, l.listing))
	case errors.Is(err, context.Canceled):
		result = present.StepCancelled
	}
	var ns *notStarted
	if errors.As(err, &ns) {
		result = ns.step
	}
	return l.stopped(stepName, result, err)
}

// notStarted: the run stopped before starting a deployment of its configuration and nothing
// failed: another call changed the configuration while it waited (a stop on purpose), or its
// time ran out while another call's deployment had not ended. step is the deploy step's
// result, why what happened and next the calls that complete the run. The result is still an
// error result: the run did not deploy, and the agent has to act on it.
type notStarted struct{ step, why, next string }

func (e *notStarted) Error() string { return e.why }

// Is makes a notStarted stop ErrStopped, so that the call's log line reads it as one.
func (e *notStarted) Is(target error) bool { return target == ErrStopped }

// ErrStopped is what a run that stopped without failing (create_and_deploy_app: another call
// changed the configuration meanwhile, out of time behind another call's deployment, kept
// busy) matches with errors.Is: it started nothing of its own, and nothing failed.
var ErrStopped = errors.New("stopped before starting a deployment; nothing failed")

// configChanged: the app's configuration was changed by another call while the run waited
// (while: present.WhileWaitingFor or WhileSecretPageOpen), so it started no deployment.
func configChanged(a createAndDeployArgs, target appTarget, while string) error {
	return &notStarted{step: present.StepNoneStartedChanged, why: present.DeployConfigChangedMeanwhile(while),
		next: present.DeployChangedNext(appAgain(target.Name, a.orgArg)...)}
}

// behindOther: the run's time ran out while another call's deployment (w, not of this run's
// configuration) had not ended, so none of this run's was started.
func behindOther(a createAndDeployArgs, target appTarget, w *waitOutcome, hidden []present.UnavailableTool) error {
	d := w.Deployment
	again := appAgain(target.Name, a.orgArg)
	return &notStarted{step: present.StepBehindOther(d.ID, d.Status),
		why:  present.DeployBehindOther(target.label(), d, w.Elapsed, w.Unanswered, again...),
		next: present.DeployBehindOtherNext(d.ID, a.Wait == nil || *a.Wait, hidden, again...)}
}

// waitStopped ends the workflow when its wait for deployment dep stopped early (cancelled, or
// a status request failed): the deployment has not failed, and last is what was last seen —
// unless the request found the app gone (deleted meanwhile): the delete ended it.
func (l *stepLog) waitStopped(dep *client.Deployment, last *waitOutcome, err error) (*Result, error) {
	if _, gone := present.AppGone(err); gone { // the app was deleted meanwhile: the deployment ended with it
		return l.stopped(present.StepWait, present.StepWaitAppGone(dep.ID), err)
	}
	if present.DeploymentNotFound404(err) { // named by the API, then not found: a wait could only fail the same way
		return l.stopped(present.StepWait, present.StepWaitNotFound(dep.ID, l.listing), err)
	}
	status := dep.Status
	if last != nil {
		status = last.Deployment.Status
	}
	return l.stopped(present.StepWait, present.StepWaitStopped(dep.ID, status, errors.Is(err, context.Canceled), present.FollowName(l.hidden)), err)
}

// report is the structured content of a run that stopped: its steps, and its app once it has
// one, as the text names it ("This run changed: created combo-app (105)").
func (l *stepLog) report() deployReport { return deployReport{AppID: l.appID, Steps: l.rows()} }

// stopped records the step that ended the workflow, with result, and renders the failure.
func (l *stepLog) stopped(stepName, result string, err error) (*Result, error) {
	l.steps = append(l.steps, step{Step: stepName, Result: result})
	report(l.ctx, present.StepProgress(stepName, result))
	var ns *notStarted
	if errors.As(err, &ns) {
		return &Result{Text: present.DeployNotStarted(l.table(), ns.why, l.changes, ns.next), IsError: true, Structured: l.report(), cause: err}, nil
	}
	var refused *client.ValidationError
	if errors.As(err, &refused) && len(l.changes) == 0 {
		return &Result{Text: present.DeployRefused(l.table(), refused.Fields), IsError: true, Structured: l.report(), cause: causeOf(err)}, nil
	}
	if stepName == present.StepCheckInputs && len(l.changes) == 0 {
		return &Result{Text: present.DeployCheckFailed(l.table(), err, mayPass(err)), IsError: true, Structured: l.report(), cause: causeOf(err)}, nil
	}
	if _, gone := present.AppGone(err); gone && l.listedAs != nil {
		if other, ok := l.listedAs(); ok {
			return &Result{Text: present.DeployAppListedAs(l.table(), err, l.changes, l.appID, other.ID, other.Name, l.getAppHidden), IsError: true,
				Structured: l.report(), cause: causeOf(err)}, nil
		}
	}
	return &Result{Text: present.DeployFailed(l.table(), err, l.changes, l.hidden, l.again...), IsError: true, Structured: l.report(), cause: causeOf(err)}, nil
}

// scopeRefusal: a check found that the token lacks a scope the run needs.
type scopeRefusal string

func (e scopeRefusal) Error() string { return string(e) }

// mayPass reports whether the cause of a failed check may pass by itself: not a scope the
// token lacks, nor credentials or a scope the API refused (401, 403).
func mayPass(err error) bool {
	var refusal scopeRefusal
	var apiErr *client.APIError
	return !errors.As(err, &refusal) && !(errors.As(err, &apiErr) && (apiErr.StatusCode == http.StatusUnauthorized || apiErr.StatusCode == http.StatusForbidden))
}

type deployReport struct {
	// Reactivated is set when the create brought a deleted app back (its warning first).
	Reactivated *reactivationView `json:"reactivated,omitempty"`
	AppID       int64             `json:"app_id,omitempty"`
	Name        string            `json:"name,omitempty"`
	URL         string            `json:"url,omitempty"`
	Deployment  *deploymentResult `json:"deployment,omitempty"`
	Steps       []step            `json:"steps"`
}

var createAndDeployApp = register(define[createAndDeployArgs, deployReport](Tool{
	Name: "create_and_deploy_app", Title: "Create and deploy app", Toolset: ToolsetWorkflows,
	Operations: []*api.Operation{api.ListRegions, api.ListContainerImages, api.ListProjects, api.GetProject, api.GetHealth, api.CreateProject, api.UpdateProject, api.ListProjectDeployments, api.CreateProjectDeployment, api.GetProjectDeployment},
	When: map[*api.Operation]string{
		api.ListRegions:             "unless `cluster_name` is given",
		api.ListContainerImages:     "when `image_tag` is given",
		api.GetProject:              "when an app has the name: a re-run",
		api.GetHealth:               "when it creates the app",
		api.CreateProject:           "when no app has the name",
		api.UpdateProject:           "when a setting given differs from the app's",
		api.CreateProjectDeployment: "unless the app's newest deployment runs its configuration",
		api.GetProjectDeployment:    "when it waits for a deployment",
	},
	MayCall:  append([]*api.Operation{api.UpsertProjectSecret, api.ListProjectSecrets, api.GetLimits, api.ListClusters, api.ListOrgs}, failureLogOps...),
	Examples: Examples{Valid: map[string]any{"name": "fresh-app", "spicepod": "version: v1\nkind: Spicepod\nname: fresh-app\n", "secrets": map[string]any{"PG_PASS": "example-value"}}, Invalid: map[string]any{"name": "fresh-app", "secrets": map[string]any{"BAD-NAME": "x"}}},
	Description: "Ship (launch, spin up) a new app from a spicepod (YAML manifest) in one go: create, store secrets, deploy, " +
		"wait until live or failed; the user enters missing secrets on one private page. Failed or timed out " +
		"halfway? Run it again to resume.",
	// Destructive: on an app that exists already it replaces the settings given (the spicepod).
	Destructive: true,
}, func(ctx context.Context, env *Env, c *client.Client, a createAndDeployArgs) (*Result, error) {
	log := &stepLog{ctx: ctx, hidden: unusableTools(ctx, env, append([]string{"resume_app"}, present.FollowTools...)...),
		listing: listingHidden(ctx, env)}
	var notice string // the first line when the create reactivated a deleted app
	res, err := createAndDeploy(ctx, env, c, a, log, &notice)
	if res != nil && res.Raw == nil && notice != "" {
		res.Text = notice + "\n\n" + res.Text
		if rep, ok := res.Structured.(deployReport); ok {
			rep.Reactivated = &reactivationView{Warning: notice}
			res.Structured = rep
		}
	}
	return res, err
}))

// deployMemo is what the first round of a call keeps with a secret page, so the second round
// (after the person answered a URL-mode elicitation) resumes where the first stopped.
type deployMemo struct {
	target  appTarget
	config  *client.Project // the configuration in place; the second round deploys only while it still is
	refs    []string
	notice  string
	steps   []step
	changes []string
}

func createAndDeploy(ctx context.Context, env *Env, c *client.Client, a createAndDeployArgs, log *stepLog, notice *string) (*Result, error) {
	if server.ElicitationResponse(callInfo(ctx).InputResponses, secretsField) != nil {
		// The person answered the page this call's first round opened: resume after it.
		entry, memo := env.personAnswered(ctx, "create_and_deploy_app", &a)
		m, ok := memo.(deployMemo)
		if !ok {
			return entry.result, nil
		}
		log.steps, *notice, log.changes = m.steps, m.notice, m.changes
		if r := entry.result; r != nil {
			if errors.Is(r.cause, context.Canceled) { // the page withdrawn: the run stops as a cancelled one
				return log.stopped(present.StepSecretsOnPage, present.StepCancelled, r.asError())
			}
			return log.failed(present.StepSecretsOnPage, r.asError())
		}
		log.done(present.StepSecretsOnPage, present.StepSecretsEntered(entry.stored))
		log.changed(present.ChangeSecretsEntered(entry.stored))
		// Minutes may have passed on the page: the deployment is marked (and the run claims)
		// only the configuration the first round set, so it must still be the one in place.
		now, err := c.GetProject(ctx, m.target.ID)
		if err != nil {
			return log.failed(present.StepDeploy, err)
		}
		if configMark(env.markKey(), now) != configMark(env.markKey(), m.config) {
			return log.failed(present.StepDeploy, configChanged(a, m.target, present.WhileSecretPageOpen(entry.stored)))
		}
		return deployAndWait(ctx, env, c, a, m.target, now, m.refs, log)
	}

	plan, err := planDeploy(ctx, env, c, a, env.Human != nil)
	if err != nil {
		return log.failed(present.StepCheckInputs, err)
	}
	log.done(present.StepCheckInputs, plan.summary)

	app, current := plan.existing, plan.existing // current: the app as found, to reconcile with
	var revived *reactivation
	// known: the app's secrets when this run knows them without listing (an app it created
	// has only those it stores; a reactivated one also those it brought back, when listed).
	var known []string
	if app == nil {
		var adopted adoption
		if app, revived, adopted, err = createAdopting(ctx, c, env.Poll.withDefaults().Now, plan.create); err != nil {
			return log.failed(present.StepCreateApp, err)
		}
		label := present.AppLabel(app.ID, app.Name)
		cell := present.PlainAppLabel(app.ID, app.Name) // steps are table cells, which escape it
		switch {
		case adopted == notAdopted && app.Warning != "": // created, but not as asked (api/README §7.1)
			if revived != nil {
				log.changed(present.ChangeReactivated(label))
			} else {
				log.changed(present.ChangeCreated(label))
			}
			return log.stopped(present.StepCreateApp, present.StepAppCreatedWithWarning(cell, plan.region),
				&notStarted{why: present.CreatedWithWarning(label, app.Warning), next: present.CreatedWithWarningNext(app.Name)})
		case adopted != notAdopted: // before revived: a concurrent run may have revived it, with its settings
			// A concurrent run may have created it otherwise: refused as one found at the start is.
			origin := adopted.origin(revived)
			if fe := a.differences(ctx, env, app, plan.region, origin); len(fe) > 0 {
				return log.stopped(present.StepCreateApp, present.StepAppAdoptedDiffers(cell),
					&client.ValidationError{Operation: "create_and_deploy_app", Fields: fe})
			}
			log.done(present.StepCreateApp, present.StepAppAdopted(cell, origin))
			current = app
			if plan.create.ClusterName == "" && plan.region != app.Region {
				plan.region = app.Region // where the app is, not where a new one would have gone
				log.steps[0].Result = plan.summarize(plan.toCollect)
			}
			if revived != nil { // maybe by the other run: not claimed as this call's
				*notice = present.ReactivatedMeanwhile(label, origin, a.settingsGiven(), revived.restored, revived.listed)
			}
		case revived != nil:
			*notice = revived.notice(label)
			log.done(present.StepCreateApp, present.StepAppReactivated(cell))
			log.changed(present.ChangeReactivated(label))
			if revived.listed {
				known = append(slices.AppendSeq([]string{}, maps.Keys(a.Secrets)), revived.restored...)
			}
		default:
			log.done(present.StepCreateApp, present.StepAppCreated(plan.region))
			log.changed(present.ChangeCreated(label))
			known = slices.AppendSeq([]string{}, maps.Keys(a.Secrets)) // non-nil: none but these
		}
	} else {
		log.done(present.StepCreateApp, present.StepAppReused(present.PlainAppLabel(app.ID, app.Name)))
	}
	target := appTarget{ID: app.ID, Name: app.Name}
	log.appID = target.ID
	log.listedAs = func() (client.ProjectSummary, bool) {
		apps, err := c.ListProjects(ctx)
		if err != nil {
			return client.ProjectSummary{}, false
		}
		for _, p := range apps {
			if p.ID != target.ID && strings.EqualFold(p.Name, target.Name) {
				for _, u := range unusableTools(ctx, env, "get_app") {
					log.getAppHidden = u.Reason
				}
				return p, true
			}
		}
		return client.ProjectSummary{}, false
	}

	// A re-run reconciles: what the app already has as given is not sent again.
	update, changed, same := a.configUpdate(current)
	inPlace := current // the configuration the deployment runs
	if inPlace == nil {
		inPlace = app
	}
	if len(changed) > 0 {
		updated, err := c.UpdateProject(ctx, target.ID, update)
		if err != nil {
			return log.failed(present.StepConfigure, err)
		}
		inPlace = updated
		if current != nil {
			log.done(present.StepConfigure, present.StepReconfigured(changed))
		} else {
			log.done(present.StepConfigure, present.StepConfigured(changed))
		}
		log.changed(present.StepConfigured(changed))
	} else if len(same) > 0 {
		log.done(present.StepConfigure, present.StepConfigUnchanged(same))
	}
	var have map[string]bool // secrets the app already has: a re-run does not rewrite them
	// A revived app's restored values are its previous life's, not a run's with these arguments:
	// the given ones are written, as on reactivation.
	if current != nil && revived == nil && len(a.Secrets) > 0 {
		if set, err := c.ListProjectSecrets(ctx, target.ID); err == nil {
			have = map[string]bool{}
			for _, s := range set {
				have[s.Name] = true
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(a.Secrets)) {
		if have[name] {
			log.secretDone(name, present.StepSecretKept)
			continue
		}
		if _, err := c.UpsertProjectSecret(ctx, target.ID, name, *a.Secrets[name]); err != nil {
			return log.failed(present.StepSecret(name), err)
		}
		log.secretDone(name, present.StepSecretStored)
		log.secretStored(name)
	}
	if revived != nil {
		for _, name := range revived.restored {
			if _, given := a.Secrets[name]; !given && slices.Contains(a.spicepodRefs(), name) {
				log.secretDone(name, present.StepSecretRestored)
			}
		}
		// The plan expected a new app: what the reactivated one brought back is not collected.
		if still := slices.DeleteFunc(slices.Clone(plan.toCollect), func(n string) bool { return slices.Contains(revived.restored, n) }); len(still) < len(plan.toCollect) {
			log.steps[0].Result = plan.summarize(still)
		}
	}
	refs := a.spicepodRefs()
	if a.Spicepod == nil && app.Config.Spicepod != nil {
		refs = rules.SpicepodSecretRefs(app.Config.Spicepod)
	}
	if r, err := secretsForDeploy(ctx, env, c, a, target, inPlace, refs, known, log, *notice); r != nil || err != nil {
		return r, err
	}
	return deployAndWait(ctx, env, c, a, target, inPlace, refs, log)
}

// secretsForDeploy makes sure every secret the spicepod refers to is set before deploying: the
// ones neither given in secrets nor already on the app are entered by the person, all on one
// page. A nil result means go on. known (non-nil) are the app's secrets when the run knows
// them without listing (see createAndDeploy). When they must be listed and cannot be, the run
// stops before deploying: a deployment that may lack a secret cannot be known to start.
func secretsForDeploy(ctx context.Context, env *Env, c *client.Client, a createAndDeployArgs, target appTarget, inPlace *client.Project, refs, known []string, log *stepLog, notice string) (*Result, error) {
	if len(refs) == 0 || env.Human == nil {
		return nil, nil
	}
	var set []client.Secret
	if known != nil {
		for _, name := range known {
			set = append(set, client.Secret{Name: name})
		}
	} else {
		var err error
		if set, err = c.ListProjectSecrets(ctx, target.ID); err != nil {
			return log.failed(present.StepSecretsOnPage, err)
		}
	}
	missing := missingSecrets(refs, a.Secrets, set)
	if len(missing) == 0 {
		return nil, nil
	}
	memo := deployMemo{target: target, config: inPlace, refs: refs, notice: notice, steps: slices.Clone(log.steps), changes: slices.Clone(log.changes)}
	entry, _ := env.secretsFromPerson(ctx, c, "create_and_deploy_app", &a, target, missing, present.SecretEntryThenDeploy, memo)
	if r := entry.result; r != nil {
		switch {
		case r.Raw != nil:
			return r, nil
		case r.IsError:
			return log.failed(present.StepSecretsOnPage, r.asError())
		}
		log.done(present.StepSecretsOnPage, present.StepSecretsWaiting(missing, entry.opened))
		return &Result{Text: present.DeployAwaitsSecrets(log.table(), r.Text),
			Structured: deployReport{AppID: target.ID, Name: target.Name, URL: client.AppURL(target.Name), Steps: log.rows()}}, nil
	}
	log.done(present.StepSecretsOnPage, present.StepSecretsEntered(entry.stored))
	return nil, nil
}

// deployAndWait starts (or follows) the deployment and, unless told not to, waits for it.
// It deploys anew unless the app's newest deployment can be shown to carry the configuration in
// place (inPlace, which the run set or found equal to its arguments): this workflow marks each
// deployment it starts with the configuration's fingerprint (commit_message), and a deployment
// carries it when the marks agree, this run changed nothing and no secret the spicepod
// references (refs) was set after the deployment was created. Such a deployment in flight is
// followed, one that succeeded is not repeated, and one that failed for a reason deploying again
// unchanged cannot fix is reported with its fix instead. Anything else is deployed anew, after a
// deployment still in flight has ended, within the time limit.
func deployAndWait(ctx context.Context, env *Env, c *client.Client, a createAndDeployArgs, target appTarget, inPlace *client.Project, refs []string, log *stepLog) (*Result, error) {
	limit := timeoutOf(a.TimeoutSeconds)
	mark := configMark(env.markKey(), inPlace)
	log.again = appAgain(target.Name, a.orgArg)
	latest, err := c.ListProjectDeployments(ctx, target.ID, client.ListDeploymentsOptions{Limit: 1})
	if err != nil {
		return log.failed(present.StepDeploy, err)
	}
	var dep *client.Deployment
	settled := false
	carries := len(latest) > 0 && len(log.changes) == 0 && carriesConfig(ctx, c, target, &latest[0], inPlace, mark, refs)
	switch {
	case carries && latest[0].InFlight():
		dep = &latest[0]
		log.done(present.StepDeploy, present.StepDeployFollowed(dep.ID, dep.Status))
	case carries && latest[0].Status == client.StatusSucceeded:
		dep, settled = &latest[0], true
		log.done(present.StepDeploy, present.StepDeployNotNeeded(dep.ID, dep.Status))
	case carries && latest[0].Status == client.StatusFailed && failsAgain(latest[0]):
		dep = &latest[0]
		log.done(present.StepDeploy, present.StepDeployWouldFailAgain(dep.ID, dep.ErrorCode))
		rep := deployReport{AppID: target.ID, Name: target.Name, URL: client.AppURL(target.Name), Steps: log.rows()}
		var logs string
		rep.Deployment, logs = explainDeployment(ctx, env, c, target, dep, true)
		status := present.DeploymentIn("", dep, rep.Deployment.standing, appAgain(target.Name, a.orgArg)...) + logs // under the app's heading
		anyway := present.Call("create_deployment", appAgain(target.Name, a.orgArg)...)
		return &Result{Text: present.DeployWouldFailAgain(target.Name, target.ID, rep.URL, dep.ID, status, log.table(), anyway, rep.Deployment.standing.Unavailable), IsError: true, Structured: rep}, nil
	default:
		if dep, err = deployAfter(ctx, env, c, a, target, latest, inPlace, mark, &limit, log); err != nil {
			return log.failed(present.StepDeploy, err)
		}
	}
	rep := deployReport{AppID: target.ID, Name: target.Name, URL: client.AppURL(target.Name), Deployment: newDeploymentResult(dep)}
	// In flight: followed with wait_for_deployment only where usable.
	// DeployDone heads the status with the app's name and ID: the deployment's line does not repeat them.
	status := present.DeploymentIn("", dep, present.Standing{Unavailable: log.hidden, Sandbox: env.Sandbox}, appAgain(target.Name, a.orgArg)...)
	if settled { // the app's newest deployment, succeeded: is the app paused?
		rep.Deployment, _ = explainDeployment(ctx, env, c, target, dep, true)
		status = present.DeploymentIn("", dep, rep.Deployment.standing, appAgain(target.Name, a.orgArg)...)
	}
	if (a.Wait == nil || *a.Wait) && !settled {
		w, err := awaitDeployment(ctx, env, c, target, dep.ID, limit)
		if err != nil {
			return log.waitStopped(dep, w, err)
		}
		log.done(present.StepWait, present.StepWaited(w.Deployment, w.Elapsed, w.Unanswered))
		var logs string
		rep.Deployment, logs = explainWaited(ctx, env, c, target, w, true) // this run's deployment: the newest
		standing := rep.Deployment.standing
		standing.Rerun = true // a fix goes in this call's arguments: a re-run overwrites update_app's
		standing.WaitInSteps = true
		status = waitText("", w, appAgain(target.Name, a.orgArg), log.hidden, standing) + logs
	}
	rep.Steps = log.rows()
	return &Result{Text: present.DeployDone(target.Name, target.ID, rep.URL, status, log.table()), Structured: rep}, nil
}

// adoption says whether, and after what answer, createAdopting used an app it did not create.
type adoption int

const (
	notAdopted adoption = iota
	// adoptedTaken: the create got 409 (not retried): another call took the name meanwhile.
	adoptedTaken
	// adoptedUnanswered: the create went unanswered: it may have made the app itself.
	adoptedUnanswered
)

// origin is where the adopted app came from, as the run can tell (revived by the clock rule).
func (a adoption) origin(revived *reactivation) present.AppOrigin {
	switch {
	case a == adoptedUnanswered:
		return present.AppAfterUnanswered
	case revived != nil:
		return present.AppRevivedMeanwhile
	}
	return present.AppTakenMeanwhile
}

// createAdopting creates the app like createNoting. When the create's answer is lost (a server
// error or no answer: it may have been applied) or the name was taken meanwhile (409: a
// concurrent run won), the app of that name carrying the workflow's tag is used instead
// (adopted, saying which); it counts as reactivated by the clock rule only, since a concurrent
// run may already have stored secrets or deployed.
func createAdopting(ctx context.Context, c *client.Client, now func() time.Time, req client.CreateProjectRequest) (*client.Project, *reactivation, adoption, error) {
	before := serverNow(ctx, c, now)
	app, err := c.CreateProject(ctx, req)
	if err == nil {
		return app, noted(ctx, c, app, before, true), notAdopted, nil
	}
	var apiErr *client.APIError
	var reqErr *client.RequestError
	adopted := notAdopted
	switch {
	case errors.As(err, &apiErr) && apiErr.OutcomeUnknown, errors.As(err, &reqErr) && reqErr.OutcomeUnknown:
		adopted = adoptedUnanswered
	case errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusConflict:
		adopted = adoptedTaken
	default:
		return nil, nil, notAdopted, err
	}
	apps, listErr := c.ListProjects(ctx)
	if _, _, twice := listedTwice(apps, req.Name); listErr != nil || twice {
		return nil, nil, notAdopted, err // which of two is the one created is not known
	}
	for _, p := range apps {
		if strings.EqualFold(p.Name, req.Name) && ownApp(p) {
			// Read by its ID, another name is another app than the one that took the name.
			if app, getErr := c.GetProject(ctx, p.ID); getErr == nil && strings.EqualFold(app.Name, req.Name) {
				return app, noted(ctx, c, app, before, false), adopted, nil
			}
		}
	}
	return nil, nil, notAdopted, err
}

// listedTwice reports two apps of different IDs listed by name (as the API compares names).
func listedTwice(apps []client.ProjectSummary, name string) (first, second client.ProjectSummary, twice bool) {
	i := slices.IndexFunc(apps, func(p client.ProjectSummary) bool { return strings.EqualFold(p.Name, name) })
	if i < 0 {
		return first, second, false
	}
	j := slices.IndexFunc(apps, func(p client.ProjectSummary) bool { return p.ID != apps[i].ID && strings.EqualFold(p.Name, name) })
	if j < 0 {
		return first, second, false
	}
	return apps[i], apps[j], true
}

// ownApp: the app carries the workflow's tag and is not a fork (fork_app copies tags).
func ownApp(p client.ProjectSummary) bool {
	return p.Tags[managedTag[0]] == managedTag[1] && p.ForkedFrom == nil
}

// placementGiven is the field that places the app, of those the call gave: cluster_name wins
// over region, which wins over cname; "" when it gave none.
func (a *createAndDeployArgs) placementGiven() string {
	switch {
	case a.ClusterName != "":
		return "cluster_name"
	case a.Region != "":
		return "region"
	case a.CName != "":
		return "cname"
	}
	return ""
}

// settingsGiven names the placement and metadata fields the call gave, as differences checks them.
func (a *createAndDeployArgs) settingsGiven() []string {
	var given []string
	if field := a.placementGiven(); field != "" {
		given = append(given, field)
	}
	if a.Visibility != "" {
		given = append(given, "visibility")
	}
	if a.Description != "" {
		given = append(given, "description")
	}
	if a.Tags != nil {
		given = append(given, "tags")
	}
	return given
}

// differences refuses a run whose placement or metadata differs from the existing app (origin:
// where it came from), naming each field: applying it silently or dropping it would both be wrong.
func (a *createAndDeployArgs) differences(ctx context.Context, env *Env, app *client.Project, region string, origin present.AppOrigin) rules.FieldErrors {
	fe := rules.FieldErrors{}
	update := env.usable(ctx, "update_app") // the ways out the refusals name, only where usable
	label := present.AppLabel(app.ID, app.Name)
	switch field := a.placementGiven(); {
	case field == "cluster_name" && string(a.ClusterName) != app.ClusterName:
		fe.Check(field, present.ReuseDiffers(label, origin, field, app.ClusterName, string(a.ClusterName), update))
	case field != "" && field != "cluster_name" && region != app.Region:
		fe.Check(field, present.ReuseRegionDiffers(label, origin, field, app.Region, region,
			update && env.usable(ctx, "create_deployment"), env.usable(ctx, "fork_app")))
	}
	if a.Tags != nil {
		want := a.createRequest().Tags
		if !maps.Equal(want, app.Tags) {
			fe.Check("tags", present.ReuseDiffers(label, origin, "tags", present.TagList(app.Tags), present.TagList(want), update))
		}
	}
	if a.Description != "" && string(a.Description) != app.Description {
		fe.Check("description", present.ReuseDiffers(label, origin, "description", app.Description, string(a.Description), update))
	}
	if a.Visibility != "" && string(a.Visibility) != app.Visibility {
		fe.Check("visibility", present.ReuseDiffers(label, origin, "visibility", app.Visibility, string(a.Visibility), update))
	}
	return fe
}

// deployPlan is what the checks established before the first change.
type deployPlan struct {
	create client.CreateProjectRequest
	region string
	// unusedCName is a cname given with a region that places the app elsewhere (region wins).
	unusedCName string
	existing    *client.Project // an app this workflow created earlier, to resume
	summary     string
	// toCollect are the secrets the summary says the user enters; summarize words the summary
	// again when a reactivated app brought some of them back.
	toCollect []string
	summarize func(toCollect []string) string
}

// planDeploy runs every check that needs the API (placement, plan limits, image, an existing
// app, secrets to collect) before
// anything is changed.
// collect says whether missing secrets are entered by the person (a human channel exists).
func planDeploy(ctx context.Context, env *Env, c *client.Client, a createAndDeployArgs, collect bool) (*deployPlan, error) {
	plan := &deployPlan{create: a.createRequest()}
	var err error
	if plan.create.ClusterName != "" {
		plan.region, err = clusterPlacement(ctx, c, plan.create)
	} else {
		var regions *client.RegionList
		if regions, err = c.ListRegions(ctx, ""); err == nil {
			plan.region, err = placement(regions, &plan.create)
			if err == nil && cnameUnused(plan.create.Region, regionCName(regions, plan.region), plan.create.CName) {
				plan.unusedCName = plan.create.CName
			}
		}
	}
	if err != nil {
		return nil, choicesCallable(ctx, env, err)
	}
	var maxReplicas int
	if a.Replicas != nil || a.ImageTag != "" {
		if maxReplicas, err = checkPlan(ctx, c, a); err != nil {
			return nil, err
		}
	}
	if a.ImageTag != "" {
		if err := checkPublished(ctx, c, string(a.ImageTag)); err != nil {
			return nil, err
		}
	}
	apps, err := c.ListProjects(ctx)
	if err != nil {
		return nil, err
	}
	// Two apps listed by the name (names are unique): which one an earlier run made is not known.
	if first, second, twice := listedTwice(apps, string(a.Name)); twice {
		return nil, &AmbiguousError{present.DeployNameListedTwice(string(a.Name), first.ID, first.Name, second.ID, second.Name)}
	}
	for _, existing := range apps {
		if !strings.EqualFold(existing.Name, string(a.Name)) {
			continue
		}
		if !ownApp(existing) {
			return nil, invalidArg("name", present.AppNameTaken(existing.Name, env.usable(ctx, "update_app", "create_deployment")))
		}
		if plan.existing, err = c.GetProject(ctx, existing.ID); err != nil {
			return nil, err
		}
		if !strings.EqualFold(plan.existing.Name, string(a.Name)) { // read by its ID, another app
			return nil, &AmbiguousError{present.DeployNameListedAsAnother(existing.Name, existing.ID, plan.existing.Name)}
		}
		if fe := a.differences(ctx, env, plan.existing, plan.region, present.AppFoundFirst); len(fe) > 0 {
			return nil, &client.ValidationError{Operation: "create_and_deploy_app", Fields: fe}
		}
		if plan.create.ClusterName == "" {
			plan.region = plan.existing.Region // where the app is, not where a new one would go
		}
	}
	if a.Spicepod == nil && (plan.existing == nil || plan.existing.Config.Spicepod == nil) {
		return nil, invalidArg("spicepod", present.NoSpicepodToDeploy)
	}
	toCollect, err := plan.checkSecrets(ctx, env, c, a, collect)
	if err != nil {
		return nil, err
	}
	replicas := 0
	if a.Replicas != nil {
		replicas = int(*a.Replicas)
	}
	plan.summarize = func(toCollect []string) string {
		return present.DeployPlan(string(a.Name), plan.region, plan.unusedCName, string(a.ImageTag), a.Spicepod != nil, len(a.Secrets), replicas, maxReplicas, toCollect)
	}
	plan.toCollect, plan.summary = toCollect, plan.summarize(toCollect)
	return plan, nil
}

// checkSecrets names the secrets the spicepod (given, or the stored one when spicepod is
// omitted) references that are neither in secrets nor set on the app being resumed (for a new
// app: all not given): they do not stop the plan, the person enters them before the deployment
// (secretsForDeploy). It refuses, before the first change, a token that visibly lacks what that
// takes: secrets:read to list the app's secrets, and secrets:write only when some are missing
// (a re-run whose references are all set writes nothing). A token that shows no scopes lets the
// API decide. An existing app's secrets that cannot be listed stop the run here, with the
// API's reason (a 403 names the scope): without them neither what to collect nor whether the
// newest deployment has them since can be told, and a deployment that may lack one cannot be
// known to start. Without a person to enter secrets (collect false) only that listing is
// checked, and nothing is named to collect.
func (plan *deployPlan) checkSecrets(ctx context.Context, env *Env, c *client.Client, a createAndDeployArgs, collect bool) ([]string, error) {
	refs := a.spicepodRefs()
	if a.Spicepod == nil && plan.existing != nil && plan.existing.Config.Spicepod != nil {
		refs = rules.SpicepodSecretRefs(plan.existing.Config.Spicepod)
	}
	if len(refs) == 0 {
		return nil, nil
	}
	granted := env.grantedScopes(ctx)
	var set []client.Secret
	if plan.existing != nil { // a new app has none: nothing to read
		if missing := missingScopes([]*api.Operation{api.ListProjectSecrets}, granted); granted != nil && len(missing) > 0 {
			return nil, scopeRefusal(present.SecretRefsNeedScope(missing, refs, false))
		}
		var err error
		if set, err = c.ListProjectSecrets(ctx, plan.existing.ID); err != nil {
			return nil, err
		}
	}
	if !collect {
		return nil, nil
	}
	toCollect := missingSecrets(refs, a.Secrets, set)
	if missing := missingScopes([]*api.Operation{api.UpsertProjectSecret}, granted); granted != nil && len(missing) > 0 && len(toCollect) > 0 {
		return nil, scopeRefusal(present.SecretRefsNeedScope(missing, toCollect, true))
	}
	return toCollect, nil
}

// checkPlan holds the requested replicas and a pinned image_tag against the organization's
// plan (getLimits), as the API would when the app is configured, and returns the replica limit.
// The API has no "plan" field: pinning is Enterprise-only, and only Enterprise organizations
// have private compute (limits.resources) or dedicated clusters, so an organization with
// neither cannot pin.
func checkPlan(ctx context.Context, c *client.Client, a createAndDeployArgs) (int, error) {
	limits, err := c.GetLimits(ctx)
	if err != nil {
		return 0, err
	}
	if a.Replicas != nil && limits.Replicas > 0 && int(*a.Replicas) > limits.Replicas {
		return 0, invalidArg("replicas", present.ReplicasOverPlan(int(*a.Replicas), limits.Replicas))
	}
	if a.ImageTag != "" && limits.Resources == nil {
		clusters, err := c.ListClusters(ctx)
		if err != nil {
			return 0, err
		}
		if len(clusters) == 0 {
			return 0, invalidArg("image_tag", present.PinNeedsEnterprise)
		}
	}
	return limits.Replicas, nil
}

func invalidArg(field, msg string) error {
	return &client.ValidationError{Operation: "create_and_deploy_app", Fields: rules.FieldErrors{field: {msg}}}
}

// choicesCallable is err with each refusal whose choices, cut short, leave the rest to a list
// tool the caller cannot use (hidden by the server's settings or the token) saying so instead
// of naming it.
func choicesCallable(ctx context.Context, env *Env, err error) error {
	var invalid *client.ValidationError
	if !errors.As(err, &invalid) {
		return err
	}
	fields := rules.FieldErrors{}
	for field, msgs := range invalid.Fields {
		for _, msg := range msgs {
			if lister := present.ChoicesLister(msg); lister != "" {
				for _, u := range unusableTools(ctx, env, lister) {
					msg = present.ChoicesListHidden(msg, u, env.Sandbox)
				}
			}
			fields[field] = append(fields[field], msg)
		}
	}
	return &client.ValidationError{Operation: invalid.Operation, Fields: fields}
}

// clusterPlacement checks a dedicated cluster placement as the API would (the cluster exists in
// the organization; a region, when also given, is the cluster's) and names it for the plan.
func clusterPlacement(ctx context.Context, c *client.Client, req client.CreateProjectRequest) (string, error) {
	clusters, err := c.ListClusters(ctx)
	if err != nil {
		return "", err
	}
	names := make([]string, len(clusters))
	for i, cl := range clusters {
		if cl.ClusterName != req.ClusterName {
			names[i] = cl.ClusterName
			continue
		}
		if req.Region != "" && req.Region != cl.Region {
			return "", invalidArg("region", present.ClusterRegionMismatch(req.Region, cl.ClusterName, cl.Region))
		}
		return present.ClusterPlacement(cl.ClusterName, cl.Region), nil
	}
	return "", invalidArg("cluster_name", present.ClusterUnknown(req.ClusterName, names))
}

// cnameUnused reports a cname given next to a region that names another place than that
// region (its code or its own cname): the API places the app by region (openapi.json
// CreateAppRequest: "When both are present region wins"), so the call is told.
func cnameUnused(region, regionCName, cname string) bool {
	return region != "" && cname != "" && cname != region && cname != regionCName
}

// regionCName is region's cname in the list, "" when it is not listed.
func regionCName(list *client.RegionList, region string) string {
	for _, r := range list.Regions {
		if r.Region == region {
			return r.CName
		}
	}
	return ""
}

// placement resolves region/cname against the region list, filling in the default.
func placement(list *client.RegionList, req *client.CreateProjectRequest) (string, error) {
	if req.Region == "" && req.CName == "" {
		req.Region = list.Default
	}
	for _, r := range list.Regions {
		match := (req.Region != "" && r.Region == req.Region) || (req.Region == "" && (r.CName == req.CName || r.Region == req.CName))
		if !match {
			continue
		}
		if r.Disabled {
			return "", invalidArg("region", present.RegionDisabled(r.Region))
		}
		return r.Region, nil
	}
	codes := make([]string, len(list.Regions))
	for i, r := range list.Regions {
		codes[i] = r.Region
	}
	field, value := "region", req.Region
	if value == "" {
		field, value = "cname", req.CName
	}
	return "", invalidArg(field, present.RegionUnavailable(value, codes))
}

// checkPublished fails unless tag is a published runtime image (stable, or enterprise when the
// organization may list those).
func checkPublished(ctx context.Context, c *client.Client, tag string) error {
	var tags []string
	for _, channel := range rules.ImageChannels {
		list, err := c.ListContainerImages(ctx, channel)
		var apiErr *client.APIError
		if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusForbidden && channel != "stable" {
			continue // no enterprise subscription: only the stable images count
		}
		if err != nil {
			return err
		}
		for _, img := range list.Images {
			if img.Tag == tag {
				return nil
			}
			tags = append(tags, img.Tag)
		}
	}
	return invalidArg("image_tag", present.ImageUnpublished(tag, tags))
}

// configUpdate is the app configuration this run sets, the names of what it changes and of
// what current (the app an earlier run created; nil for a new one) already has as given.
func (a *createAndDeployArgs) configUpdate(current *client.Project) (client.UpdateProjectRequest, []string, []string) {
	var req client.UpdateProjectRequest
	var changed, same []string
	if a.Spicepod != nil {
		if current != nil && sameSpicepod(a.Spicepod.Value, current.Config.Spicepod) {
			same = append(same, "spicepod")
		} else {
			req.Spicepod = a.Spicepod.Value
			changed = append(changed, "spicepod")
		}
	}
	if a.ImageTag != "" {
		if current != nil && current.Config.ImageTag == string(a.ImageTag) {
			same = append(same, "image_tag "+string(a.ImageTag))
		} else {
			req.ImageTag = client.Set(string(a.ImageTag))
			changed = append(changed, "image_tag "+string(a.ImageTag))
		}
	}
	if a.Replicas != nil {
		n := int(*a.Replicas)
		if current != nil && current.Config.Replicas != nil && *current.Config.Replicas == n {
			same = append(same, "replicas "+strconv.Itoa(n))
		} else {
			req.Replicas = &n
			changed = append(changed, "replicas "+strconv.Itoa(n))
		}
	}
	return req, changed, same
}

// sameSpicepod compares a given spicepod (YAML text or object) with the stored one as JSON
// values, so key order, YAML layout and number spelling do not count as a change.
func sameSpicepod(given any, stored map[string]any) bool {
	pod, msg := rules.ParseSpicepod(given)
	if msg != "" || stored == nil {
		return false
	}
	return reflect.DeepEqual(jsonValue(pod), jsonValue(stored))
}

// exactJSONValue is jsonValue with numbers kept as written (json.Number), so two integers that
// one float64 would hold alike still differ; a number spelt otherwise (1.0, 1) counts as a change.
func exactJSONValue(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	if dec.Decode(&out) != nil {
		return nil
	}
	return out
}

func jsonValue(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var out any
	if json.Unmarshal(b, &out) != nil {
		return nil
	}
	return out
}

// configMark is the mark this workflow gives each deployment it starts (its commit_message):
// a fingerprint of the app's whole configuration as p has it, so a later run can tell whether
// a deployment carries the configuration in place. Every key of config counts — spicepod,
// registry, image, image_tag, update_channel, version, replicas, resources, executor, region,
// node_group, the storage sizes, and any key a newer server adds (kept in Other) — as canonical
// JSON (keys sorted, values as JSON values). Nothing is excluded: which keys cannot change what
// a deployment runs is not published, and counting one that cannot (region, fixed at creation;
// storage_claim_size_gb, an alias of storage_size_gb) costs at most one deployment more, while
// leaving out one that can would claim a deployment runs what it does not. The app's placement
// counts too: its dedicated cluster (top-level cluster_name, which update_app moves) when it has one.
// The fingerprint is keyed (key: the server's confirmation key): the configuration holds what
// the spicepod's masking hides (an inline password), and a plain hash of it, beside the masked
// configuration get_app shows, would let the agent test guesses of it.
func configMark(key []byte, p *client.Project) string {
	all := map[string]any{}
	if p != nil {
		for k, v := range p.Config.Other {
			all[k] = exactJSONValue(v)
		}
		known, _ := exactJSONValue(p.Config).(map[string]any)
		maps.Copy(all, known)
		if p.ClusterName != "" {
			// The dedicated cluster (a top-level field update_app can change) runs the deployment.
			all["placement.cluster_name"] = p.ClusterName
		}
	}
	b, _ := json.Marshal(all)
	h := hmac.New(sha256.New, key)
	h.Write(b)
	return present.DeployConfigMark(hex.EncodeToString(h.Sum(nil)[:8]))
}

// runsAsConfigured reports whether what deployment d records agrees with what this workflow
// deploys for the configuration of p: no per-deployment override of replicas, image_tag or
// branch different from it. The mark is a commit_message anyone can send, so it alone proves
// nothing. What remains: a Deployment records no channel (an override shows only through the
// image_tag it resolved to, which an unpinned configuration does not fix) and no debug flag,
// so those overrides of an unpinned configuration are not seen; and a deployment started by
// another call with a copied mark and no override while the configuration equalled the marked
// one does carry that configuration.
func runsAsConfigured(d *client.Deployment, p *client.Project) bool {
	replicas := 1 // the API's default when the configuration sets none
	if p.Config.Replicas != nil {
		replicas = *p.Config.Replicas
	}
	if d.Replicas != replicas {
		return false
	}
	if p.Config.ImageTag != "" && d.ImageTag != p.Config.ImageTag {
		return false
	}
	return d.Branch == "" || d.Branch == p.ProductionBranch
}

// carriesConfig reports whether deployment d can be shown to run the configuration inPlace
// with the secrets set now: it carries the configuration's mark, records no override that
// differs from it (runsAsConfigured), and none of the secrets the spicepod references (refs)
// was set after d was created. Secrets that cannot be listed count as changed.
func carriesConfig(ctx context.Context, c *client.Client, target appTarget, d *client.Deployment, inPlace *client.Project, mark string, refs []string) bool {
	if d.CommitMessage != mark || inPlace == nil || !runsAsConfigured(d, inPlace) {
		return false
	}
	if len(refs) == 0 {
		return true
	}
	set, err := c.ListProjectSecrets(ctx, target.ID)
	if err != nil {
		return false
	}
	for _, s := range set {
		if slices.Contains(refs, s.Name) && (s.UpdatedAt.After(d.CreatedAt.Time) || s.CreatedAt.After(d.CreatedAt.Time)) {
			return false
		}
	}
	return true
}

// failsAgain: d failed for a reason whose documented fix is a change to the configuration or a
// secret (api/README.md §7.6: pod_exceeds_node_capacity, unable_to_start). Every other failure
// is deployed again: the retriable (capacity) codes, internal_error (whose remedy is to deploy
// once more), a stop by pause or delete, and codes this server does not know.
func failsAgain(d client.Deployment) bool {
	return d.ErrorCode == client.CodePodExceedsNodeCapacity || d.ErrorCode == client.CodeUnableToStart
}

// deployAfter starts a deployment of the configuration marked mark, after the one in flight
// (latest, the app's newest, which cannot be shown to carry it) has ended. When another one
// started meanwhile (the API names it), it is followed if it carries the mark and records no
// differing override (runsAsConfigured), and otherwise
// waited for once more before deploying. After each wait the app is read again: when its
// configuration is no longer the one marked (another call changed it meanwhile), nothing is
// started, since a deployment would run (and the run would claim) what this run did not set.
func deployAfter(ctx context.Context, env *Env, c *client.Client, a createAndDeployArgs, target appTarget, latest []client.Deployment, inPlace *client.Project, mark string, limit *time.Duration, log *stepLog) (*client.Deployment, error) {
	wait := func(id int64) error {
		w, err := awaitDeployment(ctx, env, c, target, id, *limit)
		if err == nil && w.TimedOut { // not a failure: another call's deployment had not ended
			err = behindOther(a, target, w, log.hidden)
		}
		if err != nil {
			return err
		}
		log.done(present.StepDeploy, present.StepWaitedForEarlier(w.Deployment, w.Elapsed))
		if *limit -= w.Elapsed; *limit < time.Second {
			*limit = time.Second
		}
		// Another call may have changed the configuration meanwhile: the deployment is marked
		// (and the run claims) only what is in place when it starts.
		now, err := c.GetProject(ctx, target.ID)
		if err != nil {
			return err
		}
		if configMark(env.markKey(), now) != mark {
			return configChanged(a, target, present.WhileWaitingFor(w.Deployment.ID))
		}
		return nil
	}
	if len(latest) > 0 && latest[0].InFlight() {
		if err := wait(latest[0].ID); err != nil {
			return nil, err
		}
	}
	for attempt := 0; ; attempt++ {
		dep, active, err := deployOnce(ctx, c, target.ID, string(a.ImageTag), a.Replicas, mark)
		if err != nil {
			return nil, err
		}
		switch {
		case !active:
			log.done(present.StepDeploy, present.StepDeployStarted(dep.ID, dep.Status))
			log.changed(present.ChangeDeployment(dep.ID))
			return dep, nil
		case dep.CommitMessage == mark && inPlace != nil && runsAsConfigured(dep, inPlace):
			log.done(present.StepDeploy, present.StepDeployConcurrent(dep.ID, dep.Status))
			return dep, nil
		case attempt > 0:
			return nil, &notStarted{step: present.StepKeptBusy(dep.ID), why: present.DeployKeptBusy(dep.ID),
				next: present.DeployKeptBusyNext(dep.ID, log.hidden, appAgain(target.Name, a.orgArg)...)}
		}
		if dep.InFlight() {
			if err := wait(dep.ID); err != nil {
				return nil, err
			}
		}
	}
}

// deployOnce starts a deployment marked mark; when one started meanwhile (the API names it),
// it returns that one, active.
func deployOnce(ctx context.Context, c *client.Client, appID int64, imageTag string, replicas *Replicas, mark string) (*client.Deployment, bool, error) {
	req := client.CreateProjectDeploymentRequest{CreateDeploymentRequest: client.CreateDeploymentRequest{ImageTag: imageTag, CommitMessage: mark}}
	if replicas != nil {
		n := int(*replicas)
		req.Replicas = &n
	}
	dep, err := c.CreateProjectDeployment(ctx, appID, req)
	var apiErr *client.APIError
	if errors.As(err, &apiErr) && apiErr.ActiveDeploymentID != 0 {
		dep, err = c.GetProjectDeployment(ctx, appID, apiErr.ActiveDeploymentID)
		return dep, true, err
	}
	return dep, false, err
}
