package sandbox

import (
	"fmt"
	"hash/fnv"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// Deployment error codes (README §7.6): the first four are retriable, the rest terminal.
var deploymentErrorCodes = api.DeploymentErrorCode.Enum

// failureMessages are the error_message of each error_code, as the deployer reports them.
var failureMessages = map[string]string{
	"insufficient_cpu":          "0/6 nodes are available: 6 Insufficient cpu. The runtime could not be scheduled; retry later or lower resources.requests.cpu",
	"insufficient_memory":       "0/6 nodes are available: 6 Insufficient memory. The runtime could not be scheduled; retry later or lower resources.requests.memory",
	"insufficient_storage":      "The runtime's storage volume could not be provisioned in time; retry later",
	"insufficient_instances":    "No capacity available to start the runtime in this region; retry later",
	"pod_exceeds_node_capacity": "The requested resources exceed the capacity of the largest node; lower resources or replicas",
	"unable_to_start":           "The Spice runtime failed to start; see the instance logs",
	"internal_error":            "Internal error while deploying the runtime",
}

// FailNextDeployment makes the next deployment created in any organization fail with the
// given error_code (one of DeploymentErrorCode), e.g. to exercise retriable and terminal
// failures. An empty code cancels it.
func (e *Emulator) FailNextDeployment(code string) error {
	if code != "" && !slices.Contains(deploymentErrorCodes, code) {
		return fmt.Errorf("sandbox: unknown deployment error code %q", code)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.failNext = code
	return nil
}

// outcome decides how a new deployment ends: an injected failure, a runtime image that
// cannot be pulled, a spicepod version the runtime no longer reads, a spicepod referencing
// secrets the project lacked when it was created, or success.
func (e *Emulator) outcome(d *deployment) (code, message string) {
	if e.failNext != "" {
		code, e.failNext = e.failNext, ""
		return code, failureMessages[code]
	}
	if !publishedImage(d.imageTag) {
		return "unable_to_start", imagePullFailure
	}
	if removedSpicepodVersion(d) {
		return "unable_to_start", fmt.Sprintf(v1beta1Failure, runtimeVersion(d.imageTag))
	}
	if len(d.missing) > 0 {
		return "unable_to_start", failureMessages["unable_to_start"]
	}
	return "", ""
}

// v1beta1Failure is the error_message of a v1beta1 spicepod on a v2 runtime (%s: its version).
const v1beta1Failure = "The Spice runtime failed to start: spicepod version v1beta1 is not supported by runtime v%s " +
	"(removed in v2.0.0); change the spicepod to version: v1"

// removedSpicepodVersion reports a spicepod with version v1beta1 deployed on a runtime of
// v2.0.0 or later, which no longer reads it (api/README §1, Documented).
func removedSpicepodVersion(d *deployment) bool {
	major, _, _ := strings.Cut(runtimeVersion(d.imageTag), ".")
	n, err := strconv.Atoi(major)
	return rules.SpicepodVersionRemoved(d.spicepod) && err == nil && n >= 2
}

// runtimeVersion is the runtime version of an image tag (2.3.2-enterprise → 2.3.2).
func runtimeVersion(tag string) string {
	return strings.TrimPrefix(strings.TrimSuffix(tag, "-enterprise"), "v")
}

// missingSecrets are the secrets pod references that the project does not have.
func missingSecrets(a *app, pod map[string]any) []string {
	var out []string
	for _, name := range rules.SpicepodSecretRefs(pod) {
		if _, ok := a.secrets[name]; !ok {
			out = append(out, name)
		}
	}
	return out
}

func imageName(tag string) string {
	if strings.Contains(tag, "enterprise") {
		return "spiceai/spiceai-enterprise:" + tag
	}
	return "spiceai/spiceai:" + tag
}

// ---- instances (README §7.5) ----

// instance is one runtime pod of a deployment.
type instance struct {
	name      string
	status    string // ready, starting, failed, pending
	startedAt time.Time
	d         *deployment
}

type instanceJSON struct {
	Name      string  `json:"name"`
	Status    string  `json:"status"`
	StartedAt *string `json:"started_at"`
}

// podName is a Kubernetes-style pod name, stable for a deployment and replica: a DNS-1123
// label, as Kubernetes derives it (the rule of {instanceName}, api/README §10).
func podName(a *app, d *deployment, replica int) string {
	h := fnv.New32a()
	fmt.Fprintf(h, "%d/%d", a.id, d.id)
	sum := h.Sum32()
	const alphabet = "bcdfghjklmnpqrstvwxz2456789"
	suffix := []byte{}
	for i, x := 0, sum^uint32(replica*7919); i < 5; i++ {
		suffix = append(suffix, alphabet[x%uint32(len(alphabet))])
		x /= uint32(len(alphabet))
	}
	return fmt.Sprintf("%s-%08x-%s", podPrefix(a.name), sum, suffix)
}

// podPrefix is the start of a project's pod names: its name lowercased, without the leading
// and trailing hyphens a DNS-1123 label cannot have (project names allow them), or
// defaultPodPrefix when nothing is left ("----").
func podPrefix(name string) string {
	if p := strings.Trim(strings.ToLower(name), "-"); p != "" {
		return p
	}
	return defaultPodPrefix
}

// defaultPodPrefix names the pods of a project whose name is all hyphens.
const defaultPodPrefix = "spiceai-runtime"

// instances are the project's runtime pods, newest first: those of the latest started
// deployment and, while it is not live, the pods of the last succeeded one that still serve.
// A pause or delete tears every earlier deployment's runtime down, so a resumed or revived
// project has none until a new deployment starts.
func (a *app) instances(now time.Time) []instance {
	var out []instance
	var serving *deployment
	for i := len(a.deployments) - 1; i >= 0; i-- {
		d := a.deployments[i]
		if !d.started(now) || d.down {
			continue // never started, or torn down
		}
		if d.status(now) == "succeeded" {
			serving = d
			break
		}
		if len(out) > 0 {
			continue // only the newest rollout in flight or failed shows
		}
		status := "starting"
		if d.terminal(now) {
			status = "failed"
			if scheduling(d.errorCode) {
				status = "pending"
			}
		}
		out = append(out, instance{name: podName(a, d, 0), status: status, startedAt: d.startAt, d: d})
	}
	if serving != nil {
		for r := range max(serving.replicas, 1) {
			out = append(out, instance{name: podName(a, serving, r), status: "ready", startedAt: serving.startAt, d: serving})
		}
	}
	return out
}

// scheduling reports whether the failure kept the pod from ever being scheduled.
func scheduling(code string) bool {
	return strings.HasPrefix(code, "insufficient_") || code == "pod_exceeds_node_capacity"
}

var _ = serves(api.ListProjectInstances, (*Emulator).listProjectInstances)

func (e *Emulator) listProjectInstances(c *call) reply {
	a, rep := c.lookupApp(appNotFound)
	if rep != nil {
		return *rep
	}
	if a.paused {
		return codedError(http.StatusConflict, "project_paused", "Project is paused; resume it to start its runtime")
	}
	items := []instanceJSON{}
	for _, in := range a.instances(c.now) {
		item := instanceJSON{Name: in.name, Status: in.status}
		if in.status != "pending" {
			item.StartedAt = formatTimePtr(in.startedAt)
		}
		items = append(items, item)
	}
	return jsonReply(http.StatusOK, map[string][]instanceJSON{"instances": items})
}

var _ = serves(api.GetProjectInstanceLogs, (*Emulator).getProjectInstanceLogs)

func (e *Emulator) getProjectInstanceLogs(c *call) reply {
	a, rep := c.lookupApp(appNotFound)
	if rep != nil {
		return *rep
	}
	tail := rules.TailDefault
	fe := rules.FieldErrors{} // not a number, not whole, or below 1: each says its own rule
	if n, ok := queryInt(c.query(), "tail", fe, atLeast(1)); ok {
		tail = n
	}
	// The path parameter's own rule (openapi InstanceName, one plain segment) is checked as a query
	// parameter's is: 400 naming it, not 404 for a name no instance could have.
	fe.Check("instanceName", rules.InstanceName(c.path["instanceName"]))
	if len(fe) > 0 {
		return invalid(validationError, fe)
	}
	if max := c.org.maxTail(); tail > max {
		return reply{status: http.StatusForbidden, body: errorBody{
			Error: fmt.Sprintf("tail exceeds your plan's limit of %d lines", max), Code: "plan_limit", MaxTail: max}}
	}
	if a.paused {
		return codedError(http.StatusConflict, "project_paused", "Project is paused; resume it to start its runtime")
	}
	// project_not_deployed is "the project has no deployment yet" (MCP-REF): none since it was
	// created or revived (a delete tore the others down; a pause is project_paused, and its resume
	// starts one). With one, a name no instance has is 404 even before it starts (api/README §7.5).
	if !slices.ContainsFunc(a.deployments, func(d *deployment) bool { return !d.down }) {
		return codedError(http.StatusConflict, "project_not_deployed", "Project has not been deployed")
	}
	all := a.instances(c.now)
	name := c.path["instanceName"]
	i := slices.IndexFunc(all, func(in instance) bool { return in.name == name })
	if i < 0 {
		return codedError(http.StatusNotFound, "instance_not_found", fmt.Sprintf("Instance '%s' not found", name))
	}
	in := all[i]
	if in.status == "pending" {
		return codedError(http.StatusConflict, "instance_offline", "Instance is not running: "+in.d.failure)
	}
	lines := runtimeLog(in)
	if len(lines) > tail {
		lines = lines[len(lines)-tail:]
	}
	return jsonReply(http.StatusOK, map[string][]string{"lines": lines})
}

// runtimeLog is what a Spice runtime prints while starting: listeners, one line per dataset
// and model, then either "ready" or the error that stopped it, oldest first. It tells what
// the instance's deployment ran (its spicepod, image and the secrets missing then), never
// the project's current configuration.
func runtimeLog(in instance) []string {
	d := in.d
	t := in.startedAt
	at := func(step time.Duration) string {
		return t.Add(step).UTC().Format("2006-01-02T15:04:05.000000Z")
	}
	failed := in.status == "failed"
	if failed && d.failure == imagePullFailure {
		return []string{
			at(0) + "  ERROR kubelet: Failed to pull image \"" + imageName(d.imageTag) + "\": manifest unknown",
			at(time.Second) + "  ERROR kubelet: Error: ImagePullBackOff",
		}
	}
	lines := []string{at(0) + "  INFO spiced: Starting runtime v" + runtimeVersion(d.imageTag)}
	if failed && removedSpicepodVersion(d) {
		return append(lines,
			at(time.Millisecond)+"  ERROR spiced: Unable to load spicepod.yaml: unsupported spicepod version \"v1beta1\" (removed in v2.0.0); use version: v1",
			at(2*time.Millisecond)+"  ERROR spiced: Runtime failed to start; exiting with code 1")
	}
	lines = append(lines, at(2*time.Millisecond)+"  INFO runtime::init::results_cache: Initialized results cache; max size: 128.00 MiB, item ttl: 1s")
	secretFailure := failed && d.errorCode == "unable_to_start" && len(d.missing) > 0
	notSet := func(kind string, item podItem) string {
		return fmt.Sprintf("  ERROR runtime::init::%s: Failed to initialize %s %s: secret %q is not set. Add it to the project's secrets and deploy again.",
			kind, kind, item.name, item.missing)
	}
	step := 10 * time.Millisecond
	for _, ds := range spicepodItems(d.spicepod, "datasets", d.missing...) {
		step += 40 * time.Millisecond
		if secretFailure && ds.missing != "" {
			lines = append(lines, at(step)+notSet("dataset", ds))
			return append(lines, at(step+time.Millisecond)+"  ERROR spiced: Runtime failed to start: 1 dataset failed to initialize; exiting with code 1")
		}
		lines = append(lines, at(step)+fmt.Sprintf("  INFO runtime::init::dataset: Dataset %s registered (%s), acceleration (arrow), results cache enabled.", ds.name, ds.from))
	}
	for _, m := range spicepodItems(d.spicepod, "models", d.missing...) {
		step += 40 * time.Millisecond
		if secretFailure && m.missing != "" {
			lines = append(lines, at(step)+notSet("model", m))
			return append(lines, at(step+time.Millisecond)+"  ERROR spiced: Runtime failed to start: 1 model failed to load; exiting with code 1")
		}
		lines = append(lines, at(step)+fmt.Sprintf("  INFO runtime::init::model: Model [%s] deployed, ready for inferencing", m.name))
	}
	if secretFailure {
		// The secret is referenced elsewhere (a view, a catalog, the runtime section).
		return append(lines,
			at(step+time.Millisecond)+fmt.Sprintf("  ERROR runtime::init: Failed to load the spicepod: secret %q is not set. Add it to the project's secrets and deploy again.", d.missing[0]),
			at(step+2*time.Millisecond)+"  ERROR spiced: Runtime failed to start; exiting with code 1")
	}
	if failed {
		switch d.errorCode {
		case "internal_error":
			return append(lines,
				at(step+time.Second)+"  ERROR runtime::accelerated_table: Internal error: the acceleration engine panicked while loading data",
				at(step+time.Second+time.Millisecond)+"  ERROR spiced: Runtime failed to start: internal error; exiting with code 101")
		default:
			return append(lines,
				at(step+time.Second)+"  ERROR runtime::flight: Unable to start Flight server: Address already in use (os error 98)",
				at(step+time.Second+time.Millisecond)+"  ERROR spiced: Runtime failed to start; exiting with code 1")
		}
	}
	lines = append(lines,
		at(step+5*time.Millisecond)+"  INFO runtime::flight: Spice Runtime Flight listening on 0.0.0.0:50051",
		at(step+6*time.Millisecond)+"  INFO runtime::metrics_server: Spice Runtime Metrics listening on 0.0.0.0:9090",
		at(step+7*time.Millisecond)+"  INFO runtime::http: Spice Runtime HTTP listening on 0.0.0.0:8090",
		at(step+8*time.Millisecond)+"  INFO runtime::opentelemetry: Spice Runtime OpenTelemetry listening on 0.0.0.0:50052")
	if in.status == "ready" {
		ready := step + 9*time.Millisecond // after the listeners
		for _, ds := range spicepodItems(d.spicepod, "datasets") {
			step += 2 * time.Second
			ready = step + time.Millisecond
			lines = append(lines, at(step)+fmt.Sprintf("  INFO runtime::accelerated_table::refresh_task: Loaded 1,048,576 rows (96.31 MiB) for dataset %s in 1s 823ms.", ds.name))
		}
		lines = append(lines, at(ready)+"  INFO runtime: All components are loaded. Spice runtime is ready!")
	}
	return lines
}

// podItem is a named entry of a spicepod section; missing is the first secret it references
// among those asked about ("" = none).
type podItem struct{ name, from, missing string }

// spicepodItems lists the named entries of a spicepod section (datasets, models).
func spicepodItems(pod map[string]any, section string, missing ...string) []podItem {
	var out []podItem
	for _, raw := range anyList(pod[section]) {
		m, _ := raw.(map[string]any)
		name, _ := m["name"].(string)
		from, _ := m["from"].(string)
		if name == "" {
			continue
		}
		item := podItem{name: name, from: from}
		if len(missing) > 0 {
			// The entry alone, with the pod's secret stores, so references resolve as in the pod.
			refs := rules.SpicepodSecretRefs(map[string]any{"secrets": pod["secrets"], section: []any{m}})
			if i := slices.IndexFunc(refs, func(r string) bool { return slices.Contains(missing, r) }); i >= 0 {
				item.missing = refs[i]
			}
		}
		out = append(out, item)
	}
	return out
}

func anyList(v any) []any {
	l, _ := v.([]any)
	return l
}

// ---- deployment logs (README §7.6, observed in Spice's CLIs) ----

type deploymentLogJSON struct {
	Timestamp string `json:"timestamp"`
	Level     string `json:"level"`
	Message   string `json:"message"`
	Source    string `json:"source"`
}

func (d *deployment) logs(now time.Time) []deploymentLogJSON {
	entry := func(t time.Time, level, source, msg string) deploymentLogJSON {
		return deploymentLogJSON{Timestamp: formatTime(t), Level: level, Message: msg, Source: source}
	}
	out := []deploymentLogJSON{entry(d.createdAt, "info", "deployer", fmt.Sprintf("Deployment %d queued (image %s, %d replicas)", d.id, imageName(d.imageTag), d.replicas))}
	if d.commitSHA != nil && d.branch != nil {
		out = append(out, entry(d.createdAt, "info", "deployer", fmt.Sprintf("Using spicepod.yaml from %s@%s", *d.branch, (*d.commitSHA)[:min(7, len(*d.commitSHA))])))
	}
	if !d.started(now) {
		if d.terminal(now) {
			out = append(out, entry(d.finishAt, "warn", "deployer", d.failure))
		}
		return out
	}
	out = append(out, entry(d.startAt, "info", "scheduler", "Scheduling runtime pods"))
	if !d.terminal(now) {
		return append(out, entry(d.startAt, "info", "deployer", "Waiting for the runtime to become ready"))
	}
	switch {
	case d.failure == "":
		out = append(out,
			entry(d.midway(), "info", "scheduler", "Pulled image "+imageName(d.imageTag)),
			entry(d.finishAt, "info", "deployer", "Runtime is ready; deployment succeeded"))
	case d.errorCode == stoppedCode:
		out = append(out, entry(d.finishAt, "warn", "deployer", d.failure))
	case scheduling(d.errorCode):
		out = append(out,
			entry(d.midway(), "warn", "scheduler", "FailedScheduling: "+d.failure),
			entry(d.finishAt, "error", "deployer", fmt.Sprintf("Deployment failed (%s): %s", d.errorCode, d.failure)))
	default:
		out = append(out,
			entry(d.midway(), "error", "runtime", "Back-off restarting failed container spiced"),
			entry(d.finishAt, "error", "deployer", fmt.Sprintf("Deployment failed (%s): %s", d.errorCode, d.failure)))
	}
	return out
}

// midway is when a started deployment's middle log line happened: a second after it started,
// or halfway when it finished sooner (a short --runs-for), so that every line stays within
// [startAt, finishAt] and in order.
func (d *deployment) midway() time.Time {
	return d.startAt.Add(min(time.Second, d.finishAt.Sub(d.startAt)/2))
}

var _ = serves(api.GetDeploymentLogs, (*Emulator).getDeploymentLogs)

func (e *Emulator) getDeploymentLogs(c *call) reply {
	a, deploymentID, rep := c.appDeployment()
	if rep != nil {
		return *rep
	}
	q := c.query()
	fe := rules.FieldErrors{}
	limit, hasLimit := queryInt(q, "limit", fe, atLeast(1))
	var since time.Time
	if s, ok := queryValue(q, "since", fe); ok {
		t, ok := parseSince(s, c.now)
		if !ok {
			fe.Check("since", sinceRule)
		}
		since = t
	}
	if len(fe) > 0 {
		return invalid(validationError, fe)
	}
	for _, d := range a.deployments {
		if d.id != deploymentID {
			continue
		}
		logs := []deploymentLogJSON{}
		for _, l := range d.logs(c.now) {
			if t, _ := time.Parse(time.RFC3339, l.Timestamp); !since.IsZero() && t.Before(since) {
				continue
			}
			logs = append(logs, l)
		}
		if hasLimit && len(logs) > limit {
			logs = logs[len(logs)-limit:]
		}
		return jsonReply(http.StatusOK, map[string][]deploymentLogJSON{"logs": logs})
	}
	return errorReply(http.StatusNotFound, "Deployment not found")
}

// sinceRule is the 400 message for a since the emulator cannot read (api/README §7.6, Assumed).
const sinceRule = "Invalid since; use an RFC 3339 time (2026-12-01T10:00:00Z), a date (2026-12-01), unix seconds, or a duration such as 10m, 1h, 1.5h or 2d"

// parseSince reads the deployment logs' lower bound in the forms Spice's CLIs pass (the API
// documents none, api/README §7.6): an RFC 3339 time (t and z in either case); a date (midnight UTC); unix seconds; or
// a duration back from now, one or more <number><unit> with units ms, s, m, h, d and w
// ("10m", "1h30m", "2d"), a number with a decimal fraction too, a digit on each side of the
// point ("1.5h", not ".5h" or "1.h"). A bound further back than time can hold is no bound (the zero
// time); one in the future simply leaves no lines.
func parseSince(s string, now time.Time) (time.Time, bool) {
	// RFC 3339 §5.6 allows a lowercase t and z (time.Parse reads only T and Z).
	if t, err := time.Parse(time.RFC3339Nano, strings.NewReplacer("t", "T", "z", "Z").Replace(s)); err == nil {
		return t, true
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, true
	}
	if digits(s) {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n > maxUnixSeconds {
			return time.Unix(maxUnixSeconds, 0).UTC(), true // beyond any log line
		}
		return time.Unix(n, 0).UTC(), true
	}
	back, ok := parseAgo(s)
	if !ok {
		return time.Time{}, false
	}
	if back >= now.Sub(time.Time{}) {
		return time.Time{}, true // before every line
	}
	return now.Add(-back), true
}

// maxUnixSeconds is the last second of year 9999, the largest time RFC 3339 can write.
const maxUnixSeconds = 253402300799

func digits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// parseAgo reads a duration such as 10m, 1h30m, 1.5h or 2d; a sum too large for a
// time.Duration saturates at the largest one.
func parseAgo(s string) (time.Duration, bool) {
	units := []struct {
		name string
		size time.Duration
	}{{"ms", time.Millisecond}, {"s", time.Second}, {"m", time.Minute}, {"h", time.Hour},
		{"d", 24 * time.Hour}, {"w", 7 * 24 * time.Hour}}
	if s == "" {
		return 0, false
	}
	var total float64
	for s != "" {
		i := 0
		for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
			i++
		}
		n, err := strconv.ParseFloat(s[:i], 64)
		if i == 0 || err != nil || s[0] == '.' || strings.HasSuffix(s[:i], ".") {
			return 0, false
		}
		s = s[i:]
		found := false
		for _, u := range units {
			if strings.HasPrefix(s, u.name) {
				total += n * float64(u.size)
				s, found = s[len(u.name):], true
				break
			}
		}
		if !found {
			return 0, false
		}
	}
	if total >= math.MaxInt64 {
		return math.MaxInt64, true
	}
	return time.Duration(total), true
}

var _ = serves(api.GetProjectDeploymentLogs, (*Emulator).getProjectDeploymentLogs)

func (e *Emulator) getProjectDeploymentLogs(c *call) reply { return e.getDeploymentLogs(c) }

// ---- pause, resume, rollback (README §7.4, §7.6) ----

var _ = serves(api.PauseProject, (*Emulator).pauseProject)

// pauseProject tears the runtime down (in-flight deployments stop) and keeps everything else.
func (e *Emulator) pauseProject(c *call) reply {
	a, rep := c.lookupApp(appNotFound)
	if rep != nil {
		return *rep
	}
	a.paused = true
	for _, d := range a.deployments {
		d.stop(c.now, stoppedByPause)
	}
	return noContent()
}

var _ = serves(api.ResumeProject, (*Emulator).resumeProject)

// resumeProject starts a deployment of the current spicepod and unpauses on success.
func (e *Emulator) resumeProject(c *call) reply {
	a, rep := c.lookupApp(appNotFound)
	if rep != nil {
		return *rep
	}
	if !a.paused {
		return errorReply(http.StatusBadRequest, "Project is not paused")
	}
	a.paused = false
	d := &deployment{createdAt: c.now, creationSource: "api", replicas: a.config.replicas, executors: a.config.executorReplicas()}
	a.unpinned(d)
	if rep := e.startDeployment(c, a, d); rep != nil {
		a.paused = true // stays paused and answers with the deployment's error (README §7.4)
		return *rep
	}
	return jsonReply(http.StatusOK, map[string]int64{"deployment_id": d.id})
}

var _ = serves(api.RollbackApp, (*Emulator).rollbackApp)

// rollbackApp redeploys what a succeeded deployment ran (its spicepod, image and replicas)
// with the project's current secrets.
func (e *Emulator) rollbackApp(c *call) reply {
	a, rep := c.lookupApp(appWithIDNotFound)
	if rep != nil {
		return *rep
	}
	b, formErr := c.jsonBody()
	if formErr != "" {
		return invalid(validationError, nil, formErr)
	}
	target, ok := b.integer("target_deployment_id", nil)
	if !b.has("target_deployment_id") {
		b.errs.Check("target_deployment_id", "Required")
	}
	if len(b.errs) > 0 || !ok {
		return invalid(validationError, b.errs)
	}
	i := slices.IndexFunc(a.deployments, func(d *deployment) bool { return d.id == int64(target) })
	if i < 0 {
		return errorReply(http.StatusNotFound, "Deployment not found")
	}
	src := a.deployments[i]
	// The plan caps a deployment's replicas, a rollback's too (it runs the target's replicas,
	// which a larger plan may have allowed): create deployment's 403, no code (api/README
	// §7.6, Assumed). The rest of create deployment's checks are startDeployment's.
	if rep := c.org.checkPlan(src.replicas, nil); rep != nil {
		return *rep
	}
	// What the request asks for, then the organization's and the project's state, then the
	// state of what is inside the project (the target's), as on every paused-project route
	// (api/README §7.4, Assumed).
	switch {
	case c.org.notConfigured:
		return errorReply(http.StatusConflict, "Organization is not fully configured")
	case a.paused:
		return codedError(http.StatusBadRequest, "spicepod_paused", "Spicepod is paused")
	case src.status(c.now) != "succeeded":
		return errorReply(http.StatusConflict, "Only a succeeded deployment can be rolled back to")
	}
	// It records `api` and the target's own source (branch, commit and its message; none when the
	// target had none) and reads no repository: nothing in it marks it a rollback (api/README §7.6).
	var message *string
	if src.commitMessage != nil {
		message = ptr(*src.commitMessage)
	}
	d := &deployment{createdAt: c.now, creationSource: "api", replicas: src.replicas, executors: src.executors, imageTag: src.imageTag, spicepod: src.spicepod,
		branch: src.branch, commitSHA: src.commitSHA, commitMessage: message, recorded: true}
	if rep := e.startDeployment(c, a, d); rep != nil {
		if rep.status == http.StatusUnprocessableEntity { // only an unconfigured organization
			return errorReply(http.StatusConflict, "Organization is not fully configured")
		}
		return *rep
	}
	return jsonReply(http.StatusAccepted, d.view(c.now))
}

var _ = serves(api.RollbackProject, (*Emulator).rollbackProject)

func (e *Emulator) rollbackProject(c *call) reply { return e.rollbackApp(c) }

// ---- metrics (README §7.13) ----

type podMetricsJSON struct {
	CPUUsagePercent     float64 `json:"cpu_usage_percent"`
	MemoryUsageBytes    int64   `json:"memory_usage_bytes"`
	DiskReadBytes       float64 `json:"disk_read_bytes"`
	DiskReadOperations  float64 `json:"disk_read_operations"`
	DiskWriteBytes      float64 `json:"disk_write_bytes"`
	DiskWriteOperations float64 `json:"disk_write_operations"`
}

var _ = serves(api.GetAppMetrics, (*Emulator).getAppMetrics)

// getAppMetrics reports plausible figures for each ready instance; with window, counters are
// per-second rates.
func (e *Emulator) getAppMetrics(c *call) reply {
	a, rep := c.lookupApp(appWithIDNotFound)
	if rep != nil {
		return *rep
	}
	fe := rules.FieldErrors{}
	window, hasWindow := queryValue(c.query(), "window", fe)
	if hasWindow && !validWindow(window) {
		fe.Check("window", "Invalid window; use a number and s, m, h or d, e.g. 5m")
	}
	if len(fe) > 0 {
		return invalid(validationError, fe)
	}
	if c.org.notConfigured {
		return errorReply(http.StatusUnprocessableEntity, "Organization is not fully configured")
	}
	metrics := map[string]podMetricsJSON{}
	ready, executors := 0, 0
	if !a.paused {
		for i, in := range a.instances(c.now) {
			if in.status != "ready" {
				continue
			}
			ready++
			executors = in.d.executors // every ready instance is the serving deployment's
			m := podMetricsJSON{CPUUsagePercent: 12.5 + float64(i)*3.25, MemoryUsageBytes: 1_288_490_188 + int64(i)*52_428_800,
				DiskReadBytes: 52_428_800, DiskReadOperations: 1_200, DiskWriteBytes: 10_485_760, DiskWriteOperations: 240}
			if window != "" {
				m.DiskReadBytes, m.DiskReadOperations, m.DiskWriteBytes, m.DiskWriteOperations = 174_762.67, 4, 34_952.53, 0.8
			}
			metrics[in.name] = m
		}
	}
	rows := float64(1_048_576 * ready)
	if window != "" {
		rows = float64(3_495 * ready)
	}
	return jsonReply(http.StatusOK, map[string]any{
		"metrics":   metrics,
		"ingestion": map[string]float64{"rows_ingested": rows, "bytes_ingested": rows * 96},
		"cluster":   map[string]int{"active_executors_count": executors},
	})
}

// validWindow is the spec's pattern ^[0-9]+[smhd]$. Any length is accepted: a window
// longer than the project has existed covers all of it (api/README §7.13, Assumed).
func validWindow(s string) bool {
	return len(s) >= 2 && strings.ContainsRune("smhd", rune(s[len(s)-1])) && digits(s[:len(s)-1])
}

var _ = serves(api.GetProjectMetrics, (*Emulator).getProjectMetrics)

func (e *Emulator) getProjectMetrics(c *call) reply { return e.getAppMetrics(c) }

// ---- /v1/projects twins of the unchanged app routes ----

var _ = serves(api.ListProjectDeployments, (*Emulator).listProjectDeployments)

func (e *Emulator) listProjectDeployments(c *call) reply { return e.listDeployments(c) }

var _ = serves(api.GetProjectDeployment, (*Emulator).getProjectDeployment)

func (e *Emulator) getProjectDeployment(c *call) reply { return e.getDeployment(c) }

var _ = serves(api.ListProjectSecrets, (*Emulator).listProjectSecrets)

func (e *Emulator) listProjectSecrets(c *call) reply { return e.listSecrets(c) }

var _ = serves(api.UpsertProjectSecret, (*Emulator).upsertProjectSecret)

func (e *Emulator) upsertProjectSecret(c *call) reply { return e.upsertSecret(c) }

var _ = serves(api.GetProjectSecret, (*Emulator).getProjectSecret)

func (e *Emulator) getProjectSecret(c *call) reply { return e.getSecret(c) }

var _ = serves(api.DeleteProjectSecret, (*Emulator).deleteProjectSecret)

func (e *Emulator) deleteProjectSecret(c *call) reply { return e.deleteSecret(c) }

var _ = serves(api.GetProjectAPIKeys, (*Emulator).getProjectAPIKeys)

func (e *Emulator) getProjectAPIKeys(c *call) reply { return e.getAPIKeys(c) }

var _ = serves(api.RegenerateProjectAPIKey, (*Emulator).regenerateProjectAPIKey)

func (e *Emulator) regenerateProjectAPIKey(c *call) reply { return e.regenerateAPIKey(c) }
