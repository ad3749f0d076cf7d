package present

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present/answerwords"
)

// The human channel's words in results: approval links, secret-entry links and questions,
// what a reactivated app brings back, and the refusals that come before anyone is asked. The
// pages themselves are worded in internal/humanweb's template.

// expiresAt renders a link's expiry.
func expiresAt(t time.Time) string { return t.UTC().Format(clockLayout) }

// sentences joins full sentences.
func sentences(parts []string) string { return strings.Join(parts, " ") }

// ApprovalNeeded: the client cannot ask, so the person approves on a one-time page; the
// agent's next identical call performs the action once.
func ApprovalNeeded(action string, effects []string, tool, url string, expires time.Time) string {
	text := fmt.Sprintf("Approval needed: %s.", lowerFirst(action))
	if len(effects) > 0 {
		text += " " + sentences(effects)
	}
	return text + fmt.Sprintf("\n\nThe user approves or declines on this one-time page (expires %s):\n\n%s\n\n"+
		"Show the user this link; do not open it yourself. Once they approve, call %s again with exactly the same "+
		"arguments: that call does it, once. Nothing was changed yet.", expiresAt(expires), url, tool)
}

// ApprovalOpened: the approval page was opened in the person's browser by the server, so the
// link is not shown here (the agent cannot use what it never sees).
func ApprovalOpened(action string, effects []string, tool string, expires time.Time) string {
	text := fmt.Sprintf("Approval needed: %s.", lowerFirst(action))
	if len(effects) > 0 {
		text += " " + sentences(effects)
	}
	return text + fmt.Sprintf("\n\nThe approval page has opened in the user's browser (it works once and expires at %s); "+
		"the link is not shown here. Tell the user to approve or decline there. After they approve, call %s again with "+
		"exactly the same arguments: that call does it, once; calling again before they answer opens the page again. "+
		"Nothing was changed yet.", expiresAt(expires), tool)
}

// ApprovalNotOpened: the server opens approval pages in the person's browser itself
// (--human-links open), and the browser launcher failed; the link is withdrawn, never shown.
func ApprovalNotOpened(action string) string {
	return fmt.Sprintf("Approval needed: %s, but the approval page could not be opened in the user's browser (the browser "+
		"launcher on the server's machine failed; the server's log says how). This server opens approval pages in the "+
		"user's browser itself (--human-links open), so the link is never shown to the agent. Nothing was changed. Tell "+
		"the user: an operator can start the server with --human-links=show (the link is then shown for the agent to pass "+
		"on), or the user can use an MCP client that asks them directly (elicitation). Calling again with the same "+
		"arguments tries their browser again.", lowerFirst(action))
}

// ApprovalDeclined: the person declined on the page.
func ApprovalDeclined(action string) string {
	return fmt.Sprintf("The user declined on the approval page, so this was not done: %s. Nothing was changed; do not call again unless the user asks for it.", lowerFirst(action))
}

// ApprovalUnavailable: the client cannot ask and the server has no page.
func ApprovalUnavailable(action string) string {
	return fmt.Sprintf("Confirmation required: %s. This client cannot ask the user, and this server has no approval page. "+
		"Nothing was changed. (For unattended use an operator can start the server with --confirm=agent or --confirm=off.)", lowerFirst(action))
}

// ApprovalLinkFailed: the approval page could not be opened.
func ApprovalLinkFailed(action string, err error) string {
	return fmt.Sprintf("Confirmation required: %s, but no approval link could be opened (%v). Nothing was changed; call again with the same arguments to try again.", lowerFirst(action), err)
}

// Consequences shown with the confirmation of each destructive action (full sentences).
const (
	EffectSecretGone    = "The value is gone for good: it cannot be shown or restored."
	EffectKeyGone       = "The old key cannot be restored."
	EffectPrimaryKept   = "The primary key keeps working."
	EffectMemberReadded = "They can be added again later with add_member."
)

// DeleteAppEffects say truthfully what deleting an app does to its secrets and keys.
func DeleteAppEffects(name string) []string {
	return []string{
		fmt.Sprintf("Its secrets and API keys are kept, not destroyed: creating an app named %s later reactivates it with those secrets (not its spicepod or settings), and its old API keys work again.", name),
		"To revoke a leaked key, regenerate it (regenerate_api_key) instead of, or before, deleting.",
	}
}

