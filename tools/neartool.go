package tools

import (
	"context"
	"slices"
	"strings"
	"unicode"
)

// nearToolMax is the longest name NearTool compares: no tool's name is near a longer one, and a
// megabyte name costs nothing.
const nearToolMax = 64

// NearTool is the tool closest to name, a tools/call of no tool's name ("list_app", "listApps",
// "get-app", "delete_apps"), among those the caller may see; "" when none is close. A tool hidden
// from the caller (ListingHidden, as tools/list hides it) is never named; the hidden tools are
// looked up only when a name is close.
func (env *Env) NearTool(ctx context.Context, name string) string {
	if len(name) > nearToolMax {
		return ""
	}
	want := toolNameForm(name)
	type near struct {
		name string
		dist int
	}
	var close []near
	for _, t := range catalog {
		if d := levenshtein(want, t.Name); d <= min(2, len(t.Name)/3) {
			close = append(close, near{t.Name, d})
		}
	}
	if len(close) == 0 {
		return ""
	}
	slices.SortStableFunc(close, func(a, b near) int { return a.dist - b.dist })
	hidden := env.ListingHidden(ctx, "tools/call")
	for _, c := range close {
		if _, ok := hidden[c.name]; !ok {
			return c.name
		}
	}
	return ""
}

// toolNameForm is name spelled as tool names are: lower case, words joined by "_" (listApps,
// get-app, Get Deployment).
func toolNameForm(name string) string {
	var b strings.Builder
	prev := rune(0)
	for _, r := range name {
		switch {
		case r == '-' || r == ' ' || r == '.':
			r = '_'
		case unicode.IsUpper(r) && (unicode.IsLower(prev) || unicode.IsDigit(prev)):
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
		prev = r
	}
	return b.String()
}
