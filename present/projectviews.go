package present

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// The words of the app (project) runtime tools: pause and resume, instances and their logs,
// forks and repository connections.

// PauseAppAction is what pause_app asks the user to confirm.
func PauseAppAction(app, url string) string {
	return fmt.Sprintf("Pause app %s: stop its runtime, so %s stops serving until it is resumed", app, url)
}

// EffectPauseResumable says how a pause is undone.
const EffectPauseResumable = "resume_app starts it again with a new deployment of its current configuration; its configuration, secrets and keys are kept."

// AppPaused confirms pause_app; checked says whether its check found the app unpaused first
// (when the check failed, the app may have been paused already), idle that the check found
// no instance (never deployed, or nothing running): then nothing stopped and no URL served.
func AppPaused(app, url string, checked, idle bool) string {
	if !checked { // the pause answers alike for an app paused already
		return fmt.Sprintf("Paused %s: it is paused now (whether it was running could not be checked first, so it may have been "+
			"paused already) and %s does not serve. Deployments are refused while it is paused "+
			"(spicepod_paused); resume_app starts it again.", app, url)
	}
	if idle {
		return fmt.Sprintf("Paused %s: it had no runtime running (no instances), so nothing was stopped. Deployments are "+
			"refused while it is paused (spicepod_paused); resume_app lifts the pause with a deployment of its current configuration.", app)
	}
	return fmt.Sprintf("Paused %s: its runtime stopped and %s no longer serves. Deployments are refused while it is paused "+
		"(spicepod_paused); resume_app starts it again.", app, url)
}

// AppAlreadyPaused is pause_app's answer for an app that is paused already: nothing was done.
func AppAlreadyPaused(app string) string {
	return fmt.Sprintf("%s is already paused (its runtime is not running), so there is nothing to pause; nothing was changed. "+
		"resume_app starts it again.", app)
}

// AppNotPaused is resume_app's answer for an app that is running: nothing was done.
func AppNotPaused(app string) string {
	return fmt.Sprintf("%s is not paused, so there is nothing to resume; nothing was changed. To restart it, use create_deployment.", app)
}

// AppResumed is resume_app's headline when it does not wait; again are the app and the
// organization as the caller named them, for the wait to follow.
func AppResumed(app string, deploymentID int64, again ...Arg) string {
	return fmt.Sprintf("Resumed %s: deployment %d started to bring its runtime back. Follow it with %s.", app, deploymentID,
		Call("wait_for_deployment", append(slices.Clip(again), Arg{"deployment_id", deploymentID})...))
}

// AppResumedWaitStopped: the resume went through, then the wait for its deployment stopped
// (err: a status read failed, the call's time limit ended or it was cancelled). last is the
// deployment as last read (nil if never); how to follow it.
// The error's own "What to do" (try again shortly) would repeat the resume: the only thing to
// do is the wait_for_deployment call, so that is the what-to-do.
func AppResumedWaitStopped(app string, deploymentID int64, last *client.Deployment, err error, again ...Arg) string {
	text := strings.Replace(WaitStopped(app, deploymentID, last, err, again...), "\nNothing was changed.", "", 1)
	call := Call("wait_for_deployment", append(slices.Clip(again), Arg{"deployment_id", deploymentID})...)
	head := fmt.Sprintf("Resumed %s: deployment %d started to bring its runtime back. The resume was applied: do not call resume_app again.\n\n", app, deploymentID)
	if needsAFix(err) { // the read will fail the same way until the credentials are fixed: keep that fix
		return head + text + "\n\nOnce that is fixed, pick the wait up: " + call + "."
	}
	lines := strings.Split(text, "\n")
	lines = slices.DeleteFunc(lines, func(l string) bool { return strings.HasPrefix(l, "What to do:") })
	return head + strings.Join(lines, "\n") + "\n\nWhat to do: " + call + "."
}

// needsAFix reports an error that repeats until someone changes something (the credentials, the
// token's scopes or role): an answer of 401 or 403, or the token endpoint's refusal; a time
// limit, a cancellation or a server error passes.
func needsAFix(err error) bool {
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode == http.StatusUnauthorized || apiErr.StatusCode == http.StatusForbidden
	}
	var tokenErr *client.TokenError
	return errors.As(err, &tokenErr) && tokenErr.StatusCode >= 400 && tokenErr.StatusCode < 500
}

// AppResumedAndWaited heads the wait's outcome after a resume.
func AppResumedAndWaited(app string, deploymentID int64, outcome string) string {
	return fmt.Sprintf("Resumed %s with deployment %d.\n\n%s", app, deploymentID, outcome)
}

// Instances renders list_instances.
func Instances(app string, instances []client.Instance) string {
	if len(instances) == 0 {
		return fmt.Sprintf("%s has no runtime instances: it has not been deployed, or its deployments stopped. Deploy it with create_deployment.", app)
	}
	rows := make([][]string, len(instances))
	for i, in := range instances {
		rows[i] = []string{in.Name, instanceStatus(in.Status), timePtr(in.StartedAt)}
	}
	return fmt.Sprintf("%s of %s (ready ones serve requests):\n\n%s\n\nRead one's log with get_instance_logs.",
		count(len(instances), "instance", "instances"), app, Table([]string{"Instance", "Status", "Started"}, rows))
}

