package present

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// Status renders a deployment status with the API's own word, marked so it cannot be misread.
func Status(status string) string { return Inline(statusLabel(status)) }

// statusLabel is Status as plain text, for a table cell (which escapes it).
func statusLabel(status string) string {
	switch status {
	case client.StatusSucceeded:
		return "✅ succeeded"
	case client.StatusFailed:
		return "❌ failed"
	case client.StatusQueued:
		return "⏳ queued"
	case client.StatusInProgress:
		return "🔄 in_progress"
	case client.StatusCreated:
		return "📝 created"
	}
	return status
}

// Deployments renders an app's deployment history, newest first.
func Deployments(app string, deps []client.Deployment) string {
	if len(deps) == 0 {
		return "No deployments of " + app + " yet. Deploy with create_deployment."
	}
	rows := make([][]string, len(deps))
	for i, d := range deps {
		replicas := ""
		if d.Replicas > 0 {
			replicas = strconv.Itoa(d.Replicas)
		}
		errText := MaskAPIText(d.ErrorMessage) // the same rule as the deployment's own page (apiText)
		if d.ErrorCode != "" {
			errText = strings.TrimSpace(d.ErrorCode + ": " + errText)
		}
		rows[i] = []string{strconv.FormatInt(d.ID, 10), statusLabel(d.Status), Time(d.CreatedAt), d.ImageTag, replicas, source(d), errText}
	}
	return count(len(deps), "deployment", "deployments") + " of " + app + ", newest first:\n\n" +
		Table([]string{"ID", "Status", "Created", "Image tag", "Replicas", "Branch/commit", "Error"}, rows)
}

// source renders where a deployment came from: branch@commit.
func source(d client.Deployment) string {
	commit := d.CommitSHA
	if len(commit) > 12 {
		commit = commit[:12]
	}
	switch {
	case d.Branch != "" && commit != "":
		return d.Branch + "@" + commit
	case d.Branch != "":
		return d.Branch
	}
	return commit
}

// Deployment renders one deployment with its status first and, when failed, the error and the
// remedy; when still running, how to follow it (again: the app and organization as the caller
// named them, for the wait_for_deployment call to show; see NextStep).
func Deployment(app string, d *client.Deployment, again ...Arg) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Deployment %d of %s: **%s**", d.ID, app, Status(d.Status))
	if msg := apiText(d.ErrorMessage); msg != "" {
		fmt.Fprintf(&b, " — %s", msg)
	}
	b.WriteString("\n\n")
	line := func(label, value string) {
		if value = Inline(value); value != "" {
			fmt.Fprintf(&b, "- %s: %s\n", label, value)
		}
	}
	line("Created", Time(d.CreatedAt))
	line("Started", timePtr(d.StartedAt))
	line("Updated", timePtr(d.UpdatedAt))
	line("Image tag", d.ImageTag)
	if d.Replicas > 0 {
		line("Replicas", strconv.Itoa(d.Replicas))
	}
	line("Branch/commit", source(*d))
	line("Message", d.CommitMessage)
	line("Created by", strings.TrimSpace(d.CreationSource+" "+d.CreatedBy.String()))
	if d.Status == client.StatusFailed && d.ErrorCode != "" {
		fmt.Fprintf(&b, "- Error code: %s\n", DeploymentErrorClass(d.ErrorCode))
	}
	if next := NextStep(d, again...); next != "" {
		b.WriteString("\n" + next)
	}
	return strings.TrimRight(b.String(), "\n")
}

// NextStep says what to do about a deployment in its current state. A deployment still running
// is followed with wait_for_deployment (as the server's instructions say, not by calling
// get_deployment again): the exact call when again holds the app (and organization) as the
// caller named them, else the tool and the arguments it needs.
func NextStep(d *client.Deployment, again ...Arg) string {
	switch d.Status {
	case client.StatusFailed:
		if d.ErrorCode == client.CodeStopped {
			return "What to do: nothing failed; a pause or delete stopped this deployment. resume_app deploys a paused app again."
		}
		if fix, ok := deploymentFixes[d.ErrorCode]; ok && (d.ErrorCode != client.CodeUnableToStart || !messageHasRemedy(d.ErrorMessage)) {
			return "What to do: " + fix
		}
		return "What to do: " + DeploymentRemedy(d.ErrorMessage)
	case client.StatusQueued, client.StatusInProgress:
		if len(again) == 0 {
			return fmt.Sprintf("Still running: follow it with wait_for_deployment (the app and deployment_id %d), which "+
				"reports when it ends; deployments usually take a few minutes.", d.ID)
		}
		return "Still running: follow it with " + Call("wait_for_deployment", append(slices.Clip(again), Arg{"deployment_id", d.ID})...) +
			", which reports when it ends; deployments usually take a few minutes."
	case client.StatusSucceeded:
		return "The app is live with this configuration."
	}
	return ""
}

