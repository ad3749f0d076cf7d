// Package present turns API objects into what a careful operator shows: Markdown tables with
// stable columns, app URLs, unmistakable deployment status, secrets never shown, API keys only
// with a storage warning, and errors with a remedy (remedies.go: a table keyed by operation,
// status and API message). Every word a result shows lives here — headlines, workflow steps,
// wait and rotation texts, confirmation questions and refusals (results.go, workflows.go,
// refusals.go) — and tools, resources and the server render through it, so the rules live in
// one place. mcpserver/testdata/results holds the goldens of what each tool shows.
package present

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// SandboxNote ends every result served from the emulator.
const SandboxNote = "_Sandbox: emulated Spice.ai Cloud — no real account or app is touched._"

// KeyWarning accompanies every display of API keys.
const KeyWarning = "⚠️ API keys grant access to the app's data. Store them in a secret manager or an environment variable; never put them in source control, tickets or chat."

// ValuesNeverShown is how every result says that the values of n secrets are not shown (a
// listing, a secret stored, one entered on a page): "value never shown", one wording for the fact.
func ValuesNeverShown(n int) string { return plural(n, "value", "values") + " never shown" }

// Table renders a Markdown table; cells are escaped and empty ones shown as "—".
func Table(header []string, rows [][]string) string {
	var b strings.Builder
	b.WriteString("| " + strings.Join(header, " | ") + " |\n|")
	for range header {
		b.WriteString("---|")
	}
	for _, row := range rows {
		b.WriteString("\n|")
		for _, cell := range row {
			if name, ok := strings.CutPrefix(cell, nameCellMark); ok {
				b.WriteString(" " + escapeNameCell(name) + " |")
				continue
			}
			b.WriteString(" " + escapeCell(cell) + " |")
		}
	}
	return b.String()
}

// withoutEmptyColumn drops the column named name when its cell is empty on every row: a column
// of "—" costs tokens and says nothing.
func withoutEmptyColumn(header []string, rows [][]string, name string) ([]string, [][]string) {
	at := slices.Index(header, name)
	if at < 0 || slices.ContainsFunc(rows, func(row []string) bool { return row[at] != "" }) {
		return header, rows
	}
	kept := make([][]string, len(rows))
	for i, row := range rows {
		kept[i] = slices.Delete(slices.Clone(row), at, at+1)
	}
	return slices.Delete(slices.Clone(header), at, at+1), kept
}

// withoutUniformColumn drops the column named name when every row holds the same non-empty
// cell, which the caller then says once (value); otherwise value is "" and nothing changes.
func withoutUniformColumn(header []string, rows [][]string, name string) (_ []string, _ [][]string, value string) {
	at := slices.Index(header, name)
	if at < 0 || len(rows) == 0 || rows[0][at] == "" ||
		slices.ContainsFunc(rows, func(row []string) bool { return row[at] != rows[0][at] }) {
		return header, rows, ""
	}
	value = rows[0][at]
	kept := make([][]string, len(rows))
	for i, row := range rows {
		kept[i] = slices.Delete(slices.Clone(row), at, at+1)
	}
	return slices.Delete(slices.Clone(header), at, at+1), kept, value
}

// escapeCell keeps free text inside its cell and reads as written: one line, its inline
// Markdown escaped as Inline's is (text.go), no column break. Cells take plain text, never
// text already rendered by Inline (its escapes would show).
func escapeCell(s string) string {
	s = shownLine(s)
	if s == "" {
		return "—"
	}
	return escapeInline(s, true)
}

// nameCellMark starts a cell that is a name the API returned (nameCell); no text of the API's
// reaches a cell with a NUL in it (shownLine writes one as its escape), so none can pass for it.
const nameCellMark = "\x00name\x00"

// nameCell is a table cell holding a name (an app's, a fork's, a secret's, a member's, an
// organization's), which Table shows as NameText does (escapeNameCell).
func nameCell(name string) string { return nameCellMark + name }

// nameColumns makes each non-empty cell of the columns named (a short name the API gives: a
// region's, an image tag, a cluster's, a role) a nameCell, so it shows as NameText does; called
// once the columns said once (withoutUniformColumn) and left empty are gone.
func nameColumns(header []string, rows [][]string, names ...string) [][]string {
	for _, name := range names {
		if at := slices.Index(header, name); at >= 0 {
			for _, row := range rows {
				if row[at] != "" {
					row[at] = nameCell(row[at])
				}
			}
		}
	}
	return rows
}