// RotateStartAction is what starting a rotation asks the user to confirm.
func RotateStartAction(app Shown) Words {
	return words("Replace the secondary API key of %s; clients still using the current secondary key lose access immediately", app)
}

// OwnerNotRemovable refuses removing the organization's owner before anyone is asked.
func OwnerNotRemovable(username string, userID int64, sandbox bool) string {
	return fmt.Sprintf("%s (user %d) is the organization's owner, and the API never removes the owner "+
		"(it answers 403 \"Cannot remove organization owner\"). Nothing was changed, and nobody was asked.\n", NameText(username), userID) +
		whatToDo(Remedy(ownerForbidden(api.RemoveMember, "Cannot remove organization owner", sandbox)))
}

// Reactivated is the first line of a create that brought a deleted app back: what returned
// with it, and the rotation to do if it was deleted to revoke a key. restored is nil when the
// token may not list secrets.
func Reactivated(app string, restored []string, listed bool) string {
	return reactivatedNotice(fmt.Sprintf("Reactivated the deleted app %s instead of creating a new one: the API brings a deleted app back "+
		"when an app is created with its name. It keeps its ID, secrets, API keys and deployment history; "+
		"its spicepod, configuration, region, visibility and description are this call's, and nothing runs until it is deployed.", app),
		restored, listed)
}

// ReactivatedMeanwhile: the app create_and_deploy_app went on with after its create was lost
// or refused (409) is a deleted app brought back: not claimed as this call's doing. origin says
// which: after a lost create, that create or a concurrent run may have; after a 409, a
// concurrent run did. matched are the settings the call gave (all checked equal to the app's);
// none given, none claimed.
func ReactivatedMeanwhile(app string, origin AppOrigin, matched, restored []string, listedSecrets bool) string {
	by := "by this call's unanswered create or by a concurrent run"
	if origin != AppAfterUnanswered {
		by = "meanwhile by a concurrent run (this call's create was refused: the name was taken)"
	}
	text := fmt.Sprintf("%s is a deleted app brought back %s, not a new one: it has its earlier ID, secrets, API keys "+
		"and deployment history", app, by)
	if len(matched) > 0 {
		text += fmt.Sprintf(", and it matches the %s this call gave", listed(matched))
	}
	return reactivatedNotice(text+".", restored, listedSecrets)
}

// reactivatedNotice ends a reactivation notice (text) with the secrets and API keys it brought back.
func reactivatedNotice(text string, restored []string, listed bool) string {
	switch {
	case !listed:
		text += " Its earlier secrets are restored (this token may not list them: secrets:read)."
	case len(restored) == 0:
		text += " It had no secrets."
	default:
		text += fmt.Sprintf(" Restored secrets: %s (%s).", namesBrief(restored, "list_secrets lists them"), ValuesNeverShown(len(restored)))
	}
	return text + " Its previous API keys are live again. If it was deleted to revoke a key, rotate now: " +
		"rotate_api_keys with step \"start\", then \"finish\" (or regenerate_api_key with key_number 0)."
}

// StepAppReactivated: create_and_deploy_app's create step brought a deleted app back.
func StepAppReactivated(app string) string {
	return fmt.Sprintf("reactivated deleted %s: earlier secrets and API keys are back", app)
}

// Secret entry.

// SecretEntryLink: the person enters values on a one-time page; the agent shows the link.
// then says what to do afterwards.
func SecretEntryLink(app string, names []string, url string, expires time.Time, then string) string {
	return fmt.Sprintf("The user enters the %s of %s for %s on this page, so the %s never pass%s through this conversation "+
		"(the link works once and expires at %s):\n\n%s\n\nShow the user this link and ask them to enter the %s there; "+
		"never ask for a secret value in the chat. Nothing was stored from the page yet. %s",
		plural(len(names), "value", "values"), namesBrief(names, namesOnPage), app, plural(len(names), "value", "values"),
		plural(len(names), "es", ""), expiresAt(expires), url, plural(len(names), "value", "values"), then)
}

// SecretEntryOpened: the secret form was opened in the person's browser by the server.
func SecretEntryOpened(app string, names []string, expires time.Time, then string) string {
	return fmt.Sprintf("A page for the %s of %s for %s has opened in the user's browser, so the %s never pass%s through this "+
		"conversation (it works once and expires at %s). Ask the user to enter the %s there; never ask for a secret value "+
		"in the chat. Nothing was stored from the page yet. %s",
		plural(len(names), "value", "values"), namesBrief(names, namesOnPage), app, plural(len(names), "value", "values"),
		plural(len(names), "es", ""), expiresAt(expires), plural(len(names), "value", "values"), then)
}

