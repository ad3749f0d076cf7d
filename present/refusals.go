package present

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/lazyregexp"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// Refusals: confirmation questions and answers, argument problems, references that match
// nothing and tools the caller cannot use. Each says that nothing was changed when it matters.

// ConfirmQuestion asks the user (elicitation) to type the target's name, after saying what
// will happen and what follows from it (effects are full sentences).
func ConfirmQuestion(action string, effects []string, target string) string {
	text := action + "."
	if len(effects) > 0 {
		text += " " + strings.Join(effects, " ")
	}
	return fmt.Sprintf("%s Type %s to confirm.", text, target)
}

// ActionInOrg names the organization a confirmed action acts in, when the call chose one: first,
// so it attaches to the whole action ("In organization acme-labs, pause app …"), never to
// whatever the action's last words are. Every use of an action reads it as a sentence or after
// a colon (ConfirmQuestion, ConfirmRequired, ConfirmArgMismatch, the approval texts).
func ActionInOrg(action Words, org string) Words {
	return words("In organization %s, %s", NameShown(org), Shown{lowerFirst(action.Markdown), lowerFirst(action.Plain)})
}

// ConfirmFieldTitle is the title of the question's one field.
func ConfirmFieldTitle(target string) string { return "Type " + target + " to confirm" }

// ConfirmRequired: the client cannot ask, so the model must ask the user and pass confirm.
func ConfirmRequired(action, tool, target string) string {
	return fmt.Sprintf("Confirmation required: %s. This client cannot ask the user directly, so ask them, "+
		"and if they agree call %s again with confirm set to %q. Nothing was changed.", lowerFirst(action), tool, target)
}

// ConfirmArgMismatch: the confirm argument is not the target's name; fold: letter case may
// differ (app names and usernames). Nothing is trimmed.
func ConfirmArgMismatch(target, action, typed string, fold bool) string {
	rule := "exactly %q"
	if fold {
		rule = "%q (letter case may differ; nothing else, not even spaces)"
	}
	got := quotedSent(typed, textBytes, func(typed string) string {
		head, more := cutNoted(typed, textBytes) // a 10,000-character confirm is not echoed whole
		if beyondASCII(typed) {
			return lookAlikeQuoted(head) + more
		}
		return quoted(head) + more
	})
	// The rule, then the fix on a line of its own, as ConfirmRequired's: the person approves.
	fix := "\n" + whatToDo(fmt.Sprintf("ask the user, and only if they agree call again with confirm %q.", target))
	if beyondASCII(typed) {
		return fmt.Sprintf("confirm must be "+rule+". Got %s, so this was not done: %s. %s Nothing was changed.", target, got, lowerFirst(action), lookAlikeNeverApproves) + fix
	}
	return fmt.Sprintf("confirm must be "+rule+". Got %s, so this was not done: %s. Nothing was changed.", target, got, lowerFirst(action)) + fix
}

// ConfirmStateInvalid: the answer belongs to another question (other arguments, another
// target or caller) or its state is not one this server signed.
const ConfirmStateInvalid = "The confirmation answer does not belong to this request. Nothing was changed; call the tool again."

// ConfirmStateExpired: the answer came after the time a question's answer is accepted for.
func ConfirmStateExpired(ttl time.Duration) string {
	return fmt.Sprintf("The confirmation answer came too late: a question's answer is accepted for %s. Nothing was changed; call the tool again to be asked again.", Duration(ttl))
}

// ConfirmStateUsed: the answer was accepted once already (each approves one call).
const ConfirmStateUsed = "This confirmation answer was already used: an answer approves one call only. Nothing was changed by this call; call the tool again to be asked again."

// ConfirmValueChanged: the value read (kind is SourceEnv or SourceFile; source a LocalName,
// FileGivenAs or FileThroughLink text) is not the one the person was asked about.
func ConfirmValueChanged(kind string, source Shown) string {
	return fmt.Sprintf("The value read from %s %s changed after the question was asked, so nothing was stored: "+
		"an approval covers the value it asked about only. Call the tool again to be asked about the value as it is now.", kind, source.markdown)
}

// ConfirmDeclined: the user declined or cancelled (action is the elicitation action).
func ConfirmDeclined(action string) string {
	if action == "" { // an answer of "result":{} names no action
		return "The user did not confirm: the answer named no action (accept, decline or cancel). Nothing was changed; call again to ask the user again."
	}
	// The action is the client's word (accept, decline, cancel, or any text): quoted as a
	// caller's value is, a credential in it masked.
	if _, hid, _ := maskedSentHead(action); hid {
		return fmt.Sprintf("The user did not confirm (the answer's action was %s). Nothing was changed; do not call again unless the user asks for it.",
			quotedSent(action, textBytes, quoted))
	}
	return fmt.Sprintf("The user did not confirm (%s). Nothing was changed; do not call again unless the user asks for it.", Inline(action))
}

// ConfirmQuestionFailed: the client could not put the confirmation question to the user (it
// answered with an error, closed the connection, or the call was cancelled while it waited);
// why is the client's or the connection's error. A caller over HTTP (httpCaller) does not start
// the server: the confirmation mode for unattended use is its operator's to set, not named by flag.
func ConfirmQuestionFailed(why string, httpCaller bool) string {
	unattended := "unattended setups use --confirm=agent"
	if httpCaller {
		unattended = "for unattended use, this server's operator can let the agent confirm"
	}
	return fmt.Sprintf("The confirmation question could not be answered (%s). Nothing was changed. "+
		"Call the tool again to be asked again; a client that cannot show questions should not declare elicitation, "+
		"and then gets an approval link instead (%s).", questionError(why), unattended)
}

// ConfirmQuestionCancelled: the call was cancelled (the client's notifications/cancelled, or a
// signal stopping the server) while its confirmation question waited: only that, and the state.
const ConfirmQuestionCancelled = "The call was cancelled while the confirmation question waited for the user's answer. Nothing was changed."

// SecretQuestionCancelled: the call was cancelled while its secret-entry page waited.
const SecretQuestionCancelled = "The call was cancelled while the secret-entry page waited for the values. " +
	"The page was withdrawn, and no value was entered through it."

