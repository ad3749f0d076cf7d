package present

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present/answerwords"
)

// Answers the client refuses to pass on as results: a redirect, which it never follows, and a
// success without the result the operation documents (client.RedirectError and
// client.ResponseError). Error renders them through unusableAnswerText.

// isUnusableAnswer reports a redirect or a success without its documented result.
func isUnusableAnswer(err error) bool {
	var redirect *client.RedirectError
	var incomplete *client.ResponseError
	return errors.As(err, &redirect) || errors.As(err, &incomplete)
}

// unusableAnswerText renders an error isUnusableAnswer accepts: what the server answered,
// whether anything changed, and what to do.
func unusableAnswerText(err error, st errorStyle) string {
	var redirect *client.RedirectError
	if errors.As(err, &redirect) {
		return redirectText(redirect, st)
	}
	var incomplete *client.ResponseError
	errors.As(err, &incomplete)
	return incompleteText(incomplete, st)
}

// redirectText: where the redirect pointed (scheme and host only: its path or query may carry
// credentials), that nothing went there, that a 3xx means the request was not carried out,
// and which setting to fix.
func redirectText(e *client.RedirectError, st errorStyle) string {
	to := "a redirect without a usable address"
	if e.Target != "" {
		to = "a redirect to " + st.api(e.Target) // the host is the answer's: a token may be one of its labels
	}
	status := fmt.Sprintf("%d %s", e.StatusCode, answerwords.Status(e.StatusCode))
	if e.Setting == client.EnvOAuthTokenURL && e.HTTPCaller {
		// The server's own OAuth client, lent to an HTTP caller: its endpoint is the operator's.
		return fmt.Sprintf("This server could not get its own access token: its OAuth token endpoint answered %s, %s. "+
			"Redirects are not followed: that would send the client secret to another address. No token was issued, so nothing "+
			"was sent to the Spice.ai API.\n%s.", status, to, whatToDo(RemedyLentTokenFailed))
	}
	if e.Setting == client.EnvOAuthTokenURL {
		return fmt.Sprintf("The OAuth token endpoint answered %s, %s. Redirects are not followed: that would send the "+
			"client secret to another address. No token was issued, so nothing was sent to the Spice.ai API.\n"+
			"%s", status, to, whatToDo(fmt.Sprintf(askUser+"set %s to the token endpoint's final https URL (the default is %s), then restart the MCP server.",
			client.EnvOAuthTokenURL, client.DefaultTokenURL)))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "The Spice.ai API answered %s %s with %s, %s. Redirects are not followed: that would send the request, "+
		"and its credentials, to another address. ", e.Method, e.Path, status, to)
	if e.Method == http.MethodGet {
		b.WriteString("Nothing was changed.")
	} else {
		b.WriteString("A redirect means the API did not carry the request out, so nothing was changed.")
	}
	if e.HTTPCaller {
		b.WriteString("\n" + whatToDo("the Spice.ai API address that redirected is this server's; "+operatorsAddress) + ".")
		return b.String()
	}
	b.WriteString("\n" + whatToDo(fmt.Sprintf(askUser+"set %s to the API's final https URL (the default is %s), then restart the MCP server.",
		client.EnvAPIURL, client.DefaultBaseURL)))
	return b.String()
}