// SecretEntryNotOpened: the server opens secret pages in the person's browser itself
// (--human-links open), and the browser launcher failed; the link is withdrawn, never shown.
// No page names the secrets then, so the text names them all while they take allNamesBytes at
// most; else it says where they are named: the app's spicepod, and list_secrets (listSecrets:
// the caller can use it) which of them are set.
func SecretEntryNotOpened(app string, names []string, listSecrets bool) string {
	named := codeList(names)
	if all := len(named); all > allNamesBytes {
		rest := "the app's spicepod names them all"
		if listSecrets {
			rest += "; list_secrets shows which are set"
		}
		named = namesBrief(names, rest)
	}
	return fmt.Sprintf("The page for the %s of %s for %s could not be opened in the user's browser (the browser launcher "+
		"on the server's machine failed; the server's log says how). This server opens such pages in the user's browser "+
		"itself (--human-links open), so the link is never shown to the agent. Nothing was stored; never ask for a secret "+
		"value in the chat. Tell the user: an operator can start the server with --human-links=show, and the link is then "+
		"shown for the agent to pass on. Or the user can use an MCP client that opens such pages itself (URL "+
		"elicitation). Calling again with the same arguments tries their browser again.",
		plural(len(names), "value", "values"), named, app)
}

// allNamesBytes is the most bytes of secret names a text names all where no page or tool
// names them (SecretEntryNotOpened): names may be a token a byte, and weighed so (half as much
// again) 4,000 bytes leave half the result budget to the rest.
const allNamesBytes = 4000

// Next steps after a secret-entry link.
const (
	SecretEntryThenSet    = "The page stores it as soon as they submit; call set_secret again with the same arguments to see the outcome."
	SecretEntryThenDeploy = "When the page says the values are stored, call create_and_deploy_app again with the same arguments to deploy."
)

// SecretEntryQuestion is the message of a URL-mode elicitation for secret values.
func SecretEntryQuestion(app string, names []string) string {
	return fmt.Sprintf("Enter the %s of %s for %s on the page that opens. What you type goes to the spice-cloud-mcp "+
		"server and on to Spice.ai, never to the AI agent.", plural(len(names), "value", "values"), namesBrief(names, namesOnPage), app)
}

// AppInOrg labels an app with the organization the call chose ("" for none), which approvals
// name too (ActionInOrg).
func AppInOrg(app Shown, org string) Words {
	if org == "" {
		return words("%s", app)
	}
	return words("%s in organization %s", app, NameShown(org))
}

// SecretEntryWaiting is the progress message while the person fills the page.
const SecretEntryWaiting = "waiting for the user to enter the secret values on the page"

// SecretsStoredOnPage: the person entered the values on the page and they were stored.
func SecretsStoredOnPage(app string, names []string) string {
	return fmt.Sprintf("Stored %s on %s from the user's entry on the page (%s); %s the runtime with the next deployment.",
		namesBrief(names, ""), app, ValuesNeverShown(len(names)), plural(len(names), "it reaches", "they reach"))
}

// SecretEntryDeclined: the person chose to store nothing.
const SecretEntryDeclined = "The user chose not to enter the secret values. Nothing was stored."

// SecretEntryExpired: nobody entered the values in time.
const SecretEntryExpired = "The secret-entry page expired before values were entered. Nothing was stored; call again for a new link."

// SecretEntryLost: the page's link is unknown to this process (answer of another replica, or
// forgotten).
func SecretEntryLost(err error) string {
	return fmt.Sprintf("The secret-entry page could not be followed: %v. Nothing was stored by this call; call again for a new link.", err)
}

// limitSpentBeforePage starts what a call says when it ended because its time limit was spent
// before its wait for the secret-entry page began (outOfTime). The wait pauses the limit (a
// person's time does not count), so the limit never runs out during it; one already spent when
// the wait begins (the time before it used it all up: a pre-run scope check that asked a slow
// token endpoint, say) has nothing left to pause, and the call ends as the wait begins.
const limitSpentBeforePage = "The call's time limit was spent before it began waiting for the secret-entry page " +
	"(the wait itself does not count against it)"