// QuestionWithdrawn is the reason of the notifications/cancelled that withdraws a question the
// server asked the client, when the call that asked ended before the answer (cancelled, or its
// connection or the server stopping: the call's time limit never ends a call while its question
// waits, so the reason names no time limit).
const QuestionWithdrawn = "the tool call that asked this question ended before it was answered (it was cancelled or stopped); no answer is needed"

// QuestionNoAnswer is why a question failed when the client answered the elicitation with nothing.
const QuestionNoAnswer = "the client returned no answer"

// NotWholeNumber is why an ID argument with a fraction or an exponent is refused.
const NotWholeNumber = "not a whole number"

// QuestionCallEnded is why a question failed when the call ended while it waited (cancelled,
// the connection closed, the server shutting down).
const QuestionCallEnded = "the call ended while it waited for the answer"

// SecretQuestionFailed: the client could not show the secret-entry page's question; the page
// was withdrawn, so nothing is entered through it.
func SecretQuestionFailed(why string) string {
	return fmt.Sprintf("The question with the secret-entry page could not be answered (%s). The page was withdrawn: "+
		"no value is entered through it. Call the tool again with the same arguments for a new page.", questionError(why))
}

// SecretQuestionEndedAnswered: the secret-entry page's question could not be answered (why),
// but the person had answered on the page already: it was not withdrawn, and the values
// entered were stored, or were being stored when the call ended (unavailable: as
// whichSecretsSet's).
func SecretQuestionEndedAnswered(why string, unavailable []UnavailableTool) string {
	return fmt.Sprintf("The question with the secret-entry page could not be answered (%s), but the page had been answered "+
		"already, so it was not withdrawn. The values entered on it were stored through it, or were being stored when "+
		"this call ended, and this call cannot say which were: %s", questionError(why), whichSecretsSet(unavailable))
}

// SecretQuestionEndedLeftOpen: the secret-entry page's question could not be answered (why),
// and another identical call still waits on the same page: it stays open for that one.
func SecretQuestionEndedLeftOpen(why string) string {
	return fmt.Sprintf("The question with the secret-entry page could not be answered (%s), before any value was stored "+
		"through the page. Another identical call still waits on the same page, so the page stays open for it: that call "+
		"reports what is stored through it.", questionError(why))
}

// questionError is a client's or the connection's error, for a sentence: one line, credentials
// masked, at most 200 characters.
func questionError(why string) string {
	why = Inline(MaskText(oneLine(why)))
	if r := []rune(why); len(r) > 200 {
		why = string(r[:200]) + "…"
	}
	return why
}

// ConfirmTypedWrong: the user typed something other than the target's name.
func ConfirmTypedWrong(typed, target string) string {
	// The person's answer is quoted as a caller's value is (quotedSent): a credential pasted
	// into the box is masked, as errors never carry one.
	if beyondASCII(typed) {
		return fmt.Sprintf("The user typed %s as the answer's \"name\", not %q. %s Nothing was changed; call again to ask the user again.",
			quotedSent(typed, textBytes, lookAlikeQuoted), target, lookAlikeNeverApproves)
	}
	return fmt.Sprintf("The user typed %s, not %q. Nothing was changed; call again to ask the user again.", quotedSent(typed, textBytes, quoted), target)
}

