package present

import (
	"fmt"
	"strings"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// Dated is an item a tool shows with the times the API gave it: what it is (One: "app",
// "secret", …; Name, the API's text; ID when it has one) and its times by field name (nil or
// zero: not given).
type Dated struct {
	One, Name string
	ID        int64
	Times     []NamedTime
}

// NamedTime is a time of an item's, by the field the API gave it in.
type NamedTime struct {
	Field string
	At    *client.Timestamp
}

// maxFutureItems is the most items a note of times in the future names.
const maxFutureItems = 3

// FutureTimes notes, as a deployment's oddities do (DeploymentOddities), the times of items
// that are ahead of this server's clock (now) by more than skewAllowed: no app, secret,
// member or instance was created or started later than it is read. "" when none is, or when
// now is zero.
func FutureTimes(items []Dated, now time.Time) string {
	if now.IsZero() {
		return ""
	}
	each := oddItems(items, func(it Dated) (odd []string) {
		for _, t := range it.Times {
			if t.At != nil && !t.At.IsZero() && t.At.After(now.Add(skewAllowed)) {
				odd = append(odd, fmt.Sprintf("%s %s", t.Field, Time(*t.At)))
			}
		}
		return odd
	})
	if each == "" {
		return ""
	}
	return fmt.Sprintf("%sa time in the future (this server's clock reads %s): %s. As the API sent it; "+
		"either clock may be wrong.", oddNote, Time(client.Timestamp{Time: now}), each)
}

// TimesOutOfOrder notes, as a deployment's oddities do, the items with a time before the one
// they were created at (Times[0], created_at): no secret was updated before it was created.
// "" when none has one.
func TimesOutOfOrder(items []Dated) string {
	each := oddItems(items, func(it Dated) (odd []string) {
		if len(it.Times) < 2 || it.Times[0].At == nil || it.Times[0].At.IsZero() {
			return nil
		}
		first := it.Times[0]
		for _, t := range it.Times[1:] {
			if t.At != nil && !t.At.IsZero() && t.At.Before(first.At.Time) {
				odd = append(odd, fmt.Sprintf("%s %s is before %s %s", t.Field, Time(*t.At), first.Field, Time(*first.At)))
			}
		}
		return odd
	})
	if each == "" {
		return ""
	}
	return oddNote + each + ". As the API sent it; read it again before relying on these times."
}

// oddItems names the items whose times odd finds something odd in, each with what (at most
// maxFutureItems, then how many more), joined by "; "; "" when none.
func oddItems(items []Dated, odd func(Dated) []string) string {
	var each []string
	more := 0
	for _, it := range items {
		found := odd(it)
		if len(found) == 0 {
			continue
		}
		if len(each) == maxFutureItems {
			more++
			continue
		}
		label := it.One + " " + Code(clip(it.Name, wordBytes))
		if it.ID != 0 {
			label += fmt.Sprintf(" (%d)", it.ID)
		}
		each = append(each, label+": "+strings.Join(found, ", "))
	}
	if more > 0 {
		each = append(each, fmt.Sprintf("%d more", more))
	}
	return strings.Join(each, "; ")
}

// PagingHinted notes a list's answer whose undocumented paging fields (client.PagingHint) say
// it may not list every item, or count others than it lists: n items were listed, all there
// are to read, as the API documents no paging for the list (path); the fields are not followed.
// "" when there are none.
func PagingHinted(hints []client.PagingHint, n int, one, many, path string) string {
	if len(hints) == 0 {
		return ""
	}
	each := make([]string, len(hints))
	for i, h := range hints {
		each[i] = h.Field + " " + Code(clip(h.Value, wordBytes))
	}
	return fmt.Sprintf("%sbesides the %s listed, it gave %s: paging fields the API does not document for %s, which is not paged, "+
		"so this server does not follow them. The %s above are all it listed; others may exist that no answer here shows (the Spice.ai portal lists them all).",
		oddNote, count(n, one, many), strings.Join(each, ", "), path, many)
}
