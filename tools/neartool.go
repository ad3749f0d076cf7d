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
	var hidden map[string]string
	looked := false
	return nearestTool(name, func(tool string) bool {
		if !looked {
			hidden, looked = env.ListingHidden(ctx, "tools/call"), true
		}
		_, ok := hidden[tool]
		return ok
	})
}

// nearestTool is the tool of the catalogue closest to name for which skip is false; "" when none
// is close. skip is asked only of the close ones, closest first.
func nearestTool(name string, skip func(tool string) bool) string {
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
	slices.SortStableFunc(close, func(a, b near) int { return a.dist - b.dist })
	for _, c := range close {
		if !skip(c.name) {
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