// incompleteText: the API reported success without the result it documents, so the result
// cannot be shown; a change is checked with the operation's own read (its outcome-unknown
// remedy), a read is tried again.
func incompleteText(e *client.ResponseError, st errorStyle) string {
	what := e.Schema
	if what == "" {
		what = "response body"
	}
	var b strings.Builder
	if e.TooLarge > 0 {
		return tooLargeText(e, st)
	}
	if e.Page != nil {
		return webPageText(e, what, st)
	}
	apiAddress := client.EnvAPIURL
	if e.HTTPCaller { // the server's setting: named as its, never by its variable
		apiAddress = "its Spice.ai API address"
	}
	if e.NotGzip {
		return unreadableBody(&b, e, st, "and a body marked gzip (Content-Encoding) that is not gzip",
			operatorsCheck(e.HTTPCaller, askUser+"check that no proxy between this server and "+apiAddress+" rewrites its answers"))
	}
	if e.BrokeOff {
		return unreadableBody(&b, e, st, fmt.Sprintf(", but the answer's body broke off after %s bytes (the connection closed before its end)", number(e.BrokeOffAfter)),
			operatorsCheck(e.HTTPCaller, askUser+"check the network and any proxy between this server and "+apiAddress))
	}
	if len(e.Repeated) > 0 {
		// An object naming a field twice, differently: both values, as any text of the API's,
		// masked and on one line; JSON does not say which holds.
		said := make([]string, len(e.Repeated))
		for i, r := range e.Repeated {
			names := st.inline(r.Field) + " twice"
			if r.Also != "" { // two spellings of one field ("status" and "STATUS")
				names = st.inline(r.Field) + " and " + st.inline(r.Also) + " (one field)"
			}
			first, then := st.api(clip(r.First, wordBytes)), st.api(clip(r.Then, wordBytes))
			if repeatedHoldsASecret(e.Path, r) {
				first, then = st.inline(Masked), st.inline(Masked)
			}
			said[i] = fmt.Sprintf("%s, as %s and as %s", names, first, then)
		}
		fmt.Fprintf(&b, "The Spice.ai API answered %s %s with %d %s and %s that gives %s: which the API meant is not known", e.Method, e.Path,
			e.StatusCode, answerwords.Status(e.StatusCode), articled(what), strings.Join(said, "; "))
	} else if e.ErrorBody != "" {
		// Success and failure at once: the API's words, as any text of its, masked and on one
		// line, its code as an error answer's is ("(code): message").
		said := st.api(clip(e.ErrorBody, wordBytes))
		if e.ErrorCode != "" {
			said = " (" + st.api(clip(e.ErrorCode, wordBytes)) + "): " + said
		} else {
			said = ": " + said
		}
		instead := ""
		if e.WithData { // the whole documented result, and an error besides
			fmt.Fprintf(&b, "The Spice.ai API answered %s %s with %d %s and %s that also carries an error (its error%s): which of the two holds is not known",
				e.Method, e.Path, e.StatusCode, answerwords.Status(e.StatusCode), articled(what), said)
		} else if e.Missing != nil || e.Unreadable { // an operation that documents a body
			instead = " in place of the " + what + " it documents"
			if e.Schema != "" {
				instead = " in place of a " + e.Schema + " it documents"
				if strings.ContainsRune("AEIOU", rune(e.Schema[0])) {
					instead = " in place of an " + e.Schema + " it documents"
				}
			}
		}
		if !e.WithData {
			fmt.Fprintf(&b, "The Spice.ai API answered %s %s with %d %s and an error body%s (its error%s)", e.Method, e.Path,
				e.StatusCode, answerwords.Status(e.StatusCode), instead, said)
		}
	} else if len(e.Other) > 0 && len(e.Missing) == 0 {
		// About another object than the request named: the answer's value, as any text of the
		// API's, masked and on one line; the request's, ours.
		said := make([]string, len(e.Other))
		for i, o := range e.Other {
			said[i] = fmt.Sprintf("%s is %s, not %s", st.inline(o.Field), st.api(clip(o.Answered, wordBytes)), st.inline(o.Asked))
		}
		fmt.Fprintf(&b, "The Spice.ai API answered %s %s with %d %s and a %s about another one than asked for (its %s)", e.Method,
			e.Path, e.StatusCode, answerwords.Status(e.StatusCode), what, strings.Join(said, ", "))
	} else if e.Ended != "" {
		fmt.Fprintf(&b, "The Spice.ai API answered %s %s with %d %s and a %s whose status is %s, which a deployment it has just accepted cannot have",
			e.Method, e.Path, e.StatusCode, answerwords.Status(e.StatusCode), what, st.api(clip(e.Ended, wordBytes)))
	} else if len(e.Missing) > 0 {
		fmt.Fprintf(&b, "The Spice.ai API answered %s %s with %d %s and a %s that lacks %s (documented fields)", e.Method, e.Path,
			e.StatusCode, answerwords.Status(e.StatusCode), what, st.inline(strings.Join(e.Missing, ", ")))
	} else if e.Unreadable {
		fmt.Fprintf(&b, "The Spice.ai API answered %s %s with %d %s and a body that is not the %s it documents", e.Method, e.Path,
			e.StatusCode, answerwords.Status(e.StatusCode), what)
		if m := e.Mistyped; m != nil {
			fmt.Fprintf(&b, " (its %s is %s", st.api(clip(m.Field, wordBytes)), articled(m.Got))
			if m.Want != "" {
				fmt.Fprintf(&b, ", where %s is documented", articled(m.Want))
			}
			b.WriteString(")")
		}
	} else if len(e.Unexpected) == 0 {
		fmt.Fprintf(&b, "The Spice.ai API answered %s %s with %d %s but without the %s it documents", e.Method, e.Path,
			e.StatusCode, answerwords.Status(e.StatusCode), what)
	}
	if len(e.Unexpected) > 0 {
		// A value the operation does not document (a health status other than "ok"): shown as
		// any text of the API's, masked and on one line.
		values := make([]string, 0, len(e.Unexpected))
		for _, name := range slices.Sorted(maps.Keys(e.Unexpected)) {
			values = append(values, st.inline(name)+" is "+st.api(clip(e.Unexpected[name], wordBytes)))
		}
		if len(e.Missing) > 0 {
			b.WriteString(", and whose ")
		} else {
			fmt.Fprintf(&b, "The Spice.ai API answered %s %s with %d %s and a %s whose ", e.Method, e.Path,
				e.StatusCode, answerwords.Status(e.StatusCode), what)
		}
		fmt.Fprintf(&b, "%s (not a value it documents)", strings.Join(values, ", "))
	}
	if e.Method == http.MethodGet && e.HTTPCaller {
		b.WriteString(". Nothing was changed.\n" + whatToDo("try again; if it happens again, this server's Spice.ai API address may not "+
			"be the Spice.ai Management API's: "+operatorsAddress) + ".")
		return b.String()
	}
	if e.Method == http.MethodGet {
		b.WriteString(". Nothing was changed.\n" + whatToDo("try again; if it happens again, "+askUser+"check that "+client.EnvAPIURL+
			" points at the Spice.ai Management API."))
		return b.String()
	}
	b.WriteString(", so what it did is not known.")
	if _, remedy := remedyFor(failure{Operation: e.Operation, OutcomeUnknown: true, Status: -1}); remedy != "" {
		b.WriteString("\n" + whatToDo(st.ours(remedy)) + ".")
	}
	return b.String()
}

