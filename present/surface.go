package present

import (
	"fmt"
	"strings"
)

// The words of the MCP surface beside tools: resources, prompts and completions, when the
// caller cannot use the tool behind them or sends a reference or argument that names nothing.

// ResourceUnavailable refuses to read a resource whose tool the caller cannot use (--tools,
// --toolsets, --exclude-tools, --read-only, the token's scopes): the tool call's own refusal.
func ResourceUnavailable(uri, tool, reason string, whoamiShown bool) string {
	return "Resource not available: " + uri + ". " + ToolUnavailable(tool, reason, whoamiShown)
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
	return fmt.Sprintf("Invalid params: no resource template %q; resources/templates/list shows the templates.", uri)
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
