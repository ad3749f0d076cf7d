package gendocs

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// The README region the generator owns. Everything outside the markers is left alone.
const (
	readmeBegin = "<!-- BEGIN GENERATED: tools (" + Command + ") -->"
	readmeEnd   = "<!-- END GENERATED: tools -->"
)

// readme rewrites the tool tables and the table of operations between their markers.
func readme(src []byte, all []tools.Tool) ([]byte, error) {
	body, err := toolTables(all)
	if err != nil {
		return nil, err
	}
	if src, err = replaceRegion(src, readmeBegin, readmeEnd, body); err != nil {
		return nil, err
	}
	if body, err = operationsTable(all); err != nil {
		return nil, err
	}
	return replaceRegion(src, operationsBegin, operationsEnd, body)
}

// replaceRegion replaces the lines between the begin and end marker lines with body.
func replaceRegion(src []byte, begin, end, body string) ([]byte, error) {
	if n := bytes.Count(src, []byte(begin)); n != 1 {
		return nil, fmt.Errorf("want the marker %q once, found it %d times", begin, n)
	}
	if n := bytes.Count(src, []byte(end)); n != 1 {
		return nil, fmt.Errorf("want the marker %q once, found it %d times", end, n)
	}
	i := bytes.Index(src, []byte(begin)) + len(begin)
	j := bytes.Index(src, []byte(end))
	if j < i || !bytes.HasPrefix(src[i:], []byte("\n")) || (j > 0 && src[j-1] != '\n') {
		return nil, fmt.Errorf("the markers %q and %q must be on lines of their own, in that order", begin, end)
	}
	var out bytes.Buffer
	out.Write(src[:i])
	out.WriteString("\n")
	out.WriteString(body)
	out.Write(src[j:])
	return out.Bytes(), nil
}

// toolTables renders the per-operation tools and the workflows as two Markdown tables.
func toolTables(all []tools.Tool) (string, error) {
	operations, workflows, err := toolGroups(all)
	if err != nil {
		return "", err
	}
	names := make([]string, len(all))
	for i, t := range all {
		names[i] = regexp.QuoteMeta(t.Name)
	}
	code := regexp.MustCompile(`\b(` + strings.Join(names, "|") + `)\b`)
	what := func(t tools.Tool) string {
		s := strings.Join(strings.Fields(t.Description), " ")
		s = strings.ReplaceAll(s, "|", `\|`)
		return codeSpans(s, code)
	}

	var b strings.Builder
	// Blank lines around the tables keep the marker comments out of them in every renderer.
	b.WriteString("\n| Tool | Toolset | What it does | Hints | Token scopes |\n|---|---|---|---|---|\n")
	for _, t := range operations {
		fmt.Fprintf(&b, "| `%s` | `%s` | %s | %s | %s |\n", t.Name, t.Toolset, what(t), hints(t), scopes(t))
	}
	if len(workflows) > 0 {
		fmt.Fprintf(&b, "\nWorkflows (toolset `%s`), each a single call:\n\n", tools.ToolsetWorkflows)
		b.WriteString("| Tool | What it does | Hints | Token scopes |\n|---|---|---|---|\n")
		for _, t := range workflows {
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", t.Name, what(t), hints(t), scopes(t))
		}
	}
	b.WriteString("\n")
	return b.String(), nil
}

// codeSpans wraps every match of re in s in backticks, unless it already is.
func codeSpans(s string, re *regexp.Regexp) string {
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringIndex(s, -1) {
		if m[0] > 0 && s[m[0]-1] == '`' || m[1] < len(s) && s[m[1]] == '`' {
			continue
		}
		b.WriteString(s[last:m[0]] + "`" + s[m[0]:m[1]] + "`")
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}
