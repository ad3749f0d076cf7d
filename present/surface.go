package present

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
)

// The words of the MCP surface beside tools: resources, prompts and completions, when the
// caller cannot use the tool behind them or sends a reference or argument that names nothing.

// ResourceUnavailable refuses to read a resource whose tool the caller cannot use (--tools,
// --toolsets, --exclude-tools, --read-only, the token's scopes): the tool call's own refusal.
func ResourceUnavailable(uri, tool, reason string, whoamiShown bool) string {
	return "Resource not available: " + QuotedURI(uri) + ". " + ToolUnavailable(tool, reason, whoamiShown)
}

// PromptUnavailable refuses a prompt (prompts/get, or completing its arguments) that steers the
// agent to a tool the caller cannot use (JSON-RPC -32602).
func PromptUnavailable(prompt, tool, reason string, whoamiShown bool) string {
	return fmt.Sprintf("Invalid params: prompt %q is not available. %s", prompt, ToolUnavailable(tool, reason, whoamiShown))
}

// UnavailableTool is a tool the caller cannot use and why (a Hidden* reason, "it is listed in
// --exclude-tools"); Ask is whom to ask when the caller's role is what stops it (HiddenRole),
// zero otherwise.
type UnavailableTool struct {
	Name, Reason string
	Ask          RoleAsk
	// Sandbox: the server runs --sandbox (tools.Env.Sandbox), whose emulator's data is in no
	// Spice.ai portal: a text that would send the caller there for what the tool shows says
	// what works instead (portalOr).
	Sandbox bool
}

// portalOr is where a text sends the caller for what (such as "the keys") the tools in missing,
// which it cannot use, would show: portal, the text's own words naming the Spice.ai portal; or,
// when the server runs --sandbox (UnavailableTool.Sandbox), whose emulator's data no portal has,
// sandboxInstead's clause. Every text that names the portal for a tool the caller cannot use
// goes through it.
func portalOr(missing []UnavailableTool, what, portal string) string {
	if !noPortal(missing) {
		return portal
	}
	return toolsUnavailable(missing) + ": " + sandboxInstead(missing, what)
}

// sandboxInstead says that the sandbox has no portal showing what, and how the tools in missing
// become usable: a tool hidden by this server's own options (--exclude-tools, --tools,
// --toolsets, --read-only, which its reason names) by restarting without that option, any other
// by an operator.
func sandboxInstead(missing []UnavailableTool, what string) string {
	it := plural(len(missing), "it", "them")
	how := "an operator can make " + it + " available"
	if !slices.ContainsFunc(missing, func(t UnavailableTool) bool { return !hiddenByOption(t.Reason) }) {
		how = askUser + "restart this server without the option that hides " + it + " to use " + it
	}
	return "the sandbox has no portal that shows " + what + " instead; " + how
}

// noPortal: the server runs --sandbox (UnavailableTool.Sandbox), so a text names no portal for
// the tools in missing (portalOr, toolsInstead).
func noPortal(missing []UnavailableTool) bool {
	return slices.ContainsFunc(missing, func(t UnavailableTool) bool { return t.Sandbox })
}

// toolsInstead is, in sandbox mode (noPortal), what a text names where it would name the Spice.ai
// portal as an object ("with %s", "%s follows it"): the tools in missing, with why they are not
// available and how they become so (sandboxInstead).
func toolsInstead(missing []UnavailableTool, what string) string {
	return listed(toolNames(missing)) + " (" + notAvailableHere(missing) + ": " + sandboxInstead(missing, what) + ")"
}

// hiddenByOption: reason (a Hidden* text) is one of this server's own options.
func hiddenByOption(reason string) bool {
	switch reason {
	case HiddenReadOnly, HiddenNotListed, HiddenExcluded, hiddenReadOnlyHTTP, hiddenNotListedHTTP, hiddenExcludedHTTP:
		return true
	}
	if strings.Contains(reason, hiddenByOperator) { // HiddenToHTTPCaller's
		return true
	}
	return strings.HasSuffix(reason, "(--toolsets)") || strings.HasSuffix(reason, strings.TrimPrefix(HiddenExcluded, "it "))
}

