package sandbox

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// Deployment failure texts. A stop's message names the resource as the route generation it came
// through does (api/README §10): a DELETE on /v1/apps says app, on /v1/projects project; a pause
// has only a /v1/projects route.
const (
	imagePullFailure       = "Failed to pull container image"
	stoppedByDelete        = "Stopped: the app was deleted"
	stoppedByProjectDelete = "Stopped: the project was deleted"
	stoppedByPause         = "Stopped: the project was paused"
)

// stoppedCode is the error_code of a deployment that a pause or delete ended before it
// finished: nothing failed, so it is neither retriable nor terminal (api/README §7.6, Assumed).
const stoppedCode = "stopped"

// deployment is one rollout. Its status is not stored but derived from the clock: queued
// until startAt, in_progress until finishAt, then terminal (README §7.4). Deriving it lazily
// keeps the emulator free of timers and exact under a ManualClock. What it runs (spicepod,
// which referenced secrets were missing, image) is fixed when it is created, so its instances
// and logs never follow later changes to the project.
type deployment struct {
	id             int64
	createdAt      time.Time
	startAt        time.Time // zero = never started (stopped while queued)
	finishAt       time.Time
	failure        string         // error_message of the terminal state; "" = succeeded
	errorCode      string         // error_code of a failure (stoppedCode for a stopped deployment)
	spicepod       map[string]any // the spicepod it runs (stored config or the repository's)
	missing        []string       // secrets the spicepod references that the project lacked
	down           bool           // its runtime was torn down (pause or delete)
	imageTag       string
	channel        string // an unpinned deployment's channel, which resolves imageTag when it starts ("" = pinned)
	replicas       int
	executors      int // executor replicas it started (config.executor.replicas then)
	branch         *string
	commitSHA      *string
	commitMessage  *string
	debug          bool
	creationSource string
	recorded       bool // redeploys a recorded spicepod (rollback): reads no repository
	// placeIn is the region (config.region when d was created) that d's success places its
	// project in (api/README §10, region on update; Assumed); "" = none, or already applied.
	placeIn   string
	createdBy any // string e-mail, integer user id, or nil: all three occur (README §11.12)
}

func (d *deployment) terminal(now time.Time) bool { return !now.Before(d.finishAt) }
func (d *deployment) started(now time.Time) bool {
	return !d.startAt.IsZero() && !now.Before(d.startAt)
}
func (d *deployment) inFlight(now time.Time) bool { return !d.terminal(now) }

func (d *deployment) status(now time.Time) string {
	switch {
	case d.terminal(now) && d.failure != "":
		return "failed"
	case d.terminal(now):
		return "succeeded"
	case d.started(now):
		return "in_progress"
	}
	return "queued"
}

// stop tears d's runtime down (pause, delete): it has no instances from now on, and an
// in-flight deployment ends now as failed with reason and error_code stoppedCode; the status
// of a finished one is untouched.
func (d *deployment) stop(now time.Time, reason string) {
	d.down = true
	if !d.inFlight(now) {
		return
	}
	if !d.started(now) {
		d.startAt = time.Time{}
	}
	d.finishAt = now
	d.failure = reason
	d.errorCode = stoppedCode
}

type deploymentJSON struct {
	ID             int64   `json:"id"`
	Status         string  `json:"status"`
	CreatedAt      string  `json:"created_at"`
	StartedAt      *string `json:"started_at"`
	UpdatedAt      *string `json:"updated_at"`
	FinishedAt     *string `json:"finished_at"`
	ImageTag       *string `json:"image_tag"`
	Replicas       int     `json:"replicas"`
	Branch         *string `json:"branch"`
	CommitSHA      *string `json:"commit_sha"`
	CommitMessage  *string `json:"commit_message"`
	ErrorMessage   *string `json:"error_message"`
	CreationSource *string `json:"creation_source"`
	CreatedBy      any     `json:"created_by"`
	ErrorCode      *string `json:"error_code"`
	Image          *string `json:"image"`
}