// ConfirmNoTypedName: the client accepted the question, but its answer carried no name the user
// typed (no "name", or one that is not text: given false, or name of another JSON kind).
func ConfirmNoTypedName(name any, given bool, target string) string {
	if !given {
		return fmt.Sprintf("The answer accepted the question but carried no name (no \"name\" in its content), so it does not confirm %q. Nothing was changed.", target)
	}
	kind := "null"
	if raw, err := json.Marshal(name); err == nil && len(raw) > 0 {
		switch raw[0] {
		case 't', 'f':
			kind = "a boolean"
		case '{':
			kind = "an object"
		case '[':
			kind = "an array"
		case 'n':
		default:
			kind = "a number"
		}
	}
	return fmt.Sprintf("The answer's \"name\" was %s, not the text the user typed, so it does not confirm %q. Nothing was changed.", kind, target)
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// Argument problems found before anything is sent.
const (
	ArgNotAnObject = NothingSent + "expected a JSON object"
	ArgAppRequired = "Required: an app name or numeric ID (see list_apps)"
	// ArgAppNameRequired refuses a new app's name missing or empty: what a name must be.
	ArgAppNameRequired = "Required: the new app's name, 4 to 38 ASCII letters, digits and hyphens (its URL is https://NAME.spice.ai)"
	ArgAppRef          = "want an app name or numeric ID"
	ArgMemberRequired  = "Required: a username or user_id (see list_members)"
	ArgMemberRef       = "want a username or numeric user_id"
	ArgOrgName         = "want an organization name (see list_orgs)"
	ArgOrgRule         = "want an organization handle of 1 to 64 ASCII letters, digits, '.', '_' or '-' ([A-Za-z0-9._-]{1,64}, the only ones Spice sends; see list_orgs)"
	ArgImageTag        = "want a published runtime tag (see list_container_images), or \"\" or null to unpin"
	ArgRequired        = "Required"
	// ArgSecretNameRequired refuses a secret's name missing or empty: what a name must be.
	ArgSecretNameRequired = "Required: the secret's name, a letter or underscore then letters, digits or underscores (e.g. PG_PASSWORD)"
	// ArgUsernameRequired refuses add_member's username missing or blank.
	ArgUsernameRequired     = "Required: the Spice.ai username of the user to add (e.g. jdoe), who has signed in to Spice.ai at least once"
	ArgDeploymentIDRequired = "Required: a positive deployment ID (see list_deployments)"
	ArgDeploymentIDPositive = "must be a positive deployment ID (see list_deployments)"
	ArgKeyNumberRequired    = "Required: 2 (secondary), 1 (primary) or 0 (both)"
	ArgRotationStepRequired = "Required: start (the first step of a rotation) or finish (the second)"
)

// ArgAppIDForm and ArgMemberIDForm refuse an id: reference without plain digits, the example
// the fix (WithFix).
var (
	ArgAppIDForm    = WithFix("id: must be followed by an app ID in plain digits (see list_apps)", "send e.g. id:101")
	ArgMemberIDForm = WithFix("id: must be followed by a user ID in plain digits (see list_members)", "send e.g. id:3")
)

// Refusals of update_app's spicepod, each with its fix (WithFix): ArgSpicepodEmpty, a spicepod
// sent blank (rules.ParseSpicepod's "Spicepod is empty"); ArgSpicepodNull, null.
var (
	ArgSpicepodEmpty = WithFix("empty", "send the spicepod as YAML text or an object, or leave spicepod out")
	ArgSpicepodNull  = WithFix("null is not a value here: a spicepod cannot be cleared (the API takes YAML text or an object)", "omit the argument to leave it as it is")
)

// NothingToUpdate refuses a tool that changes settings called with none of them (update_app
// with only app): the settings it takes. It is filed under no field (FieldErrorsText's "").
func NothingToUpdate(tool string, settings []string) string {
	return "Nothing to update: " + tool + " needs app and at least one setting to change: " +
		strings.Join(settings, ", ")
}

// argListHints are the argument refusals that end naming the list tool that shows the values
// they want, each with that tool.
var argListHints = map[string]string{
	ArgAppRequired: "list_apps", ArgAppIDForm: "list_apps", ArgMemberRequired: "list_members", ArgMemberIDForm: "list_members",
	ArgDeploymentIDRequired: "list_deployments", ArgDeploymentIDPositive: "list_deployments",
	ArgOrgName: "list_orgs", ArgOrgRule: "list_orgs", ArgImageTag: "list_container_images",
	PromptWritesAsGiven: "list_apps",
}

// ArgListHint is the list tool an argument refusal (a field's message) names, "" for none.
func ArgListHint(msg string) string { return argListHints[msg] }

// ArgWithoutListHint is an argument refusal naming a list tool (ArgListHint) without it, for a
// caller who cannot use it: as elsewhere, a hint naming a hidden tool is left out.
func ArgWithoutListHint(msg string) string {
	if tool := argListHints[msg]; tool != "" {
		return strings.Replace(msg, " (see "+tool+")", "", 1)
	}
	return msg
}

// ArgRefGot is a reference's refusal (ArgAppRef, ArgMemberRef) for a value of another JSON
// kind than a string or number, saying which came: raw is the value as sent.
func ArgRefGot(want string, raw []byte) string {
	switch b := bytes.TrimSpace(raw); {
	case len(b) == 0:
		return want
	case b[0] == 't' || b[0] == 'f':
		return want + ", got a boolean"
	case b[0] == '[':
		return want + ", got an array"
	case b[0] == '{':
		return want + ", got an object"
	}
	return want
}

// ArgType: a value of the wrong JSON type. field may end in a map key the caller sent
// (tags.KEY): see argName.
func ArgType(field, want, got string) string {
	return fmt.Sprintf(NothingSent+"%s: expected %s, got %s", argName(field), escapeText(want, false, false), escapeText(got, false, false))
}

// What update_app's resources take, where a value's JSON type is wrong: the argument, a group,
// a key's value.
const (
	ArgResourcesWant     = "an object of limits and requests (each an object of quantities), or null (removes them all)"
	ArgResourceGroupWant = "an object of quantities, or null (removes the group)"
	ArgResourceValueWant = "a string (a Kubernetes quantity such as \"2\", \"500m\", \"8Gi\"), or null (removes the key)"
)

// argName renders an argument's name, or its path into a map (tags.KEY, secrets.KEY), where the
// key is the caller's text: a plain name or path (letters, digits, _ . - [ ]) as it is, anything
// else quoted and escaped as ArgUnknown quotes a name (quoted), so a key can make no HTML, link
// or image of the refusal.
func argName(name string) string {
	if masked := MaskText(name); masked != name { // a key of an object argument (resources) an agent wrote a credential in
		return quoted(masked) + maskedWhy
	}
	plain := name != "" && !strings.ContainsFunc(name, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_.-[]", r))
	})
	if plain {
		return name
	}
	return quoted(name)
}

// ArgMapKey is a key of a map argument (secrets) as a field error names it: as it is when
// plain, else quoted, so spaces around it, a line break or a hidden character show. Not escaped
// here: field errors are escaped where they are rendered (errorIn), as the rules' quotes are. A
// key that looks like a credential (name and value swapped: {"sk-proj-…": "OPENAI_API_KEY"}) is
// shown masked, with why (ArgSecretKey), never as given.
func ArgMapKey(key string) string {
	if masked := ArgSecretKey(key); masked != key {
		return quoted(masked) + " (masked: it looks like a credential; a secret's name is the key, its value the value)"
	}
	if plain := argName(key); plain == key {
		return key
	}
	return strconv.Quote(key)
}

// ArgSecretKey is a key of the secrets argument as a field path shows it (secrets.KEY): masked
// (MaskText) when it looks like a credential, which a value given as a name does.
func ArgSecretKey(key string) string { return MaskText(key) }

// ArgUnknown names an argument the tool does not take; a long name is quoted short
// (quotedMaskedShort). ArgUnknownFix names the ones it does, in the What to do line.
func ArgUnknown(name string) string {
	return NothingSent + quotedMaskedShort(name) + ": unknown argument"
}

// ArgUnknownFix: see ArgUnknown.
func ArgUnknownFix(valid []string) string {
	if len(valid) == 0 {
		return "send no arguments"
	}
	return "send only " + strings.Join(valid, ", ")
}

// ArgTwice: one argument sent twice, where one value would be dropped; ArgTwiceFix its fix.
func ArgTwice(name string) string {
	return NothingSent + quotedMaskedShort(name) + ": given twice"
}

// ArgTwiceFix: see ArgTwice.
const ArgTwiceFix = "send it once"