// SecretEntryWithdrawn: the call was cancelled (or its time limit was spent before the wait
// began: outOfTime) while it waited for the secret-entry page; the page was withdrawn before any
// value was entered, so nothing was stored through it and an answer there is refused.
func SecretEntryWithdrawn(outOfTime bool) string {
	lead := "The call was cancelled while the secret-entry page waited for the values"
	if outOfTime {
		lead = limitSpentBeforePage
	}
	return lead + ": the page was withdrawn, and nothing was stored through it. Call again for a new page."
}

// SecretEntryLeftOpen: the call was cancelled (or its time limit was spent before the wait
// began: outOfTime) while it waited for the secret-entry page, and another identical call still
// waits on the same page: the page stays open for that one, which reports what is stored through
// it; none was by then.
func SecretEntryLeftOpen(outOfTime bool) string {
	lead := "The call was cancelled while the secret-entry page waited for the values"
	if outOfTime {
		lead = limitSpentBeforePage
	}
	return lead + ", before any was stored through it. " +
		"Another identical call still waits on the same page, so the page stays open for it: that call reports what is stored through it."
}

// SecretEntryEndedWhileStoring: the call was cancelled (or its time limit was spent before the
// wait began: outOfTime) while the values entered on the page were being stored, and storing had
// not ended when the call had to end.
func SecretEntryEndedWhileStoring(outOfTime bool, unavailable []UnavailableTool) string {
	lead := "The call was cancelled while the values entered on the page were being stored"
	if outOfTime {
		lead = limitSpentBeforePage + ", and the values entered on the page were being stored"
	}
	return lead + ", and storing had not ended when the call had to end: whether they were stored is unknown; " + whichSecretsSet(unavailable)
}

// SecretEntryCallEnded is the log line's words (tools' callEndedError) for a call that ended,
// for cause, while it waited for the secret-entry page: while the values were being stored
// (storing), with the page left open for another call waiting on it (leftOpen), or with the
// page withdrawn. The result's words are SecretEntryEndedWhileStoring, SecretEntryLeftOpen and
// SecretEntryWithdrawn.
func SecretEntryCallEnded(storing, leftOpen bool, cause string) string {
	if storing {
		return "the call ended while the values entered on the page were being stored: " + cause
	}
	if leftOpen {
		return "the call ended while it waited for the secret-entry page, left open for another call waiting on it: " + cause
	}
	return "the call ended while it waited for the secret-entry page, which was withdrawn: " + cause
}

// LogInputClosedWhileStoring is logged (info) when the client closes the server's input (stdio)
// while values entered on a secret-entry page are being stored: the call, and serving, wait for
// the store (at most humanweb.StoreTimeout) before they end.
const LogInputClosedWhileStoring = "input closed while values entered on the page are being stored: the call waits for the store to end"

// SecretEntryInputClosed: the client closed the server's input (stdio) while the call waited
// for the secret-entry page; the page was withdrawn and the call ended without waiting for it.
const SecretEntryInputClosed = "The client closed the server's input (stdin) while the secret-entry page waited for the values, " +
	"so no answer could reach it: the page was withdrawn and the call ended without waiting for them."

// OutcomeUnknownWhy says why the outcome of a secret upsert (a POST, which the client never
// retries after an attempt whose answer was lost or left the outcome unknown) is unknown
// (client.MayHaveApplied(err)): no answer came back; the answer, its status named, does not say
// whether it was applied (a server error, an answer that cannot be used); or the call ended while
// the last attempt was in flight. A *client.DeadlineError is judged first: its Last is an
// earlier attempt's failure (a 429, which applied nothing), not why the outcome is unknown.
// "" for an error that is none of these.
func OutcomeUnknownWhy(err error) string {
	var reqErr *client.RequestError
	var apiErr *client.APIError
	var respErr *client.ResponseError
	var dlErr *client.DeadlineError
	var cancelErr *client.CancelledError
	switch {
	case errors.As(err, &dlErr) && dlErr.OutcomeUnknown:
		return "no answer to the last attempt had been read when the time limit ran out"
	case errors.As(err, &cancelErr) && cancelErr.OutcomeUnknown:
		return "the call was cancelled before the request was done"
	case errors.As(err, &reqErr):
		return "the request was sent but no answer came back"
	case errors.As(err, &apiErr):
		return fmt.Sprintf("the request was answered %s, which does not say whether it was applied", statusLine(apiErr.StatusCode))
	case errors.As(err, &respErr):
		return fmt.Sprintf("the request was answered %s, but the answer does not show what was done", statusLine(respErr.StatusCode))
	}
	return ""
}