// deploymentFixes are the fix for each deployment error_code (api/README.md §7.6); whether
// one is worth retrying unchanged is the client's (client.Deployment.Retriable).
var deploymentFixes = map[string]string{
	client.CodeInsufficientCPU: "the cluster had no CPU free to schedule the runtime: deploy again shortly " +
		"(create_deployment), or lower replicas or CPU with update_app.",
	client.CodeInsufficientMemory: "the cluster had no memory free to schedule the runtime: deploy again shortly " +
		"(create_deployment), or lower replicas or memory with update_app.",
	client.CodeInsufficientStorage:   "the runtime's storage volume could not be provisioned in time: deploy again shortly (create_deployment).",
	client.CodeInsufficientInstances: "the region had no capacity for the runtime: deploy again shortly (create_deployment).",
	client.CodePodExceedsNodeCapacity: "the requested resources exceed the largest node: lower resources or replicas " +
		"with update_app (get_limits shows the plan's), then deploy again; deploying unchanged fails again.",
	client.CodeUnableToStart: "the runtime failed to start; its log lines say why (below when available; get_instance_logs " +
		"for more), most often a secret the spicepod references that is not set (set_secret) or a dataset it cannot " +
		"reach (update_app): fix that, then deploy again; deploying unchanged fails again.",
	client.CodeInternalError: "Spice.ai failed internally while deploying: deploy once more with create_deployment; " +
		"if it fails again, contact Spice.ai support with the deployment ID.",
}

// DeploymentRetriable reports whether a failed deployment's error_code is worth retrying
// unchanged; known is false for a code without a fix here (or none).
func DeploymentRetriable(code string) (retriable, known bool) {
	_, known = deploymentFixes[code]
	return client.Deployment{ErrorCode: code}.Retriable(), known
}

// DeploymentErrorClass renders an error_code with whether retrying can help.
func DeploymentErrorClass(code string) string {
	retriable, known := DeploymentRetriable(code)
	switch {
	case code == client.CodeStopped:
		return Code(code) + " — not a failure: a pause or delete stopped it"
	case !known:
		return Code(code)
	case retriable:
		return Code(code) + " — retriable: capacity may free up, so deploying again can succeed"
	}
	return Code(code) + " — not retriable: deploying again unchanged fails the same way"
}

// messageHasRemedy reports an error_message that DeploymentRemedy answers more precisely than
// the error_code (an image that could not be pulled, an invalid spicepod).
func messageHasRemedy(msg string) bool {
	msg = strings.ToLower(msg)
	return strings.Contains(msg, "image") || strings.Contains(msg, "spicepod")
}

// FailedDeploymentLogs renders the failing instance's last log lines under a deployment that
// failed, so the cause is in the same result.
func FailedDeploymentLogs(app, instance, status string, lines []string) string {
	return InstanceLogs(app, instance, status, lines, 0)
}

// DeploymentRemedy maps a deployment's error_message to advice (troubleshooting table, seeds).
func DeploymentRemedy(errorMessage string) string {
	msg := strings.ToLower(errorMessage)
	switch {
	case strings.Contains(msg, "pull container image") || strings.Contains(msg, "image"):
		return "the runtime image could not be pulled: check the app's image_tag against list_container_images and its registry, fix them with update_app (or pass image_tag), then deploy again."
	case strings.Contains(msg, "spicepod"):
		return "fix the spicepod (valid YAML with version, kind: Spicepod and name) with update_app, then deploy again."
	case strings.Contains(msg, "deleted"):
		return "the app was deleted while deploying; recreate it if that was a mistake."
	}
	return "read the error above, fix the app's configuration with update_app, then deploy again."
}