// quotedMaskedShort is quotedShort of a name a client sent, with a credential in it (an API key
// an agent pasted as the name) masked (MaskText), as errors never carry one; the length noted is
// the name's own, and a masked one says why, as quotedSent's does. Masking reads the start
// alone, and is done before the name is cut (maskedSentHead).
func quotedMaskedShort(name string) string {
	masked, hid, whole := maskedSentHead(name)
	why := ""
	if hid {
		why = maskedWhy
	}
	shown, total := cut(masked, wordBytes)
	if total == 0 && whole {
		return quoted(shown) + why
	}
	return quoted(shown) + ShortenedNote(utf8.RuneCountInString(name)) + why
}

// maskedWhy follows a quote a credential was masked in.
const maskedWhy = " (masked: it looks like a credential)"

// ArgResourceKey: a key update_app's resources does not take (ArgField names its path,
// resources.limits.cpus), with the keys it does take there.
func ArgResourceKey(valid []string) string {
	return "unknown key; the keys taken there are " + strings.Join(valid, ", ")
}

// ArgResourcesEmpty: update_app's resources, or its group (limits, requests), with no key: it
// would change nothing. A key, or the group, set to null is how to remove it.
func ArgResourcesEmpty(group string, valid []string) string {
	where := "it"
	if group != "" {
		where = quoted(group)
	}
	return WithFix(where+" is empty", fmt.Sprintf("give at least one of %s (null removes one)", strings.Join(valid, ", ")))
}

// ArgKeyTwice: one key sent twice in a map argument (tags, secrets), where one value would be dropped.
func ArgKeyTwice(key string) string {
	return WithFix(fmt.Sprintf("key %s is given twice", quotedShort(key)), ArgTwiceFix)
}

// ArgKeySpaces and ArgKeyHidden refuse a tag key with spaces or line breaks around it, or
// holding a character that does not show where it stands (rules.TagKey), quoted with every
// invisible character escaped: sent, it would be stored and shown as another key reads.
func ArgKeySpaces(key string) string {
	return WithFix(fmt.Sprintf("key %s has spaces or line breaks at the start or end", quotedVisible(key)), "send the key without them")
}

// ArgKeyHidden: see ArgKeySpaces.
func ArgKeyHidden(key string) string {
	return WithFix(fmt.Sprintf("key %s holds a character that does not show", quotedVisible(key)), "send the key without it")
}

// ArgTagValue refuses a tag value outside rules.TagValueOK, quoting what was sent: masked when
// it looks like a credential (a tag is shown to whoever sees the app), shortened when long,
// with the first character not allowed named when it can be shown.
func ArgTagValue(value string) string {
	if len(value) > rules.TagValueMax && rules.TagValueOK(value[:rules.TagValueMax]) {
		return fmt.Sprintf("must be at most %d characters; got %s", rules.TagValueMax, number(utf8.RuneCountInString(value)))
	}
	rule := "must hold only letters, digits, '_', '@' and '-'"
	shown := MaskText(value)
	if shown != value {
		return rule + "; got " + quoted(clip(shown, wordBytes)) + " (masked: it looks like a credential)"
	}
	got := quoted(clip(value, wordBytes))
	if i := strings.IndexFunc(value, func(r rune) bool { return !rules.TagValueOK(string(r)) }); i >= 0 {
		r, _ := utf8.DecodeRuneInString(value[i:])
		got += ", where " + escapeText(strconv.QuoteRune(r), false, false) + " is not allowed"
	}
	return rule + "; got " + got
}

// Refusals of create_and_deploy_app's secrets and tags, each with its fix (WithFix).
var (
	ArgSecretNull  = WithFix("null is not a value", secretFix)
	ArgSecretEmpty = WithFix("must not be empty", secretFix)
)

const secretFix = "give the value, or leave the name out (a secret the spicepod references is then entered by the user on a private page; set_secret without value sets any other)"

// ArgManagedTag refuses a tag create_and_deploy_app sets itself (to value), to recognise the
// apps it created; the refusal names the key as the field.
func ArgManagedTag(value string) string {
	return WithFix(fmt.Sprintf("set by this tool to %s, which marks the apps it created so that a re-run resumes only its own app", value),
		"use another key (change this tag with update_app once the app is deployed)")
}

// ArgManagedTagForged refuses, in create_app's and update_app's tags, a tag that reads as
// ManagedTag (ReadsAsManagedTag) when the app does not have it as given: only
// create_and_deploy_app marks an app as its own, since its re-run resumes an app so marked. An
// app that has it keeps it when the tag is given again as the app has it.
func ArgManagedTagForged() string {
	return WithFix(fmt.Sprintf("reads as %s, the mark create_and_deploy_app alone sets on the apps it creates, so that a re-run resumes only its own app; "+
		"kept only where the app already has it exactly as given", ManagedTagShown),
		"use another key or value")
}

// ArgField: a value its argument cannot take, with the rule.
func ArgField(name, rule string) string {
	return fmt.Sprintf(NothingSent+"%s: %s", argName(name), rule)
}

// ArgNotText: a string argument with bytes that are not UTF-8, or half of a UTF-16 surrogate
// pair; it cannot be sent as given, and replacing it would alter it.
var ArgNotText = WithFix("it holds bytes that are not UTF-8 or a lone UTF-16 surrogate escape (\\uD800 to \\uDFFF without its pair), "+
	"which is not text and cannot be sent as given", "send UTF-8 text (a character beyond U+FFFF as one surrogate pair)")

// ArgInvalid is any other decoding problem.
func ArgInvalid(detail string) string { return NothingSent + detail }

// ArgKeyNumber refuses a key_number that is none of the three, in ArgKeyNumberRequired's words
// (which says what each number replaces), with the number sent.
func ArgKeyNumber(got int64) string {
	return fmt.Sprintf("must be 2 (secondary), 1 (primary) or 0 (both); got %d", got)
}

// ArgTimeout: timeout_seconds out of range.
func ArgTimeout(maxSeconds int) string {
	return fmt.Sprintf("must be between 1 and %s seconds", number(maxSeconds))
}

// ArgTimeoutWithoutWait: timeout_seconds given to a call that does not wait for its deployment
// (wait not true). It does not say nothing would be waited for: create_and_deploy_app still
// waits for an earlier deployment in flight before it deploys, within the call's time limit.
var ArgTimeoutWithoutWait = WithFix("Applies only with wait true, which is not set",
	"pass wait true to wait up to timeout_seconds for the deployment, or leave timeout_seconds out")

