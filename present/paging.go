package present

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/plain"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// The result budget. Clients cap what a tool may return (25,000 tokens is a common cap) and a
// model pays for every token it reads, so each form of a result — the Markdown text and the
// structured content — stays within ResultTokens o200k tokens: lists come in pages that say how
// to get the next one, a long spicepod comes in line ranges, and a result that would still be
// too long is cut with a notice (CutNotice), never silently.
const ResultTokens = 8000

// ResultBytes is how the server holds each form of a result to ResultTokens at run time,
// without a tokenizer: 12,000 bytes are at most 8,000 tokens for any text of 1.5 bytes a token
// or more. The densest text the server writes is timestamps and hex IDs (1.25–1.5 bytes a token
// in isolation); tables, YAML and JSON measure 2.3–3.6. Text the user writes may be a token a
// byte ("a1a1…", "@-@-…"), and so may text the API passes through: where a result carries
// either (names, descriptions, tags, spicepods, secret names, usernames, deployments' texts, log
// lines), the tool weighs it half as much again (tools' denseWeight, densePageOf). Tests count
// the real tokens of the largest pages (mcpserver's TestListsPageWithinBudget,
// TestR35BudgetDenseAppLists, TestR36BudgetDense*, bench's BenchmarkResultBudget).
const ResultBytes = 12000

// Page is where a page of a list sits in the whole list.
type Page struct {
	Offset int // items skipped
	Shown  int // items on this page
	// Total is the length of the whole list; -1 when the API does not say (deployments).
	Total int
	// Next is the offset of the next page; 0 when this page is the last.
	Next int
	// Deletable: an agent may delete the items shown before it asks for the next page (apps,
	// secrets, members), which moves the unseen ones back.
	Deletable bool
}

// Arg is one argument of a call a result tells the agent to make next (Call). Value is a
// string, an integer or a bool; its zero value ("", 0, false) means the argument was not given,
// and it is left out.
type Arg struct {
	Name  string
	Value any
}

// Call renders a call an agent can make exactly as written: the tool's name and its arguments
// as one JSON object, in order, as inline code — `list_deployments {"app":"analytics-app",
// "status":"succeeded","limit":1,"offset":1}`. Values are user text: JSON quotes and escapes
// them, line breaks and other control or bidirectional formatting characters included (as
// \uXXXX, which decodes back to the value), so a value can neither end the code span nor change
// how the line reads, and the object decodes to exactly the arguments to send.
func Call(tool string, args ...Arg) string {
	var b strings.Builder
	b.WriteString(tool + " {")
	n := 0
	for _, a := range args {
		if a.Value == nil || reflect.ValueOf(a.Value).IsZero() {
			continue
		}
		name, _ := json.Marshal(a.Name)
		value, err := json.Marshal(a.Value)
		if err != nil {
			continue
		}
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		b.Write(name)
		b.WriteByte(':')
		b.Write(value)
	}
	b.WriteByte('}')
	return Code(escapeBreaking(b.String()))
}

