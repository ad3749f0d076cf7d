package tools

import (
	"context"
	"slices"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// appTarget is a resolved app reference.
type appTarget struct {
	ID   int64
	Name string // "" when the caller gave an ID and the name was not needed
	// Endpoint is the app's data endpoint as the list named it; "" when the list was not read.
	Endpoint string
}

func (a appTarget) label() string { return present.AppLabel(a.ID, a.Name) }

// ofApp is, in structured content, the app a result is about where its text names it
// ("analytics-app (101)"): app_id in every tool, so an agent chains the next call from
// structured content alone. An app's own view (get_app, create_app, fork_app) has it as id.
type ofApp struct {
	AppID int64 `json:"app_id"`
}

// of is the app in structured content, as label is in the text.
func (a appTarget) of() ofApp { return ofApp{AppID: a.ID} }

// shown is the app as an action on it names it for a person's approval (present.AppShown).
func (a appTarget) shown() present.Shown { return present.AppShown(a.ID, a.Name) }

// named is the app as the result of an action a person approved names it: as label, with the
// look-alike flag the question and the approval page gave it (shown), so the result does not
// name bare the app a person was warned about (pause_app, delete_app, set_secret's stores,
// delete_secret, regenerate_api_key, rotate_api_keys).
func (a appTarget) named() string { return a.shown().Markdown() }

// The app reference rule (README "Tools"; AppRef's schema description), one rule for every
// app-scoped tool:
//
//   - "id:101" is the app with ID 101, always;
//   - any other reference is first a name, compared as the API compares names
//     (case-insensitively);
//   - digits in plain decimal ("101", not "0101") that name no app are an ID;
//   - digits that are one app's name and another app's ID are ambiguous: nothing is guessed,
//     the error names both apps and how to pick one (id:N).
//
// A reference that cannot be a name (too short or too long for one) is used as an ID without
// listing apps; the API answers 404 for a wrong one.

// listedUnlessByID is the When of a tool that finds its app with resolveApp: the app list is
// read unless the reference can only be an ID.
var listedUnlessByID = map[*api.Operation]string{api.ListProjects: whenNotOnlyID}

// whenNotOnlyID is the condition under which resolveApp lists apps.
const whenNotOnlyID = "unless `app` can only be an ID (`id:101`)"

// resolveApp turns an app reference into an ID (and the name, when the apps were listed).
func resolveApp(ctx context.Context, c *client.Client, ref AppRef) (appTarget, error) {
	if id, ok := ref.onlyID(); ok {
		return appTarget{ID: id}, nil
	}
	apps, err := c.ListProjects(ctx)
	if err != nil {
		return appTarget{}, err
	}
	return matchApp(apps, ref)
}

// readAsListed is read, the app target names, unless the list target was resolved from named it
// otherwise (names do not change: one of the two answers is wrong).
func readAsListed(target appTarget, read *client.Project) (*client.Project, error) {
	if target.Name != "" && !rules.SameName(read.Name, target.Name) {
		return nil, &AmbiguousError{present.AppListedAsAnother(target.Name, target.ID, read.Name)}
	}
	return read, nil
}

// resolveAppNamed is resolveApp that always knows the name (for confirmations and headings).
func resolveAppNamed(ctx context.Context, c *client.Client, ref AppRef) (appTarget, error) {
	apps, err := c.ListProjects(ctx)
	if err != nil {
		return appTarget{}, err
	}
	return matchApp(apps, ref)
}

// matchApp applies the reference rule to the organization's apps.
func matchApp(apps []client.ProjectSummary, ref AppRef) (appTarget, error) {
	if id, ok := ref.explicitID(); ok {
		if i := slices.IndexFunc(apps, func(a client.ProjectSummary) bool { return a.ID == id }); i >= 0 {
			return appTarget{ID: id, Name: apps[i].Name, Endpoint: apps[i].Endpoint}, nil
		}
		return appTarget{}, notFound(present.NoAppWithID(id), apps, "")
	}
	name := string(ref)
	byName := slices.IndexFunc(apps, func(a client.ProjectSummary) bool { return rules.SameName(a.Name, name) })
	byID := -1
	if id, ok := ref.decimal(); ok {
		byID = slices.IndexFunc(apps, func(a client.ProjectSummary) bool { return a.ID == id })
	}
	// Another app by that name: the API's list is not to be trusted to pick one (names are unique).
	twin := -1
	if byName >= 0 {
		twin = slices.IndexFunc(apps, func(a client.ProjectSummary) bool { return a.ID != apps[byName].ID && rules.SameName(a.Name, name) })
	}
	switch {
	case twin >= 0:
		first, second := apps[byName], apps[twin]
		return appTarget{}, &AmbiguousError{present.AppNameListedTwice(name, first.ID, first.Name, second.ID, second.Name)}
	case byName >= 0 && byID >= 0 && byName != byID:
		named, numbered := apps[byName], apps[byID]
		return appTarget{}, &AmbiguousError{present.AppAmbiguous(name, named.ID, named.Name, numbered.ID, numbered.Name)}
	case byName >= 0:
		return appTarget{ID: apps[byName].ID, Name: apps[byName].Name, Endpoint: apps[byName].Endpoint}, nil
	case byID >= 0:
		return appTarget{ID: apps[byID].ID, Name: apps[byID].Name, Endpoint: apps[byID].Endpoint}, nil
	}
	if id, ok := ref.decimal(); ok {
		return appTarget{}, notFound(present.NoAppNamedOrID(name, id), apps, name)
	}
	return appTarget{}, notFound(present.NoAppNamed(name), apps, name)
}

// AmbiguousError is a reference that fits two apps; it names both and how to pick one.
type AmbiguousError struct{ Message string }

func (e *AmbiguousError) Error() string { return e.Message }

// NotFoundError is a reference that matches nothing; it names the candidates. Where it names
// only the first, More are left to the list tool Lister (list_apps, list_members), which
// errorText names only where the caller can use it (present.MissListHidden).
type NotFoundError struct {
	Message string
	Lister  string
	More    int
}

func (e *NotFoundError) Error() string { return e.Message }

func notFound(msg string, apps []client.ProjectSummary, name string) error {
	all := make([]string, 0, len(apps))
	for _, a := range apps {
		all = append(all, present.AppLabel(a.ID, a.Name))
	}
	matches := closeMatches(apps, name)
	return &NotFoundError{Message: present.AppNotFound(msg, matches, all), Lister: "list_apps", More: present.AppsLeftOut(matches, all)}
}

// closeMatches returns the app names within a small edit distance of name, or containing it.
func closeMatches(apps []client.ProjectSummary, name string) []string {
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