// webPageText: a success whose body is a web page (HTML), not the API's JSON: most often a
// proxy's or portal's sign-in page, so the request may never have reached the API. Says what
// came back (its type and title, the answer's words, masked), from where the request went,
// and what to check: the API URL, the proxy.
func webPageText(e *client.ResponseError, what string, st errorStyle) string {
	p := e.Page
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", e.Method, e.Path)
	if p.From != "" {
		fmt.Fprintf(&b, " to %s", st.inline(p.From))
	}
	if p.Proxy != "" {
		fmt.Fprintf(&b, " (through the proxy %s)", st.inline(p.Proxy))
	}
	fmt.Fprintf(&b, " was answered %d %s with an HTML page", e.StatusCode, answerwords.Status(e.StatusCode))
	var about []string
	if p.Title != "" {
		about = append(about, "titled "+st.api(clip(p.Title, wordBytes)))
	}
	if p.ContentType != "" {
		about = append(about, "Content-Type "+st.api(clip(p.ContentType, wordBytes)))
	}
	if len(about) > 0 {
		b.WriteString(" (" + strings.Join(about, ", ") + ")")
	}
	b.WriteString(", not the Spice.ai API's JSON: a web page, such as a proxy's or a sign-in page, answered in its place")
	check := fmt.Sprintf(askUser+"check that %s points at the Spice.ai Management API (the default is %s)", client.EnvAPIURL, client.DefaultBaseURL)
	if p.Proxy != "" {
		check += " and that the proxy (HTTPS_PROXY) lets it through without a sign-in"
	} else {
		check += " and that no proxy or sign-in page stands between this server and it"
	}
	if e.HTTPCaller {
		check = "this server's Spice.ai API address, and any proxy between the server and it, are set by its operator, not by you: " + askUser + "tell them"
	}
	if e.Method == http.MethodGet {
		if e.Schema != "" {
			fmt.Fprintf(&b, ", so no %s came back", e.Schema)
		} else if what != "response body" {
			fmt.Fprintf(&b, ", so no %s came back", what)
		}
		b.WriteString(". Nothing was changed.\n" + whatToDo(check) + ", then try again.")
		return b.String()
	}
	b.WriteString(", so whether the request reached the API, and what it did, is not known.")
	b.WriteString("\n" + whatToDo(check) + ".")
	if _, remedy := remedyFor(failure{Operation: e.Operation, OutcomeUnknown: true, Status: -1}); remedy != "" {
		b.WriteString(" " + st.ours(remedy) + ".")
	}
	return b.String()
}

