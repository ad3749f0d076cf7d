package tools

import "github.com/spice-cloud-mcp/spice-cloud-mcp/present"

// BoundView holds a view's text (a resource rendered by Render) to the result budget as every
// tool result is held (bound): over present.ResultBytes less reserve (what the caller appends,
// the sandbox note), it is cut at a line, closing an open code block, and ends with
// notice(bytes shown, bytes in all), never silently.
func BoundView(text string, reserve int, notice func(shown, total int) string) string {
	if limit := present.ResultBytes - reserve; len(text) > limit {
		return cutWith(text, limit, func(shown int) string { return notice(shown, len(text)) })
	}
	return text
}

// ViewCutArgs are the arguments that ask the named tool for less (present.CutArgs it takes,
// from its schema): what the cut notice of a view it renders may name (the notice of a
// resource names the call that shows the same view, and only what that tool takes).
func ViewCutArgs(tool string) []string { return cutArgs(tool) }
