package present

import (
	"slices"
	"strings"
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

// WithoutListHints is a text of the server's own (a tool's or a prompt argument's
// description, a schema) without the hints naming a list tool not in listed; a schema
// description that is only such a hint ("See list_clusters") goes with its key.
func WithoutListHints(text string, listed []string) string {
	if !strings.Contains(text, "list_") {
		return text
	}
	return withoutSchemaListHints(withoutSeeListHints(text, listed), listed)
}

// Every tool's description and schema goes through WithoutListHints when the server starts, so
// the hints are found by a string scan that allocates only a shortened text, not by regular
// expressions (compiled at the first call, copying each text through a replacement buffer).

// listToolLen is the length of the list tool's name (list_ followed by lower-case letters and
// underscores) s starts with, or 0.
func listToolLen(s string) int {
	if !strings.HasPrefix(s, "list_") {
		return 0
	}
	n := len("list_")
	for n < len(s) && (s[n] >= 'a' && s[n] <= 'z' || s[n] == '_') {
		n++
	}
	if n == len("list_") {
		return 0
	}
	return n
}

// withoutSeeListHints leaves out each " (see list_x)" whose tool is not listed.
func withoutSeeListHints(text string, listed []string) string {
	const open = " (see "
	var b strings.Builder
	kept := 0 // text[:kept] is in b, or nothing was left out
	for at := 0; ; {
		i := strings.Index(text[at:], open)
		if i < 0 {
			break
		}
		start := at + i
		name := start + len(open)
		n := listToolLen(text[name:])
		if n == 0 || name+n >= len(text) || text[name+n] != ')' {
			at = start + 1
			continue
		}
		end := name + n + 1
		if !slices.Contains(listed, text[name:name+n]) {
			if kept == 0 {
				b.Grow(len(text))
			}
			b.WriteString(text[kept:start])
			kept = end
		}
		at = end
	}
	if kept == 0 {
		return text
	}
	b.WriteString(text[kept:])
	return b.String()
}

// withoutSchemaListHints leaves out each schema description that is only a hint whose tool is
// not listed ("description":"See list_x"), with a comma on one side of it, or one comma left
// between two keys; a comma already taken by the hint before is not taken again.
func withoutSchemaListHints(text string, listed []string) string {
	const key = `"description":"See `
	var b strings.Builder
	kept := 0 // text[:kept] is in b, or nothing was left out
	last := 0 // where the hint before ends, comma included
	for at := 0; ; {
		i := strings.Index(text[at:], key)
		if i < 0 {
			break
		}
		start := at + i
		name := start + len(key)
		n := listToolLen(text[name:])
		if n == 0 || name+n >= len(text) || text[name+n] != '"' {
			at = start + 1
			continue
		}
		end := name + n + 1
		leading := start > last && text[start-1] == ','
		if leading {
			start--
		}
		trailing := end < len(text) && text[end] == ','
		if trailing {
			end++
		}
		if !slices.Contains(listed, text[name:name+n]) {
			if kept == 0 {
				b.Grow(len(text))
			}
			b.WriteString(text[kept:start])
			if leading && trailing {
				b.WriteByte(',') // between two keys
			}
			kept = end
		}
		at, last = end, end
	}
	if kept == 0 {
		return text
	}
	b.WriteString(text[kept:])
	return b.String()
}