// ListedInstanceUnusable refuses get_instance_logs without an instance when every instance
// the API listed (newest: name) has a name the logs route cannot be asked for (rules.InstanceName):
// the names came from the API, not from the caller, so they are no invalid argument of theirs.
func ListedInstanceUnusable(app, name string) string {
	return fmt.Sprintf("The Spice.ai API listed the newest instance of %s as %s, and no instance with a name that can be "+
		"put in a logs request, so no logs can be requested; nothing was sent. Such a name has %s. "+
		"Ask for the logs again once a newer instance runs (the next deployment starts one).", app, Code(startAndEnd(name)), instanceNameRule)
}

// NewestInstancePassedOver notes, under get_instance_logs without an instance, that the newest
// instance listed (name) could not be asked for (rules.InstanceName), so the logs shown are the
// newest instance's that could.
func NewestInstancePassedOver(name string) string {
	return fmt.Sprintf("The newest instance listed, %s, has a name that cannot be put in a logs request: "+
		"these are the logs of the newest one that can. Such a name has %s.", Code(startAndEnd(name)), instanceNameRule)
}

// NewestInstancePendingPassedOver says get_instance_logs read the newest instance that ran, as
// the newest listed, name, was never scheduled.
func NewestInstancePendingPassedOver(name string) string {
	return fmt.Sprintf("The newest instance listed, %s, was never scheduled (pending), so it has no logs (its deployment's "+
		"error says why): these are the logs of the newest one that ran.", Code(startAndEnd(name)))
}

// instanceNameRule is rules.InstanceName in a few words.
const instanceNameRule = "at most 1,024 characters, not '.' or '..', no '/', backslash, '%', '?', '#', spaces or control characters"

// startAndEndMax is the longest value startAndEnd quotes whole.
const startAndEndMax = 160

// startAndEnd is a value to quote in a message (a path, a name the API sent): whole when it is
// short, else its first and last 64 bytes (at character boundaries) and its length in
// characters, so a value of megabytes leaves room for what the message says.
func startAndEnd(s string) string {
	if len(s) <= startAndEndMax {
		return s
	}
	head, tail := 64, len(s)-64
	for head > 0 && !utf8.RuneStart(s[head]) {
		head--
	}
	for tail < len(s) && !utf8.RuneStart(s[tail]) {
		tail++
	}
	return s[:head] + "…" + s[tail:] + " (" + number(utf8.RuneCountInString(s)) + " characters)"
}

// tokenReason is what a token endpoint's answer said beyond its status: its OAuth error and
// description (its text, masked), else our words for a success without a usable token, where
// only the token_type is its text; "" when it said nothing else, or only its status's words.
func tokenReason(e *client.TokenError, st errorStyle) string {
	switch said := e.Code + e.Description; {
	case e.Code != "" && e.Description != "":
		return st.api(e.Code + ": " + e.Description)
	case said != "" && !strings.EqualFold(said, answerwords.Status(e.StatusCode)):
		return st.api(said)
	case said != "":
		return ""
	case e.NoAccessToken:
		return answerwords.NoAccessToken
	case e.BadAccessToken:
		return answerwords.BadAccessToken
	case e.TokenType != "":
		return answerwords.OtherTokenType(st.api(strconv.Quote(e.TokenType)))
	}
	return ""
}

// tokenLaterKinds says how the attempts after the answered one got no answer, error by error
// (client.LaterFailure), each error as the endpoint's text: "attempt 2 reached the endpoint but
// got no answer (EOF); attempts 3 to 5 were not sent (various errors)".
func tokenLaterKinds(e *client.TokenError, st errorStyle) string {
	parts := make([]string, 0, len(e.Later))
	for _, g := range e.Later {
		why := ""
		if !g.Various && g.Err != nil {
			why = st.api(oneLine(g.Err.Error()))
		}
		parts = append(parts, answerwords.LaterKind(g.First, g.Last, g.Count, g.Sent, why))
	}
	return strings.Join(parts, "; ")
}