// Error renders a failure for the model: what happened, the API's details and what to do (the
// remedy table, remedies.go). It is the one place an error becomes text: tool results,
// workflow reports and resource errors all render through it. Nothing here echoes arguments,
// so no secret value can appear.
func Error(err error) string {
	var apiErr *client.APIError
	var reqErr *client.RequestError
	var valErr *client.ValidationError
	var dlErr *client.DeadlineError
	var cancelErr *client.CancelledError
	switch {
	case errors.Is(err, client.ErrNoCredentials):
		return "No Spice.ai credentials are configured. Set SPICE_API_TOKEN to a personal access token " +
			"(create one at https://spice.ai/account), or SPICE_CLIENT_ID and SPICE_CLIENT_SECRET for an OAuth client, " +
			"then restart the MCP server. To try every tool without an account, start the server with --sandbox."
	case errors.As(err, &valErr):
		// The rules quote rejected values: escaped, a value cannot make a link or HTML here.
		return "Invalid arguments, nothing was sent: " + escapeText(rules.FieldErrors(valErr.Fields).String(), false, false)
	case errors.As(err, &dlErr):
		return deadlineText(dlErr)
	case errors.As(err, &cancelErr):
		if cancelErr.OutcomeUnknown {
			return fmt.Sprintf("Cancelled while the Spice.ai API was handling %s %s: it may have been applied. %s.",
				cancelErr.Method, cancelErr.Path, cancelRemedy(err))
		}
		return fmt.Sprintf("Cancelled during %s %s; nothing more was sent.", cancelErr.Method, cancelErr.Path)
	case errors.Is(err, context.Canceled):
		return "Cancelled; nothing more was sent."
	case isUnusableAnswer(err): // a redirect, or a success without its result (answers.go)
		return unusableAnswerText(err)
	case errors.As(err, new(*client.TokenError)): // the OAuth token request failed (answers.go)
		return tokenErrorText(err)
	case errors.As(err, &apiErr):
		return apiErrorText(apiErr, Remedy(err))
	case errors.As(err, &reqErr):
		// Worded by the network library, with the URL it tried: a credential in it is masked.
		msg := requestErrorText(reqErr)
		if remedy := Remedy(err); remedy != "" {
			msg += ". " + remedy
		}
		if reqErr.Sent && reqErr.Method == http.MethodGet { // as deadlineText says it (DeployFailed)
			msg += ".\nNothing was changed."
		}
		return msg
	}
	return oneLine(err.Error())
}

// requestErrorText renders a request that got no answer. The network library's words are
// masked (a credential in them is hidden), ours — the operation, method and path — are not:
// masked with them, "regenerateProjectApiKey: POST" read as a key and its value. The URL the
// library repeats is left out (the method and path say it; the host is in the remedy).
func requestErrorText(e *client.RequestError) string {
	cp := *e
	var urlErr *url.Error
	if errors.As(e.Err, &urlErr) && urlErr.Err != nil {
		cp.Err = urlErr.Err
	}
	text := oneLine(cp.Error())
	ours := fmt.Sprintf("%s: %s %s failed: ", e.Operation, e.Method, e.Path)
	if rest, ok := strings.CutPrefix(text, ours); ok {
		return ours + MaskText(rest)
	}
	return MaskText(text)
}

// apiErrorText renders an API error answer with remedy. The API's texts are data: a credential
// in them (an upstream page echoing a header, a message quoting a connection string) is masked
// by the rule for error texts (MaskAPIText), and what is left is shown as written (Inline).
func apiErrorText(apiErr *client.APIError, remedy string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Spice.ai API error %d %s", apiErr.StatusCode, http.StatusText(apiErr.StatusCode))
	if apiErr.Code != "" {
		fmt.Fprintf(&b, " (%s)", apiText(apiErr.Code))
	}
	b.WriteString(": " + apiText(apiErr.Message))
	if apiErr.MaxTail > 0 {
		fmt.Fprintf(&b, "\nPlan limit: %d log lines per request", apiErr.MaxTail)
	}
	if len(apiErr.FieldErrors) > 0 {
		b.WriteString("\nField errors: " + apiText(rules.FieldErrors(apiErr.FieldErrors).String()))
	}
	if len(apiErr.FormErrors) > 0 {
		b.WriteString("\nErrors: " + apiText(strings.Join(apiErr.FormErrors, "; ")))
	}
	if apiErr.ActiveDeploymentID != 0 {
		fmt.Fprintf(&b, "\nDeployment in progress: %d", apiErr.ActiveDeploymentID)
	}
	if apiErr.OutcomeUnknown {
		b.WriteString("\nOutcome unknown: the request may or may not have been applied.")
	}
	if remedy != "" {
		b.WriteString("\nWhat to do: " + remedy + ".")
	}
	return b.String()
}

