package client

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// ErrNoCredentials is returned by every authenticated call when no token source is configured.
var ErrNoCredentials = errors.New("no Spice.ai credentials: set SPICE_API_TOKEN to a personal access token " +
	"(create one at https://spice.ai/account), or SPICE_CLIENT_ID and SPICE_CLIENT_SECRET for OAuth client credentials")

// APIError is a non-2xx answer from the Management API.
type APIError struct {
	Operation  string // operationId, e.g. "createDeployment"
	Method     string
	Path       string
	StatusCode int
	// Message is the API's `error` text (prose, not a code).
	Message     string
	FieldErrors map[string][]string
	FormErrors  []string
	// ActiveDeploymentID is set on the create-deployment 409: the deployment still in flight.
	ActiveDeploymentID int64
	// Code is an optional machine code some servers add.
	Code string
	// RetryAfter is the server's Retry-After (or rate-limit reset) wait, when it sent one.
	RetryAfter time.Duration
	// RequiredScope is the scope named by a 403 "Insufficient scope" answer.
	RequiredScope string
	// OutcomeUnknown is set when a non-idempotent request got a server error: it may have been applied.
	OutcomeUnknown bool
	// Remedy is one line telling the user what to do next.
	Remedy string
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d %s: %s", e.Operation, e.StatusCode, http.StatusText(e.StatusCode), e.Message)
	if len(e.FieldErrors) > 0 {
		b.WriteString(" (" + rules.FieldErrors(e.FieldErrors).String() + ")")
	}
	if len(e.FormErrors) > 0 {
		b.WriteString(" (" + strings.Join(e.FormErrors, "; ") + ")")
	}
	if e.ActiveDeploymentID != 0 {
		fmt.Fprintf(&b, " (active deployment %d)", e.ActiveDeploymentID)
	}
	if e.OutcomeUnknown {
		b.WriteString(". Outcome unknown: the request may or may not have been applied")
	}
	if e.Remedy != "" {
		b.WriteString(". " + e.Remedy)
	}
	return b.String()
}

// RequestError is a request that got no HTTP answer (connection failure, timeout).
type RequestError struct {
	Operation string
	Method    string
	Path      string
	Err       error
	// Sent is false when the request never reached the server (the connection could not be made).
	Sent bool
	// OutcomeUnknown is set for a non-idempotent request that was sent but got no answer.
	OutcomeUnknown bool
	Remedy         string
}

func (e *RequestError) Error() string {
	msg := fmt.Sprintf("%s: %s %s failed: %v", e.Operation, e.Method, e.Path, e.Err)
	switch {
	case e.OutcomeUnknown:
		msg += ". Outcome unknown: the request was sent but no answer came back"
	case !e.Sent:
		msg += ". The request was not sent, so nothing changed"
	}
	if e.Remedy != "" {
		msg += ". " + e.Remedy
	}
	return msg
}

func (e *RequestError) Unwrap() error { return e.Err }

// ValidationError is a request refused by the client before anything was sent.
type ValidationError struct {
	Operation string
	Fields    rules.FieldErrors
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("%s: invalid request, nothing was sent: %s", e.Operation, e.Fields.String())
}