// tokenErrorText renders a failed OAuth token request (client.TokenError): only an answer that
// refuses the credentials (400/401) blames them; a 429 or 5xx that outlasted the retries means
// the endpoint is unavailable, whatever the credentials; any other status is said as answered.
// Nothing reached the Spice.ai API. The endpoint's texts are masked (MaskAPIText, as API error texts), and the client
// already redacted the secret from them.
func tokenErrorText(err error, st errorStyle) string {
	var e *client.TokenError
	errors.As(err, &e)
	const nothingSent = "No token was issued, so nothing was sent to the Spice.ai API."
	status := fmt.Sprintf("%d %s", e.StatusCode, answerwords.Status(e.StatusCode))
	if reason := tokenReason(e, st); reason != "" {
		status += ": " + reason
	}
	attempts := "once"
	if e.Attempts > 1 {
		attempts = fmt.Sprintf("%d times", e.Attempts)
	}
	where := fmt.Sprintf("%s (from %s)", st.inline(e.URL), client.EnvOAuthTokenURL)
	if e.URL == client.DefaultTokenURL {
		// Most operators never set the variable: don't send them to check it.
		where = fmt.Sprintf("%s (the default; %s sets another)", st.inline(e.URL), client.EnvOAuthTokenURL)
	}
	// A failure answered again without asking: when it was, and when the endpoint is asked next.
	ago, reused, again := "", "", "try again"
	if e.Reused {
		ago = " " + Duration(e.Age) + " ago"
		if e.Age < time.Second {
			ago = " less than a second ago"
		}
		reused = fmt.Sprintf(" This call did not ask again: that failure answers every call until the endpoint is asked again, in %s.",
			secondsUp(e.NextIn))
		again = "try again in " + secondsUp(e.NextIn) + " or later"
	}
	// An endpoint on this machine (sandbox-api's): the network is not the cause, as for the API's
	// address there (remedyNothingListens, stoppedAnsweringHere).
	host, listen := e.Address()
	here := failure{Host: host, ListenAddress: listen, Setting: client.EnvOAuthTokenURL}
	if e.Lent && !e.Scope() && !e.Credentials() {
		return lentTokenText(e, status, ago, reused, again, st)
	}
	switch {
	case e.StatusCode == 0 && e.Untrusted:
		return untrustedTokenText(e, where, ago, reused, st)
	case e.StatusCode == 0 && !e.Sent && onThisMachine(here) && connectionRefused(e.Err):
		return fmt.Sprintf("The OAuth token request to %s%s got no answer (tried %s): %s. It was not sent: nothing reached the token endpoint. %s%s\n"+
			"%s; then %s.",
			where, ago, attempts, st.api(oneLine(e.Err.Error())), nothingSent, reused, whatToDo(fill(remedyNothingListens, here)), again)
	case e.StatusCode == 0 && !e.Sent:
		return fmt.Sprintf("The OAuth token request to %s%s got no answer (tried %s): %s. It was not sent: nothing reached the token endpoint. %s%s\n"+
			"%s", where, ago, attempts, st.api(oneLine(e.Err.Error())), nothingSent, reused,
			whatToDo(askUser+"check that the token endpoint is reachable from the MCP server (its host resolves, no firewall or proxy "+
				"refuses the connection), then "+again+"."))
	case e.StatusCode == 0:
		sent := "It was sent, but no answer came back."
		if e.SentEarlier {
			sent = "The last attempt was not sent, but an earlier one reached the token endpoint without a usable answer."
		}
		check := askUser + "check that the token endpoint is reachable from the MCP server and answering"
		if onThisMachine(here) {
			check = fill(stoppedAnsweringHere, here)
		}
		return fmt.Sprintf("The OAuth token request to %s%s got no answer (tried %s): %s. %s %s%s\n"+
			"%s, then %s.",
			where, ago, attempts, st.api(oneLine(e.Err.Error())), sent, nothingSent, reused, whatToDo(check), again)
	case e.Lent && (e.Scope() || e.Credentials()):
		// The server's own client credentials, lent to an HTTP caller that sent no token: the
		// caller runs no server, so it is told who fixes them, naming none of its settings.
		return fmt.Sprintf("The OAuth token endpoint refused this server's own client credentials%s: %s. %s%s\n"+
			"%s.",
			ago, status, nothingSent, reused, whatToDo(RemedyLentCredentialsRefused))
	case e.Scope():
		return fmt.Sprintf("The OAuth token endpoint refused the requested scopes%s: %s. %s%s\n"+
			"%s", ago, status, nothingSent, reused, whatToDo("each scope in "+client.EnvOAuthScopes+
			" must be one the OAuth client was granted: "+askUser+"correct it (or unset it for all of them), then restart the MCP server."))
	case e.Credentials():
		return fmt.Sprintf("The OAuth token endpoint refused the client credentials%s: %s. %s%s\n"+
			"%s", ago, status, nothingSent, reused, whatToDo(fmt.Sprintf(askUser+"check %s and %s (and that %s is the token endpoint they "+
			"belong to, by default %s), then restart the MCP server.", client.EnvClientID, client.EnvClientSecret, client.EnvOAuthTokenURL,
			client.DefaultTokenURL)))
	}
	// An answer, then attempts that got none: which attempt was answered, and why the later
	// ones got nothing (the wait the endpoint asked for then is long past).
	answered, reachable := "it answered "+status, ""
	if e.LaterErr != nil {
		later := fmt.Sprintf("%s got no answer: %s", answerwords.LaterAttempts(e.Attempts-e.AnsweredAttempt), st.api(oneLine(e.LaterErr.Error())))
		if len(e.Later) > 1 { // they failed in different ways: say each, and which reached the endpoint
			later = tokenLaterKinds(e, st)
		}
		answered = fmt.Sprintf("it answered %s at attempt %d; %s", status, e.AnsweredAttempt, later)
		reachable = askUser + "check that the token endpoint is reachable from the MCP server and answering; then "
	}
	switch {
	case e.Unavailable() && e.Reused:
		return fmt.Sprintf("The OAuth token endpoint is unavailable: asked %s at %s%s, %s. "+
			"This says nothing about the client credentials. %s%s\n%s.",
			attempts, where, ago, answered, nothingSent, reused, whatToDo(reachable+again))
	case e.Unavailable():
		wait := ""
		if e.RetryAfter > 0 && e.LaterErr == nil {
			wait = fmt.Sprintf(" (it asked to wait %s)", Duration(e.RetryAfter))
		}
		return fmt.Sprintf("The OAuth token endpoint is unavailable: asked %s at %s, %s. "+
			"This says nothing about the client credentials. %s\n%s.",
			attempts, where, answered, nothingSent, whatToDo(reachable+"try again later"+wait))
	}
	return fmt.Sprintf("The OAuth token endpoint at %s answered %s%s. %s%s\n"+
		"%s", where, status, ago, nothingSent, reused, whatToDo(fmt.Sprintf(askUser+"check that %s is the token endpoint (the default is %s) "+
		"and that the OAuth client is still active.", client.EnvOAuthTokenURL, client.DefaultTokenURL)))
}