func instanceStatus(s string) string {
	switch s {
	case "ready":
		return "✅ ready"
	case "failed":
		return "❌ failed"
	case "pending":
		return "⏸ pending (not scheduled)"
	case "starting":
		return "⏳ starting"
	}
	return s
}

// NoInstances: get_instance_logs was not told which instance and the app has none.
func NoInstances(app string) string {
	return fmt.Sprintf("%s has no runtime instances, so there are no logs to read: it has not been deployed, or its deployments stopped.", app)
}

// InstanceLogs renders get_instance_logs: the lines in a fence no line can close, each masked.
// capped is the plan's limit when the requested tail was above it and was lowered to it.
func InstanceLogs(app, instance, status string, lines []string, capped int) string {
	head := fmt.Sprintf("Last %s of instance %s of %s", count(len(lines), "log line", "log lines"), Code(instance), app)
	if status != "" {
		head += " (" + instanceStatus(status) + ")"
	}
	head += ", oldest first; values that look like credentials are masked:"
	if capped > 0 {
		head = fmt.Sprintf("The plan allows at most %d log lines at a time, so no more were asked for. ", capped) + head
	}
	if len(lines) == 0 {
		return head + "\n\n(no lines)"
	}
	return head + "\n\n" + Fence("text", strings.Join(MaskLogLines(lines), "\n"))
}

// MaskLogLines returns the lines without terminal escapes (the Spice runtime colours its
// tracing output: password\x1b[2m=\x1b[0mx reads password=x), with every credential MaskText
// finds (credentials.go: URL userinfo and credential-named query parameters, credential-named
// keys, bearer and basic tokens, prefixed tokens) replaced by Masked, and each line kept on one
// line (control characters become spaces), so a log cannot leak a password or break out of its
// fence into the conversation. It hides everything the log masker it replaced hid (kept in
// projectviews_test.go), but for what names no credential: a whole ${...} reference, a
// secret's name, a port, a Rust module path.
func MaskLogLines(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = MaskText(oneLine(stripANSI(l)))
	}
	return out
}

// Forks renders list_forks.
func Forks(app string, forks []client.ProjectSummary) string {
	if len(forks) == 0 {
		return fmt.Sprintf("%s has no forks. Make one with fork_app.", app)
	}
	rows := make([][]string, len(forks))
	for i, f := range forks {
		rows[i] = []string{strconv.FormatInt(f.ID, 10), f.Name, f.Region, f.URL(), f.Endpoint, Time(f.CreatedAt)}
	}
	return fmt.Sprintf("%s of %s:\n\n%s", count(len(forks), "fork", "forks"), app,
		Table([]string{"ID", "Name", "Region", "URL", "Endpoint", "Created"}, rows))
}

// AppForked confirms fork_app.
func AppForked(source string, f *client.ForkedProject) string {
	where := f.Region
	if f.ClusterName != "" {
		where = "cluster " + f.ClusterName
	}
	text := fmt.Sprintf("Forked %s into %s", source, AppLabel(f.ID, f.Name))
	if where != "" {
		text += " in " + Inline(where)
	}
	text += ". The fork has a copy of the spicepod, configuration and secrets; nothing is deployed yet: deploy it with create_deployment."
	text += " Its URL: " + Inline(f.URL())
	if f.Endpoint != "" {
		text += "; its endpoint: " + Inline(f.Endpoint)
	}
	text += "."
	if f.Warning != "" {
		text += "\n\nWarning from the API: " + Inline(f.Warning)
	}
	return text
}

// RepositoryConnected confirms connect_repository: the repository, branch and directory as
// the API answered or, where its answer leaves one out, as sent ("" for neither); hasSpicepod
// is nil when the answer does not say whether a spicepod is there.
func RepositoryConnected(app, repository, branch, directory string, hasSpicepod *bool) string {
	text := fmt.Sprintf("Connected %s to GitHub repository %s", app, Inline(repository))
	if branch != "" {
		text += ", branch " + Inline(branch)
	}
	if directory != "" {
		text += ", directory " + Inline(directory)
	}
	text += ". Its spicepod now comes from the repository: edit it there (update_app refuses spicepod edits with github_connected)."
	switch {
	case hasSpicepod == nil:
		text += " The API's answer does not say whether the repository holds a spicepod there."
	case !*hasSpicepod:
		text += " The repository holds no spicepod there yet."
	}
	return text
}

// ArgTail: get_instance_logs' tail is out of range.
func ArgTail(max int) string {
	return fmt.Sprintf("Invalid tail: from 1 to %d lines (the plan's limit may be lower)", max)
}

// ArgRepositoryRequired: connect_repository needs a repository.
const ArgRepositoryRequired = "Required: a GitHub repository, as name or owner/name"
