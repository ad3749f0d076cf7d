package tools

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// Every result stays within the budget (present.ResultTokens, held at run time as
// present.ResultBytes for each of its two forms): lists come in pages whose size is what fits
// (pageOf), a long spicepod in line ranges, and whatever is still too long is cut with a notice
// by the final guard in Call (bound), never silently.

// pageSize is the most items a page of a list the server pages itself holds (the API returns
// apps, secrets, members and images whole).
const pageSize = 50

// Offset is how many items of a list to skip.
type Offset int

// jsonSchema is the type's own schema (see schema.go).
func (Offset) jsonSchema() *schema {
	return &schema{Type: "integer", Minimum: json.Number("0")}
}

// A page, a part of a spicepod or a wait that timed out ends with the call that gets the rest
// (present.Call): the same tool with the arguments of this call that the rest depends on — the
// organization when the caller named one, the app as the caller named it, filters and limit —
// and the next offset. orgAgain and appAgain are those arguments in the usual order.

// orgAgain is the organization the caller named, if any.
func orgAgain(o orgArg) []present.Arg {
	return []present.Arg{{Name: "org", Value: string(o.Org)}}
}

// appAgain is the app as the caller named it, and the organization the caller named, if any.
func appAgain(app string, o orgArg) []present.Arg {
	return []present.Arg{{Name: "app", Value: app}, {Name: "org", Value: string(o.Org)}}
}

func checkOffset(fe rules.FieldErrors, o Offset) {
	if o < 0 {
		fe.Check("offset", present.ArgOffset)
	}
}

// deletable marks a page of items the caller may delete before asking for the next page, so
// its note says how that moves the next offset.
func deletable(p present.Page) present.Page {
	p.Deletable = true
	return p
}

// pageOf renders the page of items that starts at offset: at most pageSize items, fewer when
// their result would exceed the budget. render gets the page's items and where they sit.
func pageOf[T any](items []T, offset Offset, render func(page []T, p present.Page) *Result) *Result {
	return densePageOf(items, offset, func(T) int { return 0 }, nil, render)
}

// densePageOf is pageOf for items whose text the user wrote or the API passed through, which
// may be a token a byte: userBytes is the bytes of such text in an item, weighed
// (denseWeight) in each form of the page. A page of one item still over the budget shows that
// item shortened (short: its texts clipped to a length, present.ClipItem), at the longest of
// itemClips that fits, so the page's note, next offset and total always remain (bound would
// cut the note away and replace the structured content); nil short leaves it to bound.
func densePageOf[T any](items []T, offset Offset, userBytes func(T) int, short func(item T, limit int) T, render func(page []T, p present.Page) *Result) *Result {
	return denseItemsOf(items, offset, pageSize, false, userBytes, short, render)
}

// denseListOf is densePageOf for a list that takes no offset (list_instances, list_regions,
// list_clusters: tools/list has no room for one): no pageSize cap, as no next page can show the
// rest, so it shows every item that fits the budget and leaves out only what does not
// (present.LeftOut). As what it leaves out is lost, it weighs the structured content's field
// names for what they are (keySlack), not as the densest text the server writes: 60 clusters
// of ordinary names, about 3,000 tokens, are shown whole (TestR43ListsClustersFitWhole).
func denseListOf[T any](items []T, userBytes func(T) int, short func(item T, limit int) T, render func(page []T, p present.Page) *Result) *Result {
	return denseItemsOf(items, 0, len(items), true, userBytes, short, render)
}

// denseItemsOf is densePageOf with at most most items from offset; keyed weighs the structured
// content's field names as such (keySlack).
func denseItemsOf[T any](items []T, offset Offset, most int, keyed bool, userBytes func(T) int, short func(item T, limit int) T, render func(page []T, p present.Page) *Result) *Result {
	start := min(int(offset), len(items))
	n := min(most, len(items)-start)
	page := func(shown []T) *Result {
		p := present.Page{Offset: int(offset), Shown: len(shown), Total: len(items)}
		if start+len(shown) < len(items) {
			p.Next = start + len(shown)
		}
		return render(shown, p)
	}
	dense := func(shown []T) int {
		d := 0
		for _, item := range shown {
			d += userBytes(item)
		}
		return d
	}
	res, shown := fitDenseN(n, keyed, func(n int) *Result { return page(items[start : start+n]) },
		func(n int) int { return dense(items[start : start+n]) })
	if shown != 1 || short == nil || withinDense(res, dense(items[start:start+1])) {
		return res
	}
	for _, limit := range itemClips {
		one := []T{short(items[start], limit)}
		if res = fitPage(1, func(int) *Result { return page(one) }); withinDense(res, dense(one)) {
			break
		}
	}
	return res
}

// itemClips are the lengths in bytes, longest first, that a page's only item, still over the
// budget alone, has each of its long texts clipped to (densePageOf).
var itemClips = [...]int{1000, 250, 60}

// withinDense reports whether a result fitPage measured, holding d bytes of text that may be a
// token a byte, is within the budget in each form with their extra weight (denseWeight).
func withinDense(res *Result, d int) bool {
	extra := denseWeight(d) - d
	return len(res.Text)+extra <= textBudget && len(res.structuredJSON)+extra <= present.ResultBytes
}

// fitDense is fitPage for a result of n items holding dense bytes (dense(n)) of text that may
// be a token a byte: each form holds their extra weight (denseWeight) within the budget too.
// When that weight leaves fewer items, it looks for the most that fit (halving the range
// between the most found within and the fewest found over), so a page is not left short.
func fitDense(n int, render func(n int) *Result, dense func(n int) int) *Result {
	res, _ := fitDenseN(n, false, render, dense)
	return res
}