// escapeBreaking writes the characters oneLine would change (breaking) as JSON \uXXXX escapes;
// in a JSON text they occur only inside strings, where the escape means the same character.
func escapeBreaking(s string) string {
	if !strings.ContainsFunc(s, breaking) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if breaking(r) { // all in the Basic Multilingual Plane: one escape each
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// PageNote says which items a page of a list shows and how to get the next page; "" for a
// whole list on one page. tool is the tool to call again and args the arguments of this call
// that the next page needs too (the organization, the app, filters, limit): the note names the
// next call whole (Call), with offset last. noun is the items' plural.
func PageNote(tool, noun string, p Page, args ...Arg) string {
	if p.Next == 0 && p.Offset == 0 {
		return ""
	}
	var b strings.Builder
	switch {
	case p.Shown == 0:
		fmt.Fprintf(&b, "No %s at offset %d", noun, p.Offset)
	case p.Total >= 0:
		fmt.Fprintf(&b, "Showing %s %s–%s of %s", noun, number(p.Offset+1), number(p.Offset+p.Shown), number(p.Total))
	default:
		fmt.Fprintf(&b, "Showing %s %s–%s", noun, number(p.Offset+1), number(p.Offset+p.Shown))
	}
	switch {
	case p.Next > 0 && p.Total >= 0 && p.Deletable:
		// The list is fetched whole at each call, so an agent deleting what a page showed
		// (a clean-up loop) would skip as many unseen items by following the offset as given.
		fmt.Fprintf(&b, ". Next page: %s. If k of the %s shown are deleted first, use offset %s−k (offsets count the list as it stands).",
			Call(tool, append(slices.Clip(args), Arg{"offset", p.Next})...), noun, number(p.Next))
	case p.Next > 0 && p.Total >= 0:
		fmt.Fprintf(&b, ". Next page: %s.", Call(tool, append(slices.Clip(args), Arg{"offset", p.Next})...))
	case p.Next > 0:
		fmt.Fprintf(&b, ". More may follow: %s.", Call(tool, append(slices.Clip(args), Arg{"offset", p.Next})...))
	case p.Offset > 0 && p.Total >= 0 && p.Shown > 0:
		b.WriteString(" (the last page).")
	default:
		b.WriteString(".")
	}
	return b.String()
}

// PageShifted heads a page that continues after the item the session's last page of the list
// ended with (after, Markdown), because moved items were added before it since (removed when
// negative): the offset asked for would have repeated or skipped as many. one and many name
// the items.
func PageShifted(one, many string, moved int, after string) string {
	what := "added"
	if moved < 0 {
		what, moved = "removed", -moved
	}
	verb := "were"
	if moved == 1 {
		verb = "was"
	}
	return fmt.Sprintf("%s %s %s since the last page; this page continues after %s.", count(moved, one, many), verb, what, after)
}

// PageListChanged heads a page asked for at the next offset of the session's last page of the
// list when the item that page ended with (after, Markdown) is gone: where the page should
// start is unknown.
func PageListChanged(after string) string {
	return fmt.Sprintf("The list changed since the last page, and %s, the item it ended with, is gone: items may repeat or be missing on this page.", after)
}

// PageFarBehind heads a page asked for at the next offset of the session's last page of the
// list when the item that page ended with (after, Markdown) is not among the looked items from
// where it was, and the list goes on: at least as many were added since (or, filtered, the item
// may have left the list). The page starts at the offset asked.
func PageFarBehind(one, many string, looked int, after string, filtered bool) string {
	if filtered {
		return fmt.Sprintf("At least %s were added since the last page, or %s, the item it ended with, no longer matches the filter: it is not among the %s from where it was. This page starts at the offset asked, so items may repeat or be missing.",
			count(looked, one, many), after, number(looked))
	}
	return fmt.Sprintf("At least %s were added since the last page: %s, the item it ended with, is not among the %s from where it was. This page starts at the offset asked, so items may repeat.",
		count(looked, one, many), after, number(looked))
}

// number renders 1234 as "1,234".
func number(n int) string { return plain.Number(n) }

// Paged puts a page note under a rendered list.
func Paged(list, note string) string {
	if note == "" {
		return list
	}
	return list + "\n\n" + note
}

// SpicepodLines says which lines of a long spicepod a result shows and how to get the rest:
// get_app with the arguments again (the app and organization as the caller named them) and
// spicepod_offset next.
func SpicepodLines(from, to, total, next int, again ...Arg) string {
	s := fmt.Sprintf("Spicepod lines %s–%s of %s shown (it is longer than one result may be).", number(from), number(to), number(total))
	if next > 0 {
		s += " Next lines: " + Call("get_app", append(slices.Clip(again), Arg{"spicepod_offset", next})...) + "."
	}
	return s
}

// MoreSecretNames ends a secret-name list that was cut short after shown names: the
// list_secrets call that shows the n left out, with again (the app and organization as the
// caller named them) and the offset after the names shown; hidden: why the caller cannot use
// list_secrets ("" when it can): MoreSecretsHidden says then, after the list, where they are.
func MoreSecretNames(n, shown int, hidden string, again ...Arg) string {
	if hidden != "" {
		return fmt.Sprintf("and %s more", number(n))
	}
	return fmt.Sprintf("and %s more (%s shows them)", number(n), Call("list_secrets", append(slices.Clip(again), Arg{"offset", shown})...))
}

// MoreSecretsHidden follows a secret-name list cut short after n names that list_secrets, not
// available for hidden (why), would show: why they are left out and where they are.
func MoreSecretsHidden(n int, hidden []UnavailableTool) string {
	return fmt.Sprintf("; the other %s are left out, as %s", number(n),
		portalOr(hidden, "them", toolsUnavailable(hidden)+"; the Spice.ai portal shows them"))
}

// CutNotice ends a result that was cut to the budget: what was cut and how to see the rest.
// less are the tool's arguments that ask for less (CutArgs; its others are not named): the
// notice names only those, so the way it offers works on this tool.
func CutNotice(tool string, shownBytes, totalBytes int, less ...string) string {
	how := "This tool cannot show the rest in parts; a tool that shows one item at a time may show it."
	if len(less) > 0 {
		how = "Ask for less to see the rest: " + askForLess(less) + "."
	}
	return fmt.Sprintf("⚠️ Cut: this %s result is %s bytes, more than one result may hold (about %s tokens); "+
		"the first %s bytes are shown. %s", tool, number(totalBytes), number(ResultTokens), number(shownBytes), how)
}

// CutArgs are the arguments a cut notice may name (CutNotice), in its order.
var CutArgs = []string{"offset", "limit", "spicepod_offset", "tail", "skip_newest"}

// cutWays is what each of CutArgs asks for. A log cut at its end loses its newest lines (and
// the note naming older ones): a smaller tail shows those, skip_newest the older ones.
var cutWays = map[string]string{
	"offset":          "a later page",
	"limit":           "fewer items",
	"spicepod_offset": "spicepod lines",
	"tail":            "fewer log lines (the newest)",
	"skip_newest":     "older log lines",
}

// askForLess names what each of less (CutArgs) asks for, and the argument.
func askForLess(less []string) string {
	ways := make([]string, 0, len(less))
	for _, arg := range less {
		ways = append(ways, cutWays[arg]+" with "+Code(arg))
	}
	return strings.Join(ways, ", or ")
}

// StructuredCut stands in for structured content that was too long to return. less are the
// tool's arguments that ask for less (CutArgs), as CutNotice names them: none, and the note
// offers no way to ask for less.
func StructuredCut(tool string, totalBytes int, less ...string) string {
	how := "this tool cannot return it in parts."
	if len(less) > 0 {
		how = "ask for less to get it: " + askForLess(less) + "."
	}
	return fmt.Sprintf("The structured content of this %s result (%s bytes) exceeds the result budget of about %s tokens "+
		"and is left out; the text shows what fits, and %s", tool, number(totalBytes), number(ResultTokens), how)
}

// ArgOffset refuses a negative offset.
const ArgOffset = rules.MinZeroWords

// ArgSkipNewest refuses a negative skip_newest (get_instance_logs).
const ArgSkipNewest = "must be 0 or more: the newest lines returned to leave out"

// SpicepodWindow is the part of a long spicepod that one result shows, by lines of its YAML.
type SpicepodWindow struct {
	YAML       string `json:"yaml"`
	FromLine   int    `json:"from_line"`
	ToLine     int    `json:"to_line"`
	TotalLines int    `json:"total_lines"`
	// NextOffset is the spicepod_offset of the next lines; absent after the last.
	NextOffset int `json:"next_offset,omitempty"`
	// Again are the arguments of the get_app call that shows the next lines, but for
	// spicepod_offset: the app and the organization as the caller named them.
	Again []Arg `json:"-"`
	// FitsWhole: the spicepod fits one result, so a part shows only because spicepod_offset
	// asked for it (its note must not call the spicepod too long).
	FitsWhole bool `json:"-"`
}

// SpicepodPage cuts a (masked) spicepod's YAML to the lines from offset (lines to skip) that
// fit in budget bytes, at least one line.
func SpicepodPage(pod map[string]any, offset, budget int) *SpicepodWindow {
	lines := strings.SplitAfter(strings.TrimRight(spicepodYAML(pod), "\n"), "\n")
	from := min(max(offset, 0), len(lines))
	to, size := from, 0
	for to < len(lines) && (to == from || size+len(lines[to]) <= budget) {
		size += len(lines[to])
		to++
	}
	w := &SpicepodWindow{YAML: strings.Join(lines[from:to], ""), FromLine: max(offset, 0) + 1, ToLine: to, TotalLines: len(lines)}
	if to < len(lines) {
		w.NextOffset = to
	}
	return w
}

func spicepodWindowText(w *SpicepodWindow, app string) string {
	again := w.Again
	if again == nil {
		again = []Arg{{"app", app}}
	}
	if w.FromLine > w.ToLine {
		return fmt.Sprintf("- Spicepod: %s lines; none at offset %d\n", number(w.TotalLines), w.FromLine-1)
	}
	note := SpicepodLines(w.FromLine, w.ToLine, w.TotalLines, w.NextOffset, again...)
	if w.FitsWhole {
		note = spicepodLinesAsked(w, again)
	}
	return "- Spicepod:\n\n" + Fence("yaml", w.YAML) + "\n\n" + note + "\n"
}

// spicepodLinesAsked says which lines of a spicepod that fits one result a result shows from
// the spicepod_offset asked: get_app without it shows the spicepod whole.
func spicepodLinesAsked(w *SpicepodWindow, again []Arg) string {
	s := fmt.Sprintf("Spicepod lines %s–%s of %s shown, from spicepod_offset %s; get_app without spicepod_offset shows it whole.",
		number(w.FromLine), number(w.ToLine), number(w.TotalLines), number(w.FromLine-1))
	if w.NextOffset > 0 {
		s += " Next lines: " + Call("get_app", append(slices.Clip(again), Arg{"spicepod_offset", w.NextOffset})...) + "."
	}
	return s
}

// OffsetIgnored refuses a later page of deployments that the API answered with the newest ones
// again: its offset is optional, and this server does not honour it.
const OffsetIgnored = "The API ignored offset and returned the newest deployments again, so older ones cannot be " +
	"paged to here: narrow the list with status instead, or raise limit (up to 100)"

// PageItemNamed names the item a page ended with in the next page's note (PageShifted,
// PageListChanged): as code, shortened to 100 bytes with a note of its full length as other
// names in notes are (clip), so a 10 KB name does not fill the note.
func PageItemNamed(name string) string { return Code(clip(name, wordBytes)) }

// DeploymentNamed names a deployment in a page's note ("deployment 1002").
func DeploymentNamed(id int64) string { return fmt.Sprintf("deployment %d", id) }

// ClipItem is s, or, when it is longer than limit bytes, its start and a note with its full
// length and that no tool shows it whole: a list's only item too long for a page alone has its
// texts shown so (tools' densePageOf), in the text and structured content alike, so the page
// keeps its note and the call for the next page.
func ClipItem(s string, limit int) string {
	head, total := cut(s, limit)
	if total == 0 {
		return s
	}
	return head + fmt.Sprintf("… (shortened; %s characters in all; no tool shows it whole)", number(total))
}

// LeftOut follows a list that takes no offset (list_instances, list_regions, list_clusters:
// tools/list has no room for one) when not all of it fits one result: which items it shows and that the others,
// left out, are shown by no tool here ("" when all are shown).
func LeftOut(noun string, p Page) string {
	if p.Next == 0 {
		return ""
	}
	return fmt.Sprintf("Showing %s 1–%s of %s: the other %s are left out, as their texts (the API's) are too long for one "+
		"result, and no tool here shows them.", noun, number(p.Shown), number(p.Total), number(p.Total-p.Shown))
}
