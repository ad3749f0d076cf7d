package present

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// What to do about a failed API call is data: the remedy table below, keyed by operation, HTTP
// status and the API's error code or message, after the troubleshooting table of the Spice
// agent skill and spice-api/README.md §10. The client only reports facts (client.APIError,
// client.RequestError); Remedy picks the line for them.

// failure is what the remedy table matches on and what its texts may use.
type failure struct {
	Operation string // operationId, e.g. "createDeployment"
	// Status is the HTTP status; 0 when no answer came back (connection failure, timeout).
	Status  int
	Code    string // the API's machine code, when it sends one
	Message string // the API's error text
	// FieldErrors are the API's per-field validation messages.
	FieldErrors map[string][]string
	// RequiredScope is the scope a 403 "Insufficient scope" names.
	RequiredScope string
	// ActiveDeploymentID is the deployment still in flight (create-deployment 409).
	ActiveDeploymentID int64
	// RetryAfter is the server's Retry-After, when it sent one.
	RetryAfter time.Duration
	// OutcomeUnknown: a non-idempotent request got a server error or no answer; it may have been applied.
	OutcomeUnknown bool
	// NotSent: the request never reached the server (no connection), so nothing changed.
	NotSent bool
	// Host is the API host, for connection failures.
	Host string
}

// Wait is RetryAfter rounded to seconds, as the texts show it.
func (f failure) Wait() string { return f.RetryAfter.Round(time.Second).String() }