// lentTokenText: the server's own OAuth client, lent to an HTTP caller that sent no token (--http-allow-server-token),
// got no token for a reason other than its credentials: what happened, as tokenErrorText says
// it, without the endpoint's address (the server's setting); what to do is its operator's
// (RemedyLentTokenFailed), or the caller's own token.
func lentTokenText(e *client.TokenError, status, ago, reused, again string, st errorStyle) string {
	const nothingSent = "No token was issued, so nothing was sent to the Spice.ai API."
	attempts := "once"
	if e.Attempts > 1 {
		attempts = fmt.Sprintf("%d times", e.Attempts)
	}
	var what string
	switch {
	case e.StatusCode == 0 && e.Untrusted:
		what = fmt.Sprintf("its certificate is not trusted (%s), so trying again will not help", st.api(oneLine(e.Err.Error())))
	case e.StatusCode == 0 && !e.Sent:
		what = fmt.Sprintf("the request got no answer (tried %s) and was not sent: %s", attempts, st.api(oneLine(e.Err.Error())))
	case e.StatusCode == 0:
		what = fmt.Sprintf("the request got no answer (tried %s): %s", attempts, st.api(oneLine(e.Err.Error())))
	case e.Unavailable():
		what = fmt.Sprintf("the endpoint is unavailable: asked %s, it answered %s", attempts, status)
		if e.LaterErr != nil {
			what += fmt.Sprintf(" at attempt %d; %s got no answer: %s", e.AnsweredAttempt,
				answerwords.LaterAttempts(e.Attempts-e.AnsweredAttempt), st.api(oneLine(e.LaterErr.Error())))
		}
	default:
		what = "the endpoint answered " + status
	}
	todo := RemedyLentTokenFailed
	if e.Unavailable() || e.StatusCode == 0 && !e.Untrusted { // it may answer later
		todo = upperFirst(again) + " later; if it goes on, " + lowerFirst(RemedyLentTokenFailed)
		if e.Reused {
			todo = upperFirst(again) + "; if it goes on, " + lowerFirst(RemedyLentTokenFailed)
		}
	}
	return fmt.Sprintf("This server could not get its own access token from its OAuth token endpoint%s: %s. %s%s\n"+
		"%s.", ago, what, nothingSent, reused, whatToDo(todo))
}

