package present

import (
	"slices"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/lazyregexp"
)

// A list hint ("(see list_orgs)") sends the agent to the list tool that shows the values an
// argument takes; where the operator hides that tool, the hint is left out, as elsewhere a
// hidden tool is named only as not available.

// ArgListHints are the list tools the argument refusals in text (a field's message, or a
// whole refusal holding one) name in their hints, in order of first appearance.
func ArgListHints(text string) []string {
	var tools []string
	for _, msg := range argListHintTexts {
		if tool := argListHints[msg]; strings.Contains(text, msg) && !slices.Contains(tools, tool) {
			tools = append(tools, tool)
		}
	}
	return tools
}

// ArgWithoutListHints is text with every argument refusal in it (ArgListHints) whose list tool
// is hidden without its hint. Only the refusals' own texts are touched, never the caller's.
func ArgWithoutListHints(text string, hidden func(tool string) bool) string {
	for _, msg := range argListHintTexts {
		if tool := argListHints[msg]; hidden(tool) && strings.Contains(text, msg) {
			text = strings.ReplaceAll(text, msg, ArgWithoutListHint(msg))
		}
	}
	return text
}

// argListHintTexts are argListHints' refusals, longest first, so that one holding another is
// replaced whole.
var argListHintTexts = func() []string {
	var texts []string
	for msg := range argListHints {
		texts = append(texts, msg)
	}
	slices.SortFunc(texts, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	return texts
}()

var (
	seeListHint     = lazyregexp.New(` \(see (list_[a-z_]+)\)`)
	schemaSeeListed = lazyregexp.New(`,?"description":"See (list_[a-z_]+)",?`)
)

// WithoutListHints is a text of the server's own (a tool's or a prompt argument's
// description, a schema) without the hints naming a list tool not in listed; a schema
// description that is only such a hint ("See list_clusters") goes with its key.
func WithoutListHints(text string, listed []string) string {
	if !strings.Contains(text, "list_") {
		return text
	}
	text = seeListHint.ReplaceAllStringFunc(text, func(hint string) string {
		if slices.Contains(listed, seeListHint.FindStringSubmatch(hint)[1]) {
			return hint
		}
		return ""
	})
	return schemaSeeListed.ReplaceAllStringFunc(text, func(field string) string {
		if slices.Contains(listed, schemaSeeListed.FindStringSubmatch(field)[1]) {
			return field
		}
		if strings.HasPrefix(field, ",") && strings.HasSuffix(field, ",") {
			return "," // between two keys
		}
		return ""
	})
}
