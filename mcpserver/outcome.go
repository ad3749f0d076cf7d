package mcpserver

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// errToolHidden is the outcome of a call to a tool this server or token does not expose.
var errToolHidden = errors.New("tool not exposed")

// failure is why a tool call failed, as its log line says it: a short reason from a fixed set,
// the operation, HTTP status and API error code when the API answered, and the level. It holds
// no argument value, secret name or credential, only what the error's kind says.
type failure struct {
	reason string
	attrs  []any
	level  slog.Level
}

// classify reads a failed call's outcome. What the caller or the person did (a mistake in the
// arguments, a name that matches nothing, a missing scope, an approval still to give or
// declined, a 4xx from the API, a cancellation) is ordinary flow, logged at INFO; WARN is kept
// for what the operator may have to act on: missing or rejected server credentials, an API
// that fails (5xx, 429, no answer, an unusable answer), the time limit, the page server.
// err is the error the tool handler itself returned (a recovered panic): ERROR.
func classify(o *tools.Outcome, err error) failure {
	if err != nil {
		return failure{reason: "internal_error", level: slog.LevelError}
	}
	if o == nil || o.Err == nil {
		return failure{reason: "refused", level: slog.LevelInfo}
	}
	cause := o.Err
	info := func(reason string, attrs ...any) failure { return failure{reason, attrs, slog.LevelInfo} }
	warn := func(reason string, attrs ...any) failure { return failure{reason, attrs, slog.LevelWarn} }
	var (
		valErr    *client.ValidationError
		argErr    *tools.ArgumentError
		notFound  *tools.NotFoundError
		ambiguous *tools.AmbiguousError
		scopeErr  *tools.MissingScopeError
		roleErr   *tools.RoleError
		dlErr     *client.DeadlineError
		cancelErr *client.CancelledError
		redirErr  *client.RedirectError
		respErr   *client.ResponseError
		apiErr    *client.APIError
		reqErr    *client.RequestError
		tokenErr  *client.TokenError
		netErr    *net.OpError
	)
	switch {
	case errors.Is(cause, errToolHidden):
		return info("tool_unavailable")
	case errors.Is(cause, client.ErrNoCredentials):
		return warn("no_credentials")
	case errors.Is(cause, ErrRequestTokenRequired):
		return info("no_request_credentials")
	case errors.As(cause, &valErr), errors.As(cause, &argErr):
		return info("invalid_arguments")
	case errors.As(cause, &notFound):
		return info("no_match")
	case errors.As(cause, &ambiguous):
		return info("ambiguous")
	case errors.As(cause, &scopeErr):
		return info("missing_scope")
	case errors.As(cause, &roleErr):
		return info("role_too_low")
	case errors.As(cause, &dlErr):
		return warn("time_limit", "op", dlErr.Operation)
	case errors.As(cause, &cancelErr):
		return info("cancelled", "op", cancelErr.Operation)
	case errors.Is(cause, context.Canceled):
		return info("cancelled")
	case errors.As(cause, &tokenErr): // before the network errors a failure without an answer wraps
		if tokenErr.Untrusted { // the operator's trust store to fix: not retried, nothing sent
			return warn("oauth_token", "op", client.TokenOperation, "untrusted_certificate", true)
		}
		if tokenErr.StatusCode == 0 {
			return warn("oauth_token", "op", client.TokenOperation)
		}
		return warn("oauth_token", "op", client.TokenOperation, "status", tokenErr.StatusCode)
	case errors.As(cause, &reqErr): // before DeadlineExceeded, which net/http's timeouts also count as
		return warn("api_unreachable", "op", reqErr.Operation)
	case errors.Is(cause, context.DeadlineExceeded):
		return warn("time_limit")
	case errors.As(cause, &redirErr):
		return warn("api_redirect", "op", redirErr.Operation, "status", redirErr.StatusCode)
	case errors.As(cause, &respErr):
		if respErr.Page != nil { // a web page (a proxy's sign-in page) in place of the API's JSON
			return warn("api_unusable_answer", "op", respErr.Operation, "status", respErr.StatusCode, "html_page", true)
		}
		return warn("api_unusable_answer", "op", respErr.Operation, "status", respErr.StatusCode)
	case errors.As(cause, &apiErr):
		attrs := []any{"op", apiErr.Operation, "status", apiErr.StatusCode}
		if apiErr.Code != "" {
			attrs = append(attrs, "code", logBound(apiErr.Code))
		}
		switch s := apiErr.StatusCode; {
		case s >= 500, s == 429, s == 401 && !apiErr.CallerToken:
			// The API fails or throttles, or rejects the server's own credentials.
			return warn("api_error", attrs...)
		}
		return info("api_error", attrs...)
	case errors.Is(cause, tools.ErrStopped): // a stop on purpose or behind another call: nothing failed
		return info("stopped")
	case errors.Is(cause, humanweb.ErrTooMany):
		return info("too_many_links")
	case errors.Is(cause, humanweb.ErrNoBase), errors.Is(cause, humanweb.ErrFull), errors.As(cause, &netErr):
		return warn("page_server")
	case errors.Is(cause, humanweb.ErrNotOpened): // --human-links open, and the launcher failed
		return warn("browser")
	}
	return info("failed")
}

// logCodeBytes bounds an API-sourced text in a log line: the API's error code is short when
// the API is well, and a hostile or broken answer must not flood the operator's logs.
const logCodeBytes = 100

// logBound returns s, or its start (at a character boundary) and "…" within logCodeBytes.
func logBound(s string) string {
	if len(s) <= logCodeBytes {
		return s
	}
	end := logCodeBytes - len("…")
	for end > 0 && !utf8.RuneStart(s[end]) {
		end--
	}
	return s[:end] + "…"
}