// RoleAsk is whom a caller whose role is below Needed asks (tools/role.go derives it from the
// role table and x-required-role): Do are the roles that may take the step (Needed and above),
// Grant those that may give the caller the Needed role (changing roles needs admin; only an
// owner grants admin or owner). Each lists roles lowest first.
type RoleAsk struct {
	Needed    string
	Do, Grant []string
	// Unknown: the caller's role where the token acts is not known (no organization chosen,
	// and the roles listed differ), and the lowest of them is below Needed (HiddenRoleUnknown):
	// the step may work, the API decides.
	Unknown bool
	// HTTPCaller: the caller reached the server over HTTP (client.HTTPCaller), so the server's
	// default organization is not its to set (chooseOrg).
	HTTPCaller bool
}

// Asks reports whether r names anyone (the caller's role is what stops the step).
func (r RoleAsk) Asks() bool { return r.Needed != "" && len(r.Do) > 0 }

// Ask is the remedy for a step the caller's role cannot take, relayed to the user, who can reach
// the people the agent cannot: "ask the user to have a member, admin or owner of acme do it, or an
// admin or owner of it give you the member role". step is what the first ones are to do ("do
// it", "take it"); where names the organization ("acme", "the organization"). When the same
// roles do both, they are asked once.
func (r RoleAsk) Ask(where, step string) string {
	if slices.Equal(r.Do, r.Grant) {
		return fmt.Sprintf(askUser+"have %s of %s %s or give you the %s role", roleHolders(r.Do), where, step, r.Needed)
	}
	if len(r.Grant) == 0 { // no role may give it: only those who hold it can help
		return fmt.Sprintf(askUser+"have %s of %s %s", roleHolders(r.Do), where, step)
	}
	return fmt.Sprintf(askUser+"have %s of %s %s, or %s of it give you the %s role",
		roleHolders(r.Do), where, step, roleHolders(r.Grant), r.Needed)
}

// roleHolders names those who hold one of roles: "a member, admin or owner", "an owner".
func roleHolders(roles []string) string {
	if len(roles) == 0 {
		return ""
	}
	article := "a "
	if strings.ContainsRune("aeiou", rune(roles[0][0])) {
		article = "an "
	}
	if len(roles) == 1 {
		return article + roles[0]
	}
	return article + strings.Join(roles[:len(roles)-1], ", ") + " or " + roles[len(roles)-1]
}

// unavailableSteps ends a text naming tools the caller cannot use for a change: those the
// caller's role stops are a step to ask someone with the role for (no operator, portal or
// proposal helps: the API refuses that role whatever the client), the others get otherwise
// (", propose it ... but apply nothing", "; the Spice.ai portal offers the same"), after
// ": for a step that needs it". Empty when missing is.
func unavailableSteps(missing []UnavailableTool, otherwise func(n int) string) string {
	var byRole, other []UnavailableTool
	var ask RoleAsk
	for _, t := range missing {
		if !t.Ask.Asks() {
			other = append(other, t)
			continue
		}
		byRole = append(byRole, t)
		// The highest role needed: the fewest roles may take the step.
		if !ask.Asks() || len(t.Ask.Do) < len(ask.Do) {
			ask = t.Ask
		}
	}
	var parts []string
	if len(other) > 0 {
		parts = append(parts, toolsUnavailable(other)+otherwise(len(other)))
	}
	if len(byRole) > 0 {
		parts = append(parts, toolsUnavailable(byRole)+": for a step that needs "+plural(len(byRole), "it", "one of them")+
			", "+ask.Ask("the organization", "take it"))
	}
	return strings.Join(parts, "; ")
}

// PromptApplyFix is troubleshoot_deployment's last step where a fix tool is available: apply
// the fix once I agree, and follow the deployment with follow (wait_for_deployment, or
// get_deployment where that is not available). Fix tools that are not available (update_app,
// create_deployment, set_secret, resume_app) are named: a fix that needs one is only proposed
// (or, where the caller's role stops it, whom to ask is said), and without create_deployment
// the step says a new deployment can only be proposed.
//
// Fix tools a role the caller may not hold needs (the role where the token acts not known,
// RoleAsk.Unknown) are not among those: the step says the role they need, that the API decides,
// and how to know the role (roleUnknownSteps), and such a fix is proposed and applied as any.
func PromptApplyFix(follow string, missing []UnavailableTool) string {
	missing, unknown := roleUnknown(missing)
	step := "Propose the fix and, once I agree, apply it, deploy again with create_deployment and follow it with " + follow + "."
	if slices.ContainsFunc(missing, func(t UnavailableTool) bool { return t.Name == "create_deployment" }) {
		step = "Propose the fix and, once I agree, apply it; a new deployment can only be proposed."
	}
	if len(unknown) > 0 {
		step += " " + roleUnknownSteps(unknown) + "."
	}
	if len(missing) == 0 {
		return step
	}
	return step + " " + unavailableSteps(missing, func(n int) string {
		return ": for a fix that needs " + plural(n, "it", "one of them") + ", propose it, naming the tool, but apply nothing"
	}) + "."
}