// failureOf extracts the facts of an API or request error; ok is false for any other error.
func failureOf(err error) (failure, bool) {
	var apiErr *client.APIError
	var reqErr *client.RequestError
	switch {
	case errors.As(err, &apiErr):
		return failure{Operation: apiErr.Operation, Status: apiErr.StatusCode, Code: apiErr.Code, Message: apiErr.Message,
			FieldErrors: apiErr.FieldErrors, RequiredScope: apiErr.RequiredScope, ActiveDeploymentID: apiErr.ActiveDeploymentID,
			RetryAfter: apiErr.RetryAfter, OutcomeUnknown: apiErr.OutcomeUnknown}, true
	case errors.As(err, &reqErr):
		return failure{Operation: reqErr.Operation, OutcomeUnknown: reqErr.OutcomeUnknown, NotSent: !reqErr.Sent, Host: reqErr.Host}, true
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
	// below ({{.RequiredScope}}, {{.ActiveDeploymentID}}, …) stand for the failure's facts.
	Text string
}

func (r *remedyRule) matches(f failure) bool {
	return (r.Operation == nil || r.Operation.ID == f.Operation) &&
		(r.Status == 0 || r.Status == f.Status) &&
		(r.Code == "" || r.Code == f.Code) &&
		(r.Message == "" || r.Message == f.Message) &&
		(r.MessagePrefix == "" || strings.HasPrefix(f.Message, r.MessagePrefix)) &&
		(r.MessageContains == "" || strings.Contains(f.Message, r.MessageContains)) &&
		(r.When == nil || r.When(f))
}

// Conditions of the table, named for reading.
func outcomeUnknown(f failure) bool   { return f.OutcomeUnknown }
func notSent(f failure) bool          { return f.Status == 0 && f.NotSent }
func noAnswer(f failure) bool         { return f.Status == 0 }
func serverError(f failure) bool      { return f.Status >= 500 }
func namesScope(f failure) bool       { return f.RequiredScope != "" }
func activeDeployment(f failure) bool { return f.ActiveDeploymentID != 0 }
func retryAfter(f failure) bool       { return f.RetryAfter > 0 }
func badName(f failure) bool          { return len(f.FieldErrors["name"]) > 0 }

// remedies is the table. Rows with an Operation must use a status that operation declares
// (TestRemedyRulesFollowTheSpec), so the table cannot drift from openapi.json.
var remedies = []remedyRule{
	// A request that may have been applied (a POST answered 5xx, or not at all): say how to find
	// out before trying again.
	{Operation: api.CreateApp, When: outcomeUnknown, Text: "List apps and look for the name before creating it again"},
	{Operation: api.CreateDeployment, When: outcomeUnknown, Text: "List the app's deployments (newest first) to see whether a new one was queued before deploying again"},
	{Operation: api.UpsertSecret, When: outcomeUnknown, Text: "Setting a secret is safe to repeat: set it again"},
	{Operation: api.RegenerateAPIKey, When: outcomeUnknown, Text: "Get the app's API keys to see whether they changed before regenerating again"},
	{Operation: api.AddMember, When: outcomeUnknown, Text: "List members to see whether the user was added before adding again"},
	{When: outcomeUnknown, Text: "Check the current state before retrying"},

	// No answer at all.
	{When: notSent, Text: "Check the network and that {{.Host}} is reachable (SPICE_API_URL)"},
	{When: noAnswer, Text: "The Spice.ai API did not answer; try again shortly"},

	{Status: http.StatusUnauthorized, Message: "Token expired",
		Text: "The token has expired: create a new one at https://spice.ai/account and update SPICE_API_TOKEN, or use OAuth client credentials, which renew automatically"},
	{Status: http.StatusUnauthorized,
		Text: "Check SPICE_API_TOKEN (or SPICE_CLIENT_ID/SPICE_CLIENT_SECRET): the token is missing, malformed, revoked or expired; create a new one at https://spice.ai/account"},

	{Status: http.StatusForbidden, When: namesScope,
		Text: `The token lacks the {{.QuotedScope}} scope: issue a token with {{.RequiredScope}} (or a scope that implies it, or *)`},
	{Operation: api.CreateApp, Status: http.StatusForbidden, MessageContains: "app limit",
		Text: "The organization has reached its plan's app limit: delete an unused app or upgrade the plan"},
	{Operation: api.RemoveMember, Status: http.StatusForbidden, MessageContains: "owner",
		Text: "The organization owner cannot be removed; transfer ownership in the Spice.ai portal first"},
	{Status: http.StatusForbidden, Text: "The token is not allowed to do this; check its scopes"},

	{Status: http.StatusNotFound, Message: "Secret not found", Text: "List the app's secrets to see the exact, case-sensitive names"},
	{Status: http.StatusNotFound, Message: "Member not found", Text: "List the organization's members to get the right user_id"},
	{Status: http.StatusNotFound, Message: "User not found",
		Text: "No Spice.ai user has that username; the user must sign in to Spice.ai once before being added"},
	{Status: http.StatusNotFound, Message: "Deployment not found", Text: "List the app's deployments to get the right deployment ID"},
	{Status: http.StatusNotFound, Text: "List apps to get the right app ID; the app may have been deleted or belong to another organization"},

	{Operation: api.CreateDeployment, Status: http.StatusConflict, When: activeDeployment,
		Text: "Deployment {{.ActiveDeploymentID}} is still queued or in progress: wait for it to finish, then deploy again"},
	{Operation: api.CreateDeployment, Status: http.StatusConflict,
		Text: "Another deployment is still queued or in progress: wait for it to finish, then deploy again"},
	{Operation: api.AddMember, Status: http.StatusConflict, Text: "The user is already a member; nothing to do"},
	{Operation: api.CreateApp, Status: http.StatusConflict,
		Text: "An app with this name already exists (names are compared case-insensitively): choose a different name"},

	{Status: http.StatusBadRequest, MessagePrefix: "App has no spicepod",
		Text: "Set a spicepod on the app (update the app with `spicepod`) before deploying"},
	{Status: http.StatusBadRequest, Message: "Spicepod is paused",
		Text: "The app's spicepod is paused: restore the app in the Spice.ai portal before deploying"},
	{Status: http.StatusBadRequest, Message: "Invalid spicepod configuration",
		Text: "Fix the spicepod: it must be valid YAML or JSON with version, kind and name"},
	{Status: http.StatusBadRequest, MessagePrefix: "Invalid app ID", Text: "App IDs are numbers: list apps to find the right one"},
	{Operation: api.UpsertSecret, Status: http.StatusBadRequest, When: badName,
		Text: "Secret names must start with a letter or underscore and contain only letters, digits and underscores"},
	{Status: http.StatusBadRequest, Text: "Fix the fields named above and try again"},

	{Status: http.StatusUnprocessableEntity,
		Text: "The organization is not fully set up for deployments: finish its setup in the Spice.ai portal"},

	{Status: http.StatusTooManyRequests, When: retryAfter, Text: "Rate limited: wait {{.Wait}} before retrying"},
	{Status: http.StatusTooManyRequests, Text: "Rate limited: wait a minute before retrying"},

	{When: serverError, Text: "The Spice.ai API had a server-side problem; try again shortly"},
}

// placeholders are what a remedy text may say about the failure. (A table rather than
// text/template: executing templates makes the linker keep every exported method of every
// type in the binary, about 2.8 MB more to map at each start.)
var placeholders = []struct {
	name  string
	value func(failure) string
}{
	{"{{.Host}}", func(f failure) string { return f.Host }},
	{"{{.RequiredScope}}", func(f failure) string { return f.RequiredScope }},
	{"{{.QuotedScope}}", func(f failure) string { return strconv.Quote(f.RequiredScope) }},
	{"{{.ActiveDeploymentID}}", func(f failure) string { return strconv.FormatInt(f.ActiveDeploymentID, 10) }},
	{"{{.Wait}}", failure.Wait},
}

// fill replaces the placeholders in a remedy text with the failure's facts, in one pass: a fact
// that itself contains a placeholder's name (the API's text) is never expanded.
func fill(text string, f failure) string {
	if !strings.Contains(text, "{{") {
		return text
	}
	pairs := make([]string, 0, 2*len(placeholders))
	for _, p := range placeholders {
		pairs = append(pairs, p.name, p.value(f))
	}
	return strings.NewReplacer(pairs...).Replace(text)
}

// Remedy is the one line of advice for an API or request error ("" when the table has none, or
// err is neither).
func Remedy(err error) string {
	f, ok := failureOf(err)
	if !ok {
		return ""
	}
	_, text := remedyFor(f)
	return text
}

// remedyFor returns the first matching row's index (-1 for none) and its rendered text.
func remedyFor(f failure) (int, string) {
	for i := range remedies {
		if !remedies[i].matches(f) {
			continue
		}
		return i, fill(remedies[i].Text, f)
	}
	return -1, ""
}