func (d *deployment) view(now time.Time) deploymentJSON {
	out := deploymentJSON{
		ID:             d.id,
		Status:         d.status(now),
		CreatedAt:      formatTime(d.createdAt),
		ImageTag:       ptr(d.imageTag),
		Replicas:       d.replicas,
		Branch:         d.branch,
		CommitSHA:      d.commitSHA,
		CommitMessage:  d.commitMessage,
		CreationSource: ptr(d.creationSource),
		CreatedBy:      d.createdBy,
		Image:          ptr(imageName(d.imageTag)),
	}
	if d.started(now) {
		out.StartedAt = formatTimePtr(d.startAt)
		out.UpdatedAt = out.StartedAt
	}
	if d.terminal(now) {
		out.UpdatedAt = formatTimePtr(d.finishAt)
		out.FinishedAt = out.UpdatedAt
		if d.failure != "" {
			out.ErrorMessage = ptr(d.failure)
		}
		if d.errorCode != "" {
			out.ErrorCode = ptr(d.errorCode)
		}
	}
	return out
}

var _ = serves(api.ListDeployments, (*Emulator).listDeployments)

func (e *Emulator) listDeployments(c *call) reply {
	a, rep := c.lookupApp(appWithIDNotFound)
	if rep != nil {
		return *rep
	}
	q := c.query()
	fe := rules.FieldErrors{}
	limit, offset := rules.LimitDefault, 0
	if n, ok := queryInt(q, "limit", fe, rules.Limit); ok {
		limit = n
	}
	// offset is defined on the /v1/apps route only; /v1/projects takes limit and status, and
	// ignores a query parameter it does not define, as it ignores unknown body fields
	// (api/README §2, §10): there offset=5, -1 or abc changes nothing.
	if !c.project {
		if n, ok := queryInt(q, "offset", fe, atLeast(0)); ok {
			offset = n
		}
	}
	status, hasStatus := queryValue(q, "status", fe)
	if hasStatus {
		fe.Check("status", rules.AsAPI.Enum(status, rules.DeploymentStatuses))
	}
	if len(fe) > 0 {
		return invalid(validationError, fe)
	}

	newestFirst := slices.Clone(a.deployments)
	slices.SortStableFunc(newestFirst, func(x, y *deployment) int {
		if n := y.createdAt.Compare(x.createdAt); n != 0 {
			return n
		}
		return cmp.Compare(y.id, x.id)
	})
	items := []deploymentJSON{}
	for _, d := range newestFirst {
		if hasStatus && d.status(c.now) != status {
			continue
		}
		if offset > 0 {
			offset--
			continue
		}
		if len(items) == limit {
			break
		}
		items = append(items, d.view(c.now))
	}
	return jsonReply(http.StatusOK, map[string][]deploymentJSON{"deployments": items})
}

// queryValue reads an optional query parameter. A parameter sent empty (tail=) is present:
// its schema refuses it like any other bad value, rather than taking the default. One that the
// query parser makes an array (status=a&status=b, status[]=a) or an object (status[a]=b) is
// refused naming it, as no parameter's schema takes either (api/README §10), never read as
// its first value.
func queryValue(q qsQuery, key string, fe rules.FieldErrors) (string, bool) {
	p, ok := q[key]
	switch {
	case !ok:
		return "", false
	case p.object:
		fe.Check(key, objectQuery)
		return "", false
	case p.array:
		fe.Check(key, repeatedQuery)
		return "", false
	}
	return p.values[0], true
}

// The refusals of a query parameter the query parser made an array or an object.
const (
	repeatedQuery = "Expected a single value, received array"
	objectQuery   = "Expected a single value, received object"
)

// queryInt reads an optional integer query parameter as Number() reads it (jsNumber: " 5",
// "05", "5.0", "1e1" and "0x5" are numbers; an array of one value, limit[]=5, is that value),
// recording a message when it is not a whole number (an empty value included; ±Infinity is not
// whole) and rule's (nil: none) when it is outside its bounds, both when both hold (wholeIn).
func queryInt(q qsQuery, key string, fe rules.FieldErrors, rule func(int) string) (int, bool) {
	p, ok := q[key]
	if !ok {
		return 0, false
	}
	s, ok := p.numberText()
	var f float64
	if ok {
		f, ok = jsNumber(s) // as the service's validator coerces it (api/README §10)
	}
	if !ok {
		fe.Check(key, "Expected number, received nan")
		return 0, false
	}
	return wholeIn(fe, key, f, rule)
}

// atLeast is the rule of an integer with a minimum only, in zod 3's words.
func atLeast(min int) func(int) string {
	return func(n int) string {
		if n < min {
			return fmt.Sprintf("Number must be greater than or equal to %d", min)
		}
		return ""
	}
}