// statusLine is an HTTP status as "500 Internal Server Error" (answerwords.Status says so
// when HTTP gives it no words).
func statusLine(code int) string {
	return fmt.Sprintf("%d %s", code, answerwords.Status(code))
}

// unknownWhy is " (why)" for a text saying a value's outcome is unknown ("" without why).
func unknownWhy(why string) string {
	if why == "" {
		return ""
	}
	return " (" + why + ")"
}

// SecretEntryClosedWhileStoring: the client closed the server's input (stdio) while the values
// entered on the page were being stored; the call waited for that to end, and ends there.
// unknown: whether failed was stored is unknown, why saying why (OutcomeUnknownWhy).
// unavailable: list_secrets when the caller cannot use it (whichSecretsSet).
func SecretEntryClosedWhileStoring(stored []string, failed, reason string, unknown bool, why string, unavailable []UnavailableTool) string {
	text := "The client closed the server's input (stdin) while the values entered on the page were being stored; the call waited for that to end and ended there, doing nothing more."
	if len(stored) > 0 {
		text += fmt.Sprintf(" Stored: %s.", codeList(stored))
	}
	switch {
	case failed != "" && unknown:
		text += fmt.Sprintf(" Whether `%s` was stored is unknown%s: %s %s", failed, unknownWhy(why), sentence(reason), whichSecretsSet(unavailable))
	case failed != "":
		text += fmt.Sprintf(" Spice.ai refused the value for `%s`: %s", failed, sentence(reason))
		if len(stored) == 0 {
			text += " Nothing was stored."
		}
	}
	return text
}

