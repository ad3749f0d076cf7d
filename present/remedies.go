package present

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// What to do about a failed API call is data: the remedy table below, keyed by operation, HTTP
// status and the API's error code or message, after the troubleshooting table of the Spice
// agent skill and spice-api/README.md §10. The client only reports facts (client.APIError,
// client.RequestError); Remedy picks the line for them.

// whatToDo is a remedy as every result writes it, "What to do: " and the remedy as a sentence:
// its first letter a capital, as the agent skill's troubleshooting table writes its solutions,
// unless its first word is a tool's or an argument's name (update_app, image_tag), which keeps
// the case it is called by. It is the one place that line is opened (TestR65Words4WhatToDoOneWay).
func whatToDo(remedy string) string {
	word, _, _ := strings.Cut(remedy, " ")
	if r, n := utf8.DecodeRuneInString(remedy); n > 0 && !strings.Contains(word, "_") {
		remedy = string(unicode.ToUpper(r)) + remedy[n:]
	}
	return "What to do: " + remedy
}

// pickOne is the What to do line of a reference that fits two (AppAmbiguous, MemberAmbiguous):
// the argument (app, member) to pass, with each one's ID reference (AppIDRef).
func pickOne(arg, first, second string) string {
	return whatToDo(fmt.Sprintf("pass %s %q for the first or %q for the second.", arg, first, second))
}

// failure is what the remedy table matches on and what its texts may use.
type failure struct {
	Operation string // operationId, e.g. "createDeployment"
	// Status is the HTTP status; 0 when no answer came back (connection failure, timeout).
	Status int
	// Code is the API's machine code, when it sends one, as received (never redacted; only
	// matched, never shown).
	Code string
	// message is the API's error text and fields the names its per-field validation messages
	// are about, as received (client.Received: never redacted, so a value sent that spells
	// "Secret" does not change the remedy). Unexported: matched on, never shown in a text.
	message string
	fields  []string
	// FieldErrorsLeftOut counts the field errors the error did not keep (client.APIError's):
	// the fields "named above" are then not all the API named.
	FieldErrorsLeftOut int
	// RequiredScope is the scope a 403 "Insufficient scope" names.
	RequiredScope string
	// ActiveDeploymentID is the deployment still in flight (create-deployment 409).
	ActiveDeploymentID int64
	// RetryAfter is the server's Retry-After, when it sent one.
	RetryAfter time.Duration
	// OutcomeUnknown: a write got a server error or no answer; it may have been applied.
	OutcomeUnknown bool
	// NotSent: the request never reached the server (no connection), so nothing changed.
	NotSent bool
	// Untrusted: the API's certificate was not trusted (so the request was not sent).
	Untrusted bool
	// Refused: nothing accepted the connection (ECONNREFUSED): no server listens there.
	Refused bool
	// PlainHTTP: an https:// address was answered in plain HTTP, by a server that runs.
	PlainHTTP bool
	// Host is the API host, for connection failures.
	Host string
	// ListenAddress is Host with its port (the scheme's default when the URL names none): what
	// sandbox-api's --listen takes (HOST:PORT) to answer there.
	ListenAddress string
	// Setting is the variable naming Host's address: SPICE_API_URL, or SPICE_OAUTH_TOKEN_URL.
	Setting string
	// MaxTail is the plan's limit on log lines (code plan_limit).
	MaxTail int
	// CallerToken: the MCP caller's own bearer token was used (HTTP mode).
	CallerToken bool
	// Lent: the server's own credentials, lent to an HTTP caller that sent no token.
	Lent bool
	// HTTPCaller: an MCP caller over HTTP made the call (CallerToken or Lent, or a request
	// error's client.RequestError.HTTPCaller): the server's address and its other settings are
	// its operator's, not the caller's, so a remedy names none of them.
	HTTPCaller bool
	// Sandbox: the in-process emulator of --sandbox answered (client.APIError.Sandbox): it has
	// no Spice.ai account or portal, so a remedy names what works there.
	Sandbox bool
}

// Wait is RetryAfter as the texts show it: in milliseconds under a second, else in hours,
// minutes and seconds ("1 h 30 min", "2 min 5 s"), rounded up to the second (secondsUp).
func (f failure) Wait() string { return secondsUp(f.RetryAfter) }

// failureOf extracts the facts of an API or request error; ok is false for any other error.
func failureOf(err error) (failure, bool) {
	var apiErr *client.APIError
	var reqErr *client.RequestError
	switch {
	case errors.As(err, &apiErr):
		said := apiErr.Received()
		return failure{Operation: apiErr.Operation, Status: apiErr.StatusCode, Code: said.Code, message: said.Message,
			fields: said.Fields, RequiredScope: apiErr.RequiredScope, ActiveDeploymentID: apiErr.ActiveDeploymentID,
			RetryAfter: apiErr.RetryAfter, OutcomeUnknown: apiErr.OutcomeUnknown, MaxTail: apiErr.MaxTail,
			CallerToken: apiErr.CallerToken, Lent: apiErr.Lent, HTTPCaller: apiErr.CallerToken || apiErr.Lent, Sandbox: apiErr.Sandbox,
			FieldErrorsLeftOut: apiErr.FieldErrorsLeftOut}, true
	case errors.As(err, &reqErr):
		return failure{Operation: reqErr.Operation, OutcomeUnknown: reqErr.OutcomeUnknown, NotSent: !reqErr.Sent, Host: reqErr.Host,
			ListenAddress: cmp.Or(reqErr.Address, reqErr.Host), Setting: client.EnvAPIURL,
			Untrusted: reqErr.Untrusted, Refused: connectionRefused(reqErr.Err),
			PlainHTTP: errors.Is(reqErr.Err, http.ErrSchemeMismatch), HTTPCaller: reqErr.HTTPCaller}, true
	}
	return failure{}, false
}

// remedyRule is one row of the remedy table. Every key set must match; the first matching row
// of the table wins, so rows go from most to least specific.
type remedyRule struct {
	// Operation is the operation the row is about; nil = any.
	Operation *api.Operation
	// Status is the HTTP status; 0 = any, including no answer at all.
	Status int
	// Code is the API's error code, for APIs that send one; "" = any.
	Code string
	// Message, MessagePrefix and MessageContains match the API's error text; "" = any.
	Message, MessagePrefix, MessageContains string
	// When is a further condition on the facts; nil = none.
	When func(failure) bool
	// Text is the advice: one sentence without a final period, in which the placeholders
	// below ({{.RequiredScope}}, {{.ActiveDeploymentID}}, …) stand for the failure's facts,
	// and {{tool}} for a tool of remedyTools: named only where the caller can use it.
	Text string
	// Sandbox is the advice when the emulator of --sandbox answered (failure.Sandbox), where Text
	// sends the caller to what the emulator has not (the Spice.ai portal, its GitHub app, a plan
	// upgrade, more AI credits); "" = Text.
	Sandbox string
}

// text is the row's advice for f: its Sandbox text when the emulator answered.
func (r *remedyRule) text(f failure) string {
	if f.Sandbox && r.Sandbox != "" {
		return r.Sandbox
	}
	return r.Text
}

func (r *remedyRule) matches(f failure) bool {
	return (r.Operation == nil || r.Operation.SameResource(f.Operation)) &&
		(r.Status == 0 || r.Status == f.Status) &&
		(r.Code == "" || r.Code == f.Code) &&
		(r.Message == "" || r.Message == f.message) &&
		(r.MessagePrefix == "" || strings.HasPrefix(f.message, r.MessagePrefix)) &&
		(r.MessageContains == "" || strings.Contains(f.message, r.MessageContains)) &&
		(r.When == nil || r.When(f))
}