var _ = serves(api.GetDeployment, (*Emulator).getDeployment)

func (e *Emulator) getDeployment(c *call) reply {
	a, deploymentID, rep := c.appDeployment()
	if rep != nil {
		return *rep
	}
	for _, d := range a.deployments {
		if d.id == deploymentID {
			return jsonReply(http.StatusOK, d.view(c.now))
		}
	}
	return errorReply(http.StatusNotFound, "Deployment not found")
}

// appDeployment reads a deployment route's app and deployment ID, in the API's check order:
// bad app ID, bad deployment ID, then the app's existence (400, 400, 404).
func (c *call) appDeployment() (*app, int64, *reply) {
	appID, rep := c.appID()
	if rep != nil {
		return nil, 0, rep
	}
	deploymentID, ok := parseID(c.path["deploymentId"])
	if !ok {
		bad := errorReply(http.StatusBadRequest, "Invalid deployment ID")
		return nil, 0, &bad
	}
	a, rep := c.findApp(appID, appWithIDNotFound)
	return a, deploymentID, rep
}

// deploymentConflict is the 409 body naming the deployment still in flight.
type deploymentConflict struct {
	Error              string `json:"error"`
	ActiveDeploymentID int64  `json:"activeDeploymentId"`
}

var _ = serves(api.CreateDeployment, (*Emulator).createDeployment)

func (e *Emulator) createDeployment(c *call) reply {
	a, rep := c.lookupApp(appWithIDNotFound)
	if rep != nil {
		return *rep
	}
	b, formErr := c.jsonBody()
	if formErr != "" {
		return invalid(validationError, nil, formErr)
	}
	d := &deployment{createdAt: c.now, creationSource: "api", replicas: a.config.replicas, executors: a.config.executorReplicas()}
	a.unpinned(d)
	pinned, pin := "", false // "" is a tag too: it meets the Enterprise gate and the published check
	if v, ok := b.str("image_tag"); ok {
		d.imageTag, d.channel, pinned, pin = v, "", v, true
	}
	// channel replaces the project's update_channel for this deployment (a pin wins over both).
	if v, ok := b.str("channel"); ok {
		b.errs.Check("channel", rules.AsAPI.Enum(v, rules.DeploymentChannels))
		if d.channel != "" {
			d.channel = v
		}
	}
	sentReplicas := false
	if n, ok := b.integer("replicas", rules.Replicas); ok {
		d.replicas, sentReplicas = n, true
	}
	// branch and commit_sha are tracking only (openapi CreateDeploymentRequest): recorded as
	// sent. A connected project deploys, and records, the head of its production branch, so
	// there they could only be replaced or recorded falsely: refused unless branch is that
	// branch (api/README §7.6, Assumed).
	if v, ok := b.str("branch"); ok {
		d.branch = &v
		if a.repository != nil && a.productionBranch != nil && v != *a.productionBranch {
			b.errs.Check("branch", connectedBranchRule(*a.productionBranch))
		}
	}
	if v, ok := b.str("commit_sha"); ok {
		d.commitSHA = &v
		if a.repository != nil {
			b.errs.Check("commit_sha", connectedCommitRule)
		}
	}
	if v, ok := b.str("commit_message"); ok {
		d.commitMessage = &v
	}
	if v, ok := b.boolean("debug"); ok {
		d.debug = v
	}
	// image is sent by Spice's Rust CLI, its effect undocumented (openapi.json): a string, checked
	// as the API's validator checks every declared field, then ignored (api/README §7.6, Assumed).
	b.str("image")
	if len(b.errs) > 0 {
		return invalid(validationError, b.errs)
	}
	if pin {
		if rep := c.org.checkImageTag(pinned); rep != nil {
			return *rep
		}
	}
	// The plan caps a deployment's replicas as it caps the project's (Limits.replicas: "Maximum
	// replicas per project"; /v1/limits: replicas on projects are capped): the same 403 as
	// update, no code (api/README §10, Assumed).
	if sentReplicas {
		if rep := c.org.checkPlan(d.replicas, nil); rep != nil {
			return *rep
		}
	}
	if rep := e.startDeployment(c, a, d); rep != nil {
		return *rep
	}
	return jsonReply(http.StatusAccepted, d.view(c.now))
}