// roleUnknown splits tools into those the caller cannot use and those a role it may not hold
// needs (RoleAsk.Unknown).
func roleUnknown(tools []UnavailableTool) (missing, unknown []UnavailableTool) {
	for _, t := range tools {
		if t.Ask.Unknown {
			unknown = append(unknown, t)
		} else {
			missing = append(missing, t)
		}
	}
	return missing, unknown
}

// roleUnknownSteps says of tools a role the caller may not hold needs (RoleAsk.Unknown) which
// role each needs, that the role where the token acts is not known and how to know it, that the
// API decides, and whom to ask if it refuses.
func roleUnknownSteps(unknown []UnavailableTool) string {
	var needs []string
	byNeeded := map[string][]string{}
	var ask RoleAsk
	for _, t := range unknown {
		if byNeeded[t.Ask.Needed] == nil {
			needs = append(needs, t.Ask.Needed)
		}
		byNeeded[t.Ask.Needed] = append(byNeeded[t.Ask.Needed], t.Name)
		if !ask.Asks() || len(t.Ask.Do) < len(ask.Do) { // the highest role needed: the fewest may take the step
			ask = t.Ask
		}
	}
	parts := make([]string, len(needs))
	for i, n := range needs {
		parts[i] = fmt.Sprintf("%s %s %s or higher", listed(byNeeded[n]), plural(len(byNeeded[n]), "needs", "need"), n)
	}
	return strings.Join(parts, "; ") + ", and your role in the organization this token acts in is not known (" +
		chooseOrg(ask.HTTPCaller) + " and know it). The API decides, so a fix that needs " +
		plural(len(unknown), "it", "one of them") + " is proposed and applied as any other; if the API refuses it for your role, " +
		ask.Ask("the organization", "take it")
}

// PromptProposeOnly is troubleshoot_deployment's last step where no fix tool is available
// (--read-only): propose the fix, apply nothing. Where the caller's role is what stops every
// one of them, no tool is proposed: the fix is explained, and whom to ask for it said.
func PromptProposeOnly(missing []UnavailableTool) string {
	none := func(int) string { return "" }
	if !slices.ContainsFunc(missing, func(t UnavailableTool) bool { return !t.Ask.Asks() }) {
		return "Explain the fix, but apply nothing: " + unavailableSteps(missing, none) + "."
	}
	return "Propose the fix, naming the tool that would apply it, but apply nothing: " + unavailableSteps(missing, none) + "."
}

// PromptToolUnavailable marks a tool a prompt's step names that the caller cannot use.
func PromptToolUnavailable(tool string) string { return tool + " (not available here)" }

// toolsUnavailable says which tools are not available and why: "resume_app is not available
// here (it is listed in --exclude-tools)", "set_secret and resume_app are not available here
// (each: ...)", or with several reasons each after the tools it applies to.
func toolsUnavailable(missing []UnavailableTool) string {
	return fmt.Sprintf("%s %s %s", listed(toolNames(missing)), plural(len(missing), "is", "are"), notAvailableHere(missing))
}

func toolNames(missing []UnavailableTool) []string {
	names := make([]string, len(missing))
	for i, t := range missing {
		names[i] = t.Name
	}
	return names
}

// notAvailableHere is toolsUnavailable's words after the tools' names, for a text that has just
// named them (toolsInstead): "not available here (each: …)".
func notAvailableHere(missing []UnavailableTool) string {
	var reasons []string
	byReason := map[string][]string{}
	for _, t := range missing {
		if byReason[t.Reason] == nil {
			reasons = append(reasons, t.Reason)
		}
		byReason[t.Reason] = append(byReason[t.Reason], t.Name)
	}
	why := reasons[0]
	if len(reasons) > 1 {
		parts := make([]string, len(reasons))
		for i, r := range reasons {
			parts[i] = listed(byReason[r]) + ": " + r
		}
		why = strings.Join(parts, "; ")
	} else if len(missing) > 1 {
		why = "each: " + why
	}
	return "not available here (" + why + ")"
}