// operatorsCheck is check (opened with askUser: the network and the proxies are the person's to
// check), or over HTTP (httpCaller) the same asked of the server's operator, whose settings they are.
func operatorsCheck(httpCaller bool, check string) string {
	if httpCaller {
		return askUser + "have this server's operator, who sets these (not you), " + strings.TrimPrefix(check, askUser)
	}
	return check
}

// untrustedTokenText: the token endpoint's certificate was not trusted (not retried: it stays
// untrusted), so nothing, the client secret included, left the MCP server. Go reads the trust
// store and SSL_CERT_FILE once per process, so a fix takes a restart.
func untrustedTokenText(e *client.TokenError, where, ago, reused string, st errorStyle) string {
	trust := untrustedAdvice(client.EnvOAuthTokenURL, "token endpoint", e.URL == client.DefaultTokenURL)
	notSent := "was not sent"
	reached := "Nothing reached the token endpoint, so the client secret did not leave the MCP server"
	if e.SentEarlier {
		// The certificate changed between attempts: the earlier one reached whoever answered then.
		notSent = fmt.Sprintf("was not sent at the last of %d attempts", e.Attempts)
		reached = "An earlier attempt reached the token endpoint (with the client secret) without a usable answer"
	}
	return fmt.Sprintf("The OAuth token request to %s%s %s: the endpoint's certificate is not trusted (%s). "+
		"%s; no token was issued, so nothing was sent to the Spice.ai API.%s\n"+
		"%s", where, ago, notSent, st.api(oneLine(e.Err.Error())), reached, reused,
		whatToDo("trying again will not help while the certificate is not trusted. "+trust+"."))
}

// untrustedAdvice is what to check when an endpoint's certificate is not trusted: that setting
// (the variable naming the endpoint) names the one meant, then the trust store. The default
// endpoint's own certificate is valid (isDefault): this machine does not trust the one it got.
func untrustedAdvice(setting, endpoint string, isDefault bool) string {
	const trust = "the CA that signed it must be in the system trust store (on Linux, SSL_CERT_FILE can name a CA file instead); " +
		"behind a proxy that intercepts TLS, that is the proxy's CA"
	const fix = ": " + askUser + "check %s, then restart the MCP server"
	if isDefault {
		return "T" + trust[1:] + fmt.Sprintf(fix, "that")
	}
	return fmt.Sprintf("%s must be the %s you mean, with a certificate valid for that host and not expired, and %s"+fix,
		setting, endpoint, trust, "these")
}

// The remedies of an API request whose certificate was not trusted (client.RequestError's
// Untrusted): the client's words say not to try again; this says what to check. Go reads the
// trust store and SSL_CERT_FILE once per process, so a fix takes a restart.
var (
	remedyUntrustedAPI        = untrustedAdvice(client.EnvAPIURL, "Spice.ai API", false)
	remedyUntrustedDefaultAPI = untrustedAdvice(client.EnvAPIURL, "Spice.ai API", true)
)