// NoAppWithID and NoAppNamed start an app-not-found message (see AppNotFound).
func NoAppWithID(id int64) string { return fmt.Sprintf("No app with ID %d in this organization", id) }

// NoAppNamed: see NoAppWithID.
func NoAppNamed(name string) string {
	return fmt.Sprintf("No app named %s in this organization", quotedRef(name))
}

// quotedRef is quotedLookAlike of an app reference a caller sent, masked as quotedSent masks.
func quotedRef(ref string) string { return quotedSent(ref, textBytes, quotedLookAlike) }

// quotedSent is how a refusal quotes a value a caller sent: plain's quote of it (shortened to
// limit bytes, with its full length), but one holding a credential (an API key or a connection
// URL pasted into the wrong field) is shown masked (MaskText, on its start, masked before it
// is cut: maskedSentHead; an invisible character escaped, visibleQuote), with why,
// as errors never carry one. An ordinary value is shown as sent, so the user sees what to fix:
// plain shows at most visibleBytes of its start (what masking read with what follows it).
func quotedSent(sent string, limit int, plain func(string) string) string {
	masked, hid, whole := maskedSentHead(sent)
	if !hid {
		return plain(sent)
	}
	shown, _ := cut(masked, limit)
	note := ""
	if len(shown) < len(masked) || !whole {
		note = ShortenedNote(utf8.RuneCountInString(sent))
	}
	return visibleQuote(shown) + note + maskedWhy
}

// AppIDPrefix marks an explicit app ID in an app reference: "id:101" (tools.AppRef).
const AppIDPrefix = "id:"

// AppIDRef is the reference that always names app id.
func AppIDRef(id int64) string { return AppIDPrefix + strconv.FormatInt(id, 10) }

// NoAppNamedOrID: digits that name no app and are no app's ID (see AppNotFound).
func NoAppNamedOrID(ref string, id int64) string {
	return fmt.Sprintf("No app named %s and none with ID %d in this organization", quotedRef(ref), id)
}

// AppAmbiguous refuses digits that are one app's name and another app's ID.
func AppAmbiguous(ref string, namedID int64, named string, numberedID int64, numbered string) string {
	return fmt.Sprintf("%s is ambiguous: it is the name of %s and the ID of %s. Nothing was done.\n",
		quoted(ref), AppLabel(namedID, named), AppLabel(numberedID, numbered)) + pickOne("app", AppIDRef(namedID), AppIDRef(numberedID))
}

// AppNameListedTwice: a name the API lists for two apps (IDs first and second), though names are
// unique in an organization; which one is meant is not guessed.
func AppNameListedTwice(ref string, first int64, firstName string, second int64, secondName string) string {
	return fmt.Sprintf("%s is ambiguous: the Spice.ai API lists two apps by that name, %s and %s, though names are unique in an organization. "+
		"Nothing was done.\n", quoted(ref), AppLabel(first, firstName), AppLabel(second, secondName)) + pickOne("app", AppIDRef(first), AppIDRef(second))
}

// DeployNameListedTwice: create_and_deploy_app's name is listed for two apps, so a re-run cannot
// tell which one is its own.
func DeployNameListedTwice(name string, first int64, firstName string, second int64, secondName string) string {
	return fmt.Sprintf("%s is ambiguous: the Spice.ai API lists two apps by that name, %s and %s, though names are unique in an organization, "+
		"so which one an earlier run made is not known.\n", quoted(name), AppLabel(first, firstName), AppLabel(second, secondName)) +
		whatToDo(fmt.Sprintf("deploy the one meant with create_deployment and app %q or %q, or give another name.", AppIDRef(first), AppIDRef(second)))
}

// DeployNameListedAsAnother: create_and_deploy_app's name is listed as app id, which reads as
// another app (read): which app is the run's own is not known.
func DeployNameListedAsAnother(listed string, id int64, read string) string {
	return fmt.Sprintf("The Spice.ai API lists %s, but reads app %d as %s, so which app an earlier run made is not known. "+
		"Check the apps with list_apps before calling again.", AppLabel(id, listed), id, AppLabel(id, read))
}

// AppListedAsAnother: an app resolved from the list as listed (id) reads as another app (read).
// Names do not change, so one of the two answers is wrong: which app it is is not known.
func AppListedAsAnother(listed string, id int64, read string) string {
	return fmt.Sprintf("The Spice.ai API lists %s, but reads app %d as %s: app names do not change, so one of the two answers is "+
		"wrong, and which app this is is not known. Nothing was changed. Try again; if it happens again, "+askUser+"check that %s "+
		"points at the Spice.ai Management API.", AppLabel(id, listed), id, AppLabel(id, read), client.EnvAPIURL)
}

// maxListedApps bounds the apps an app-not-found message lists.
const maxListedApps = 10

// AppNotFound completes what with the way forward: create an app when there is none, the close
// matches when some are close, else the apps there are (labels, at most ten).
func AppNotFound(what string, closeMatches, apps []string) string {
	switch {
	case len(apps) == 0:
		return what + ". The organization has no apps; create one with create_app."
	case len(closeMatches) > 0:
		return what + ". Did you mean: " + strings.Join(closeMatches, ", ") + "?"
	}
	if len(apps) > maxListedApps {
		apps = append(slices.Clone(apps[:maxListedApps]), moreListed(len(apps)-maxListedApps, "list_apps"))
	}
	return what + ". Apps: " + strings.Join(apps, ", ") + "."
}

// AppsLeftOut is how many apps an app-not-found message (AppNotFound) leaves to list_apps.
func AppsLeftOut(closeMatches, apps []string) int {
	if len(apps) == 0 || len(closeMatches) > 0 {
		return 0
	}
	return max(0, len(apps)-maxListedApps)
}

// moreListed ends a miss's list of candidates cut short (AppNotFound, MemberNotFound): how many
// more, and the list tool that shows them.
func moreListed(n int, tool string) string {
	return fmt.Sprintf("… (%s more; see %s)", number(n), tool)
}