// PromptArgBlank refuses a free-text prompt argument (deploy_app's spicepod) that shows nothing:
// only spaces, line breaks or characters that do not show (a zero-width space, a Hangul filler).
var PromptArgBlank = WithFix("only spaces, line breaks or characters that do not show", "give a value, or omit it (or send \"\")")

// PromptFenced is free text a prompt quotes (deploy_app's spicepod) fenced (Fence), a control
// character (NUL, ESC, a lone carriage return, U+2028), a bidirectional control (Unicode's
// Bidi_Control: U+202E, which shows the text after it reversed, U+200E, U+200F, U+061C) or an
// invisible character (plain.Invisible: U+200B, U+2060, U+FEFF, a tag character, which can hide
// text) written as its escape (\u0000, \u202e; \U000e0041 above U+FFFF, so no digit after it is
// read as its own): line breaks and tabs stay, and a CRLF is one line break. When it wrote any,
// each backslash of the text is written \\ (so a \u200b the text holds itself reads \\u200b), and
// a sentence after the fence says so, names the escapes and their lines and asks the agent to
// ask me before deploying it.
func PromptFenced(body string) string {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	var b strings.Builder
	var where, onLine []string // "line 2: \u202e and \u001b"; this line's escapes
	line := 1
	flush := func() {
		if len(onLine) > 0 {
			where = append(where, "line "+strconv.Itoa(line)+": "+listed(onLine))
			onLine = nil
		}
	}
	for _, r := range body {
		if r == '\n' {
			flush()
			line++
		} else if r != '\t' && (plain.Breaking(r) || plain.Invisible(r) || unicode.Is(unicode.Bidi_Control, r)) {
			escape := fmt.Sprintf("\\u%04x", r)
			if r > 0xffff {
				escape = fmt.Sprintf("\\U%08x", r)
			}
			b.WriteString(escape)
			if !slices.Contains(onLine, escape) {
				onLine = append(onLine, escape)
			}
			continue
		}
		if r == '\\' {
			b.WriteByte('\\') // doubled, so that \\u200b is the text's and \u200b an escape
		}
		b.WriteRune(r)
	}
	flush()
	if len(where) == 0 {
		return Fence("", body) // as given, backslashes single
	}
	fenced := Fence("", b.String())
	if len(where) > maxEscapedLines {
		where = append(where[:maxEscapedLines], fmt.Sprintf("%d more lines", len(where)-maxEscapedLines))
	}
	return fenced + "\nCharacters in it that do not print are written above as escapes (" + strings.Join(where, "; ") +
		"), and each backslash it holds as \\\\. Before deploying it, tell me which of these it holds and where, " +
		"and deploy only once I say whether to keep or remove them."
}

// maxEscapedLines is how many lines PromptFenced's sentence names escapes on.
const maxEscapedLines = 8

// PromptUnknown refuses prompts/get or a completion for a prompt that does not exist (JSON-RPC
// -32602), its name quoted short as a URI is.
func PromptUnknown(prompt string) string {
	return fmt.Sprintf("Invalid params: no prompt %s; prompts/list shows the prompts.", QuotedURI(prompt))
}

// CompletionResourceUnknown refuses a completion for a URI that is no resource template of this
// server (JSON-RPC -32602).
func CompletionResourceUnknown(uri string) string {
	return "Invalid params: no resource template " + QuotedURI(uri) + "; resources/templates/list shows the templates."
}

// CompletionResourceArgumentUnknown refuses a completion for a variable the template does not
// have (JSON-RPC -32602); a plain resource has none. The argument is quoted as a URI is
// (QuotedURI): short, a credential in it masked.
func CompletionResourceArgumentUnknown(uri, argument string, valid []string) string {
	if len(valid) == 0 {
		return fmt.Sprintf("Invalid params: resource %s takes no arguments (got %s)", uri, QuotedURI(argument)) + rpcArgRemedy("", "complete a template's argument (resources/templates/list)")
	}
	return fmt.Sprintf("Invalid params: %s has no argument %s", uri, QuotedURI(argument)) +
		rpcArgRemedy("", "complete one it has: "+strings.Join(valid, ", "))
}

// CompletionContextInvalid refuses a completion whose context argument breaks the tools' rule
// for the argument of that name, or names what the caller cannot act in (JSON-RPC -32602). The
// name is quoted as a URI is (QuotedURI: a credential in it masked), as every name a client sent;
// the rule's fix is its What to do line.
func CompletionContextInvalid(argument, rule string) string {
	return "Invalid params: context " + QuotedURI(argument) + rpcArgRemedy(rule, "")
}