// fitDenseN is fitDense that also returns the items of the result; keyed weighs the field
// names of the structured content as such (keySlack).
func fitDenseN(n int, keyed bool, render func(n int) *Result, dense func(n int) int) (*Result, int) {
	var fitted *Result
	most, fewestOver := 0, n+1 // items in fitted; the fewest found over the budget
	for first := true; ; first = false {
		shown := n
		res := fitPage(n, func(n int) *Result { shown = n; return render(n) })
		if shown < n { // n was over by bytes alone
			fewestOver = min(fewestOver, n)
		}
		d := dense(shown)
		text, raw := len(res.Text)+denseWeight(d)-d, len(res.structuredJSON)+denseWeight(d)-d
		if keyed && raw > present.ResultBytes {
			raw -= keySlack(res)
		}
		switch within := text <= textBudget && raw <= present.ResultBytes; {
		case within && first:
			return res, shown // as fitPage fitted it
		case within || shown <= 1:
			if shown > most {
				fitted, most = res, shown
			}
		default:
			fewestOver = min(fewestOver, shown)
		}
		switch {
		case fitted != nil && most+1 >= fewestOver:
			return fitted, most
		case fitted != nil:
			n = (most + fewestOver) / 2
		default:
			n = max(1, min(shown-1, shown*textBudget*9/(text*10), shown*present.ResultBytes*9/(raw*10)))
		}
	}
}

// resultNote ends the text of every result of a server on the emulator (Call adds it after the
// tool made the result), errors included.
const resultNote = "\n\n" + present.SandboxNote

// textBudget is what a result's text may fill before Call adds resultNote: a page fitted to it
// is sent whole, never cut by bound (which would take the page's next call with it).
const textBudget = present.ResultBytes - len(resultNote)

// fitPage renders a page of n items and, while its text (with room for resultNote) or its
// structured content is over the budget, renders fewer (in proportion to the excess, so one or
// two renders suffice). A single item over the budget is left to bound.
func fitPage(n int, render func(n int) *Result) *Result {
	for {
		res := render(n)
		if res.Structured != nil {
			raw, err := json.Marshal(res.Structured)
			if err != nil {
				return res
			}
			res.structuredJSON = raw
		}
		if fits(res) || n <= 1 {
			return res
		}
		next := n - 1
		for _, form := range [...]struct{ size, budget int }{{len(res.Text), textBudget}, {len(res.structuredJSON), present.ResultBytes}} {
			if form.size > form.budget {
				next = min(next, n*form.budget*9/(form.size*10))
			}
		}
		n = max(1, next)
	}
}

// fits reports whether a result fitPage measured is sent as it is: its text within textBudget
// and its structured content within the budget.
func fits(res *Result) bool {
	return len(res.Text) <= textBudget && len(res.structuredJSON) <= present.ResultBytes
}

// bound is the final guard of every result: a text over the budget is cut at a line with a
// notice saying how to ask for less, and structured content over it is replaced by a note. It
// returns the structured content as JSON (marshalled once; nil for none).
func bound(tool, text string, res *Result, reserve int) (string, json.RawMessage) {
	raw := res.structuredJSON
	if raw == nil && res.Structured != nil {
		var err error
		if raw, err = json.Marshal(res.Structured); err != nil {
			raw = nil
		}
	}
	if limit := present.ResultBytes - reserve; len(text) > limit {
		text = cutText(tool, text, limit)
	}
	if len(raw) > present.ResultBytes {
		raw, _ = json.Marshal(map[string]string{cutField: present.StructuredCut(tool, len(raw), cutArgs(tool)...)})
	}
	return text, raw
}

// cutField is the only field of structured content over the budget (bound): a note of what was
// left out and how to ask for less. Every output schema allows this form (see schema_test.go).
const cutField = "cut"

// cutText shortens text to at most limit bytes with the cut notice, at a line end where one is
// near, closing a code block left open.
func cutText(tool, text string, limit int) string {
	less := cutArgs(tool)
	return cutWith(text, limit, func(shown int) string { return present.CutNotice(tool, shown, len(text), less...) })
}

// boundError is bound for an error's text: cut with a notice that offers no paging (an error
// has no rest to page to).
func boundError(text string, reserve int) string {
	if limit := present.ResultBytes - reserve; len(text) > limit {
		return cutWith(text, limit, func(shown int) string { return present.ErrorCutNotice(shown, len(text)) })
	}
	return text
}

// cutArgs are the arguments of present.CutArgs that tool takes: its cut notice names no other.
func cutArgs(tool string) []string {
	input, _ := generatedSchemas(tool)
	var s struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if json.Unmarshal([]byte(input), &s) != nil {
		return nil
	}
	var less []string
	for _, arg := range present.CutArgs {
		if _, ok := s.Properties[arg]; ok {
			less = append(less, arg)
		}
	}
	return less
}

// cutWith is cutText with the notice notice(bytes shown) says.
func cutWith(text string, limit int, notice func(shown int) string) string {
	keep := limit - len(notice(len(text))) - len("\n```\n\n") - 16
	if keep < 0 {
		keep = 0
	}
	for keep > 0 && !utf8.RuneStart(text[keep]) {
		keep--
	}
	head := text[:keep]
	if i := strings.LastIndexByte(head, '\n'); i > keep/2 {
		head = head[:i]
	}
	if fence := openFence(head); fence != "" {
		head += "\n" + fence
	}
	return head + "\n\n" + notice(len(head))
}

// openFence returns the fence of a Markdown code block that text leaves open, or "".
func openFence(text string) string {
	open := ""
	for line := range strings.SplitSeq(text, "\n") {
		run := len(line) - len(strings.TrimLeft(line, "`"))
		switch {
		case open == "" && run >= 3:
			open = line[:run]
		case open != "" && strings.TrimSpace(line) == open:
			open = ""
		}
	}
	return open
}