// connectedBranchRule and connectedCommitRule refuse tracking fields that a connected
// project's deployment records itself (api/README §7.6, Assumed).
func connectedBranchRule(production string) string {
	return fmt.Sprintf("A connected project deploys the head of its production branch '%s'; leave branch out, or change the project's production_branch to deploy another branch", production)
}

const connectedCommitRule = "A connected project records the commit it reads from its production branch; leave commit_sha out"

var _ = serves(api.CreateProjectDeployment, (*Emulator).createProjectDeployment)

func (e *Emulator) createProjectDeployment(c *call) reply { return e.createDeployment(c) }

// unpinned sets what d runs when nothing pins it: the project's image_tag pin, else the
// image its update_channel and version resolve to when d starts (README §7.1).
func (a *app) unpinned(d *deployment) {
	switch {
	case a.config.imageTag != nil:
		d.imageTag = *a.config.imageTag
	case a.config.updateChannel != nil && *a.config.updateChannel != "":
		d.channel = *a.config.updateChannel
	default:
		d.channel = "stable"
	}
}

// spicepodInvalid is the emulator's one check of a spicepod a deployment or fork reads
// (rules.SpicepodProblem): a deployment answers 400 "Invalid spicepod configuration", a fork
// 422 fork_source_spicepod_invalid.
func spicepodInvalid(pod map[string]any) bool { return rules.SpicepodProblem(pod) != "" }

// startDeployment queues d for a after the checks every way of deploying shares (configured
// organization, spicepod, pause, a resolvable version, one in flight), records what it runs (d.spicepod, when the
// caller has not chosen it, is what a deployment reads now: sourceSpicepod) and decides now
// how it will end.
func (e *Emulator) startDeployment(c *call, a *app, d *deployment) *reply {
	if d.spicepod == nil {
		d.spicepod = a.sourceSpicepod()
	}
	switch {
	case c.org.notConfigured:
		return errorReplyPtr(http.StatusUnprocessableEntity, "Organization is not fully configured")
	case a.paused:
		return codedErrorPtr(http.StatusBadRequest, "spicepod_paused", "Spicepod is paused")
	}
	// A connected project reads spicepod.yaml at the head of its production branch now,
	// unless d redeploys a recorded spicepod (rollback), which reads no repository.
	readsRepository := a.repository != nil && !d.recorded
	if readsRepository && a.productionBranch != nil {
		if rep := branchUnreadable(*a.productionBranch); rep != nil {
			return rep
		}
	}
	switch {
	case d.spicepod == nil:
		return errorReplyPtr(http.StatusBadRequest, "App has no spicepod configuration. Update the app with a spicepod before deploying.")
	case spicepodInvalid(d.spicepod):
		return errorReplyPtr(http.StatusBadRequest, "Invalid spicepod configuration")
	}
	if d.channel != "" {
		tag, ok := resolveImage(d.channel, a.config.version)
		if !ok {
			version := "" // never: without a range every channel resolves
			if a.config.version != nil {
				version = *a.config.version
			}
			return errorReplyPtr(http.StatusBadRequest, fmt.Sprintf(
				"No published runtime image matches version '%s' on the %s channel; set version to a range such as 2.x, or pin image_tag",
				version, d.channel))
		}
		d.imageTag = tag
	}
	for _, other := range a.deployments {
		if other.inFlight(c.now) {
			rep := jsonReply(http.StatusConflict, deploymentConflict{
				Error:              "A deployment is already in progress for this app",
				ActiveDeploymentID: other.id,
			})
			return &rep
		}
	}
	if readsRepository {
		// A connected project deploys spicepod.yaml at the head of its production branch,
		// the project's production_branch (set on connect, changed by PUT).
		if a.productionBranch != nil { // always set while connected
			d.branch = ptr(*a.productionBranch)
		}
		d.commitSHA = ptr(e.randomHex(20))
		d.creationSource = "github"
	}
	if a.clusterName == "" && a.config.region != nil {
		d.placeIn = *a.config.region // a dedicated cluster fixes the region itself
	}
	d.id = e.nextDeploymentID
	e.nextDeploymentID++
	d.startAt = c.now.Add(e.queuedFor)
	d.finishAt = d.startAt.Add(e.runsFor)
	d.missing = missingSecrets(a, d.spicepod)
	d.errorCode, d.failure = e.outcome(d)
	a.deployments = append(a.deployments, d)
	return nil
}