// ListingScopesUnknown is logged when a listing's time limit (--tool-timeout) ran out before
// the token's scopes and role were read: it lists what the operator's flags allow.
const ListingScopesUnknown = "listing: the time limit ran out before the token's scopes and role were read; " +
	"listed what the flags allow (the API decides at call time)"

// PromptStopped answers a prompts/get whose time limit ran out (JSON-RPC -32603): Error's text
// (DeadlineError naming "this prompt's time limit"), and why no text is given instead.
func PromptStopped(err error) string {
	return "Prompt failed: " + Error(err) + "\nNo text was given: it names only the steps of tools you can use, " +
		"which was not known in time. Ask for the prompt again."
}

// CompletionFailed answers a completion the API failed (JSON-RPC -32603): Error's text.
func CompletionFailed(err error) string { return "Completion failed: " + Error(err) }

// ResourceCutNotice ends a resource that was cut to the result budget, as CutNotice ends a tool
// result: what was cut and the tool call (call, as Call renders it) that shows the same view as
// a tool result, where lists come in pages and long spicepods in line ranges.
//
// less are the arguments of the tool called that ask for less (CutArgs it takes): the notice
// names only those; with none, it says the call shows the same view and no more.
func ResourceCutNotice(uri, call string, shownBytes, totalBytes int, less ...string) string {
	ways := make([]string, 0, len(less))
	for _, arg := range less {
		ways = append(ways, Code(arg)+" for "+cutWays[arg])
	}
	how := "The call " + call + " shows the same view; it cannot show the rest in parts."
	if len(ways) > 0 {
		how = "To see the rest, call " + call + ": it shows the same view and takes " + strings.Join(ways, ", or ") + "."
	}
	return fmt.Sprintf("⚠️ Cut: the resource %s is %s bytes, more than one result may hold (about %s tokens); "+
		"the first %s bytes are shown. %s", uri, number(totalBytes), number(ResultTokens), number(shownBytes), how)
}

// ParamType refuses (JSON-RPC -32602), before anything reads it, a member of a request's params
// whose JSON type is not the one MCP gives it: where is its path (params.arguments.app), want
// and got JSON types with their article ("a string", "an object").
func ParamType(method, where, want, got string) string {
	return "Invalid params" + rpcArgRemedy(fmt.Sprintf("%s must be %s (%s), not %s", shortPath(where), want, method, got),
		"send "+want+" there, or omit it where it is optional")
}

// ParamsNotObject refuses a request whose params are no object (got: "an array", "a string"):
// JSON-RPC -32602 for an array, -32600 (Invalid Request) for what JSON-RPC allows in no params.
func ParamsNotObject(method, got string, request bool) string {
	kind := "Invalid params"
	if request {
		kind = "Invalid Request"
	}
	return kind + rpcArgRemedy(fmt.Sprintf("params must be an object (%s), not %s", method, got),
		"send them as a JSON object, or omit params where the method takes none")
}

// ParamsMalformed refuses (JSON-RPC -32602) params whose flaw the other refusals do not name.
func ParamsMalformed(method string) string {
	return "Invalid params" + rpcArgRemedy("the params of "+method+" do not have the members and JSON types MCP gives them",
		"send them as the MCP specification defines them")
}

// CompletionRefMissing refuses (JSON-RPC -32602) a completion/complete without a ref.
var CompletionRefMissing = "Invalid params" + rpcArgRemedy("params.ref is required (completion/complete)",
	`send {"type":"ref/prompt","name":…} for a prompt's argument (prompts/list), or {"type":"ref/resource","uri":…} for a template's (resources/templates/list)`)

// CompletionRefType refuses (JSON-RPC -32602) a completion/complete whose ref.type names no kind
// of reference, the type quoted as a URI is (QuotedURI: short, a credential in it masked).
func CompletionRefType(typ string) string {
	return "Invalid params" + rpcArgRemedy(fmt.Sprintf(`params.ref.type must be "ref/prompt" or "ref/resource" (completion/complete), not %s`, QuotedURI(typ)), "")
}

// ResourceURIMissing refuses a resources/read without a URI (JSON-RPC -32602).
const ResourceURIMissing = "Invalid params: uri is required: the URI of a resource (resources/list) or one matching a template (resources/templates/list), such as spice://apps/analytics-app."