// Conditions of the table, named for reading.
func outcomeUnknown(f failure) bool { return f.OutcomeUnknown }
func notSent(f failure) bool        { return f.Status == 0 && f.NotSent }
func noAnswer(f failure) bool       { return f.Status == 0 }
func serverError(f failure) bool    { return f.Status >= 500 }
func clientError(f failure) bool    { return f.Status >= 400 && f.Status < 500 }
func namesScope(f failure) bool     { return f.RequiredScope != "" }
func callerToken(f failure) bool    { return f.CallerToken }
func sandboxed(f failure) bool      { return f.Sandbox }
func lent(f failure) bool           { return f.Lent }
func httpCaller(f failure) bool     { return f.HTTPCaller }
func onThisMachine(f failure) bool  { return humanweb.IsLoopbackHost(f.Host) }

// wsaeConnRefused is Windows' WSAECONNREFUSED, which Go's syscall.ECONNREFUSED does not match there.
const wsaeConnRefused = syscall.Errno(10061)

func connectionRefused(err error) bool {
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, wsaeConnRefused)
}
func activeDeployment(f failure) bool { return f.ActiveDeploymentID != 0 }
func retryAfter(f failure) bool       { return f.RetryAfter > 0 }

// retryAfterBeyondDay: a Retry-After no rate limit window explains (a day's quota resets within one).
func retryAfterBeyondDay(f failure) bool { return f.RetryAfter > 24*time.Hour }
func badName(f failure) bool             { return slices.Contains(f.fields, "name") }
func namesMaxTail(f failure) bool        { return f.MaxTail > 0 }
func namesFields(f failure) bool         { return len(f.fields) > 0 }

// noMessage: the API's error says nothing beyond its status ("" or "Bad Request").
func noMessage(f failure) bool {
	m := strings.TrimSpace(f.message)
	return m == "" || strings.EqualFold(m, http.StatusText(f.Status))
}

// operationScoped: the failed operation needs a scope and a role (the spec's x-scope, x-required-role).
func operationScoped(f failure) bool {
	op := api.ByID(f.Operation)
	return op != nil && op.Scope != "" && op.Role != ""
}

// operationNeeds is the failed operation's scope or role (operationScoped), by the spec.
func operationNeeds(role bool) func(failure) string {
	return func(f failure) string {
		op := api.ByID(f.Operation)
		switch {
		case op == nil:
			return ""
		case role:
			return op.Role
		}
		return op.Scope
	}
}

// orgNotConfigured: a 422 of an organization not set up for deployments: the API's message says
// so, or the operation answers no other 422 (create deployment, resume, metrics: openapi.json).
func orgNotConfigured(f failure) bool {
	return strings.Contains(strings.ToLower(f.message), "not fully configured") || api.CreateProjectDeployment.SameResource(f.Operation) ||
		api.ResumeProject.SameResource(f.Operation) || api.GetProjectMetrics.SameResource(f.Operation)
}

// ownersOnly: a 403 whose message says only an owner may do it (a member tool acting on the
// admin or owner role: "Only an owner can remove an admin or owner").
func ownersOnly(f failure) bool { return strings.HasPrefix(f.message, "Only an owner can") }

// exceedsPlan: a 403 whose message says the request goes beyond the plan's limits
// ("Requested replicas exceed plan limits", "private compute addon is required").
func exceedsPlan(f failure) bool {
	m := strings.ToLower(f.message)
	return strings.Contains(m, "plan limit") || strings.Contains(m, "private compute")
}

// routeHas reports a failure of an operation whose path has one of the parameters (its 404
// is about that resource, or one it belongs to).
func routeHas(params ...string) func(failure) bool {
	return func(f failure) bool {
		op := api.ByID(f.Operation)
		return op != nil && slices.ContainsFunc(op.PathParams(), func(p string) bool { return slices.Contains(params, p) })
	}
}

// operation reports a failure of op (or its /v1/apps twin): for a code whose remedy depends on
// what was being done.
func operation(op *api.Operation) func(failure) bool {
	return func(f failure) bool { return op.SameResource(f.Operation) }
}

// deploys reports the operations that start a deployment (one may be in flight at a time).
func deploys(f failure) bool {
	return api.CreateProjectDeployment.SameResource(f.Operation) || api.RollbackProject.SameResource(f.Operation)
}

// inFlight reports a 409 that says another deployment is in flight: it names the deployment,
// or says one is in progress ("A deployment is already in progress for this app").
func inFlight(f failure) bool {
	return activeDeployment(f) || strings.Contains(strings.ToLower(f.message), "in progress")
}

// forbiddenInSandbox: the emulator's uncoded 403; its own token has every scope.
var forbiddenInSandbox = "The sandbox's emulator refused this for the reason its message gives (its token " + backquoted(sandbox.DefaultToken) +
	" has every scope, so scopes are not the cause)"

