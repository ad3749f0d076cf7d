package present

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
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

// PromptProposeOnly is troubleshoot_deployment's last step where the tools that would apply a
// fix are not available: propose it, apply nothing.
func PromptProposeOnly(tools, reasons []string) string {
	return fmt.Sprintf("Propose the fix, naming the tool that would apply it, but apply nothing: %s %s not available here (%s).",
		strings.Join(tools, ", "), plural(len(tools), "is", "are"), strings.Join(reasons, "; "))
}

// PromptUnknown refuses a completion for a prompt that does not exist (JSON-RPC -32602).
func PromptUnknown(prompt string) string {
	return fmt.Sprintf("Invalid params: no prompt %q; prompts/list shows the prompts.", prompt)
}

// CompletionResourceUnknown refuses a completion for a URI that is no resource template of this
// server (JSON-RPC -32602).
func CompletionResourceUnknown(uri string) string {
	return "Invalid params: no resource template " + QuotedURI(uri) + "; resources/templates/list shows the templates."
}

// CompletionResourceArgumentUnknown refuses a completion for a variable the template does not
// have (JSON-RPC -32602); a plain resource has none.
func CompletionResourceArgumentUnknown(uri, argument string, valid []string) string {
	if len(valid) == 0 {
		return fmt.Sprintf("Invalid params: resource %q takes no arguments (got %q).", uri, argument)
	}
	return fmt.Sprintf("Invalid params: resource template %q has no argument %q; it has: %s.", uri, argument, strings.Join(valid, ", "))
}

// CompletionContextInvalid refuses a completion whose context argument breaks the tools' rule
// for the argument of that name, or names what the caller cannot act in (JSON-RPC -32602).
func CompletionContextInvalid(argument, rule string) string {
	return fmt.Sprintf("Invalid params: context argument %q: %s.", argument, strings.TrimSuffix(rule, "."))
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
	return fmt.Sprintf("Invalid params: %s must be %s (%s), not %s; send %s there, or leave the member out where it is optional.",
		shortPath(where), want, method, got, want)
}

// ParamsNotObject refuses a request whose params are no object (got: "an array", "a string"):
// JSON-RPC -32602 for an array, -32600 (Invalid Request) for what JSON-RPC allows in no params.
func ParamsNotObject(method, got string, request bool) string {
	kind := "Invalid params"
	if request {
		kind = "Invalid Request"
	}
	return fmt.Sprintf("%s: params must be an object (%s), not %s; send the method's params as a JSON object, or leave params out where the method takes none.",
		kind, method, got)
}

// ParamsMalformed refuses (JSON-RPC -32602) params whose flaw the other refusals do not name.
func ParamsMalformed(method string) string {
	return fmt.Sprintf("Invalid params: the params of %s do not have the members and JSON types MCP gives them; send them as the MCP specification defines %s.", method, method)
}

// CompletionRefMissing refuses (JSON-RPC -32602) a completion/complete without a ref.
const CompletionRefMissing = `Invalid params: params.ref is required (completion/complete): {"type":"ref/prompt","name":…} for a prompt's argument ` +
	`(prompts/list), or {"type":"ref/resource","uri":…} for a template's (resources/templates/list).`

// CompletionRefType refuses (JSON-RPC -32602) a completion/complete whose ref.type names no kind
// of reference.
func CompletionRefType(typ string) string {
	return fmt.Sprintf(`Invalid params: params.ref.type must be "ref/prompt" or "ref/resource" (completion/complete), not %s.`, shortPath(strconv.Quote(typ)))
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
	return fmt.Sprintf("Invalid params: cursor must be the nextCursor of a previous %s page; this server lists everything in one page "+
		"(no nextCursor), so send %s without a cursor.", method, method)
}

// ShortURI is a resource URI to quote in an answer: whole when short, else its start and end
// and its length (shortPath), so a URI of 100,000 characters gets a short answer and none is
// cut silently.
func ShortURI(uri string) string { return shortPath(uri) }

// QuotedURI is a resource URI as an answer's message quotes it: ShortURI's text in double quotes
// with Go's escapes, so a line break or an invisible character (U+202E, which shows the text
// after it reversed) appears as its escape and cannot pass for words of the answer; a
// shortened URI keeps its length after the quotes: "spice://apps/aaa…aaa" (100,013 characters).
func QuotedURI(uri string) string {
	short := ShortURI(uri)
	if short == uri {
		return strconv.Quote(uri)
	}
	cut := strings.LastIndex(short, " (")
	return strconv.Quote(short[:cut]) + short[cut:]
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