// remedy picks the one-line advice for an API error, after the troubleshooting table of the
// Spice agent skill (seeds) and spice-api/README.md §10.
func remedy(e *APIError) string {
	switch e.StatusCode {
	case http.StatusUnauthorized:
		if e.Message == "Token expired" {
			return "The token has expired: create a new one at https://spice.ai/account and update SPICE_API_TOKEN, or use OAuth client credentials, which renew automatically"
		}
		return "Check SPICE_API_TOKEN (or SPICE_CLIENT_ID/SPICE_CLIENT_SECRET): the token is missing, malformed, revoked or expired; create a new one at https://spice.ai/account"
	case http.StatusForbidden:
		switch {
		case e.RequiredScope != "":
			return fmt.Sprintf("The token lacks the %q scope: issue a token with %s (or a scope that implies it, or *)", e.RequiredScope, e.RequiredScope)
		case strings.Contains(e.Message, "app limit"):
			return "The organization has reached its plan's app limit: delete an unused app or upgrade the plan"
		case strings.Contains(e.Message, "owner"):
			return "The organization owner cannot be removed; transfer ownership in the Spice.ai portal first"
		}
		return "The token is not allowed to do this; check its scopes"
	case http.StatusNotFound:
		switch e.Message {
		case "Secret not found":
			return "List the app's secrets to see the exact, case-sensitive names"
		case "Member not found":
			return "List the organization's members to get the right user_id"
		case "User not found":
			return "No Spice.ai user has that username; the user must sign in to Spice.ai once before being added"
		case "Deployment not found":
			return "List the app's deployments to get the right deployment ID"
		}
		return "List apps to get the right app ID; the app may have been deleted or belong to another organization"
	case http.StatusConflict:
		switch {
		case e.ActiveDeploymentID != 0:
			return fmt.Sprintf("Deployment %d is still queued or in progress: wait for it to finish, then deploy again", e.ActiveDeploymentID)
		case e.Operation == "createDeployment":
			return "Another deployment is still queued or in progress: wait for it to finish, then deploy again"
		case e.Operation == "addMember":
			return "The user is already a member; nothing to do"
		}
		return "An app with this name already exists (names are compared case-insensitively): choose a different name"
	case http.StatusBadRequest:
		switch {
		case strings.HasPrefix(e.Message, "App has no spicepod"):
			return "Set a spicepod on the app (update the app with `spicepod`) before deploying"
		case e.Message == "Spicepod is paused":
			return "The app's spicepod is paused: restore the app in the Spice.ai portal before deploying"
		case e.Message == "Invalid spicepod configuration":
			return "Fix the spicepod: it must be valid YAML or JSON with version, kind and name"
		case strings.HasPrefix(e.Message, "Invalid app ID"):
			return "App IDs are numbers: list apps to find the right one"
		case e.Operation == "upsertSecret" && len(e.FieldErrors["name"]) > 0:
			return "Secret names must start with a letter or underscore and contain only letters, digits and underscores"
		}
		return "Fix the fields named above and try again"
	case http.StatusUnprocessableEntity:
		return "The organization is not fully set up for deployments: finish its setup in the Spice.ai portal"
	case http.StatusTooManyRequests:
		if e.RetryAfter > 0 {
			return "Rate limited: wait " + e.RetryAfter.Round(time.Second).String() + " before retrying"
		}
		return "Rate limited: wait a minute before retrying"
	}
	if e.OutcomeUnknown {
		return checkBeforeRetry(e.Operation)
	}
	if e.StatusCode >= 500 {
		return "The Spice.ai API had a server-side problem; try again shortly"
	}
	return ""
}

// checkBeforeRetry says how to find out whether a non-idempotent request took effect.
func checkBeforeRetry(operation string) string {
	switch operation {
	case "createApp":
		return "List apps and look for the name before creating it again"
	case "createDeployment":
		return "List the app's deployments (newest first) to see whether a new one was queued before deploying again"
	case "upsertSecret":
		return "Setting a secret is safe to repeat: set it again"
	case "regenerateApiKey":
		return "Get the app's API keys to see whether they changed before regenerating again"
	case "addMember":
		return "List members to see whether the user was added before adding again"
	}
	return "Check the current state before retrying"
}

// requiredScope extracts the scope from "Insufficient scope. Required: <scope>".
func requiredScope(message string) string {
	const prefix = "Insufficient scope. Required: "
	if scope, ok := strings.CutPrefix(message, prefix); ok {
		return strings.TrimSpace(scope)
	}
	return ""
}

// parseRetryAfter reads Retry-After as seconds or an HTTP date.
func parseRetryAfter(value string, now time.Time) (time.Duration, bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(value, 64); err == nil {
		if secs < 0 {
			secs = 0
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	if at, err := http.ParseTime(value); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}