// untrustedAPI: the API's certificate was not trusted, so the request was not sent.
func untrustedAPI(f failure) bool { return f.Status == 0 && f.Untrusted }

// untrustedDefaultAPI: untrustedAPI at the default API (client.DefaultBaseURL).
func untrustedDefaultAPI(f failure) bool {
	return untrustedAPI(f) && "https://"+f.Host == client.DefaultBaseURL
}

// secondsUp renders a wait as Duration does ("1 h 30 min", "2 min 5 s"), rounded up to the
// second: a wait said as "0 s" or one second short would send a call back too early. Under a
// second it is said in milliseconds, rounded up too, at least 1 ms.
func secondsUp(d time.Duration) string {
	if up := max((d + time.Millisecond - 1).Truncate(time.Millisecond), time.Millisecond); up < time.Second {
		return strconv.FormatInt(up.Milliseconds(), 10) + " ms"
	}
	return hoursMinutesSeconds(max(int64((d+time.Second-1)/time.Second), 1))
}

// tooLargeText: an answer longer than the client reads (client.MaxResponseBytes) was not read
// whole, so nothing of it is used; it is no sign of a wrong address. Asking again gets the same.
func tooLargeText(e *client.ResponseError, st errorStyle) string {
	limit := Bytes(int64(e.TooLarge))
	var b strings.Builder
	fmt.Fprintf(&b, "The Spice.ai API answered %s %s with %d %s and an answer over %s, the most this server reads of one answer, "+
		"so none of it was used", e.Method, e.Path, e.StatusCode, answerwords.Status(e.StatusCode), limit)
	if e.Method == http.MethodGet {
		b.WriteString(st.ours(". Nothing was changed.\n" + whatToDo("trying again gets the same answer. If it is the list of apps (their descriptions and tags "+
			"make it long), name an app as `id:N`: get_app and update_app then use it without listing the apps; shorten the longest descriptions with update_app.")))
		return b.String()
	}
	b.WriteString(", so what it did is not known.")
	if _, remedy := remedyFor(failure{Operation: e.Operation, OutcomeUnknown: true, Status: -1}); remedy != "" {
		b.WriteString("\n" + whatToDo(st.ours(remedy)) + ".")
	}
	return b.String()
}

// articled is a result's name after "a" or "an", as it is said ("a Deployment", "an App").
func articled(what string) string {
	if what != "" && strings.ContainsRune("AEIOUaeiou", rune(what[0])) {
		return "an " + what
	}
	return "a " + what
}

// repeatedHoldsASecret reports whether a name an answer gives twice holds a credential, whose
// two values are masked whole, not shown as the API's other text is (masked where it looks like
// one): a name the masking rule calls a credential's (api_key, password), or a secret's value
// in an answer about secrets, which no tool shows (a value is no credential by its looks).
func repeatedHoldsASecret(path string, r client.Repeated) bool {
	if credentialName(r.Field, false) || r.Also != "" && credentialName(r.Also, false) {
		return true
	}
	if !strings.Contains(path, "/secrets") {
		return false
	}
	return strings.EqualFold(r.Field, "value") || strings.EqualFold(r.Also, "value")
}

// unreadableBody says that the API answered e's request with a body that could not be read
// (how: after the status), and what follows: nothing changed by a GET (try again, else check),
// the outcome of a change not known (and how to find it).
func unreadableBody(b *strings.Builder, e *client.ResponseError, st errorStyle, how, check string) string {
	sep := " "
	if strings.HasPrefix(how, ",") {
		sep = ""
	}
	fmt.Fprintf(b, "The Spice.ai API answered %s %s with %d %s%s%s, so it could not be read",
		e.Method, e.Path, e.StatusCode, answerwords.Status(e.StatusCode), sep, how)
	if e.Method == http.MethodGet {
		b.WriteString(". Nothing was changed.\n" + whatToDo("try again; if it happens again, "+check) + ".")
		return b.String()
	}
	b.WriteString(", so what it did is not known.")
	if _, remedy := remedyFor(failure{Operation: e.Operation, OutcomeUnknown: true, Status: -1}); remedy != "" {
		b.WriteString("\n" + whatToDo(st.ours(remedy)) + ".")
	}
	return b.String()
}