// remedies is the table. Rows with an Operation must use a status that operation declares
// (TestRemedyRulesFollowTheSpec), so the table cannot drift from openapi.json.
var remedies = []remedyRule{
	// The API's machine codes (api/README.md §5) say exactly what went wrong, whatever the
	// operation: they come first. A coded 5xx is the API's own answer, not a lost one.
	{Code: "image_tag_requires_enterprise",
		Text:    "Pinning a runtime version (image_tag) needs the Enterprise plan: leave image_tag unset, or clear it, to follow the update channel, or " + askUser + "upgrade the plan",
		Sandbox: sandboxDefault.imageTag()},
	{Code: "invalid_stable_image_tag",
		Text: "That image_tag is not a published runtime version for the channel: list the container images and use one of their tags"},
	{Code: "spicepod_paused", Text: remedyPaused},
	{Code: "project_paused", Text: remedyNoInstancePaused},
	{Code: "project_not_deployed", Text: "The app (project) has not been deployed, so it has no instances: deploy it first"},
	{Code: "instance_offline", Text: remedyInstanceOffline},
	{Code: "instance_not_found", Text: "List the app's instances with {{list_instances}} to get a current instance name"},
	{Code: "plan_limit", When: namesMaxTail, Text: "The plan allows at most {{.MaxTail}} log lines at a time: ask for that many or fewer"},
	{Code: "plan_limit", Text: "The request exceeds the plan's limits: get the organization's limits and stay within them"},
	{Code: "github_connected",
		Text:    "The app's spicepod comes from its connected GitHub repository: change it there (commit to the production branch) instead of updating it here",
		Sandbox: sandboxConnected},
	{Code: "github_not_connected",
		Text: askUser + "install the Spice.ai GitHub app for the organization in the Spice.ai portal; once they have, connect the repository",
		Sandbox: "This sandbox organization has no GitHub account: the sandbox was started with github_not_connected for it " +
			"(sandbox-api's --org key or config file), and nothing connects one while it runs. Connect the repository in " +
			"another organization (org), or restart the sandbox without that key"},
	{Code: "root_directory_conflict", Text: "Another app (project) already uses that repository directory: choose a different root_directory"},
	{Code: "invalid_repository", Text: "Give the repository as owner/name, e.g. acme/analytics"},
	{Code: "invalid_root_directory", Text: "Give root_directory as a relative path inside the repository, without `..` or a leading `/`"},
	{Code: "repository_not_found",
		Text:    "The repository does not exist or the Spice.ai GitHub app cannot see it: check owner/name, or " + askUser + "grant the app access to it",
		Sandbox: "The sandbox's emulated GitHub has no such repository, and no app to grant access: " + sandboxDefault.repositories()},
	{Code: "branch_not_found", When: operation(api.CreateProjectDeployment),
		Text:    "The app's production branch does not exist in its repository, so nothing was deployed: set production_branch to an existing branch with {{update_app}} or push that branch, then deploy again",
		Sandbox: sandboxNoBranch + "So nothing was deployed: set production_branch to another with {{update_app}}, then deploy again"},
	{Code: "branch_not_found", When: operation(api.ResumeProject),
		Text:    "The app's production branch does not exist in its repository, so the app stays paused: set production_branch to an existing branch with {{update_app}} or push that branch, then resume again",
		Sandbox: sandboxNoBranch + "So the app stays paused: set production_branch to another with {{update_app}}, then resume again"},
	{Code: "branch_not_found", Text: "That branch does not exist in the repository: check production_branch"},
	{Code: "spicepod_missing", Text: "The repository has no spicepod.yaml in that directory: add one, or set root_directory to where it is",
		Sandbox: "The sandbox's emulated repository has no spicepod.yaml in a directory whose name ends in -empty, and nothing " +
			"can be committed to it: set root_directory to another directory, or leave it out"},
	{Code: "github_unavailable", Text: "GitHub could not be reached; try again shortly",
		Sandbox: "The sandbox's emulated GitHub never answers for a repository whose name ends in -unavailable, so trying again " +
			"does not help: connect another repository, " + sandboxDefault.repositories()},
	// Over HTTP the server's default organization (SPICE_ORG) is its operator's setting, not the caller's.
	{Code: "org_forbidden", When: httpCaller,
		Text: "You cannot act in that organization: check the org argument (without one, calls act in this server's default organization, which its operator sets); {{list_orgs}} lists those you can pass as org"},
	{Code: "org_forbidden",
		Text: "You cannot act in that organization: check the org argument, or without one " + askUser + "check SPICE_ORG; {{list_orgs}} lists those you can pass as org"},
	{Code: "org_assertion_mismatch", When: httpCaller,
		Text: "An OAuth client's token acts only in its own organization: leave org out. If this server's operator set a default organization, " + askUser + "have them unset it, or to send a personal access token instead"},
	{Code: "org_assertion_mismatch",
		Text: "An OAuth client's token acts only in its own organization: leave org out, and " + askUser + "unset SPICE_ORG or to use a personal access token instead"},
	// Member management: the rule that applied, as the API names it, else the removal rules.
	{Code: "forbidden", When: ownersOnly,
		Text:    "Only an owner can grant, change or remove the admin or owner role: " + askUser + "have an owner of the organization do it",
		Sandbox: sandboxDefault.ownersOnly()},
	{Code: "forbidden", When: operation(api.RemoveMember),
		Text: "Removing members needs the admin role (it removes members and viewers) or the owner role (anyone but the organization's owner): " + askUser + "have an admin or an owner do it"},
	{Code: "forbidden",
		Text: "Your role in this organization does not allow this (viewers only read; only owners manage admins and owners): " + askUser + "have an owner or admin do it"},
	{Code: "fork_placement_required", Text: "Say where the fork runs: give a region or a cluster_name"},
	// fork_app takes scheduler_state_location: each names it as the argument to set or leave out.
	{Code: "scheduler_state_location_required",
		Text: "The source is distributed (it keeps scheduler state): give the fork its own scheduler_state_location, an s3:// URI outside the source's, e.g. s3://bucket/fork-state"},
	{Code: "scheduler_state_location_unsupported",
		Text: "That scheduler_state_location is not supported: give another s3:// URI, e.g. s3://bucket/fork-state"},
	{Code: "scheduler_state_location_overlaps_source",
		Text: "The fork's scheduler_state_location must not overlap the source's (its spicepod's runtime.scheduler.state_location): give a separate s3:// URI"},
	{Code: "scheduler_state_location_not_applicable", Text: "The source keeps no scheduler state: leave scheduler_state_location out"},
	{Code: "fork_name_unavailable", Text: "That name is taken: choose a different name for the fork"},
	{Code: "fork_source_has_no_spicepod", Text: "The source app (project) has no spicepod to copy: set one on it with {{update_app}} first"},
	{Code: "fork_source_spicepod_invalid", Text: "The source app's spicepod is invalid: fix it before forking"},
	{Code: "fork_source_loads_repository_files",
		Text: "The source's spicepod loads files from its repository, which a fork cannot copy: inline them first"},
	{Code: "fork_source_repository_unreadable",
		Text: "The source app's repository could not be read: check its GitHub connection, then fork again (no fork was made)",
		Sandbox: sandboxNoBranch + "So the source's spicepod could not be read and no fork was made: set the source's " +
			"production_branch to another with {{update_app}}, then fork again"},
	{Code: "ai_credits_exhausted", Text: aiCreditsUsedUp,
		Sandbox: sandboxAICredits},

	// A request that may have been applied (a write answered 5xx, or not at all): say how to
	// find out before trying again.
	{Operation: api.CreateProject, When: outcomeUnknown, Text: "List apps (projects) and look for the name before creating it again"},
	{Operation: api.CreateProjectDeployment, When: outcomeUnknown, Text: remedyDeployUnknown},
	{Operation: api.UpsertProjectSecret, When: outcomeUnknown, Text: "Setting a secret is safe to repeat: set it again"},
	// api/README §7.3: connecting replaces any previous connection.
	{Operation: api.ConnectProjectRepository, When: outcomeUnknown,
		Text: "Connecting a repository replaces any earlier connection, so it is safe to repeat: connect it again"},
	{Operation: api.RegenerateProjectAPIKey, When: outcomeUnknown, Text: "Get the app's API keys to see whether they changed before regenerating again"},
	{Operation: api.AddMember, When: outcomeUnknown, Text: "List members to see whether the user was added before adding again"},
	{Operation: api.ForkProject, When: outcomeUnknown, Text: "List the app's forks to see whether the fork was made before forking again"},
	{Operation: api.ResumeProject, When: outcomeUnknown, Text: remedyResumeUnknown},
	{Operation: api.PauseProject, When: outcomeUnknown, Text: remedyPauseUnknown},
	{Operation: api.RollbackProject, When: outcomeUnknown, Text: remedyRollbackUnknown},
	// A PUT, PATCH or DELETE whose answer was lost may have been applied too: a DELETE retried
	// later answers 404 for what the lost attempt deleted.
	{Operation: api.DeleteProject, When: outcomeUnknown, Text: "List apps (projects): if it is no longer listed, it was deleted; delete it again only if it is still there"},
	{Operation: api.DeleteProjectSecret, When: outcomeUnknown, Text: "List the app's secrets: if the name is no longer listed, it was deleted; delete it again only if it is still there"},
	{Operation: api.RemoveMember, When: outcomeUnknown, Text: "List members: if the user is no longer listed, they were removed; remove them again only if they are still there"},
	{Operation: api.UpdateProject, When: outcomeUnknown, Text: "Get the app to see whether the change was applied; sending the same update again is safe"},
	{Operation: api.UpdateMemberRoles, When: outcomeUnknown, Text: "Get the member to see whether the roles changed; setting the same roles again is safe"},
	{When: outcomeUnknown, Text: "Check the current state before retrying"},

	// No answer at all. Over HTTP the API's address, the network and the trust store are the
	// server's, which its caller does not run: who can look, not which setting.
	{When: func(f failure) bool { return httpCaller(f) && untrustedAPI(f) }, Text: remedyOperatorsUntrustedAPI},
	{When: func(f failure) bool { return httpCaller(f) && f.PlainHTTP }, Text: remedyOperatorsPlainHTTP},
	{When: func(f failure) bool { return httpCaller(f) && notSent(f) }, Text: remedyOperatorsUnreachable},
	{When: func(f failure) bool { return httpCaller(f) && noAnswer(f) }, Text: remedyOperatorsNoAnswer},
	{When: untrustedDefaultAPI, Text: remedyUntrustedDefaultAPI},
	{When: untrustedAPI, Text: remedyUntrustedAPI},
	// SPICE_API_URL on this machine (sandbox-api, a local proxy): the network is not the cause.
	{When: func(f failure) bool { return f.PlainHTTP && onThisMachine(f) }, Text: remedyPlainHTTPHere},
	{When: func(f failure) bool { return f.PlainHTTP }, Text: remedyPlainHTTP},
	{When: func(f failure) bool { return notSent(f) && f.Refused && onThisMachine(f) }, Text: remedyNothingListens},
	{When: func(f failure) bool { return noAnswer(f) && !f.NotSent && onThisMachine(f) && !httpCaller(f) }, Text: remedyStoppedAnswering},
	{When: notSent, Text: remedyNotSent},
	{When: noAnswer, Text: remedyNoAnswer},

	// The sandbox's emulator is not Spice.ai: no Spice.ai token works there, and none is needed.
	{Status: http.StatusUnauthorized, When: func(f failure) bool { return sandboxed(f) && callerToken(f) }, Text: RemedySandboxBearer},
	{Status: http.StatusUnauthorized, When: sandboxed, Text: RemedySandboxServerToken},
	{Status: http.StatusUnauthorized, When: callerToken,
		Text: "The bearer token your MCP client sent was refused (missing, malformed, revoked or expired): " + askUser + "set a valid Spice.ai token in the client's configuration (create one at https://spice.ai/account). This server's own credentials were not used"},
	// The caller (HTTP, no token of its own) runs no server: not its settings, but who fixes them.
	{Status: http.StatusUnauthorized, When: lent, Text: RemedyLentCredentialsRefused},
	{Status: http.StatusUnauthorized, Message: "Token expired",
		Text: "The token has expired: " + askUser + "create a new one at https://spice.ai/account and update SPICE_API_TOKEN, or to use OAuth client credentials, which renew automatically"},
	{Status: http.StatusUnauthorized,
		Text: "The token is missing, malformed, revoked or expired: " + askUser + "check SPICE_API_TOKEN (or SPICE_CLIENT_ID/SPICE_CLIENT_SECRET) and create a new one at https://spice.ai/account if needed"},

	{Status: http.StatusForbidden, When: namesScope,
		Text: askUser + "issue a token with {{.RequiredScope}} (or a scope that implies it, or *)"},
	{Code: "insufficient_scope", Text: "The token lacks the scope this needs: " + askUser + "issue a token with more scopes (or *)"},
	{Operation: api.CreateProject, Status: http.StatusForbidden, MessageContains: "app limit",
		Text:    "The organization has reached its plan's app limit: delete an unused app, or " + askUser + "upgrade the plan",
		Sandbox: sandboxAppLimit},
	// A fork is a new app too: the emulator answers the fork the create's uncoded 403 (api/README §7.2).
	{Operation: api.ForkProject, Status: http.StatusForbidden, MessageContains: "app limit",
		Text:    "The organization has reached its plan's app limit: delete an unused app, or " + askUser + "upgrade the plan; then fork again",
		Sandbox: sandboxAppLimit + ", then fork again"},
	{Operation: api.RemoveMember, Status: http.StatusForbidden, Message: "Cannot remove organization owner",
		Text:    "The organization owner cannot be removed: " + askUser + "transfer ownership in the Spice.ai portal first",
		Sandbox: "The organization owner cannot be removed, and the sandbox has no way to transfer ownership (" + sandboxDefault.owners() + "): remove another member"},
	{Operation: api.UpdateMemberRoles, Status: http.StatusForbidden, Message: "Cannot modify organization owner",
		Text:    "The organization owner's roles cannot be changed: " + askUser + "transfer ownership in the Spice.ai portal first",
		Sandbox: "The organization owner's roles cannot be changed, and the sandbox has no way to transfer ownership (" + sandboxDefault.owners() + "): change another member's roles"},
	{Status: http.StatusForbidden, When: exceedsPlan,
		Text:    "The request exceeds the organization's plan limits: {{get_limits}} shows them; ask for less (e.g. fewer replicas), or " + askUser + "upgrade the plan",
		Sandbox: sandboxDefault.exceedsPlan()},
	// The call's own scope and role, from the spec: what "check its scopes" alone left to guess.
	{Status: http.StatusForbidden, When: operationScoped,
		Text: "The token is not allowed to do this: the call needs the scope {{.OperationScope}} (or a scope that implies it, or *) " +
			"and the role {{.OperationRole}} or higher in the organization. Check its scopes and your role",
		Sandbox: forbiddenInSandbox},
	{Status: http.StatusForbidden, Text: "The token is not allowed to do this; check its scopes",
		Sandbox: forbiddenInSandbox},

	{Status: http.StatusNotFound, Message: "Secret not found", Text: "List the app's secrets with {{list_secrets}} to see the exact, case-sensitive names"},
	{Status: http.StatusNotFound, Message: "Member not found", Text: memberRef},
	{Status: http.StatusNotFound, Message: "User not found", When: sandboxed, Text: RemedySandboxUnknownUser},
	{Status: http.StatusNotFound, Message: "User not found",
		Text: "No Spice.ai user has that username: check it with the user (a person must sign in to Spice.ai once before they can be added)"},
	{Status: http.StatusNotFound, Message: "Deployment not found", Text: remedyNoDeployment},
	// The tool resolved the app just before: a 404 that names no deployment most likely means
	// the API does not serve the route (rollback is seen only in Spice's CLI).
	{Operation: api.RollbackProject, Status: http.StatusNotFound, Text: remedyRollbackUnserved, Sandbox: sandboxRollbackNoApp},
	{Status: http.StatusNotFound, When: routeHas("projectId", "appId"), Text: remedyNoApp},
	{Status: http.StatusNotFound, When: routeHas("memberId"), Text: memberRef},
	{Status: http.StatusNotFound, When: func(f failure) bool { return httpCaller(f) && !sandboxed(f) },
		Text: "The API at this server's Spice.ai API address does not serve this route (an older deployment may not offer it yet, " +
			"or the address is not the Spice.ai Management API's). " + operatorsAddressSentence},
	{Status: http.StatusNotFound,
		Text:    "The API at SPICE_API_URL does not serve this route (an older deployment may not offer it yet): " + askUser + "check that SPICE_API_URL is the Spice.ai Management API",
		Sandbox: "The sandbox's emulator found nothing there: what the call names may have been deleted meanwhile, so list it to check that it still exists"},

	{Operation: api.CreateProjectDeployment, Status: http.StatusConflict, When: activeDeployment, Text: remedyDeployInFlightID},
	{Operation: api.CreateProjectDeployment, Status: http.StatusConflict, Text: remedyDeployInFlight},
	{Operation: api.RollbackProject, Status: http.StatusConflict, MessageContains: "succeeded",
		Text: "Only a deployment that succeeded can be rolled back to: pick one with {{list_deployments}} (status succeeded)"},
	{Operation: api.RollbackProject, Status: http.StatusConflict, Message: "Organization is not fully configured", Text: orgNotSetUp, Sandbox: sandboxOrgNotSetUp},
	{Status: http.StatusConflict, When: func(f failure) bool { return deploys(f) && activeDeployment(f) }, Text: remedyInFlightID},
	{Status: http.StatusConflict, When: func(f failure) bool { return deploys(f) && inFlight(f) }, Text: remedyInFlight},
	{Operation: api.RollbackProject, Status: http.StatusConflict,
		Text: "The API refused the rollback for the reason its message gives: {{list_deployments}} shows the app's deployments and their status"},
	{Operation: api.CreateProject, Status: http.StatusConflict,
		Text: "An app (project) with this name already exists (names are compared case-insensitively): choose a different name"},
	{Operation: api.ForkProject, Status: http.StatusConflict, Text: "That name is taken: choose a different name for the fork"},
	{Operation: api.ForkProject, Status: http.StatusPaymentRequired,
		Text:    aiCreditsUsedUp,
		Sandbox: sandboxAICredits},
	{Operation: api.UpdateProject, Status: http.StatusConflict,
		Text:    "The app's spicepod comes from its connected GitHub repository: change it there (commit to the production branch) instead of updating it here",
		Sandbox: sandboxConnected},
	{Operation: api.ListProjectInstances, Status: http.StatusConflict, Text: remedyNoInstancePaused},
	{Operation: api.GetProjectInstanceLogs, Status: http.StatusConflict,
		Text: "The instance is not running (the app is paused or not deployed, or the instance was never scheduled or has stopped): list the app's instances with {{list_instances}} and pick a current one"},
	{Operation: api.ConnectProjectRepository, Status: http.StatusConflict,
		Text:    "Choose a repository directory no other app (project) deploys, or " + askUser + "install the Spice.ai GitHub app for the organization",
		Sandbox: "Choose a repository directory no other app (project) deploys (the sandbox's emulated GitHub needs no app installed)"},
	{Operation: api.AddMember, Status: http.StatusConflict,
		Text: "The user is already a member, and their roles were not changed: to change them, use {{update_member_roles}}"},
	// A 409 no row above knows (no code, a message that names no cause: "Conflict"): what the
	// call names changed meanwhile, or another change of it is under way.
	{Status: http.StatusConflict,
		Text: "What this call names changed meanwhile, or another change of it is under way: read it again (get or list it), then call again if still needed"},

	{Status: http.StatusBadRequest, MessagePrefix: "App has no spicepod",
		Text: "{{update_app}} sets it (the app and its spicepod: YAML with version, kind and name); then deploy again"},
	{Status: http.StatusBadRequest, Message: "Spicepod is paused",
		Text:    "The app's spicepod is paused: " + askUser + "restore the app in the Spice.ai portal before deploying",
		Sandbox: "The app's spicepod is paused, and the sandbox has no portal to restore it in: resume the app, which deploys it, instead of deploying"},
	{Status: http.StatusBadRequest, Message: "Invalid spicepod configuration",
		Text: "Fix the spicepod with {{update_app}} (or in its repository, when one is connected): it must be valid YAML or JSON with version, kind and name"},
	{Status: http.StatusBadRequest, MessagePrefix: "Invalid app ID", Text: "App IDs are numbers: list apps to find the right one"},
	{Status: http.StatusBadRequest, MessagePrefix: "Invalid project ID", Text: "App (project) IDs are numbers: list apps to find the right one"},
	{Status: http.StatusBadRequest, MessagePrefix: "Invalid member ID",
		Text: "Member IDs are numeric user IDs: pass member as the member's username, or as id:N with the user ID {{list_members}} shows"},
	{Status: http.StatusBadRequest, Message: "Invalid X-Org-Name header", When: httpCaller,
		Text: "The organization name sent was empty or invalid: set the org argument to a name {{list_orgs}} shows (without one, calls act in this server's default organization, which its operator sets)"},
	{Status: http.StatusBadRequest, Message: "Invalid X-Org-Name header",
		Text: "The organization name sent was empty or invalid: set the org argument to a name {{list_orgs}} shows; without one, " + askUser + "check SPICE_ORG, or unset it to act in the token's own organization"},
	{Status: http.StatusBadRequest, MessagePrefix: "Cluster ", MessageContains: " not found",
		Text: "The organization has no dedicated cluster of that name: {{list_clusters}} shows the names to use as cluster_name"},
	{Status: http.StatusBadRequest, MessageContains: "does not match cluster region",
		Text: "An app on a dedicated cluster runs in the cluster's region: leave region out, or give the region {{list_clusters}} shows for the cluster"},
	{Status: http.StatusBadRequest, MessagePrefix: "'cname'", MessageContains: "cannot be combined",
		Text: "cname is deprecated and cannot be combined with cluster_name: leave cname out"},
	{Operation: api.UpsertProjectSecret, Status: http.StatusBadRequest, When: badName,
		Text: "Secret names must start with a letter or underscore and contain only letters, digits and underscores"},
	{Status: http.StatusBadRequest, When: func(f failure) bool { return namesFields(f) && f.FieldErrorsLeftOut > 0 },
		Text: "Fix the fields named above and try again: the further field errors (counted above) are not shown, and the API's next answer names those still wrong"},
	{Status: http.StatusBadRequest, When: namesFields, Text: "Fix the fields named above and try again"},
	{Status: http.StatusBadRequest, When: noMessage,
		Text: "The API refused the request as invalid without saying why: check the arguments against the tool's description, then try again"},
	{Status: http.StatusBadRequest, Text: "The API refused the request as invalid, for the reason its message gives: correct that and try again"},

	// A 422 is an organization not set up only where the API says so or the operation has no other
	// (deploy, resume, metrics); a fork's or a connection's is about its source.
	{Status: http.StatusUnprocessableEntity, When: orgNotConfigured, Text: orgNotSetUp, Sandbox: sandboxOrgNotSetUp},
	{Operation: api.ForkProject, Status: http.StatusUnprocessableEntity,
		Text: "The source app cannot be forked as it is, for the reason the API's message gives: fix that in the source, then fork again (no fork was made)"},
	{Operation: api.ConnectProjectRepository, Status: http.StatusUnprocessableEntity,
		Text: "The repository cannot be connected as it is, for the reason the API's message gives (a missing branch, or no spicepod.yaml " +
			"where root_directory points): correct that in the repository or in root_directory, then connect again"},
	{Status: http.StatusUnprocessableEntity,
		Text: "The API refused the request as it stands, for the reason its message gives: correct that and try again"},

	{Status: http.StatusTooManyRequests, When: func(f failure) bool { return httpCaller(f) && retryAfterBeyondDay(f) },
		Text: "Rate limited, and the API asked to wait {{.Wait}}, longer than a day: that is no wait to follow. " +
			"Try again in a few minutes. If the API asks the same again, this server's API address may not be the Spice.ai Management API's: " + operatorsAddress},
	{Status: http.StatusTooManyRequests, When: retryAfterBeyondDay, Text: remedyRetryAfterBeyondDay},
	{Status: http.StatusTooManyRequests, When: retryAfter, Text: "Rate limited: wait {{.Wait}} before retrying"},
	{Status: http.StatusTooManyRequests, Text: "Rate limited: wait a minute before retrying"},

	// A 4xx no row above knows (405, 410, 413, 415, …): the API's message is all there is.
	{When: clientError, Text: "The API refused the request for the reason its status and message give: correct that and try again; " +
		"if they name nothing to correct, check the arguments against the tool's description"},

	{When: serverError, Text: "The Spice.ai API had a server-side problem. Try again shortly",
		Sandbox: "The sandbox's emulator, which runs in this server's process (Spice.ai was not called), had a server-side problem. " +
			"Try again, or " + askUser + "restart the server, which starts the emulator again from the demo data (its changes are lost)"},
}