// choicesMore is the end of a refusal's choices cut short (choices): how many more, and the tool.
var choicesMore = lazyregexp.New(`… \(([0-9,]+) more; see (list_[a-z_]+)\)$`)

// ChoicesLister is the list tool a refusal's choices cut short (RegionUnavailable,
// ClusterUnknown) leave the rest to, "" when they name none.
func ChoicesLister(msg string) string {
	if m := choicesMore.FindStringSubmatch(msg); m != nil {
		return m[2]
	}
	return ""
}

// ChoicesListHidden is msg, whose choices are cut short after more left to a list tool the
// caller cannot use (u), saying instead that they are left out and why, as MissListHidden does.
func ChoicesListHidden(msg string, u UnavailableTool, sandbox bool) string {
	m := choicesMore.FindStringSubmatchIndex(msg)
	if m == nil || msg[m[4]:m[5]] != u.Name {
		return msg
	}
	where := "; the Spice.ai portal shows them"
	if sandbox {
		where = ""
	}
	return msg[:m[0]] + fmt.Sprintf("… (%s more, left out, as %s%s)", msg[m[2]:m[3]], toolsUnavailable([]UnavailableTool{u}), where)
}

// MissListHidden is a miss (AppNotFound, MemberNotFound) whose list of candidates, cut short
// after n more, names a list tool the caller cannot use (u): rather than naming it, it says
// that they are left out and why, and, but in the sandbox (whose emulator has no portal), that
// the Spice.ai portal shows them. A msg that does not end so is returned as it is.
func MissListHidden(msg string, n int, u UnavailableTool, sandbox bool) string {
	end := moreListed(n, u.Name) + "."
	if n <= 0 || !strings.HasSuffix(msg, end) {
		return msg
	}
	where := "; the Spice.ai portal shows them"
	if sandbox {
		where = ""
	}
	return strings.TrimSuffix(msg, end) + fmt.Sprintf("… (%s more, left out, as %s%s).", number(n), toolsUnavailable([]UnavailableTool{u}), where)
}

// Argument values the tools refuse rather than alter or drop (tools/types.go); each follows
// "NAME: " (or NothingSent+"NAME: "), its fix (WithFix) in the What to do line.
var (
	ArgSpaces        = WithFix("has spaces or line breaks at the start or end", "send the value without them")
	ArgEmpty         = WithFix("empty", "omit the argument")
	ArgOrgEmpty      = WithFix("empty", omitOrg)
	ArgOrgBlank      = WithFix("only spaces or line breaks", omitOrg)
	ArgInstanceEmpty = WithFix("empty", "omit instance for the newest instance")
	ArgForkNameEmpty = WithFix("empty", "omit name to let the API choose the fork's name")
	ArgNullNoValue   = WithFix("null is not a value here", "omit the argument, or send a value")
	// ArgNullClearWithEmpty refuses null for an update_app field that "" clears.
	ArgNullClearWithEmpty = WithFix("null is not a value here", "send \"\" (an empty string) to clear it, or omit the argument to leave it as it is")
)

const (
	omitOrg = "omit org to use the default organization"
)

// ArgHiddenCharacter refuses an identifier holding a character that does not show (a zero-width
// space, a soft hyphen, a control character), quoted with it escaped: sent, the API would refuse
// it in words that drop the character, naming what reads as a valid value. Every invisible
// character is escaped, those strconv.Quote leaves as they are too (a variation selector, a
// combining grapheme joiner, a Hangul filler: "a\ufe0fcme", not "a️cme").
func ArgHiddenCharacter(value string) string {
	return WithFix("holds a character that does not show, in "+quotedVisible(value), "send the value without it")
}

// quotedVisible is quoted with every invisible character escaped (plain.Invisible), a
// credential in it masked (quotedSent).
func quotedVisible(s string) string {
	return quotedSent(s, visibleBytes, func(s string) string {
		head, more := cutNoted(s, visibleBytes)
		return visibleQuote(head) + more
	})
}

// visibleBytes bounds quotedVisible's quote: the start of sent that masking reads with what
// follows it (maskedSentHead).
const visibleBytes = sentWindow - sentMargin