// escapeNameCell is a name in its cell: escapeCell's, or, when it holds inline markup
// (nameMarkup), a code span whose | is still escaped (GFM reads \| in a cell as | even there).
func escapeNameCell(s string) string {
	if s = shownLine(s); nameMarkup(s) {
		return strings.ReplaceAll(Code(s), "|", `\|`)
	}
	return escapeCell(s)
}

// Results write every moment one way: in UTC, marked Z (timeLayout); to the second where two
// may fall in one minute (secondsLayout: a rotation's steps), within the day where only minutes
// ahead are meant (clockLayout: a link's expiry).
const (
	timeLayout    = "2006-01-02 15:04Z"
	secondsLayout = "2006-01-02 15:04:05Z"
	clockLayout   = "15:04Z"
)

// Time renders an API timestamp compactly in UTC, or "" for none.
func Time(t client.Timestamp) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func timePtr(t *client.Timestamp) string {
	if t == nil {
		return ""
	}
	return Time(*t)
}

// AppHasNo opens an app's empty list, one way for its deployments, secrets, forks and
// instances in every tool: "docs-search (102) has no secrets"; app "" (under the app's own
// heading, describe_app) "No secrets".
func AppHasNo(app, what string) string {
	if app == "" {
		return "No " + what
	}
	return app + " has no " + what
}

// AppLabel names an app: "analytics-app (101)", or "app 101" when the name is unknown. Every result
// writes an app so, its ID in parentheses after its name, the card's headline too (AppHeadline,
// the name bold): one form for an agent to read, and the shortest that names both.
func AppLabel(id int64, name string) string {
	if name == "" {
		return fmt.Sprintf("app %d", id)
	}
	return fmt.Sprintf("%s (%d)", NameText(shownName(name)), id)
}

// AppHeadline heads an app's card: "**analytics-app** (101) — https://analytics-app.spice.ai", the
// name bold, the ID as AppLabel writes it, then the URL (urlShown: why there is none, if so).
func AppHeadline(id int64, name, url string) string {
	return "**" + NameText(shownName(name)) + "** (" + strconv.FormatInt(id, 10) + ") — " + urlShown(url)
}

// shownName is an app's name as a label or a headline shows it: whole, or, over wordBytes (no
// app name is over 38 characters, yet an answer may hold 10 MB of one), its start and a note
// of its length, so the name does not take the result.
func shownName(name string) string { return ClipItem(name, wordBytes) }

// PlainAppLabel is AppLabel's text unrendered, for a table cell (Table escapes it) or a
// progress message: "-edge-app- (101)".
func PlainAppLabel(id int64, name string) string {
	if name == "" {
		return fmt.Sprintf("app %d", id)
	}
	return fmt.Sprintf("%s (%d)", shownLine(shownName(name)), id)
}

// count renders "1 app" / "2 apps".
func count(n int, singular, plural string) string {
	if n == 1 {
		return "1 " + singular
	}
	return number(n) + " " + plural
}

// Duration renders an elapsed time for progress messages: under a second in milliseconds
// ("350 ms", never "0 s"), else rounded to seconds in the units the remedies' waits use
// ("1 min 5 s").
func Duration(d time.Duration) string {
	if ms, ok := milliseconds(d); ok {
		return ms
	}
	return hoursMinutesSeconds(int64(d.Round(time.Second) / time.Second))
}

// hoursMinutesSeconds renders a whole number of seconds (at least one) in hours, minutes and
// seconds, leaving out a unit at zero: "1 h 30 min", "2 min 5 s".
func hoursMinutesSeconds(s int64) string {
	var parts []string
	for _, u := range []struct {
		n    int64
		unit string
	}{{s / 3600, "h"}, {s % 3600 / 60, "min"}, {s % 60, "s"}} {
		if u.n > 0 {
			parts = append(parts, strconv.FormatInt(u.n, 10)+" "+u.unit)
		}
	}
	return strings.Join(parts, " ")
}

// milliseconds renders d in whole milliseconds ("350 ms") when it rounds to less than a second:
// said in seconds, it would read "0 s" or "1 s". ok is false for a second or more.
func milliseconds(d time.Duration) (string, bool) {
	d = d.Round(time.Millisecond)
	if d >= time.Second {
		return "", false
	}
	return strconv.FormatInt(d.Milliseconds(), 10) + " ms", true
}