// remedyRetryAfterBeyondDay: a 429 whose Retry-After no rate limit window explains.
const remedyRetryAfterBeyondDay = "Rate limited, and the API asked to wait {{.Wait}}, longer than a day: that is no wait to follow. " +
	"Try again in a few minutes. If the API asks the same again, " + askUser + "check that SPICE_API_URL points at the Spice.ai Management API"

// askUser opens the part of a remedy only a person can do, out of an agent's reach (issue a
// token, upgrade the plan, act in the Spice.ai portal or on GitHub): the agent relays it as
// written (TestR69Words8UserOnlyActionsAskTheUser). Its one form.
const askUser = "ask the user to "

// aiCreditsUsedUp: a fork's organization out of hosted AI credits (402, or the code).
const aiCreditsUsedUp = "The organization's hosted AI credits are used up: " + askUser + "add credits or upgrade the plan; then fork again"

// Texts more than one row gives, or that a tool replaces with calls its arguments name
// (RollbackFailed, CreateDeploymentFailed, DeploymentNotFound).
const (
	remedyPaused       = "The app (project) is paused: resume it, which starts a deployment, instead of deploying"
	remedyNoDeployment = "List the app's deployments to get the right deployment ID"
	// remedyNoApp: the API found no app by the ID sent (OrgIDAsApp names an organization's ID).
	remedyNoApp      = "Pass app a name or ID from {{list_apps}}; this one may be deleted or in another organization (org)"
	remedyInFlightID = "Deployment {{.ActiveDeploymentID}} is still queued or in progress: wait for it to finish, then try again"
	remedyInFlight   = "Another deployment is still queued or in progress: wait for it to finish, then try again"
	// create_deployment's 409 (CreateDeploymentFailed names the calls).
	remedyDeployInFlightID = "Deployment {{.ActiveDeploymentID}} is still queued or in progress: wait for it to finish, then deploy again"
	remedyDeployInFlight   = "Another deployment is still queued or in progress: wait for it to finish, then deploy again"
	// rollback_deployment's 404 without "Deployment not found" (RollbackFailed names the calls,
	// each only where usable).
	remedyRollbackUnserved = "The API may not offer rollback (a route seen only in Spice's CLI): check the deployment with get_deployment; " +
		"to run an earlier configuration without rollback, set it with update_app, then create_deployment"
	// A resume that may have been applied (ResumeFailed names the calls, wait_for_deployment only
	// where usable): this text names no tool, as a cancellation's remedy gives it too.
	remedyResumeUnknown = "List the app's deployments (newest first) and check whether the app is running: if a new deployment was queued, " +
		"the resume went through, so follow that deployment until it ends; if not, resume again"
	// sandboxRollbackNoApp: the emulator serves rollback, so its 404 without "Deployment not
	// found" is the app's (deleted since the tool looked it up).
	sandboxRollbackNoApp = "The sandbox's emulator serves rollback, so the app (project) was not found: it may have been deleted meanwhile; " +
		"list apps to get the right app ID"
	// remedyDeployUnknown: CreateDeploymentFailed replaces it with the exact calls.
	remedyDeployUnknown = "List the app's deployments (newest first) to see whether a new one was queued before deploying again"
	// remedyRollbackUnknown: RollbackMayStillLand replaces it when the rollback may still be queued later.
	remedyRollbackUnknown = "List the app's deployments (newest first) to see whether the rollback was queued before rolling back again"
	// remedyPauseUnknown: pause_app checks first (409 project_paused), so calling it again tells.
	remedyPauseUnknown = "Call pause_app again: it is safe to repeat, as it checks the app first and says it is already " +
		"paused when this pause went through"

	// No answer from the API elsewhere: the network is the person's to check, the agent's to report.
	remedyNotSent = "The request did not reach {{.Host}} (SPICE_API_URL): " + askUser + "check the network and that {{.Host}} is " +
		"reachable from the MCP server (its name resolves, no firewall or proxy refuses the connection). Then try again"
	remedyNoAnswer = "The Spice.ai API did not answer: try again shortly. If it goes on, " + askUser + "check the network " +
		"between the MCP server and the API (SPICE_API_URL): a proxy or firewall may drop the connection"

	// No answer from an API on this machine: sandbox-api's address, or a proxy's.
	// {{.Setting}} is the variable naming the address: SPICE_API_URL, or SPICE_OAUTH_TOKEN_URL for
	// the token endpoint (sandbox-api serves one too).
	remedyNothingListens = "Nothing accepted the connection at {{.Host}} ({{.Setting}}), an address on this machine, so the " +
		"network is not the cause. Ask the user to start the server that should listen there (the emulator, spice-cloud-mcp sandbox-api " +
		"--listen {{.ListenAddress}}), or to correct {{.Setting}}"
	remedyPlainHTTPHere = "The server at {{.Host}} (SPICE_API_URL), on this machine, runs but answered in plain HTTP to an " +
		"https:// address. Ask the user to write SPICE_API_URL with http:// (the emulator, spice-cloud-mcp sandbox-api, serves plain HTTP), " +
		"or correct the port if another server answers there"
	remedyPlainHTTP = "The server at {{.Host}} (SPICE_API_URL) answered in plain HTTP, not TLS, so it is not the Spice.ai API " +
		"(a proxy or a wrong port): " + askUser + "correct SPICE_API_URL (the API is " + client.DefaultBaseURL + ")"
	stoppedAnsweringHere = "The server at {{.Host}} ({{.Setting}}), on this machine, did not answer. Ask the user to check that it is still " +
		"running and start it again if it stopped (the emulator, spice-cloud-mcp sandbox-api, starts again from its initial " +
		"world, without the changes made since)"
	remedyStoppedAnswering = stoppedAnsweringHere + ", then try again"

	// memberRef: the member tools take member, a username or id:N.
	memberRef = "List the organization's members ({{list_members}}) and pass the member's username, or id:N with their user ID, as member"
	// orgNotSetUp: deploying (or rolling back) in an organization without its setup.
	// Only a person can finish it there: the agent is told to ask, not to do it.
	orgNotSetUp = "The organization is not fully set up for deployments: " + askUser + "finish its setup in the Spice.ai portal"

	// RemedySandboxBearer: in --sandbox, the emulator refused the bearer token an HTTP caller
	// sent (most likely a real Spice.ai token, still in the client's configuration). The token
	// is never repeated.
	RemedySandboxBearer = "The sandbox's emulator, not Spice.ai, refused the bearer token your MCP client sent. It accepts only " +
		"its own public token: a Spice.ai token never works here, and none is needed. Remove the Authorization header " +
		"from the client's configuration for this server, so that the sandbox lends its own token, or send the token `" + sandbox.DefaultToken + "`"
	// What is true in the sandbox where the real API's remedy names the portal, GitHub's app or a
	// plan upgrade; texts naming the world's organizations, owners or users are sandboxWorld's.
	sandboxNoBranch = "The app's production branch does not exist in the sandbox's emulated repository, where every branch exists " +
		"but one whose name ends in -missing, and no branch can be pushed. "
	sandboxConnected = "The app's spicepod comes from its connected repository, which the sandbox emulates: it holds the spicepod " +
		"the app had when connected, and nothing can be committed to it. To run another spicepod, create another app and set " +
		"the spicepod on it with {{update_app}}"
	sandboxAICredits = "The organization's hosted AI credits are used up, and the sandbox cannot add any or change its plan: " +
		"fork an app whose spicepod has no models, or fork in another organization (org argument)"
	sandboxAppLimit    = "The organization has reached the app limit the sandbox was started with, which it cannot raise: delete an unused app"
	sandboxOrgNotSetUp = "The organization is not set up for deployments, and the sandbox has no portal to finish its setup in: " +
		"deploy in another of its organizations ({{list_orgs}} shows them)"

	// RemedySandboxServerToken: in --sandbox, the emulator refused the token this server sends.
	RemedySandboxServerToken = "The sandbox's emulator refused the token this server sends (in sandbox mode the built-in " +
		"\"" + sandbox.DefaultToken + "\" token; SPICE_API_TOKEN is not used): " + askUser + "restart the server"

	// operatorsAddress: over HTTP, the server's API address (or token endpoint), the network it
	// reaches them over and the certificates it trusts are its operator's settings: the caller
	// runs no server, so it is told who can look, not which setting.
	operatorsAddress = "that address is set by this server's operator, not by you: " + askUser + "tell them"
	// operatorsAddressSentence is operatorsAddress as a sentence of its own.
	operatorsAddressSentence = "That address is set by this server's operator, not by you: " + askUser + "tell them"
	// remedyOperatorsUntrustedAPI, remedyOperatorsPlainHTTP, remedyOperatorsUnreachable: an HTTP
	// caller's call that got no answer from the server's API address.
	remedyOperatorsUntrustedAPI = "This server does not trust the certificate of its Spice.ai API address ({{.Host}}), so trying " +
		"again will not help. The address and the certificates the server trusts are set by its operator, not by you: " + askUser + "tell them"
	remedyOperatorsPlainHTTP = "The server at {{.Host}}, this server's Spice.ai API address, answered in plain HTTP, not TLS, " +
		"so it is not the Spice.ai API. " + operatorsAddressSentence
	remedyOperatorsNoAnswer = "The Spice.ai API did not answer this server: try again shortly; if it goes on, the network between " +
		"them is this server's operator's, not yours: " + askUser + "tell them"
	remedyOperatorsUnreachable = "This server could not connect to its Spice.ai API address ({{.Host}}): try again shortly; " +
		"if it goes on, " + operatorsAddress

	// RemedyLentTokenFailed: over HTTP, a caller that sent no token acted with the server's own
	// OAuth client (--http-allow-server-token), and its token endpoint gave no token for a
	// reason other than the credentials (no answer, an untrusted certificate, unavailable, an
	// answer that is no token, a redirect): the endpoint is the server's, so who can look.
	RemedyLentTokenFailed = "The token endpoint is this server's setting and the OAuth client its own, so only its operator " +
		"can look into this. Ask the user to tell them, or to have your MCP client send your own Spice.ai token as a bearer token (create one at https://spice.ai/account)"

	// RemedyLentCredentialsRefused: over HTTP, a caller that sent no token acted with the
	// server's own credentials (--http-allow-server-token), and the API refused them: the
	// caller does not run the server, so it is told who fixes them, not which setting.
	RemedyLentCredentialsRefused = "This server's own Spice.ai credentials, which it acts with for a caller that sends no token, " +
		"were refused (missing, malformed, revoked or expired). Only the server's operator can fix them: " + askUser + "tell them, " +
		"or to have your MCP client send your own Spice.ai token as a bearer token (create one at https://spice.ai/account)"
)