// apiText renders text the API wrote for a line of a result: credentials masked by the rule
// for error texts (MaskAPIText), then inline.
func apiText(s string) string { return Inline(MaskAPIText(s)) }

// ToolError renders err as a failure of tool, whose calls need the scopes needs (the smallest
// set, as the tool's description lists them): Error, except that a 403 naming a scope that one
// of needs grants says what the whole tool needs. The request that failed may be the tool's
// first of several (set_secret reads the secret before writing it): a token with just the
// scope it named would fail at the next one.
func ToolError(tool string, needs []string, err error) string {
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusForbidden || apiErr.RequiredScope == "" ||
		slices.Equal(needs, []string{apiErr.RequiredScope}) {
		return Error(err)
	}
	if remedy := toolScopeRemedy(tool, needs, apiErr.RequiredScope); remedy != "" {
		return apiErrorText(apiErr, remedy)
	}
	return Error(err)
}

// toolScopeRemedy: the token lacks required; tool needs needs, one of which grants it.
func toolScopeRemedy(tool string, needs []string, required string) string {
	granter := ""
	for _, s := range needs {
		if s == required || rules.GrantedScopes([]string{s})[required] {
			granter = s
			break
		}
	}
	if granter == "" {
		return ""
	}
	all := strings.Join(needs, " and ")
	if granter != required {
		all = strings.Replace(all, granter, fmt.Sprintf("%s (which grants %s)", granter, required), 1)
	}
	return fmt.Sprintf("The token lacks the %q scope, and %s needs %s: issue a token with %s (or *)",
		required, tool, all, strings.Join(needs, ", "))
}

// deadlineText renders a call that its time limit stopped: what was going on, the failure
// that called for a retry, whether anything may have changed, and what to do.
func deadlineText(e *client.DeadlineError) string {
	limit := "this tool call's time limit"
	if e.Limit > 0 {
		limit = fmt.Sprintf("this tool call's time limit (%s)", seconds(e.Limit))
	}
	var b strings.Builder
	switch {
	case e.Operation == "":
		b.WriteString("Stopped: " + limit + " ran out.")
	case e.Wait > 0:
		b.WriteString(Error(e.Last) + "\nStopped without retrying: ")
		if e.RetryAfter {
			who := "the API"
			if e.Operation == client.TokenOperation {
				who = "the OAuth token endpoint"
			}
			fmt.Fprintf(&b, "%s asked to wait %s, which ends after %s.", who, seconds(e.Wait), limit)
		} else {
			fmt.Fprintf(&b, "the next retry would start after %s.", limit)
		}
		b.WriteString(" Nothing more was sent.")
		return b.String()
	default:
		fmt.Fprintf(&b, "No answer from the Spice.ai API (%s %s) before %s ran out.", e.Method, e.Path, limit)
		if e.Last != nil {
			b.WriteString("\nThe attempt before failed: " + Error(e.Last))
		}
	}
	if e.OutcomeUnknown {
		b.WriteString("\nOutcome unknown: the request may or may not have been applied.")
		if _, remedy := remedyFor(failure{Operation: e.Operation, OutcomeUnknown: true}); remedy != "" {
			b.WriteString("\nWhat to do: " + remedy + ".")
		}
		return b.String()
	}
	if e.Method == http.MethodGet {
		b.WriteString("\nNothing was changed.")
	}
	b.WriteString("\nWhat to do: the Spice.ai API is slow or busy; try again shortly.")
	return b.String()
}

// seconds renders a duration in whole seconds, e.g. "60 s".
func seconds(d time.Duration) string {
	return fmt.Sprintf("%d s", int64(d.Round(time.Second)/time.Second))
}

// cancelRemedy is how to find out whether a cancelled change went through: the remedy for an
// answer that got lost (the operation's own row, else the general one).
func cancelRemedy(err error) string {
	var c *client.CancelledError
	errors.As(err, &c)
	_, text := remedyFor(failure{Operation: c.Operation, OutcomeUnknown: true, Status: -1})
	return text
}