// ResourceNoMatch answers a resources/read of a URI that is no resource of this server and
// matches none of its templates (resource not found), the URI quoted (QuotedURI).
func ResourceNoMatch(uri string) string {
	return "Resource not found: " + QuotedURI(uri) + ": no resource of this server has this URI and it matches none of its templates; " +
		"resources/list and resources/templates/list show them."
}

// ListCursorUnknown refuses a list request's cursor (JSON-RPC -32602): the server lists everything
// in one page and gives no cursors.
func ListCursorUnknown(method string) string {
	return "Invalid params" + rpcArgRemedy(fmt.Sprintf("cursor must be the nextCursor of a previous %s page; this server lists everything in one page "+
		"(no nextCursor)", method), "send "+method+" without a cursor")
}

// ShortURI is a resource URI (or a prompt's or tool's name) a client sent, to quote in an
// answer: whole when short, else its start and end and its length (as startAndEnd), so a URI of
// 100,000 characters gets a short answer and none is cut silently; a credential in it (an API
// key an agent pasted as a name, a URI's userinfo) is masked (MaskText), as errors never carry
// one. Masking reads a window at each end only, so a name of megabytes costs what one of 8 KiB
// does, and is done before the name is cut (maskedSentHead, maskedSentTail).
func ShortURI(uri string) string {
	text, length, _ := shortSent(uri)
	return text + length
}

// shortSent is ShortURI's text and, when it is shortened, the note of its length that follows
// it; masked says a credential in what it shows was masked.
func shortSent(uri string) (text, length string, masked bool) {
	head, headHid, whole := maskedSentHead(uri)
	if whole && len(head) <= startAndEndMax {
		return head, "", headHid
	}
	tail, tailHid := head, headHid
	if !whole {
		tail, tailHid = maskedSentTail(uri)
	}
	start, end := head[:runeStartAtOrBefore(head, 64)], tail[runeStartAtOrAfter(tail, len(tail)-64):]
	return start + "…" + end, " (" + number(utf8.RuneCountInString(uri)) + " characters)",
		strings.Contains(start+end, Masked) && (headHid || tailHid)
}

// sentWindow is how much of each end of a long name ShortURI masks.
const sentWindow = 4096

// runeStartAtOrBefore is the start of the character at byte i of s, or of the one i is within.
func runeStartAtOrBefore(s string, i int) int {
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i--
	}
	return max(0, min(i, len(s)))
}

// runeStartAtOrAfter is the start of the character at byte i of s, or of the one after i.
func runeStartAtOrAfter(s string, i int) int {
	i = max(0, i)
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return i
}

// QuotedURI is a resource URI as an answer's message quotes it: ShortURI's text in double quotes
// with Go's escapes, so a line break or an invisible character (U+202E, which shows the text
// after it reversed) appears as its escape and cannot pass for words of the answer; a
// shortened URI keeps its length after the quotes: "spice://apps/aaa…aaa" (100,013 characters).
// A masked one says why, as every masked quote does.
func QuotedURI(uri string) string {
	text, length, masked := shortSent(uri)
	if masked {
		length += maskedWhy
	}
	return strconv.Quote(text) + length
}

// ToolUnknown refuses a tools/call of a name no tool of this server has (JSON-RPC -32602), the
// name quoted as a URI is (QuotedURI). A tool hidden from the caller is no unknown one: its
// call is refused with the reason (ToolUnavailable). near, when not "", is the closest tool the
// caller may see to a near miss ("list_app": list_apps).
func ToolUnknown(name, near string) string {
	if near != "" {
		return fmt.Sprintf("Invalid params: no tool %s; did you mean %s? tools/list shows the tools.", QuotedURI(name), near)
	}
	return fmt.Sprintf("Invalid params: no tool %s; tools/list shows the tools.", QuotedURI(name))
}

// resourceReasonMax is the longest reason a resource-not-found answer quotes whole.
const resourceReasonMax = 400

// ResourceReason is why a resource was not found (the tool's refusal), to follow the URI that
// ResourceNotFound quotes short: whole when short, else its start and end and its length, as a
// reason quoting a URI's part of 100,000 characters would quote it again.
func ResourceReason(reason string) string {
	if len(reason) <= resourceReasonMax {
		return reason
	}
	head, tail := 120, len(reason)-120
	for head > 0 && !utf8.RuneStart(reason[head]) {
		head--
	}
	for tail < len(reason) && !utf8.RuneStart(reason[tail]) {
		tail++
	}
	return reason[:head] + "…" + reason[tail:] + " (this reason shortened from " + number(utf8.RuneCountInString(reason)) + " characters)"
}