// sandboxPlans are the emulator's plans as its get_limits reports them (checkPlan enforces them):
// its own figures, so the text cannot drift from them.
var sandboxPlans = sandboxPlansText(sandbox.PlanLimits(false), sandbox.PlanLimits(true))

// sandboxPlansText says what the default world's standard and Enterprise plans allow.
func sandboxPlansText(standard, enterprise sandbox.Limits) string {
	return sandboxDefault.plans(standard, enterprise)
}

// RemedySandboxUnknownUser: in --sandbox, add_member of a username the emulator does not
// know. It knows a fixed set of users (sandbox.DefaultUsers), and no sign-in adds one.
var RemedySandboxUnknownUser = sandboxDefault.unknownUser()

// sandboxDefault is the world --sandbox serves, whose names the sandbox's remedies give.
var sandboxDefault = sandboxWorldOf(sandbox.DefaultOrgs(), sandbox.DefaultUsers())

// sandboxWorld is what the sandbox's remedies say about the emulator's world, read from its
// organizations and users, so a name changed there changes the texts.
type sandboxWorld struct {
	orgs                 []sandbox.Org
	standard, enterprise sandbox.Org // the first organization on each plan
	// actor is whom the sandbox's token acts as: the first organization's owner; adminOf is the
	// first organization where the actor is an admin (where only the owner manages admins).
	actor, adminOf string
	unaffiliated   []string // known users in no organization: add_member takes them
}

