package tools

import (
	"context"
	"slices"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// appTarget is a resolved app reference.
type appTarget struct {
	ID   int64
	Name string // "" when the caller gave an ID and the name was not needed
}

func (a appTarget) label() string { return present.AppLabel(a.ID, a.Name) }

// resolveApp turns an app reference into an ID. A numeric reference is used as is (the API
// answers 404 for a wrong one); a name is looked up by listing apps (there is no name route),
// and a miss names the closest matches.
func resolveApp(ctx context.Context, c *client.Client, ref AppRef) (appTarget, error) {
	if id, ok := ref.ID(); ok {
		return appTarget{ID: id}, nil
	}
	apps, err := c.ListApps(ctx)
	if err != nil {
		return appTarget{}, err
	}
	return findApp(apps, string(ref))
}

// resolveAppNamed is resolveApp that always knows the name (for confirmations and headings).
func resolveAppNamed(ctx context.Context, c *client.Client, ref AppRef) (appTarget, error) {
	apps, err := c.ListApps(ctx)
	if err != nil {
		return appTarget{}, err
	}
	if id, ok := ref.ID(); ok {
		for _, a := range apps {
			if a.ID == id {
				return appTarget{ID: a.ID, Name: a.Name}, nil
			}
		}
		return appTarget{}, notFound(present.NoAppWithID(id), apps, "")
	}
	return findApp(apps, string(ref))
}

func findApp(apps []client.App, name string) (appTarget, error) {
	for _, a := range apps {
		if strings.EqualFold(a.Name, name) { // names are unique case-insensitively
			return appTarget{ID: a.ID, Name: a.Name}, nil
		}
	}
	return appTarget{}, notFound(present.NoAppNamed(name), apps, name)
}

// NotFoundError is a reference that matches nothing; it names the candidates.
type NotFoundError struct{ Message string }

func (e *NotFoundError) Error() string { return e.Message }

func notFound(msg string, apps []client.App, name string) error {
	all := make([]string, 0, len(apps))
	for _, a := range apps {
		all = append(all, present.AppLabel(a.ID, a.Name))
	}
	return &NotFoundError{present.AppNotFound(msg, closeMatches(apps, name), all)}
}

// closeMatches returns the app names within a small edit distance of name, or containing it.
func closeMatches(apps []client.App, name string) []string {
	if name == "" {
		return nil
	}
	type match struct {
		label string
		dist  int
	}
	var matches []match
	lower := strings.ToLower(name)
	for _, a := range apps {
		candidate := strings.ToLower(a.Name)
		d := levenshtein(lower, candidate)
		if d <= max(2, len(lower)/3) || strings.Contains(candidate, lower) || strings.Contains(lower, candidate) {
			matches = append(matches, match{present.AppLabel(a.ID, a.Name), d})
		}
	}
	slices.SortStableFunc(matches, func(a, b match) int { return a.dist - b.dist })
	out := make([]string, 0, 3)
	for i := 0; i < len(matches) && i < 3; i++ {
		out = append(out, matches[i].label)
	}
	return out
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