// visibleQuote is quoted with every invisible character escaped (plain.Invisible).
func visibleQuote(s string) string {
	q := strconv.Quote(s)
	if !strings.ContainsFunc(q, plain.Invisible) {
		return escapeText(q, false, false)
	}
	var b strings.Builder
	for _, r := range q {
		switch {
		case !plain.Invisible(r):
			b.WriteRune(r)
		case r > 0xffff:
			fmt.Fprintf(&b, `\U%08x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return escapeText(b.String(), false, false)
}

// ArgInstanceName is the instance-name rule (rules.InstanceName) in plain words.
const ArgInstanceName = "must be a runtime instance (pod) name of at most 1,024 characters: not '.' or '..', " +
	"and without '/', backslash, '%', '?', '#', spaces or control characters"

// ArgMemberRefTooLong refuses a member reference (or add_member's username) over max
// characters; the value is not quoted back.
func ArgMemberRefTooLong(max int) string {
	return fmt.Sprintf("must be at most %s characters (a username or user ID); this one is longer", number(max))
}

// ArgSecretNameStart refuses a secret name that does not start with a letter or underscore with
// the whole rule (the skill's troubleshooting states both halves at once), so the next try does
// not meet the other half; the API's own text names only the start.
const ArgSecretNameStart = "Secret name must start with a letter or underscore and can only contain letters, numbers, and underscores"

// ArgSecretNameNotASCII refuses a secret name holding a character beyond ASCII (a Cyrillic
// look-alike: АPI), quoted with every such character escaped so it can be told apart.
func ArgSecretNameNotASCII(name string) string {
	return "must start with an ASCII letter or underscore, then ASCII letters, digits and underscores; " +
		quotedASCIIMasked(name) + " holds a character beyond ASCII (a look-alike?)"
}

// quotedASCIIMasked quotes s with every character beyond ASCII escaped, or masked whole, with
// why, where it looks like a credential: MaskText reads through the invisible characters the
// escapes would spell (ghp_\u2060…), which it would not read through once spelled.
func quotedASCIIMasked(s string) string {
	if MaskText(s) != s {
		return quoted(Masked) + maskedWhy
	}
	return escapeText(strconv.QuoteToASCII(s), false, false)
}

// ArgAppRefNotASCII refuses an app reference holding a character beyond ASCII (a Cyrillic
// look-alike: аnalytics-app): app names are ASCII, so it names no app. It is quoted with every
// such character escaped so it can be told apart.
func ArgAppRefNotASCII(ref string) string {
	return "must be an app name (ASCII letters, digits and hyphens) or ID; " +
		quotedASCIIMasked(ref) + " holds a character beyond ASCII (a look-alike?), so it names no app"
}

// ArgTooSmall refuses a number too close to 0 to be a float64 other than 0 (literal as sent):
// it would be sent as 0.
func ArgTooSmall(literal string) string {
	return WithFix("the number "+shortNumber(literal)+" is too small to tell from 0 and would be sent as 0", "send 0 or a larger number")
}

// ArgBeyondRange refuses a number too large in magnitude for a float64 (literal as sent, 1e400).
func ArgBeyondRange(literal string) string {
	return WithFix("the number "+shortNumber(literal)+" is beyond the range of numbers (about ±1.8e308)", "send a number within it")
}

// ArgIntegerBeyondRange refuses a whole number (literal as sent, 1e20) beyond the integers an
// argument holds, min to max.
func ArgIntegerBeyondRange(literal string, min, max int64) string {
	return WithFix(fmt.Sprintf("the number %s is beyond the range of integers (%d to %d)", shortNumber(literal), min, max), "send an integer within it")
}

// MemberAmbiguous refuses digits that are one member's username (ref itself) and another
// member's user ID.
func MemberAmbiguous(ref string, namedID, numberedID int64, numbered string) string {
	return fmt.Sprintf("%s is ambiguous: it is the username of user %d and the user ID of %s (user %d). Nothing was done.\n",
		quoted(ref), namedID, listedLookAlike(numbered, wordBytes), numberedID) + pickOne("member", AppIDRef(namedID), AppIDRef(numberedID))
}

// MemberNameListedTwice: a username the API lists for two members (user IDs first and second),
// though usernames are unique; which one is meant is not guessed.
func MemberNameListedTwice(ref string, first int64, firstName string, second int64, secondName string) string {
	return fmt.Sprintf("%s is ambiguous: the Spice.ai API lists two members by that username, %s (user %d) and %s (user %d), though usernames are unique. "+
		"Nothing was done.\n", quoted(ref), listedLookAlike(firstName, wordBytes), first, listedLookAlike(secondName, wordBytes), second) +
		pickOne("member", AppIDRef(first), AppIDRef(second))
}

// NoMemberWithID: an explicit user ID (id:3) that is no member's.
func NoMemberWithID(id int64, members []client.Member) string {
	return MemberNotFound(AppIDRef(id), members)
}

// maxListedMembers bounds the members a member-not-found message lists, as maxListedApps the apps.
const maxListedMembers = 10

// MemberNotFound names the members there are: at most maxListedMembers, those whose username
// reads like ref first (lookAlikeSkeleton: "rnallory" for "mallory", "bob1" for "bobl"),
// flagged so, and how many more list_members shows. Each username is shortened to 100 bytes
// with its full length (clip).
func MemberNotFound(ref string, members []client.Member) string {
	alike := lookAlikeSkeleton(ref)
	ordered := slices.Clone(members)
	slices.SortStableFunc(ordered, func(a, b client.Member) int {
		return boolOrder(lookAlikeSkeleton(b.Username) == alike) - boolOrder(lookAlikeSkeleton(a.Username) == alike)
	})
	var names []string
	for _, m := range ordered[:min(len(ordered), maxListedMembers)] {
		name := fmt.Sprintf("%s (user %d)", listedLookAlike(m.Username, wordBytes), m.UserID)
		if lookAlikeSkeleton(m.Username) == alike {
			name += fmt.Sprintf(" (reads like %s but is another name)", quotedSent(ref, wordBytes, func(ref string) string { return clippedLookAlike(ref, wordBytes) }))
		}
		names = append(names, name)
	}
	if more := MembersLeftOut(members); more > 0 {
		names = append(names, moreListed(more, "list_members"))
	}
	return fmt.Sprintf("No member %s in this organization. Members: %s.", quotedRef(ref), strings.Join(names, ", "))
}

// MembersLeftOut is how many members a member-not-found message (MemberNotFound) leaves to
// list_members.
func MembersLeftOut(members []client.Member) int { return max(0, len(members)-maxListedMembers) }

// listedLookAlike is a username listed beside a miss, shortened to limit bytes with its full
// length (clip): one holding a character beyond ASCII also quoted with each such character
// escaped, so a member bоb (Cyrillic о) does not read as the bob that was asked for and not
// found. Whether it does is judged on the whole username, and only its shown start is escaped:
// the shortening's "…" is not the name's.
func listedLookAlike(username string, limit int) string {
	head, more := cutNoted(username, limit)
	if !beyondASCII(username) {
		return NameText(head) + more
	}
	if more != "" {
		more = "…"
	}
	return NameText(clip(username, limit)) + " " + escapeText(strconv.QuoteToASCII(head), false, false) + more
}

// quotedLookAlike quotes a reference that matched nothing; one holding a character beyond ASCII
// (a Cyrillic а) with each such character escaped and a word on why, so it cannot read as the
// name beside it that it mimics (аlice, alice). It is shortened as a member miss's is: a
// 10,000-character app reference is not echoed whole.
func quotedLookAlike(ref string) string { return clippedLookAlike(ref, textBytes) }

// clippedLookAlike is quotedLookAlike shortened to limit bytes, with its full length after the
// quotes: whether the reference holds characters beyond ASCII is judged on all of it, not on
// what is shown (whose "…" is the shortening's).
func clippedLookAlike(ref string, limit int) string {
	head, more := cutNoted(ref, limit)
	if !beyondASCII(ref) {
		return quoted(head) + more
	}
	return escapeText(strconv.QuoteToASCII(head), false, false) + more + " (it holds characters beyond ASCII, which may only look like others)"
}

// cutNoted is s cut to limit bytes (cut) and the note on its full length ("" when it fits).
func cutNoted(s string, limit int) (head, note string) {
	head, total := cut(s, limit)
	if total > 0 {
		note = ShortenedNote(total)
	}
	return head, note
}

// beyondASCII reports whether s holds a character beyond ASCII.
func beyondASCII(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r >= utf8.RuneSelf })
}

// Why a tool is hidden from the caller (whoami lists them; a call gets ToolUnavailable).
const (
	HiddenReadOnly  = "it changes things and the server runs with --read-only"
	HiddenNotListed = "it is not listed in --tools"
	HiddenExcluded  = "it is listed in --exclude-tools"
)

// HiddenExcludedVia: a workflow may send the change of tool, which --exclude-tools names.
func HiddenExcludedVia(tool string) string {
	return fmt.Sprintf("it sends %s's request, and %s %s", tool, tool, strings.TrimPrefix(HiddenExcluded, "it "))
}

// HiddenToolset: the tool's toolset is not enabled.
func HiddenToolset(toolset string) string {
	return fmt.Sprintf("its toolset %q is not enabled (--toolsets)", toolset)
}

// Over HTTP the server's command line is its operator's, and its caller does not start it: a
// reason names who set it, not the flag (HiddenToHTTPCaller).
const (
	hiddenReadOnlyHTTP  = "it changes things and this server's operator set it to read only"
	hiddenNotListedHTTP = "this server's operator did not include it among the tools it offers"
	hiddenExcludedHTTP  = "this server's operator excluded it"
	hiddenByOperator    = "this server's operator"
)

// HiddenToHTTPCaller is reason (a Hidden* text of the server's options) as an HTTP caller reads
// it: who set the option, not its flag; any other reason as it is.
func HiddenToHTTPCaller(reason string) string {
	switch reason {
	case HiddenReadOnly:
		return hiddenReadOnlyHTTP
	case HiddenNotListed:
		return hiddenNotListedHTTP
	case HiddenExcluded:
		return hiddenExcludedHTTP
	}
	if needs, ok := strings.CutSuffix(reason, chooseOrg(false)); ok { // HiddenRoleUnknown's
		return needs + chooseOrg(true)
	}
	if toolset, ok := strings.CutSuffix(reason, " is not enabled (--toolsets)"); ok {
		return toolset + " is not among those " + hiddenByOperator + " enabled"
	}
	if via, ok := strings.CutSuffix(reason, " "+strings.TrimPrefix(HiddenExcluded, "it ")); ok {
		if tool, ok := strings.CutPrefix(via, "it sends "); ok {
			if i := strings.Index(tool, "'s request, and "); i > 0 {
				return "it sends " + tool[:i] + "'s request, and " + hiddenByOperator + " excluded " + tool[:i]
			}
		}
	}
	return reason
}

// HiddenScopes: the token visibly lacks scopes the tool needs.
func HiddenScopes(missing []string) string {
	return "the token lacks the scope " + strings.Join(missing, " and ")
}

// HiddenRole: the caller's role (read from the token) is below what the tool needs.
func HiddenRole(role, needed string) string {
	return "your role " + Inline(role) + " cannot use it (needs " + needed + " or higher)"
}

// HiddenRoleUnknown: the caller's role where the token acts cannot be told (no organization
// chosen, and the roles in those listed differ), and the lowest of them is below what the tool
// needs.
func HiddenRoleUnknown(needed string) string {
	return "it needs " + needed + " or higher, and your role in the organization this token acts in is not known: " +
		chooseOrg(false)
}

// chooseOrg is how to choose the organization calls act in: the org argument, or the server's
// default (SPICE_ORG), which a caller over HTTP (httpCaller) does not set: its operator does.
func chooseOrg(httpCaller bool) string {
	if httpCaller {
		return "pass org to choose one"
	}
	return "pass org, or " + askUser + "set SPICE_ORG, to choose one"
}

// RoleTooLow refuses a call whose operations need a higher role than the caller's, as the
// token shows it (fromToken) or else the organization list; nothing has been sent to the API
// that changes anything, and nobody was asked.
func RoleTooLow(tool, org, role string, ask RoleAsk, fromToken bool) string {
	where := "this organization"
	if org != "" {
		where = Inline(org)
	}
	source := "read from the token"
	if !fromToken {
		source = "as your organizations list it"
	}
	return fmt.Sprintf("%s was not run: your role in %s is %s (%s), and it needs %s or higher. "+
		"Nothing was changed, and nobody was asked: %s.",
		tool, where, Inline(role), source, ask.Needed, ask.Ask(where, "do it"))
}

// ToolUnavailable refuses a call to a hidden tool, pointing to whoami when the caller has it.
func ToolUnavailable(tool, reason string, whoamiShown bool) string {
	if !whoamiShown {
		return fmt.Sprintf("%s is not available: %s. tools/list shows what is.", tool, reason)
	}
	return fmt.Sprintf("%s is not available: %s. The whoami tool lists what is.", tool, reason)
}

// RequestTokenRequired refuses an HTTP call that brought no token when the server may not
// lend its own credentials.
const RequestTokenRequired = "this server acts with the caller's own Spice.ai token: send it as " +
	"\"Authorization: Bearer <token>\" on each request (create one at https://spice.ai/account). The operator can " +
	"let requests without a token use the server's credentials with --http-allow-server-token"

// PromptArgumentInvalid answers a prompts/get whose argument breaks the rule the tools apply to
// it (JSON-RPC -32602). The prompt is one of ours, named as a tool is, unquoted.
func PromptArgumentInvalid(prompt, argument, rule string) string {
	rule, fix := SplitFix(rule)
	return fmt.Sprintf("Invalid params: %s argument %q", prompt, argument) + rpcArgRemedy(validatorWords(strings.TrimSuffix(rule, ".")), fix)
}
