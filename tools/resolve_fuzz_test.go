package tools

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// fuzzApps reads an organization from lines "ID NAME" (or "NAME", numbered from 101). As in
// the API, IDs are positive and unique, names are valid app names and unique
// case-insensitively; lines that break that are skipped.
func fuzzApps(spec string) []client.ProjectSummary {
	var apps []client.ProjectSummary
	ids := map[int64]bool{}
	names := map[string]bool{}
	next := int64(101)
	for line := range strings.Lines(spec) {
		line = strings.TrimSpace(line)
		id := next
		name := line
		if first, rest, ok := strings.Cut(line, " "); ok {
			if n, err := strconv.ParseInt(first, 10, 64); err == nil {
				id, name = n, rest
			}
		}
		next++
		if id <= 0 || ids[id] || rules.AppName(name) != "" || names[strings.ToLower(name)] {
			continue
		}
		ids[id], names[strings.ToLower(name)] = true, true
		apps = append(apps, client.ProjectSummary{ID: id, Name: name})
	}
	return apps
}

// FuzzResolveApp checks the app reference rule (tools/resolve.go) on arbitrary references
// and organizations. Resolution never panics; it returns only an app of the organization, and
// only one the reference names (case-insensitively, as the API compares names) or gives the ID
// of ("id:N", or plain decimal digits that name no app); when the reference is one app's name
// and another app's ID it is an error, never a guess; a name wins over an ID reading; a
// reference resolved without listing apps can be no app's name; every failure says why.
func FuzzResolveApp(f *testing.F) {
	org := "101 analytics-app\n102 docs-search\n103 0101\n104 4242\n105 Sales-App"
	for _, ref := range []string{"analytics-app", "ANALYTICS-APP", "101", "0101", "id:101", "id: 103", "4242", "104",
		"id:0", "id:abc", "+101", "1e2", "analytcs-app", "sales-app", "", " ", "id:", "9223372036854775807", "99999999999999999999"} {
		f.Add(ref, org)
	}
	f.Add("102", "101 102x\n102 analytics\n7 0102")
	f.Add("1234", "101 1234\n1234 other-app") // a name that is another app's ID: ambiguous
	f.Fuzz(func(t *testing.T, ref, spec string) {
		apps := fuzzApps(spec)
		r := AppRef(ref) // as decoding leaves it: never trimmed (check refuses spaces around it)
		named := func(a client.ProjectSummary) bool { return strings.EqualFold(a.Name, string(r)) }
		explicit, isExplicit := r.explicitID()
		decimal, isDecimal := r.decimal()

		if id, ok := r.onlyID(); ok {
			for _, a := range apps {
				if named(a) {
					t.Fatalf("%q is resolved to ID %d without listing apps, but it is the name of app %d", r, id, a.ID)
				}
			}
		}

		target, err := matchApp(apps, r)
		var ambiguous *AmbiguousError
		var notFound *NotFoundError
		if err != nil {
			if !errors.As(err, &ambiguous) && !errors.As(err, &notFound) || err.Error() == "" {
				t.Fatalf("%q: unexpected error %T %v", r, err, err)
			}
		}

		var byName, byID *client.ProjectSummary
		for i, a := range apps {
			if named(a) {
				byName = &apps[i]
			}
			if isDecimal && a.ID == decimal {
				byID = &apps[i]
			}
		}
		switch {
		case isExplicit:
			if err == nil && target.ID != explicit {
				t.Fatalf("%q resolved to %d", r, target.ID)
			}
		case byName != nil && byID != nil && byName.ID != byID.ID:
			if ambiguous == nil {
				t.Fatalf("%q is the name of app %d and the ID of app %s, but resolved to %+v, %v", r, byName.ID, byID.Name, target, err)
			}
		case byName != nil:
			if err != nil || target.ID != byName.ID {
				t.Fatalf("%q names app %d, resolved to %+v, %v", r, byName.ID, target, err)
			}
		case byID != nil:
			if err != nil || target.ID != byID.ID {
				t.Fatalf("%q is the ID of app %s, resolved to %+v, %v", r, byID.Name, target, err)
			}
		default:
			if err == nil {
				t.Fatalf("%q names no app, but resolved to %+v", r, target)
			}
		}
		if err != nil {
			return
		}
		for _, a := range apps {
			if a.ID == target.ID {
				if a.Name != target.Name {
					t.Fatalf("%q resolved to %+v, but app %d is named %q", r, target, a.ID, a.Name)
				}
				if !named(a) && string(r) != strconv.FormatInt(a.ID, 10) &&
					!(isExplicit && strings.HasPrefix(string(r), present.AppIDPrefix)) {
					t.Fatalf("%q resolved to app %+v, which it neither names nor gives the ID of", r, a)
				}
				return
			}
		}
		t.Fatalf("%q resolved to %+v, which is not an app of the organization", r, target)
	})
}