func sandboxWorldOf(orgs []sandbox.Org, users []sandbox.User) sandboxWorld {
	w := sandboxWorld{orgs: orgs}
	if len(orgs) > 0 {
		w.actor = orgs[0].Owner
	}
	inSome := map[string]bool{}
	for _, o := range orgs {
		if o.Enterprise && w.enterprise.Slug == "" {
			w.enterprise = o
		} else if !o.Enterprise && w.standard.Slug == "" {
			w.standard = o
		}
		if w.adminOf == "" && slices.Contains(o.Admins, w.actor) {
			w.adminOf = o.Slug
		}
		for _, name := range slices.Concat([]string{o.Owner}, o.Admins, o.Members, o.Viewers) {
			inSome[name] = true
		}
	}
	for _, u := range users {
		if !inSome[u.Username] {
			w.unaffiliated = append(w.unaffiliated, u.Username)
		}
	}
	return w
}

// backquoted is a name as the texts show it.
func backquoted(name string) string { return "`" + name + "`" }

// home is the organization the sandbox's token acts in unless a call names another.
func (w sandboxWorld) home() string { return w.orgs[0].Slug }

// ownersOnly: an admin's change to the admin or owner role.
func (w sandboxWorld) ownersOnly() string {
	return "Only an owner can grant, change or remove the admin or owner role, and the sandbox acts only as " + backquoted(w.actor) +
		", an admin of " + backquoted(w.adminOf) + ", whose owner " + backquoted(w.ownerOf(w.adminOf)) + " no caller can act as. " +
		"There change only members' and viewers' roles, or try the admin and owner roles in " + backquoted(w.home()) + ", which " +
		backquoted(w.actor) + " owns (org: " + w.home() + ")"
}

