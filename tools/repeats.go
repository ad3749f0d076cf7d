package tools

import (
	"context"
	"slices"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// withoutRepeats drops the items the API lists again (same key as an earlier one), keeping the
// first, and returns the keys repeated, once each, for the result to say so.
func withoutRepeats[T any, K comparable](items []T, key func(T) K) ([]T, []K) {
	var repeated []K
	seen := map[K]bool{}
	items = slices.DeleteFunc(items, func(item T) bool {
		k := key(item)
		again := seen[k]
		if again && !slices.Contains(repeated, k) {
			repeated = append(repeated, k)
		}
		seen[k] = true
		return again
	})
	return items, repeated
}

// futureNote is present.TimesOutOfOrder of items and present.FutureTimes by this server's clock
// (env's poll clock), as paragraphs to append ("" when no time is odd).
func futureNote(items []present.Dated, env *Env) string {
	note := ""
	if odd := present.TimesOutOfOrder(items); odd != "" { // an update before the creation
		note = "\n\n" + odd
	}
	if future := present.FutureTimes(items, env.Poll.withDefaults().Now()); future != "" {
		note += "\n\n" + future
	}
	return note
}

// datedSummaries are apps (one: "app" or "fork") with their creation times.
func datedSummaries(apps []client.ProjectSummary, one string) []present.Dated {
	dated := make([]present.Dated, len(apps))
	for i := range apps {
		dated[i] = present.Dated{One: one, Name: apps[i].Name, ID: apps[i].ID, Times: []present.NamedTime{{Field: "created_at", At: &apps[i].CreatedAt}}}
	}
	return dated
}

// pagingNote is present.PagingHinted of this call's last answer to op (client.CallPaging): its
// paging fields that disagree with its items, on a list the API documents no paging for, as a
// paragraph to append ("" when there are none). One, many name the list's items.
func pagingNote(ctx context.Context, op *api.Operation, one, many string) string {
	p := client.CallPaging(ctx, op)
	if odd := present.PagingHinted(p.Hints, p.N, one, many, p.Path); odd != "" {
		return "\n\n" + odd
	}
	return ""
}