// sentence is s ending with a full stop (a Store error may end without one).
func sentence(s string) string {
	if s == "" || strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

// SecretEntryStoreUnknown: the client closed the server's input (stdio) while the values entered
// on the page were being stored, and the store did not end in time to say what became of them.
func SecretEntryStoreUnknown(unavailable []UnavailableTool) string {
	return "The client closed the server's input (stdin) while the values entered on the page were being stored, " +
		"and storing had not ended when the call had to end: whether they were stored is unknown; " + whichSecretsSet(unavailable)
}

// whichSecretsSet is where to see which of an app's secrets are set: list_secrets, or the
// Spice.ai portal where the caller cannot use it (unavailable), saying why.
func whichSecretsSet(unavailable []UnavailableTool) string {
	if m := (&fixTools{unavailable: unavailable}).unusable("list_secrets"); m != nil {
		if noPortal(m) {
			return portalOr(m, "which are set", "") + "."
		}
		return "the Spice.ai portal shows which are set, as " + toolsUnavailable(m) + "."
	}
	return "list_secrets for the app shows which are set."
}

// SecretEntryFailed: the API refused a value entered on the page (unknown: whether it was
// stored is unknown, why saying why: OutcomeUnknownWhy; unavailable: as whichSecretsSet's).
func SecretEntryFailed(stored []string, failed, reason string, unknown bool, why string, unavailable []UnavailableTool) string {
	text := fmt.Sprintf("Spice.ai refused the value entered on the page for `%s`: %s", failed, reason)
	if unknown {
		text = fmt.Sprintf("Whether the value entered on the page for `%s` was stored is unknown%s: %s %s", failed, unknownWhy(why), sentence(reason), whichSecretsSet(unavailable))
	}
	if len(stored) > 0 {
		text += fmt.Sprintf(" Stored before it: %s.", namesBrief(stored, ""))
	}
	return text + " Call again for a new link."
}

// SecretEntryUnavailable: no value and no page to collect one.
const SecretEntryUnavailable = "Required: give the value with value_from_env or value_from_file (or value, which passes through the conversation); this server has no page for the user to enter it"

// SecretPageFailed: the secret-entry page could not be opened.
func SecretPageFailed(err error) string {
	return fmt.Sprintf("No secret-entry link could be opened (%v). Nothing was stored.", err)
}

// StepSecretsOnPage is create_and_deploy_app's step that waits for the page.
const StepSecretsOnPage = "secrets from the user"

// StepSecretsWaiting: the values are awaited on the page; the link's text above names them,
// or, when the server opened the page in the user's browser (opened: no link is shown), the
// text saying so.
func StepSecretsWaiting(names []string, opened bool) string {
	if opened {
		return fmt.Sprintf("waiting for %s (on the page opened)", count(len(names), "value", "values"))
	}
	return fmt.Sprintf("waiting for %s on the page (link above)", count(len(names), "value", "values"))
}

// StepSecretsEntered: the person entered the values.
func StepSecretsEntered(names []string) string {
	return "stored " + namesBriefPlain(names, "") + " (entered by the user; " + ValuesNeverShown(len(names)) + ")"
}

// DeployAwaitsSecrets is create_and_deploy_app's result while the page waits: the link (what
// the user must do) first, then the steps done, so nothing long comes before it.
func DeployAwaitsSecrets(steps, link string) string {
	return "Not deployed yet: the spicepod needs secrets that are not set.\n\n" + link + "\n\n" + steps
}

// Values read by the server itself (value_from_env, value_from_file), each refusal's fix
// (WithFix) in its What to do line.
var (
	ArgOneValueSource = WithFix("more than one of value, value_from_env and value_from_file", "send one")
	ArgValueEmpty     = WithFix("must not be empty", "leave value out to let the user enter it on a page")
	// ArgValueHoldsNUL: a spicepod passes a secret into a password, token or connection string,
	// and none carries U+0000 (C strings end there; a process environment cannot hold one).
	ArgValueHoldsNUL = WithFix("must not hold a NUL character (U+0000), which no password, token or connection string can carry",
		"give the value without it (encode binary values, e.g. as base64, first)")
	LocalSourcesOff = WithFix("reads the server's own environment or files, which it does only when it runs over stdio (not over HTTP)",
		"leave it out so the user enters the value privately, or give value (it passes through the conversation)")
)

// FileHoldsNUL: a file read for a secret's value holds U+0000.
const FileHoldsNUL = "it holds a NUL character (U+0000), as binary files do, which no password, token or connection string can carry (encode binary values, e.g. as base64, first)"

// EnvUnset: the environment variable is missing or empty.
func EnvUnset(name string) string {
	return fmt.Sprintf("the environment variable %s is not set (or empty) where the server runs", name)
}

// EnvNotText: value_from_env names a variable whose value is not UTF-8 text.
func EnvNotText(name string) string {
	return fmt.Sprintf("the environment variable %s holds bytes that are not UTF-8 text, which cannot be sent as given (%s)", name, FileNotText)
}

// EnvForbidden: the variable holds one of the server's own credentials.
func EnvForbidden(name string) string {
	return fmt.Sprintf("%s holds one of this server's own credentials; it is never stored as a secret", name)
}

// HoldsServerCredential: a variable or file (what) holds the value of the server's own
// credential variable own.
func HoldsServerCredential(what, own string) string {
	return fmt.Sprintf("%s holds the value of %s, this server's own credential; it is never stored as a secret", what, own)
}

// HoldsProxyCredential: a variable or file (what) holds the user and password of the proxy the
// server's requests go through, set in the variable proxy (HTTPS_PROXY).
func HoldsProxyCredential(what, proxy string) string {
	return fmt.Sprintf("%s holds the user and password of the proxy this server's requests go through (%s), this server's own credential; it is never stored as a secret", what, proxy)
}

// FileUnreadable: the file given as path cannot be used as a value, and why. abs is path made
// absolute ("" when it cannot be): named too when it differs, as the server's working folder is
// shown nowhere (FileGivenAs; unescaped, as a field error is escaped where it is shown).
func FileUnreadable(path, abs, why string) string {
	if abs != "" && abs != path {
		if strings.IndexFunc(abs, func(r rune) bool {
			return !unicode.IsGraphic(r) || plain.Invisible(r) || r != ' ' && unicode.IsSpace(r)
		}) >= 0 {
			abs = strconv.QuoteToGraphic(abs)
		}
		path += ", that is " + abs
	}
	return fmt.Sprintf("cannot use %s: %s", path, why)
}

// FileTildeNotExpanded follows why a path starting with ~ was not found: the server reads
// paths as they are, ~ being a shell's.
const FileTildeNotExpanded = " (~ is not expanded here: give the file's absolute path)"

// Why a file cannot be used.
const (
	FileNotRegular  = "not a regular file"
	FileOfTheSystem = "a file the system makes up (under /proc, /sys or /dev), not a value of yours"
	FileNotText     = "not UTF-8 text (encode binary values, e.g. as base64, first)"
	FileEmpty       = "the file is empty"
	// FileMoved: the file opened could not be named by a path that leads to it (moved,
	// deleted or a link on the way changed while it was opened); nothing was read.
	FileMoved = "the file opened could not be named by a path that still leads to it (moved, deleted, or a link on the way changed meanwhile); try again"
)

// FileTooLarge: the file exceeds the limit.
func FileTooLarge(limit int) string { return "larger than " + number(limit) + " bytes" }

// StoreFromEnvAction / StoreFromFileAction are what reading a local value asks the person.
// The variable and source are LocalName, FileGivenAs or FileThroughLink texts (escaped).
func StoreFromEnvAction(variable Shown, name string, app Shown) Words {
	return words("Store the value of the environment variable %s of the machine running spice-cloud-mcp as secret %s of %s", variable, name, app)
}

// StoreFromFileAction: see StoreFromEnvAction. names is the file's link count: more than one
// is said (FileNames).
func StoreFromFileAction(source Shown, size, names int, name string, app Shown) Words {
	return words("Store the contents of the file %s (%s%s) on the machine running spice-cloud-mcp as secret %s of %s",
		source, count(size, "byte", "bytes"), fileNames(names), name, app)
}

// fileNames says, after a semicolon, that a file has more names than the one given (hard
// links): its other names cannot be listed cheaply, so the file read may be one the name
// given hides (ln ~/.ssh/id_rsa db_password.txt).
func fileNames(n int) string {
	if n <= 1 {
		return ""
	}
	return fmt.Sprintf("; the file has %d names: %s", n, plural(n-1, "a hard link", "hard links"))
}

// LocalName is a variable's name or a file's path the server read a value from, as given by
// the caller, escaped as inline text (quoted): it cannot make a link, HTML or an image where
// it is quoted back.
func LocalName(s string) Shown { return Shown{escapeText(s, false, false), s} }

// FileThroughLink names a file given as path whose links lead to real (an absolute path),
// which is the file read: quoted when it holds a character that does not show as itself, and
// both escaped as LocalName.
func FileThroughLink(path, real string) Shown { return fileAs(path, ", a link to ", real) }

// FileGivenAs names a file given as path (relative, or not in its clean form) that is real, the
// absolute path of the file read: the server's working folder is not shown anywhere, so the
// person approves a file by the name that says which one. Escaped as FileThroughLink.
func FileGivenAs(path, real string) Shown { return fileAs(path, ", that is ", real) }

func fileAs(path, joiner, real string) Shown {
	hidden := func(r rune) bool {
		return !unicode.IsGraphic(r) || plain.Invisible(r) || r != ' ' && unicode.IsSpace(r)
	}
	if strings.IndexFunc(real, hidden) >= 0 {
		real = strconv.QuoteToGraphic(real)
	}
	p, r := LocalName(path), LocalName(real)
	return Shown{p.markdown + joiner + r.markdown, p.plain + joiner + r.plain}
}

// EffectLocalValue warns what a local value may be.
const EffectLocalValue = "Only approve if this is the value you meant: the agent chose the name, and the value will be usable by the app's spicepod."

// ValueFrom names where set_secret read a value, for its result: source is a LocalName,
// FileGivenAs or FileThroughLink text, names a file's link count (0 for a variable).
func ValueFrom(kind string, source Shown, names int, trailingNewline bool) string {
	text := fmt.Sprintf("Value read by the server from %s %s (not shown%s).", kind, source.markdown, fileNames(names))
	if trailingNewline {
		text += " It ends with a newline, which is part of the value."
	}
	return text
}

// Kinds of local value sources.
const (
	SourceEnv  = "the environment variable"
	SourceFile = "the file"
)

func codeList(names []string) string { return "`" + strings.Join(names, "`, `") + "`" }

// Secret names in a text that must stay short whatever a spicepod references (hundreds of
// names, each as long as the API takes): every name while they take briefNamesBytes at most,
// else how many with the first that fit briefNamesFirst (at least one, a long one as its start
// and end) and where the rest are.
const (
	briefNamesBytes = 400
	briefNamesFirst = 200
)

// namesBrief is names as codeList writes them while they are short (briefNamesBytes), else
// "150 secrets (`A`, `B` and 148 more; rest)": rest says where they are all named ("" for
// nothing), so the text that carries them (a secret-entry link) is never pushed over the
// result budget and cut.
func namesBrief(names []string, rest string) string { return briefList(names, rest, codeList) }

// namesBriefPlain is namesBrief for the texts that name secrets without code marks (a step's
// result: "A, B").
func namesBriefPlain(names []string, rest string) string {
	return briefList(names, rest, func(n []string) string { return strings.Join(n, ", ") })
}

func briefList(names []string, rest string, list func([]string) string) string {
	all := 0
	for _, n := range names {
		all += len(n) + 4
	}
	switch {
	case all <= briefNamesBytes:
		return list(names)
	case len(names) == 1: // one long name: its start and end
		return list([]string{startAndEnd(names[0])})
	}
	var first []string
	used := 0
	for _, n := range names {
		n = startAndEnd(n)
		if len(first) > 0 && used+len(n)+4 > briefNamesFirst {
			break
		}
		first, used = append(first, n), used+len(n)+4
	}
	text := fmt.Sprintf("%s secrets (%s and %s more", number(len(names)), list(first), number(len(names)-len(first)))
	if rest != "" {
		text += "; " + rest
	}
	return text + ")"
}

// namesOnPage is where a secret-entry page's names are all named: the page itself.
const namesOnPage = "the page names them all"

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// The channels whoami reports.
const (
	ChannelElicit = "elicit"
	ChannelURL    = "url"
	ChannelPage   = "page"
	ChannelOpened = "opened"
	ChannelArgs   = "arguments"
	ChannelNone   = "none"
)

// WhoamiConfirmation words the confirmation mode and how this client's user approves.
func WhoamiConfirmation(mode, channel string, noConfirmFlag bool) string {
	switch mode {
	case "off":
		if noConfirmFlag {
			return "off (--no-confirm)"
		}
		return "off (--confirm=off)"
	case "agent":
		return "agent (--confirm=agent). The agent confirms by passing the target's name in confirm; when it does not, a client that can ask the user does"
	}
	switch channel {
	case ChannelElicit:
		return "human. Only the user approves, and this client asks them directly; a confirm argument from the agent is ignored"
	case ChannelPage:
		return "human. Only the user approves, on a one-time approval link the agent shows them; a confirm argument is ignored"
	case ChannelOpened:
		return "human. Only the user approves, on a one-time approval page this server opens in their browser (the link never reaches the agent); a confirm argument is ignored"
	}
	return "human. But this client cannot ask the user and there is no approval page, so the tools a person approves are refused"
}

// WhoamiSecrets words how this client's user enters secret values, and where the page is.
func WhoamiSecrets(channel, page string, local bool) string {
	var text string
	switch channel {
	case ChannelURL:
		text = "entered by the user on a page this client opens for them (URL elicitation); the model never sees them"
	case ChannelPage:
		text = "entered by the user on a one-time link the agent shows them (" + page + "); the model never sees them"
	case ChannelOpened:
		text = "entered by the user on a one-time page this server opens in their browser (" + page + "); the model never sees them"
	default:
		text = "only as the value argument, which passes through the conversation"
	}
	if local {
		text += "; value_from_env and value_from_file read them where the server runs"
	}
	return text
}

// Where the page is, for whoami.
const (
	PageNotStarted               = "a page on a loopback port, started on first need"
	PageNotStartedBeyondLoopback = "a page on a port beyond loopback (--human-listen-beyond-loopback), started on first need"
	PageMounted                  = "a page under /human/ on this server"
)

// PageListening: the loopback page has started.
func PageListening(base string) string { return "a page at " + base + "/human/…" }

// ToolsFlagEmpty: --tools was given without a tool name.
const ToolsFlagEmpty = "--tools is empty: name the tools to expose (e.g. --tools list_apps,get_app), or leave the flag out to expose every tool"

// ToolsetsFlagEmpty: --toolsets was given without a toolset name.
const ToolsetsFlagEmpty = "--toolsets is empty: name the toolsets to expose (e.g. --toolsets apps,deployments), or leave the flag out to expose every toolset"

// ExcludeToolsFlagEmpty: --exclude-tools was given without a tool name.
const ExcludeToolsFlagEmpty = "--exclude-tools is empty, so it would hide no tool: name the tools to hide (e.g. --exclude-tools delete_app,remove_member), or leave the flag out to hide none"

// AskingUserFailed is a question's failure as the call's log line gives it: the question's id
// and why it failed (err, kept for errors.Is).
func AskingUserFailed(id string, err error) error {
	return fmt.Errorf("asking the user (%s): %w", id, err)
}