func (w sandboxWorld) ownerOf(slug string) string {
	for _, o := range w.orgs {
		if o.Slug == slug {
			return o.Owner
		}
	}
	return ""
}

// owners: who owns each organization, e.g. "`alice` owns `sandbox`, `carol` owns `acme-labs`".
func (w sandboxWorld) owners() string {
	each := make([]string, len(w.orgs))
	for i, o := range w.orgs {
		each[i] = backquoted(o.Owner) + " owns " + backquoted(o.Slug)
	}
	return strings.Join(each, ", ")
}

// exceedsPlan: a request above the plan's limits.
func (w sandboxWorld) exceedsPlan() string {
	return "The request exceeds the organization's plan limits, which the sandbox cannot raise. " +
		w.plans(sandbox.PlanLimits(false), sandbox.PlanLimits(true)) +
		". Ask for less ({{get_limits}} shows the organization's limits), or act in " + backquoted(w.enterprise.Slug) +
		" (org: " + w.enterprise.Slug + ")"
}

// imageTag: a pinned image_tag on the standard plan.
func (w sandboxWorld) imageTag() string {
	return "Pinning a runtime version (image_tag) needs the Enterprise plan: leave image_tag unset, or clear it, to " +
		"follow the update channel. The sandbox's plans cannot be upgraded, but its organization " +
		backquoted(w.enterprise.Slug) + " is on the Enterprise plan (org: " + w.enterprise.Slug + ")"
}

// repositories: what the emulated GitHub has.
func (w sandboxWorld) repositories() string {
	return "naming one of the organization's own: owner/name with the organization as owner (e.g. " + w.home() +
		"/analytics, or analytics alone), where a name ending in -missing stands for one that does not exist"
}

// unknownUser: add_member of a username the emulator does not know.
func (w sandboxWorld) unknownUser() string {
	addable := make([]string, len(w.unaffiliated))
	for i, name := range w.unaffiliated {
		addable[i] = backquoted(name)
	}
	return "The sandbox's emulator knows no user by that username, and none can be made known to it. " +
		"It knows only its own users (the README's section \"The emulator\" lists them; " + listed(addable) +
		" belong to no organization and can be added). {{list_members}} shows who is a member already"
}

// plans: what the standard plan and the Enterprise plan allow, naming an organization on each.
func (w sandboxWorld) plans(standard, enterprise sandbox.Limits) string {
	return "its standard plan (organization " + backquoted(w.standard.Slug) + ") allows " + planAllows(standard) +
		", its Enterprise plan (" + backquoted(w.enterprise.Slug) + ") " + planAllows(enterprise)
}

// planAllows is a plan's replicas and private compute, e.g. "10 replicas, 16 CPUs and 64Gi of memory".
func planAllows(l sandbox.Limits) string {
	replicas := count(l.Replicas, "replica", "replicas")
	if l.Replicas < 0 { // -1: unlimited
		replicas = "any number of replicas"
	}
	if l.Resources == nil {
		return replicas + " and no custom resources (CPU, memory)"
	}
	return replicas + ", " + cpusText(strconv.Itoa(l.Resources.MaxCPU)) + " and " + memoryGiText(strconv.Itoa(l.Resources.MaxMemoryGi))
}

// placeholders are what a remedy text may say about the failure. (A table rather than
// text/template: executing templates makes the linker keep every exported method of every
// type in the binary, about 2.8 MB more to map at each start.)
var placeholders = []struct {
	name  string
	value func(failure) string
}{
	{"{{.Host}}", func(f failure) string { return f.Host }},
	{"{{.ListenAddress}}", func(f failure) string { return f.ListenAddress }},
	{"{{.Setting}}", func(f failure) string { return f.Setting }},
	{"{{.RequiredScope}}", func(f failure) string { return f.RequiredScope }},
	{"{{.OperationScope}}", operationNeeds(false)},
	{"{{.OperationRole}}", operationNeeds(true)},
	{"{{.ActiveDeploymentID}}", func(f failure) string { return strconv.FormatInt(f.ActiveDeploymentID, 10) }},
	{"{{.Wait}}", failure.Wait},
	{"{{.MaxTail}}", func(f failure) string { return number(f.MaxTail) }},
}

// remedyTools are the tools remedy texts name, each written {{tool}}: a text names one as is
// where the caller can use it, else marked not available, ending with why (fixTools).
var remedyTools = []string{"list_apps", "list_deployments", "update_member_roles", "list_members", "get_limits", "list_orgs", "list_clusters", "update_app", "list_instances", "list_secrets"}

// fill replaces the placeholders in a remedy text with the failure's facts and the tools it
// names, in one pass: a fact that itself contains a placeholder's name (the API's text) is
// never expanded.
func fill(text string, f failure) string { return fillNaming(text, f, &fixTools{}) }

// fillNaming is fill naming a tool only where the caller can use it (tools).
func fillNaming(text string, f failure, tools *fixTools) string {
	if !strings.Contains(text, "{{") {
		return text
	}
	pairs := make([]string, 0, 2*(len(placeholders)+len(remedyTools)))
	for _, p := range placeholders {
		pairs = append(pairs, p.name, p.value(f))
	}
	for _, tool := range remedyTools {
		if strings.Contains(text, "{{"+tool+"}}") {
			pairs = append(pairs, "{{"+tool+"}}", tools.name(tool))
		}
	}
	text = strings.NewReplacer(pairs...).Replace(text)
	if len(tools.missing) > 0 {
		text += "; " + unavailableSteps(tools.missing, func(n int) string {
			if f.Sandbox { // the emulator has no portal
				return ": an operator can make " + plural(n, "it", "them") + " available"
			}
			return ": the Spice.ai portal offers the same, or an operator can make " + plural(n, "it", "them") + " available"
		})
	}
	return text
}

// Remedy is the one line of advice for an API or request error ("" when the table has none, or
// err is neither).
func Remedy(err error) string { return remedyNaming(err, nil) }

// remedyNaming is Remedy naming a tool of remedyTools only where the caller can use it
// (unavailable: those it cannot, with why).
func remedyNaming(err error, unavailable []UnavailableTool) string {
	f, ok := failureOf(err)
	if !ok {
		return ""
	}
	_, text := remedyWith(f, &fixTools{unavailable: unavailable})
	return text
}

// RemedyTools are the tools of remedyTools that err's remedy names: only whether the caller can
// use these is worth asking (ToolErrorFor).
func RemedyTools(err error) []string {
	f, ok := failureOf(err)
	if !ok {
		return nil
	}
	i, _ := remedyFor(f)
	if i < 0 {
		return nil
	}
	var named []string
	for _, tool := range remedyTools {
		if strings.Contains(remedies[i].text(f), "{{"+tool+"}}") {
			named = append(named, tool)
		}
	}
	return named
}

// remedyFor returns the first matching row's index (-1 for none) and its rendered text.
func remedyFor(f failure) (int, string) { return remedyWith(f, &fixTools{}) }

// remedyWith is remedyFor naming the tools the caller can use (tools).
func remedyWith(f failure, tools *fixTools) (int, string) {
	for i := range remedies {
		if !remedies[i].matches(f) {
			continue
		}
		return i, fillNaming(remedies[i].text(f), f, tools)
	}
	return -1, ""
}

// OrgIDAsApp renders the 404 of an app named by its ID (id) when id is organization org's
// (listOrgs says so): an organization's ID sent as an app's, an easy slip, since both are
// numbers. listApps is list_apps when the caller cannot use it. ok is false for any other
// failure: Error's remedy stands.
func OrgIDAsApp(err error, id int64, org string, listApps []UnavailableTool) (text string, ok bool) {
	var apiErr *client.APIError
	if !AppNotFoundByID(err) || !errors.As(err, &apiErr) {
		return "", false
	}
	return apiErrorText(apiErr, OrgIDNotApp(id, org, listApps)), true
}

// AppNotFoundByID reports whether err is the API's 404 for the app a call named (remedyNoApp's).
func AppNotFoundByID(err error) bool {
	var apiErr *client.APIError
	f, known := failureOf(err)
	if !known || !errors.As(err, &apiErr) || f.Status != http.StatusNotFound {
		return false
	}
	i, _ := remedyFor(f)
	return i >= 0 && remedies[i].Text == remedyNoApp
}

// AppMissWithOrgID is a miss (no app by that ID among the listed ones: AppNotFound's text)
// followed by OrgIDNotApp.
func AppMissWithOrgID(miss string, id int64, org string, listApps []UnavailableTool) string {
	return miss + " " + upperFirst(OrgIDNotApp(id, org, listApps)) + "."
}

// OrgIDNotApp says that id, sent as an app's, is organization org's, and where that
// organization's apps are listed (listApps: list_apps when the caller cannot use it).
func OrgIDNotApp(id int64, org string, listApps []UnavailableTool) string {
	list := Call("list_apps", Arg{"org", org}) + " lists its apps"
	if len(listApps) > 0 {
		list = portalOr(listApps, "its apps", "the Spice.ai portal lists its apps ("+toolsUnavailable(listApps)+")")
	}
	return fmt.Sprintf("%d is the ID of organization %s, not an app's: %s; pass one's name or ID as app, with org %s", id, orgShown(org), list, Inline(org))
}
